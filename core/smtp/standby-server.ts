import type { Socket } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { SMTPConnection } from 'smtp-server/lib/smtp-connection';
import type { SMTPStream } from 'smtp-server/lib/smtp-stream';
import { GreetingPasses } from './greeting-passes.ts';
import { lineDeadlineMs, underStress } from './stress.ts';

/** smtp-server's own early-talker pause before the greeting. */
const PAUSE_MS = 100;
/** A reply text that already starts with its RFC 3463 enhanced status code. */
const ENHANCED = /^[245]\.\d{1,3}\.\d{1,3} /;
/** How often line deadlines are checked: a client is cut off at most this long after its deadline. */
const DEADLINE_CHECK_MS = 1000;
const LF = 0x0a;

/**
 * Changes to smtp-server 3.21's connection, pinned with its version:
 * - It waits a fixed 100 ms before every greeting (SMTPConnection.init) with
 *   no option to change it. This keeps that check for clients it has not
 *   seen and greets clients that passed it at once; init() mirrors upstream.
 * - It derives the enhanced status code from the reply code alone (every 550
 *   becomes 5.1.1). A reply that names its own code keeps it, so relaying
 *   denied says 5.7.1 as RFC 3463 wants.
 * - It tells the application of a session's end only once the socket has
 *   closed, after the client, which reconnects as soon as it reads 221, may
 *   already be back. QUIT is reported at once, so per-client limits hold.
 * - Its idle timeout restarts on every byte. Each line also gets a deadline
 *   (stress.ts), measured from the last reply or the last complete line.
 */
class StandbyConnection extends SMTPConnection {
  private lastProgressAt = Date.now();

  override send(code: number, data?: string | string[] | null, context?: string | false): void {
    this.lastProgressAt = Date.now();
    const ownCode = typeof data === 'string' && ENHANCED.test(data);
    super.send(code, data, ownCode ? false : context);
  }

  // Every chunk the parser takes passes here, commands and message text alike, and after
  // STARTTLS too (upgrade() makes a new parser), so a line feed in it is a line completed.
  override _createParser(): SMTPStream {
    const parser = super._createParser();
    const write = parser._write.bind(parser);
    parser._write = (chunk, encoding, next) => {
      if (chunk.includes(LF)) this.lastProgressAt = Date.now();
      write(chunk, encoding, next);
    };
    return parser;
  }

  /** Past its line deadline while the next move is the client's (as upstream's _onTimeout, plus a message waiting on our disk). */
  overdue(now: number, deadlineMs: number): boolean {
    const dataStream = this._dataStream;
    const waitingOnServer =
      this._handlerPending || (dataStream && this._parser && !this._parser._dataMode) || (dataStream && dataStream.writableNeedDrain);
    return !waitingOnServer && now - this.lastProgressAt > deadlineMs;
  }

  /** Postfix's words for the same cut-off. */
  cutOff(): void {
    this.send(421, `4.4.2 ${this.name} Error: timeout exceeded`);
  }

  override handler_QUIT(command: Buffer, callback: () => void): void {
    (this._server as StandbySmtpServer).onQuit?.(this.session);
    super.handler_QUIT(command, callback);
  }

  override init(): void {
    const { passes } = this._server as StandbySmtpServer;
    const address = this.remoteAddress;
    let talkedEarly = false;
    const onEarlyData = () => {
      talkedEarly = true;
    };
    this._setListeners(() => {
      const { maxClients } = this._server.options;
      if (maxClients && this._server.connections.size > maxClients) {
        this.send(421, `${this.name} Too many connected clients, try again in a moment`, false);
        return;
      }
      if (passes.hasPassed(address)) {
        this.connectionReady();
        return;
      }
      this._socket.on('data', onEarlyData);
      const timer = setTimeout(() => {
        this._socket.removeListener('data', onEarlyData);
        if (!talkedEarly) passes.pass(address);
        this.connectionReady();
      }, PAUSE_MS);
      timer.unref();
    });
  }
}

/** smtp-server with the connection above; everything else is upstream behaviour. */
export class StandbySmtpServer extends SMTPServer {
  readonly passes = new GreetingPasses();
  /** Called when a client says QUIT, before its socket closes. */
  onQuit: ((session: SMTPServerSession) => void) | undefined;
  /** Called when the share of connections in use crosses the stress threshold, either way. */
  onStress: ((stressed: boolean, open: number) => void) | undefined;
  private stressed = false;
  private readonly deadlines = setInterval(() => this.enforceDeadlines(), DEADLINE_CHECK_MS).unref();

  override close(callback?: (() => void) | null): void {
    clearInterval(this.deadlines);
    super.close(callback);
  }

  private enforceDeadlines(): void {
    const open = this.connections.size;
    const max = this.options.maxClients ?? Infinity;
    const stressed = underStress(open, max);
    if (stressed !== this.stressed) {
      this.stressed = stressed;
      this.onStress?.(stressed, open);
    }
    const deadlineMs = lineDeadlineMs(stressed);
    const now = Date.now();
    for (const connection of this.connections) {
      if (connection instanceof StandbyConnection && connection.overdue(now, deadlineMs)) connection.cutOff();
    }
  }

  override connect(socket: Socket, socketOptions?: ConstructorParameters<typeof SMTPConnection>[2]): void {
    const connection = new StandbyConnection(this, socket, socketOptions);
    this.connections.add(connection);
    connection.on('error', (error: Error) => this._onError(error));
    connection.on('connect', (data) => this._onClientConnect(data));
    connection.init();
  }
}
