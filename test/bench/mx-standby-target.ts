import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServe } from './serve-process.ts';
import type { BackupTarget, TargetKind } from './target.ts';

const CLI = fileURLToPath(new URL('../../core/cli.ts', import.meta.url));

/** MX Standby as shipped: `mx-standby serve` with its default durability (fsync + SQLite synchronous=FULL). */
export async function startMxStandby(primaryPort: number): Promise<BackupTarget> {
  // The bench's senders all come from 127.0.0.1; in life 50 sessions come from many addresses,
  // so the per-client cap (20 by default) is lifted to let the 50-session run measure throughput.
  const serve = await startServe({ primaryPort, settings: { maxConnectionsPerClient: 100 } });
  return {
    smtpPort: serve.smtpPort,
    rootPid: serve.pid,
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
  unavailable: () => (existsSync(CLI) ? null : 'core/cli.ts is not there yet'),
  start: startMxStandby,
  notes: [
    'MX Standby: `mx-standby serve` with default durability, --health-interval 500ms --retry 1s,',
    '  maxConnectionsPerClient 100 (all bench senders share 127.0.0.1; Postfix allows 50 per client);',
    '  it notices the returning primary through its own health probe, so redelivery includes that wait.',
  ],
};
