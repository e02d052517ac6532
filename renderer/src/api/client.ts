import type { CallableOperationName, EngineEvent, InputOf, OutputOf } from '../../../core/api/contract.ts';
import { ApiFailure, type Transport } from './transport.ts';

/** The contract's operations as typed functions over whichever transport the app was given. */
export interface Client {
  call<K extends CallableOperationName>(operation: K, input: InputOf<K>): Promise<OutputOf<K>>;
  messageBytes(id: string): Promise<Blob>;
  /** One attachment of a message, decoded, to save or to show as an embedded image. */
  attachmentBytes(id: string, index: number): Promise<Blob>;
  subscribe(listener: (event: EngineEvent) => void, onReset: () => void): () => void;
}

export function createClient(transport: Transport): Client {
  return {
    call: (operation, input) => transport.call(operation, input) as never,
    messageBytes: (id) => transport.messageBytes(id),
    attachmentBytes: async (id, index) => {
      if (!transport.attachmentBytes) throw new ApiFailure(0, 'unsupported', 'attachments cannot be fetched here', null);
      return transport.attachmentBytes(id, index);
    },
    subscribe: (listener, onReset) => transport.subscribe(listener, onReset),
  };
}
