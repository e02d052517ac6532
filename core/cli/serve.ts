import { start } from '../app.ts';
import { adminTokenPath } from '../api/http/admin-files.ts';
import { startAdminServer } from '../api/http/server.ts';
import { formatHostPort } from '../config/runtime.ts';
import { createLogger } from '../log.ts';
import type { SetupOptions } from '../setup/run-checks.ts';
import { explainStorageFailure } from '../store/storage-error.ts';
import { parseServeArgs } from './serve-options.ts';

/**
 * For tests only: MX_STANDBY_SETUP_SYSTEM_RESOLVER=off leaves the system's DNS resolver out of the
 * setup checks, so a test whose `resolvers` point at a local DNS server never asks the Internet.
 */
export function setupOptionsFromEnv(env: NodeJS.ProcessEnv): SetupOptions {
  return env.MX_STANDBY_SETUP_SYSTEM_RESOLVER === 'off' ? { systemResolver: false } : {};
}

/** `mx-standby serve`: the engine and its admin API, headless, until SIGINT or SIGTERM. */
export async function serve(argv: string[]): Promise<number> {
  const options = await parseServeArgs(argv);
  if ('help' in options) {
    process.stdout.write(options.help);
    return 0;
  }
  const logger = createLogger();
  const { config } = options;
  // A disk that is full, read-only or damaged is said in one line that names the file, not with a stack.
  const plainStorage = (moment: 'start' | 'stop') => async (error: unknown) => {
    throw (await explainStorageFailure(error, config.dataDir, moment)) ?? error;
  };
  const engine = await start(config, { logger, configPath: options.configPath, setup: setupOptionsFromEnv(process.env) }).catch(
    plainStorage('start'),
  );
  const admin = await startAdminServer({ api: engine.api, listen: config.adminListen, dataDir: config.dataDir, logger })
    .catch(async (error: unknown) => {
      await engine.stop();
      throw error;
    })
    .catch(plainStorage('start'));
  const lines = [
    `MX Standby is listening for mail on ${formatHostPort(engine.smtpAddress)} as ${config.hostname} (data: ${config.dataDir})`,
    `Admin API and web UI on ${admin.url} (token in ${adminTokenPath(config.dataDir)})`,
    `Open the admin UI: ${admin.signInLink().url}`,
    '  (this sign-in link works once, for 15 minutes; for a new one: npx mx-standby open)',
  ];
  if (!admin.loopbackOnly) {
    lines.push(
      `Warning: the admin API listens on ${formatHostPort(admin.address)}, reachable from other machines; ` +
        'only its token keeps them out. Use --admin-listen 127.0.0.1:8025 unless you need that.',
    );
  }
  if (config.domains.size === 0) {
    lines.push('Setup needed: no domain is configured yet, so all mail is refused. Try --domain example.com');
  }
  // Listening for the stop signals before saying "listening": a service manager (or a test) may stop it at once.
  const stopAsked = new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'stopping');
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.stdout.write(`${lines.join('\n')}\n`);
  await stopAsked;
  await admin
    .stop()
    .finally(() => engine.stop())
    .catch(plainStorage('stop'));
  process.stdout.write('MX Standby stopped.\n');
  return 0;
}
