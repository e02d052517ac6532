import type { EngineEvent, InputOf, JsonOperationName, OutputOf } from '../../../core/api/contract.ts';
import { ApiFailure, type Transport } from './transport.ts';

/** A failed call, as the desktop app's main process answers it: the contract's error body plus the HTTP status of the same error. */
interface IpcFailure {
  status: number;
  code: string;
  message: string;
  field: string | null;
}

type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcFailure };

/** An attachment's content, with the type the HTTP binding would give it. */
interface AttachmentBytes {
  bytes: Uint8Array;
  contentType: string;
}

/**
 * What the desktop app's preload puts on `window.mxStandby`: one function per
 * JSON operation of the contract, the bytes operations and the event
 * subscription. (electron/bridge.ts declares the same; a test holds the two
 * together.)
 */
export type DesktopBridge = {
  readonly [K in JsonOperationName]: (input: InputOf<K>) => Promise<IpcResult<OutputOf<K>>>;
} & {
  readonly messageBytes: (id: string) => Promise<IpcResult<Uint8Array>>;
  readonly attachmentBytes: (id: string, index: number) => Promise<IpcResult<AttachmentBytes>>;
  readonly subscribe: (listener: (event: EngineEvent) => void) => () => void;
};

/** The bridge if this page runs inside the desktop app, else null. */
export function desktopBridge(scope: object = globalThis): DesktopBridge | null {
  const bridge = (scope as { mxStandby?: DesktopBridge }).mxStandby;
  return bridge && typeof bridge === 'object' ? bridge : null;
}

/** The bridge's members that are not contract operations. */
const NOT_OPERATIONS = new Set(['messageBytes', 'attachmentBytes', 'subscribe']);

function unwrap<T>(result: IpcResult<T>): T {
  if (result.ok) return result.value;
  const { status, code, message, field } = result.error;
  throw new ApiFailure(status, code, message, field);
}

/**
 * The contract over the desktop app's IPC. It needs no token: the main
 * process serves only the app's own window. Events arrive as long as the
 * app runs, so there is no reconnecting and no reset.
 */
export class IpcTransport implements Transport {
  private readonly bridge: DesktopBridge;

  constructor(bridge: DesktopBridge) {
    this.bridge = bridge;
  }

  async call(operation: string, input: unknown): Promise<unknown> {
    const run = Object.hasOwn(this.bridge, operation) && !NOT_OPERATIONS.has(operation)
      ? (this.bridge as unknown as Record<string, (input: unknown) => Promise<IpcResult<unknown>>>)[operation]
      : undefined;
    if (typeof run !== 'function') {
      throw new ApiFailure(404, 'unknown_operation', `the desktop app has no operation "${operation}"`, null);
    }
    return unwrap(await run(input ?? {}));
  }

  async messageBytes(id: string): Promise<Blob> {
    const bytes = unwrap(await this.bridge.messageBytes(id));
    return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'message/rfc822' });
  }

  async attachmentBytes(id: string, index: number): Promise<Blob> {
    const { bytes, contentType } = unwrap(await this.bridge.attachmentBytes(id, index));
    return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: contentType });
  }

  subscribe(listener: (event: EngineEvent) => void, _onReset: () => void): () => void {
    return this.bridge.subscribe(listener);
  }
}
