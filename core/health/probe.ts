import net from 'node:net';
import type { HostPort } from '../config/runtime.ts';
import { ReplyReader, type SmtpReply } from './replies.ts';

export interface ProbeResult {
  ok: boolean;
  /** Time until the primary answered EHLO, or until the probe gave up. */
  latencyMs: number;
  /** Text of the 220 (or refusing) greeting, lines joined by '\n'; null if none came. */
  greeting: string | null;
  /** Plain words for the dashboard, e.g. "connection refused"; null when ok. */
  error: string | null;
}

type Stage = 'connecting' | 'greeting' | 'ehlo' | 'quit';

const SOCKET_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
};

const TIMEOUT_WORDS: Record<Stage, string> = {
  connecting: 'no connection',
  greeting: 'no greeting',
  ehlo: 'no answer to EHLO',
  quit: 'no answer to QUIT',
};

const CLOSE_WORDS: Record<Stage, string> = {
  connecting: 'connection closed',
  greeting: 'closed the connection without a greeting',
  ehlo: 'closed the connection without answering EHLO',
  quit: 'connection closed',
};

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))}s`;
}

function describeSocketError(error: NodeJS.ErrnoException): string {
  return (error.code && SOCKET_ERRORS[error.code]) || error.message;
}

function describeReply(reply: SmtpReply): string {
  return `answered ${reply.code} ${reply.lines.join(' ')}`.trim();
}

/**
 * Is the primary taking mail? Connects, reads the greeting, says EHLO and leaves with QUIT.
 * Never throws, always closes its socket, and settles within timeoutMs.
 */
export function probeSmtp(target: HostPort, options: { heloName: string; timeoutMs: number }): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    const reader = new ReplyReader();
    let stage: Stage = 'connecting';
    let greeting: string | null = null;
    let latencyMs: number | null = null;
    let settled = false;

    let socket: net.Socket;
    try {
      socket = net.connect({ host: target.host, port: target.port });
    } catch (error) {
      // net.connect throws on a port out of range; settings should prevent it, the promise still holds.
      resolve({ ok: false, latencyMs: 0, greeting: null, error: error instanceof Error ? error.message : String(error) });
      return;
    }
    const timer = setTimeout(() => fail(`${TIMEOUT_WORDS[stage]} within ${formatDuration(options.timeoutMs)}`), options.timeoutMs);

    function finish(error: string | null): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ok: error === null, latencyMs: latencyMs ?? Math.round(performance.now() - started), greeting, error });
    }

    // Once EHLO got its 250 the primary has answered; how QUIT goes changes nothing.
    function fail(error: string): void {
      finish(stage === 'quit' ? null : error);
    }

    function onReply(reply: SmtpReply): void {
      if (stage === 'greeting') {
        greeting = reply.lines.join('\n');
        if (reply.code !== 220) return fail(describeReply(reply));
        stage = 'ehlo';
        socket.write(`EHLO ${options.heloName}\r\n`);
      } else if (stage === 'ehlo') {
        if (reply.code !== 250) return fail(`${describeReply(reply)} to EHLO`);
        latencyMs = Math.round(performance.now() - started);
        stage = 'quit';
        socket.write('QUIT\r\n');
      } else {
        finish(null);
      }
    }

    socket.on('connect', () => {
      stage = 'greeting';
    });
    socket.on('data', (chunk: Buffer) => {
      const replies = reader.push(chunk);
      if (replies instanceof Error) return fail(replies.message);
      for (const reply of replies) {
        if (settled) return;
        onReply(reply);
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => fail(describeSocketError(error)));
    socket.on('close', () => fail(CLOSE_WORDS[stage]));
  });
}
