import type { BenchPlan } from './plan.ts';
import { freePort } from './process-tools.ts';
import { samplePeakPss, treePeakRssKib } from './proc-status.ts';
import { runSource, startSink, type SourceResult } from './smtp-tools.ts';
import type { BackupTarget, TargetKind } from './target.ts';

/** One number for the table, or null with the reason in `note`. */
export interface Reading {
  value: number | null;
  /** Shown after the value: what fell short (time limit, errors). */
  note?: string;
}

export const failed = (note: string): Reading => ({ value: null, note });

/**
 * Runs `measure` against a fresh target whose primary is down (nothing on
 * primaryPort yet), so earlier measurements leave no queue behind. The
 * target is stopped whatever happens; a failure becomes a failed reading,
 * so one broken measurement does not cost the rest of the table.
 */
export async function withFreshTarget(kind: TargetKind, measure: (target: BackupTarget, primaryPort: number) => Promise<Reading[]>, rows: number): Promise<Reading[]> {
  const failAll = (what: string, error: unknown) => {
    console.error(`${kind.name} ${what}: ${error instanceof Error ? error.message : String(error)}`);
    return Array.from({ length: rows }, () => failed(what));
  };
  const primaryPort = await freePort();
  let target: BackupTarget;
  try {
    target = await kind.start(primaryPort);
  } catch (error) {
    return failAll('did not start', error);
  }
  try {
    return await measure(target, primaryPort);
  } catch (error) {
    return failAll('stopped by an error', error);
  } finally {
    await target.stop();
  }
}

/** Messages per second that got their 250; on a time limit or error, what was accepted until then. */
function acceptedRate(run: SourceResult, messages: number, sessions: number): Reading {
  const seconds = run.elapsedMs / 1000;
  if (run.ok) return { value: messages / seconds };
  // The -c counter runs ahead of the 250s by at most one message per session.
  const accepted = Math.max(0, run.counted - sessions);
  const why = run.timedOut ? `time limit, ${accepted}/${messages} accepted` : `stopped: ${run.error}`;
  return { value: run.timedOut ? accepted / seconds : null, note: why };
}

export async function measureAcceptRate(kind: TargetKind, plan: BenchPlan, sessions: number): Promise<Reading> {
  const [reading] = await withFreshTarget(
    kind,
    async (target) => {
      const run = await runSource({
        port: target.smtpPort,
        sessions,
        messages: plan.acceptMessages,
        bytes: plan.messageBytes,
        timeoutMs: plan.acceptLimitMs,
      });
      return [acceptedRate(run, plan.acceptMessages, sessions)];
    },
    1,
  );
  return reading!;
}

/**
 * Fills the target while the primary is down and lets it settle (all mail
 * held), then starts the primary (smtp-sink) and times until every message
 * has reached it. The clock starts just before the sink does, so it
 * includes the target noticing that the primary is back.
 */
export async function measureRedelivery(kind: TargetKind, plan: BenchPlan): Promise<Reading> {
  const messages = plan.redeliveryMessages;
  const [reading] = await withFreshTarget(
    kind,
    async (target, primaryPort) => {
      const fill = await runSource({
        port: target.smtpPort,
        sessions: plan.fillSessions,
        messages,
        bytes: plan.messageBytes,
        timeoutMs: plan.acceptLimitMs,
      });
      if (!fill.ok) return [failed(`filling the queue stopped: ${fill.error}`)];
      await target.settle();
      const started = performance.now();
      const sink = await startSink(primaryPort);
      try {
        await target.primaryIsBack();
        const delivered = await sink.waitForDelivered(messages, plan.redeliveryLimitMs);
        const rate = delivered / ((performance.now() - started) / 1000);
        return [delivered >= messages ? { value: rate } : { value: rate, note: `time limit, ${delivered}/${messages} delivered` }];
      } finally {
        await sink.stop();
      }
    },
    1,
  );
  return reading!;
}

/** [peak RSS (VmHWM), peak PSS (sampled)] in MiB while bigSessions senders each send one big message. */
export async function measureBigMessageMemory(kind: TargetKind, plan: BenchPlan): Promise<Reading[]> {
  return withFreshTarget(
    kind,
    async (target) => {
      const pss = samplePeakPss(target.rootPid, 100);
      const run = await runSource({
        port: target.smtpPort,
        sessions: plan.bigSessions,
        messages: plan.bigSessions,
        bytes: plan.bigMessageBytes,
        timeoutMs: plan.bigLimitMs,
      });
      const peakPssKib = pss.stop();
      const peakRssKib = treePeakRssKib(target.rootPid);
      const note = run.ok ? undefined : `stopped: ${run.error}`;
      return [
        { value: peakRssKib / 1024, note },
        { value: peakPssKib / 1024, note },
      ];
    },
    2,
  );
}
