import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createEngineApi, type EngineApi } from './api/service.ts';
import { formatHostPort, type EngineConfig, type HostPort } from './config/runtime.ts';
import { lockDataFolder } from './data-lock.ts';
import { Bouncer } from './delivery/bouncer.ts';
import { Maintenance } from './delivery/maintenance.ts';
import { OutcomeWriter } from './delivery/outcome-writer.ts';
import { Router } from './delivery/router.ts';
import { Scheduler } from './delivery/scheduler.ts';
import { createResolver } from './dns/resolver.ts';
import type { EngineParts } from './engine-parts.ts';
import { EventBus } from './events/bus.ts';
import type { HealthChange } from './health/monitor.ts';
import { PrimaryWatch } from './health/primary-watch.ts';
import type { Logger } from './log.ts';
import { createInboundServer } from './smtp/inbound.ts';
import { listenSmtp } from './smtp/listen.ts';
import { CalloutVerifier } from './smtp/recipient-callout.ts';
import { ReverseNames } from './smtp/reverse-names.ts';
import { loadTls } from './smtp/tls.ts';
import { recordCheckFailed } from './setup/failure-events.ts';
import type { SetupOptions } from './setup/run-checks.ts';
import { SetupRuntime } from './setup/runtime.ts';
import { Spool } from './spool/spool.ts';
import { sweepSpool } from './spool/sweep.ts';
import { recoverLeases } from './store/deliveries.ts';
import { domainOf } from './store/messages.ts';
import { openDatabase } from './store/open.ts';
import { StorageCheck } from './store/storage-check.ts';
import { StorageHealth } from './store/storage-health.ts';
import { WriteBatcher } from './store/write-batcher.ts';

export interface Engine {
  api: EngineApi;
  smtpAddress: HostPort;
  stop: () => Promise<void>;
  /**
   * Pauses or resumes receiving: while paused, new SMTP connections get a 421
   * (try again later), so senders keep their mail; sessions already open go on.
   * Not a setting: a restart receives again.
   */
  setReceivingPaused: (paused: boolean) => void;
  receivingPaused: () => boolean;
}

export interface StartOptions {
  logger: Logger;
  configPath: string;
  /** How the setup checks reach out (resolvers, HTTPS trust); tests keep them on local fixtures. */
  setup?: SetupOptions;
}

