import type { Socket } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { SMTPConnection } from 'smtp-server/lib/smtp-connection';
import { GreetingPasses } from './greeting-passes.ts';

/** smtp-server's own early-talker pause before the greeting. */
const PAUSE_MS = 100;
/** A reply text that already starts with its RFC 3463 enhanced status code. */
const ENHANCED = /^[245]\.\d{1,3}\.\d{1,3} /;

/**
 * Two changes to smtp-server 3.21's connection, both pinned with its version:
 * - It waits a fixed 100 ms before every greeting (SMTPConnection.init) with
 *   no option to change it. This keeps that check for clients it has not
 *   seen and greets clients that passed it at once; init() mirrors upstream.
 * - It derives the enhanced status code from the reply code alone (every 550
 *   becomes 5.1.1). A reply that names its own code keeps it, so relaying
 *   denied says 5.7.1 as RFC 3463 wants.
 * - It tells the application of a session's end only once the socket has
 *   closed, after the client, which reconnects as soon as it reads 221, may
 *   already be back. QUIT is reported at once, so per-client limits hold.
 */
class StandbyConnection extends SMTPConnection {
  override send(code: number, data?: string | string[] | null, context?: string | false): void {
    const ownCode = typeof data === 'string' && ENHANCED.test(data);
    super.send(code, data, ownCode ? false : context);
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

  override connect(socket: Socket, socketOptions?: ConstructorParameters<typeof SMTPConnection>[2]): void {
    const connection = new StandbyConnection(this, socket, socketOptions);
    this.connections.add(connection);
    connection.on('error', (error: Error) => this._onError(error));
    connection.on('connect', (data) => this._onClientConnect(data));
    connection.init();
  }
}
