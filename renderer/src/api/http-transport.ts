import { operations, takesBody, type EngineEvent, type HttpMethod } from '../../../core/api/contract.ts';
import { SseParser } from './sse.ts';
import { ApiFailure, type Transport } from './transport.ts';

const RECONNECT_MS = 2000;

type Binding = { method: HttpMethod; path: string };

function bindingOf(operation: string): Binding {
  const found = (operations as Record<string, { http: readonly Binding[] }>)[operation];
  if (!found) throw new Error(`unknown operation ${operation}`);
  return found.http[0]!;
}

/** Path parameters from the input; what is left goes in the query string (GET, DELETE) or the body. */
function requestFor(binding: Binding, input: Record<string, unknown>): { path: string; rest: Record<string, unknown> } {
  const rest = { ...input };
  const path = binding.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = rest[name];
    delete rest[name];
    return encodeURIComponent(String(value));
  });
  return { path, rest };
}

function queryString(fields: Record<string, unknown>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

async function failure(response: Response): Promise<ApiFailure> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; field?: string | null } };
    const error = body.error ?? {};
    return new ApiFailure(response.status, error.code ?? 'error', error.message ?? response.statusText, error.field ?? null);
  } catch {
    return new ApiFailure(response.status, 'error', `the server answered ${response.status} ${response.statusText}`, null);
  }
}

/** The contract over HTTP and Server-Sent Events, as `serve` offers it. */
export class HttpTransport implements Transport {
  private readonly base: string;
  private readonly token: () => string | null;
  private readonly onUnauthorized: () => void;

  /** `onUnauthorized` runs when the token sent was refused (401): the session has ended. */
  constructor(base: string, token: () => string | null, onUnauthorized: () => void = () => undefined) {
    this.base = base.replace(/\/$/, '');
    this.token = token;
    this.onUnauthorized = onUnauthorized;
  }

  private async refused(response: Response): Promise<ApiFailure> {
    if (response.status === 401 && this.token() !== null) this.onUnauthorized();
    return failure(response);
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const token = this.token();
    return token ? { ...extra, authorization: `Bearer ${token}` } : extra;
  }

  async call(operation: string, input: unknown): Promise<unknown> {
    const binding = bindingOf(operation);
    const { path, rest } = requestFor(binding, (input ?? {}) as Record<string, unknown>);
    const hasBody = takesBody(binding.method);
    let response: Response;
    try {
      response = await fetch(`${this.base}/api/v1${path}${hasBody ? '' : queryString(rest)}`, {
        method: binding.method,
        headers: this.headers(hasBody ? { 'content-type': 'application/json' } : {}),
        ...(hasBody ? { body: JSON.stringify(rest) } : {}),
      });
    } catch {
      throw new ApiFailure(0, 'unreachable', 'MX Standby does not answer: is it still running?', null);
    }
    if (!response.ok) throw await this.refused(response);
    return response.json();
  }

  async messageBytes(id: string): Promise<Blob> {
    const response = await fetch(`${this.base}/api/v1/messages/${encodeURIComponent(id)}/raw`, { headers: this.headers() });
    if (!response.ok) throw await this.refused(response);
    return response.blob();
  }

  async attachmentBytes(id: string, index: number): Promise<Blob> {
    const { path } = requestFor(bindingOf('attachment'), { id, index });
    const response = await fetch(`${this.base}/api/v1${path}`, { headers: this.headers() });
    if (!response.ok) throw await this.refused(response);
    return response.blob();
  }

  subscribe(listener: (event: EngineEvent) => void, onReset: () => void): () => void {
    const controller = new AbortController();
    let lastId: string | null = null;
    const connect = async (): Promise<void> => {
      while (!controller.signal.aborted) {
        try {
          const response = await fetch(`${this.base}/api/v1/events`, {
            headers: this.headers(lastId ? { 'last-event-id': lastId } : {}),
            signal: controller.signal,
          });
          if (!response.ok || !response.body) throw await this.refused(response);
          const parser = new SseParser();
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            for (const frame of parser.push(value)) {
              if (frame.id) lastId = frame.id;
              if (frame.event === 'reset') onReset();
              else listener(JSON.parse(frame.data) as EngineEvent);
            }
          }
        } catch {
          // Reconnect below; a stop aborts the loop.
        }
        if (!controller.signal.aborted) await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
      }
    };
    void connect();
    return () => controller.abort();
  }
}