/** Composition root: builds the engine from its settings and starts it. */
export async function start(initial: EngineConfig, options: StartOptions): Promise<Engine> {
  const { logger } = options;
  let config = initial;
  const current = () => config;
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const unlock = await lockDataFolder(config.dataDir);
  const db = openDatabase(join(config.dataDir, 'queue.sqlite'));
  const events = new EventBus();
  const storage = new StorageHealth(logger, config.dataDir);
  const batcher = new WriteBatcher(db, events, storage);
  const spool = new Spool(join(config.dataDir, 'spool'));
  const storageCheck = new StorageCheck({ health: storage, spool, batcher, logger });
  await spool.init();
  const sweep = await sweepSpool(spool, db, 'start', logger);
  if (sweep.recovered.length + sweep.quarantined.length > 0) {
    logger.warn({ recovered: sweep.recovered.length, quarantined: sweep.quarantined.length }, 'the spool held bodies the queue database did not know');
  }
  const leases = recoverLeases(db, { now: Date.now(), anyOwner: true });
  if (leases > 0) logger.info({ leases }, 'deliveries cut short by an unclean stop are queued again');
  const tls = await loadTls(config.dataDir, config.hostname, config.settings.tls);

  const router = new Router(current, createResolver(config.resolvers));
  const watch = new PrimaryWatch({
    intervalMs: () => config.healthIntervalMs,
    heloName: () => config.hostname,
    logger,
    // primaryChanged handles its own failures, so this promise cannot reject.
    onChange: (key, change) => void primaryChanged(key, change),
  });
  const scheduler = new Scheduler({
    db,
    config: current,
    spool,
    router,
    watch,
    outcomes: new OutcomeWriter(batcher, events),
    events,
    logger,
    owner: `${process.pid}-${randomBytes(4).toString('hex')}`,
  });
  const bouncer = new Bouncer({ db, batcher, events, spool, config: current, logger, queued: () => scheduler.wake() });
  const maintenance = new Maintenance({
    batcher,
    spool,
    events,
    config: current,
    logger,
    changed: () => {
      sendNotices();
      scheduler.wake();
    },
  });

  /** A failed run leaves its notices owed, for the next run; it is logged and never stops the engine. */
  function sendNotices(): void {
    bouncer.run().catch((error: unknown) => logger.error({ err: error }, 'sending delivery notices failed; they are tried again later'));
  }

  /** Records the change in the activity log, then lets waiting mail go; neither failing may stop the engine. */
  async function primaryChanged(key: string, change: HealthChange): Promise<void> {
    const target = formatHostPort(change.target);
    const log = logger.child({ destination: key, target });
    log.info({ state: change.state, error: change.error }, `primary ${change.state}`);
    try {
      await batcher.write((db) =>
        events.record(
          db,
          change.state === 'up'
            ? { type: 'primary.up', qid: null, data: { target, latencyMs: null } }
            : { type: 'primary.down', qid: null, data: { target, error: change.error } },
        ),
      );
    } catch (error) {
      log.error({ err: error }, `could not record "primary ${change.state}" in the activity log`);
    }
    if (change.state !== 'up') return;
    try {
      scheduler.destinationUp(key);
    } catch (error) {
      storage.report(error);
      log.error({ err: error }, 'could not make the mail waiting for the primary due; it goes at its next retry');
    }
  }

  events.subscribe((event) => {
    if (event.type === 'message.received') scheduler.messageQueued('inbound', event.data.to.map(domainOf));
    if (event.type === 'delivery.failed') sendNotices();
  });

  const verifier = new CalloutVerifier({
    db,
    heloName: config.hostname,
    logger,
    primaryFor: async (address) => {
      const domain = domainOf(address);
      const work = router.scopeFor('inbound', domain, Date.now());
      if (watch.state(work.key) === 'down') return null;
      const resolution = await router.resolve(work.scope);
      return resolution.kind === 'deliver' ? resolution.hosts[0]! : null;
    },
  });
  let paused = false;
  const smtp = createInboundServer({
    config: current,
    spool,
    batcher,
    events,
    logger,
    tls,
    verifier,
    reverseNames: new ReverseNames(),
    storage,
    paused: () => paused,
  });
  await storageCheck.checkNow();
  const smtpAddress = await listenSmtp(smtp, config.smtpListen, config.smtpListenExplicit, logger).catch(async (error) => {
    db.close();
    await unlock();
    throw error;
  });
  if (config.primary?.kind === 'host') watch.watch('primary', config.primary.target);
  if (config.domains.size === 0) logger.warn('setup needed: no domain is configured, so every recipient is refused');
  // Lifetimes and notices first, so a start never hands over mail whose time is up.
  await maintenance.runOnce();
  scheduler.start();
  maintenance.start();
  storageCheck.start();
  sendNotices();

  const setup = new SetupRuntime({
    config: current,
    smtpAddress,
    certificate: () => tls.cert,
    options: options.setup ?? {},
    logger,
    onCheckFailed: recordCheckFailed(batcher, events),
  });
  setup.start();

  const parts: EngineParts = {
    db,
    batcher,
    events,
    spool,
    storage,
    scheduler,
    bouncer,
    watch,
    logger,
    tls,
    startedAt: Date.now(),
    recovery: sweep,
    smtpAddress,
    configPath: options.configPath,
    config: current,
    applyConfig: async (next) => {
      config = next;
      await watch.reset();
      if (next.primary?.kind === 'host') watch.watch('primary', next.primary.target);
      scheduler.wake();
      setup.reschedule();
    },
    setup,
  };

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await setup.stop();
      await maintenance.stop();
      await storageCheck.stop();
      await bouncer.stop();
      await scheduler.stop();
      await watch.stop();
      batcher.flush();
      db.close();
      await spool.close();
      await unlock();
    })());

  const setReceivingPaused = (next: boolean) => {
    if (next === paused) return;
    paused = next;
    logger.info({ paused }, paused ? 'receiving paused by the owner' : 'receiving resumed');
  };

  return { api: createEngineApi(parts), smtpAddress, stop, setReceivingPaused, receivingPaused: () => paused };
}
