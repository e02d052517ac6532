import type { EngineEvent } from '../../../core/api/contract.ts';

/**
 * How the UI reaches MX Standby: HTTP and Server-Sent Events in a browser,
 * IPC inside the desktop app. The one piece that differs between the two;
 * everything above it speaks the contract.
 */
export interface Transport {
  /** Runs a contract operation by name with its input; resolves with its output or rejects with an ApiFailure. */
  call(operation: string, input: unknown): Promise<unknown>;
  /** Pushed events; returns the unsubscribe. `onReset` means events were missed: reload what is shown. */
  subscribe(listener: (event: EngineEvent) => void, onReset: () => void): () => void;
  /** A message's bytes exactly as received. */
  messageBytes(id: string): Promise<Blob>;
  /** One attachment of a message, decoded (index as messageContent lists it). */
  attachmentBytes?(id: string, index: number): Promise<Blob>;
}

/** The contract's error body, as an Error the views can show. */
export class ApiFailure extends Error {
  readonly code: string;
  readonly field: string | null;
  readonly status: number;

  constructor(status: number, code: string, message: string, field: string | null) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}
