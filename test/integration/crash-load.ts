import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { plainMessage } from './engine-harness.ts';
import { NoReply, RawSmtp } from './crash-smtp.ts';

/** mulberry32: a small seeded generator, so that a failing run can be repeated with its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** What the senders know about each message id. Every id is sent once and never sent again. */
export class Ledger {
  /** sha256 of the exact bytes sent, for every id that was started. */
  readonly digests = new Map<string, string>();
  /** Got a 250: must be stored and delivered. */
  readonly acked = new Set<string>();
  /** The final dot was written, then the connection died: may be stored, whole, or not at all. By id, the run it was sent to. */
  readonly unanswered = new Map<string, number>();
  /** Refused with a reply, or cut off before the final dot: must not be stored. */
  readonly notStored = new Set<string>();
  /** Which run of the engine is up (set by the test before each start), so that each cut-off message is put down to its kill. */
  run = 0;
}

export interface LoadOptions {
  port: number;
  clients: number;
  seed: number;
  ledger: Ledger;
  /** No loop runs past this time (Date.now()), whatever happens. */
  deadline: number;
}

const MAX_CONNECTIONS_PER_CLIENT = 2_000;
const MAX_MESSAGES_PER_CLIENT = 2_000;
const RECONNECT_PAUSE_MS = 25;
const MAIL_STEPS: [string, number][] = [
  ['MAIL FROM:<sender@origin.test>', 250],
  ['RCPT TO:<user@example.test>', 250],
  ['DATA', 354],
];

export interface Load {
  /** Senders finish the message they are on, then wait: no new connection, no new message. */
  pause: () => void;
  resume: () => void;
  /** Ends them after their current message. */
  stop: () => Promise<void>;
}

/** Concurrent senders that reconnect whenever the engine goes away. */
export function startLoad(options: LoadOptions): Load {
  let stopped = false;
  let paused = false;
  const running = () => !stopped && Date.now() < options.deadline;
  const go = async () => {
    while (paused && running()) await sleep(RECONNECT_PAUSE_MS);
    return running();
  };
  const loops = Array.from({ length: options.clients }, (_, index) => clientLoop(index, options, go));
  return {
    pause: () => {
      paused = true;
    },
    resume: () => {
      paused = false;
    },
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

/** `go` resolves once the senders may go on (false: they must end). */
async function clientLoop(index: number, options: LoadOptions, go: () => Promise<boolean>): Promise<void> {
  const random = seededRandom(options.seed + index + 1);
  let sent = 0;
  for (let connection = 0; connection < MAX_CONNECTIONS_PER_CLIENT && (await go()); connection++) {
    const session = await RawSmtp.connect(options.port).catch(() => null);
    if (!session) {
      // The engine is down between a kill and its restart.
      await sleep(RECONNECT_PAUSE_MS);
      continue;
    }
    try {
      if ((await session.reply()).code !== 220 || (await session.command('EHLO sender.test')).code !== 250) continue;
      while (sent < MAX_MESSAGES_PER_CLIENT && (await go())) {
        const id = `crash-c${index}-m${sent++}`;
        if (!(await sendOne(session, id, messageFor(id, random), options.ledger))) break;
      }
    } catch (error) {
      if (!(error instanceof NoReply)) throw error;
    } finally {
      session.close();
    }
  }
}

/** True on a 250 for the final dot; false on any other reply; throws NoReply if the connection dies. */
async function sendOne(session: RawSmtp, id: string, raw: string, ledger: Ledger): Promise<boolean> {
  ledger.digests.set(id, sha256(raw));
  let dotWritten = false;
  const { run } = ledger;
  try {
    for (const [line, expected] of MAIL_STEPS) {
      if ((await session.command(line)).code !== expected) {
        ledger.notStored.add(id);
        return false;
      }
    }
    dotWritten = true;
    const reply = await session.data(raw);
    (reply.code === 250 ? ledger.acked : ledger.notStored).add(id);
    return reply.code === 250;
  } catch (error) {
    if (error instanceof NoReply && dotWritten) ledger.unanswered.set(id, run);
    else if (error instanceof NoReply) ledger.notStored.add(id);
    throw error;
  }
}

/** A message of 1 to 240 lines (about 80 bytes to 19 KB of body), its id in the Subject and in X-Test-Id. */
function messageFor(id: string, random: () => number): string {
  const lines = 1 + Math.floor(random() * 240);
  let body = '';
  for (let line = 0; line < lines; line++) body += `${id} line ${line}: the quick brown fox jumps over the lazy dog.\r\n`;
  return plainMessage(id, body, `X-Test-Id: ${id}\r\n`);
}
