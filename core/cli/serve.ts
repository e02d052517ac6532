import { start } from '../app.ts';
import { formatHostPort } from '../config/runtime.ts';
import { createLogger } from '../log.ts';
import { parseServeArgs } from './serve-options.ts';

/** `mx-standby serve`: the engine, headless, until SIGINT or SIGTERM. */
export async function serve(argv: string[]): Promise<number> {
  const options = await parseServeArgs(argv);
  if ('help' in options) {
    process.stdout.write(options.help);
    return 0;
  }
  const logger = createLogger();
  const engine = await start(options.config, { logger, configPath: options.configPath });
  const { config } = options;
  process.stdout.write(
    `MX Standby is listening for mail on ${formatHostPort(engine.smtpAddress)} as ${config.hostname}` +
      ` (data: ${config.dataDir})\n`,
  );
  if (config.domains.size === 0) {
    process.stdout.write('Setup needed: no domain is configured yet, so all mail is refused. Try --domain example.com\n');
  }
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'stopping');
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await engine.stop();
  process.stdout.write('MX Standby stopped.\n');
  return 0;
}
