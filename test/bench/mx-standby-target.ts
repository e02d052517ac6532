import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServe } from './serve-process.ts';
import type { BackupTarget, TargetKind } from './target.ts';

const CLI = fileURLToPath(new URL('../../core/cli.ts', import.meta.url));

/** MX Standby as shipped: `mx-standby serve` with its default durability (fsync + SQLite synchronous=FULL). */
export async function startMxStandby(primaryPort: number): Promise<BackupTarget> {
  const serve = await startServe({ primaryPort });
  return {
    smtpPort: serve.smtpPort,
    rootPid: serve.pid,
    // With the probe saying the primary is down, the scheduler holds new mail without trying it.
    settle: async () => {},
    // Its health probe (every 500 ms here) notices the primary by itself and starts handing mail over.
    primaryIsBack: async () => {},
    stop: async () => {
      const exit = await serve.stop();
      if (exit.code !== 0) console.error(`mx-standby serve exited with ${exit.code ?? exit.signal}\n${serve.output()}`);
    },
  };
}

export const mxStandbyKind: TargetKind = {
  name: 'MX Standby',
  unavailable: () => (existsSync(CLI) ? null : 'core/cli.ts is missing'),
  start: startMxStandby,
  notes: [
    'MX Standby: `mx-standby serve` with default settings and durability, --health-interval 500ms --retry 1s;',
    '  it notices the returning primary through its own health probe, so redelivery includes that wait.',
  ],
};
