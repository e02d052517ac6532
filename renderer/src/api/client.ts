import type { EngineEvent, InputOf, JsonOperationName, OutputOf } from '../../../core/api/contract.ts';
import type { Transport } from './transport.ts';

/** The contract's operations as typed functions over whichever transport the app was given. */
export interface Client {
  call<K extends JsonOperationName>(operation: K, input: InputOf<K>): Promise<OutputOf<K>>;
  messageBytes(id: string): Promise<Blob>;
  subscribe(listener: (event: EngineEvent) => void, onReset: () => void): () => void;
}

export function createClient(transport: Transport): Client {
  return {
    call: (operation, input) => transport.call(operation, input) as never,
    messageBytes: (id) => transport.messageBytes(id),
    subscribe: (listener, onReset) => transport.subscribe(listener, onReset),
  };
}
