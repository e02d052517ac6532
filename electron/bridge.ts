import { operations, type EngineEvent, type InputOf, type JsonOperationName, type OutputOf } from '../core/api/contract.ts';

/**
 * The desktop IPC of the one contract, as both sides of it see it: the
 * channel names, what crosses them, and the object the preload puts on
 * `window.mxStandby`. Everything here is derived from core/api/contract.ts.
 */

/** Where the preload puts the bridge in the page: `window.mxStandby`. */
export const BRIDGE_NAME = 'mxStandby';

const PREFIX = 'mx-standby:';

/** One invoke channel per JSON operation of the contract. */
export const callChannel = (operation: JsonOperationName): string => `${PREFIX}call:${operation}`;
/** A message's bytes exactly as received. */
export const BYTES_CHANNEL = `${PREFIX}message-bytes`;
/** One attachment of a message, decoded. */
export const ATTACHMENT_CHANNEL = `${PREFIX}attachment-bytes`;
/** Page to main: `true` to receive pushed events, `false` to stop. */
export const SUBSCRIBE_CHANNEL = `${PREFIX}subscribe`;
/** Main to page: one engine event. */
export const EVENT_CHANNEL = `${PREFIX}event`;

/** The contract's JSON operations (queries and commands), in the contract's order: what the bridge exposes. */
export function jsonOperationNames(): JsonOperationName[] {
  return (Object.keys(operations) as (keyof typeof operations)[]).filter(
    (name): name is JsonOperationName => operations[name].kind === 'query' || operations[name].kind === 'command',
  );
}

/** The contract's error body, plus the HTTP status the same error gets over HTTP, so the UI treats both alike. */
export interface IpcFailure {
  status: number;
  code: string;
  message: string;
  field: string | null;
}

/**
 * What every invoke answers. Errors thrown across IPC keep only their
 * message, so failures travel as values and the UI rebuilds its ApiFailure.
 */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcFailure };

/** An attachment's content, with the type the HTTP binding would give it (application/octet-stream unless plainly harmless). */
export interface AttachmentBytes {
  bytes: Uint8Array;
  contentType: string;
}

/**
 * `window.mxStandby`: one function per JSON operation, the bytes operations
 * (the message as received, one attachment) and the event subscription.
 * Nothing else.
 */
export type DesktopBridge = {
  readonly [K in JsonOperationName]: (input: InputOf<K>) => Promise<IpcResult<OutputOf<K>>>;
} & {
  readonly messageBytes: (id: string) => Promise<IpcResult<Uint8Array>>;
  readonly attachmentBytes: (id: string, index: number) => Promise<IpcResult<AttachmentBytes>>;
  /** Pushed events; returns the unsubscribe. */
  readonly subscribe: (listener: (event: EngineEvent) => void) => () => void;
};

/** The bridge's own members besides the operations; no operation may be named like them. */
export const EXTRA_MEMBERS = ['messageBytes', 'attachmentBytes', 'subscribe'] as const;
