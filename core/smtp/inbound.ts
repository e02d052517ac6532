import type { SMTPServerSession } from 'smtp-server';
import type { Spool } from '../spool/spool.ts';
import { ClientLimits } from './client-limits.ts';
import { StandbySmtpServer } from './standby-server.ts';
import { receiveMessage, type ReceiveDeps } from './receive.ts';
import { checkRecipient, withPostmasterDomain, type RecipientVerifier } from './recipient-policy.ts';
import type { ReverseNames } from './reverse-names.ts';
import { reply } from './smtp-error.ts';
import { lineDeadlineMs, NORMAL_LINE_MS } from './stress.ts';
import type { TlsMaterial } from './tls.ts';

const NO_STORAGE = '4.3.1 Insufficient system storage; try again later';

export interface InboundDeps extends Omit<ReceiveDeps, 'reverseName'> {
  tls: TlsMaterial;
  verifier: RecipientVerifier;
  reverseNames: ReverseNames;
  spool: Spool;
  /** True while the owner has paused receiving: new connections are told to come back later. */
  paused?: () => boolean;
}

/** The backup MX's SMTP listener: smtp-server with this product's policy in its hooks. */
export function createInboundServer(deps: InboundDeps): StandbySmtpServer {
  const config = deps.config();
  const limits = new ClientLimits(() => deps.config().settings.maxConnectionsPerClient);
  const receiveDeps: ReceiveDeps = { ...deps, reverseName: (address) => deps.reverseNames.get(address) };
  const server = new StandbySmtpServer({
    name: config.hostname,
    banner: 'MX Standby',
    size: config.maxSize,
    key: deps.tls.key,
    cert: deps.tls.cert,
    authOptional: true,
    disabledCommands: ['AUTH'],
    hideENHANCEDSTATUSCODES: false,
    hideDSN: false,
    hideREQUIRETLS: true,
    disableReverseLookup: true,
    maxClients: config.settings.maxConnections,
    // smtp-server's idle timer; the line deadline (stress.ts) also bounds a client that trickles.
    socketTimeout: NORMAL_LINE_MS,
    closeTimeout: 10_000,
    logger: false,
    onConnect(session: SMTPServerSession, callback) {
      if (deps.paused?.()) {
        // 421 is a temporary refusal: senders keep the mail and try again later.
        return callback(reply(421, '4.3.2 Not accepting mail right now; try again later'));
      }
      if (!limits.admit(session.id, session.remoteAddress)) {
        return callback(reply(421, '4.7.0 Too many connections from your address; try again later'));
      }
      deps.reverseNames.lookUp(session.remoteAddress);
      callback();
    },
    onClose(session: SMTPServerSession) {
      limits.release(session.id, session.remoteAddress);
    },
    onMailFrom(_address, _session, callback) {
      // Storage that cannot take writes refuses as a full disk does: the sender keeps the mail and tries again.
      if (deps.storage.failing()) return callback(reply(452, NO_STORAGE));
      deps.spool.freeBytes().then(
        (free) => {
          if (free < deps.config().diskFloor) {
            deps.logger.warn({ free, floor: deps.config().diskFloor }, 'disk space below the floor: refusing new mail');
            return callback(reply(452, NO_STORAGE));
          }
          callback();
        },
        () => callback(reply(451, '4.3.0 Cannot check free disk space; try again later')),
      );
    },
    onRcptTo(address, session, callback) {
      const current = deps.config();
      // RFC 5321 4.5.3.1.10: 452 tells the sender to send the remaining recipients in another transaction.
      if (session.envelope.rcptTo.length >= current.settings.maxRecipients) {
        return callback(reply(452, '4.5.3 Too many recipients'));
      }
      // smtp-server records this same object as the recipient once the callback accepts it.
      address.address = withPostmasterDomain(address.address, current);
      checkRecipient(address.address, current, deps.verifier).then(
        (verdict) => callback(verdict.accept ? null : verdict.error),
        () => callback(reply(451, '4.3.0 Temporary failure checking the recipient')),
      );
    },
    onData(stream, session, callback) {
      receiveMessage(stream, session, receiveDeps).then(
        (text) => callback(null, text),
        (error: Error) => callback(error),
      );
    },
  });
  server.onQuit = (session) => limits.release(session.id, session.remoteAddress);
  server.onStress = (stressed, open) => {
    const fields = { open, max: config.settings.maxConnections, lineDeadlineMs: lineDeadlineMs(stressed) };
    if (stressed) deps.logger.warn(fields, 'most connections are in use: shorter time limit for each line (stress mode)');
    else deps.logger.info(fields, 'connections free again: normal time limit for each line');
  };
  return server;
}
