import { startPrimary } from '../fixtures/primary.ts';
import { failed, withFreshTarget, type Reading } from './measurements.ts';
import type { BenchPlan } from './plan.ts';
import { waitUntil } from './process-tools.ts';
import { runSource } from './smtp-tools.ts';
import type { TargetKind } from './target.ts';

/**
 * Held mail drained into a slow primary: one that answers each message's
 * final "." only after slowReplyMs, as a primary with a content filter does.
 * slowMessages held for slowMailboxes mailboxes while the primary is down,
 * then the time until the primary has answered all of them. The primary is
 * the test fixture (smtp-server) rather than smtp-sink, whose -W delay runs
 * to the next whole second (anything from 0 to 1 s).
 */
export async function measureSlowDrain(kind: TargetKind, plan: BenchPlan): Promise<Reading> {
  const [reading] = await withFreshTarget(
    kind,
    async (target, primaryPort) => {
      const perMailbox = Math.ceil(plan.slowMessages / plan.slowMailboxes);
      // One sender per mailbox, all at once, so arrivals for the mailboxes interleave.
      const fills = await Promise.all(
        Array.from({ length: plan.slowMailboxes }, (_, index) =>
          runSource({
            port: target.smtpPort,
            sessions: 1,
            messages: perMailbox,
            bytes: plan.messageBytes,
            timeoutMs: plan.acceptLimitMs,
            to: `user${index}@example.test`,
          }),
        ),
      );
      const stopped = fills.find((fill) => !fill.ok);
      if (stopped) return [failed(`filling the queue stopped: ${stopped.error}`)];
      const held = perMailbox * plan.slowMailboxes;
      await target.settle();
      const started = performance.now();
      const primary = await startPrimary({ port: primaryPort });
      primary.dataReplyDelayMs = plan.slowReplyMs;
      try {
        await target.primaryIsBack();
        await waitUntil(() => primary.received.length >= held, plan.redeliveryLimitMs, 20);
        const delivered = primary.received.length;
        const seconds = (performance.now() - started) / 1000;
        const note = `${seconds.toFixed(1)} s, at most ${primary.peakPendingReplies} at once`;
        return [{ value: delivered / seconds, note: delivered >= held ? note : `time limit, ${delivered}/${held} delivered` }];
      } finally {
        await primary.stop();
      }
    },
    1,
  );
  return reading!;
}
