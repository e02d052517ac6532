/** How much each measurement sends, and how long it may take before it reports what it got. */
export interface BenchPlan {
  messageBytes: number;
  acceptMessages: number;
  acceptSessions: number[];
  acceptLimitMs: number;
  redeliveryMessages: number;
  /** Sessions used to fill the queue before the primary returns. */
  fillSessions: number;
  redeliveryLimitMs: number;
  bigMessageBytes: number;
  /** Sessions, each sending one big message, all at once. */
  bigSessions: number;
  bigLimitMs: number;
  /** Held, then drained into a primary that answers each message after slowReplyMs. */
  slowMessages: number;
  slowMailboxes: number;
  slowReplyMs: number;
}

export const FULL_PLAN: BenchPlan = {
  messageBytes: 10_240,
  acceptMessages: 2_000,
  acceptSessions: [1, 10, 50],
  acceptLimitMs: 120_000,
  redeliveryMessages: 2_000,
  fillSessions: 10,
  redeliveryLimitMs: 120_000,
  // 25 MB of payload plus smtp-source's headers stays under a 25 MiB size limit too.
  bigMessageBytes: 25_000_000,
  bigSessions: 20,
  bigLimitMs: 180_000,
  slowMessages: 60,
  slowMailboxes: 10,
  slowReplyMs: 1000,
};

/** `--quick`: a tenth of the messages, for trying the bench out; the big-message run is unchanged. */
export const QUICK_PLAN: BenchPlan = {
  ...FULL_PLAN,
  acceptMessages: 200,
  redeliveryMessages: 200,
};
