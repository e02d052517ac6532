import { createWriteStream, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { start, type Engine } from '../core/app.ts';
import { parseServeArgs } from '../core/cli/serve-options.ts';
import type { HostPort } from '../core/config/runtime.ts';
import { createLogger, type Logger } from '../core/log.ts';

export interface HostedEngine {
  engine: Engine;
  /** Where the settings say to listen for mail (the engine may have fallen back from port 25). */
  wanted: HostPort;
  dataDir: string;
}

const LOG_LIMIT = 10 * 1024 * 1024;

/**
 * The log: standard error while developing; a file in the logs folder when
 * packaged, where nobody reads standard error. The previous file is kept
 * as mx-standby.log.1 once it passes 10 MB.
 */
export function desktopLogger(packaged: boolean, logsDir: string): Logger {
  if (!packaged) return createLogger();
  mkdirSync(logsDir, { recursive: true });
  const file = join(logsDir, 'mx-standby.log');
  try {
    if (statSync(file).size > LOG_LIMIT) renameSync(file, `${file}.1`);
  } catch {
    // No log yet.
  }
  return createLogger({ destination: createWriteStream(file, { flags: 'a', mode: 0o600 }) });
}

/**
 * Starts the engine exactly as `mx-standby serve --data DIR` would: the same
 * settings file, the same defaults and the same data layout, so a data folder
 * moves between the desktop app and the headless server.
 */
export async function startEngine(dataDir: string, logger: Logger): Promise<HostedEngine> {
  const options = await parseServeArgs(['--data', dataDir]);
  if ('help' in options) throw new Error('unexpected help request');
  const engine = await start(options.config, { logger, configPath: options.configPath });
  return { engine, wanted: options.config.smtpListen, dataDir: options.config.dataDir };
}
