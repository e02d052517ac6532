import { adminTokenPath, readAdminToken, readAdminUrl } from '../api/http/admin-files.ts';
import { API_PREFIX } from '../api/http/routes.ts';
import { operations, takesBody, type CallableOperationName, type ErrorBody, type InputOf, type OperationName, type OutputOf } from '../api/contract.ts';
import { CommandError } from './client-errors.ts';

/** Where serve listens unless told otherwise (settings: adminListen). */
const DEFAULT_ADMIN_URL = 'http://127.0.0.1:8025';

const TIMEOUT_MS = 30_000;
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EADDRNOTAVAIL']);

export interface ClientOptions {
  dataDir: string;
  /** Whether --data was given, so the hint to start the server can repeat it. */
  dataGiven: boolean;
}

/**
 * Talks to the running instance through the HTTP binding of the contract,
 * found through admin-url and admin-token in its data folder. Requests are
 * built from each operation's first binding, never spelled out by hand.
 */
export class AdminClient {
  readonly url: string;
  private readonly token: string | null;
  private readonly options: ClientOptions;

  private constructor(url: string, token: string | null, options: ClientOptions) {
    this.url = url;
    this.token = token;
    this.options = options;
  }

  static async open(options: ClientOptions): Promise<AdminClient> {
    const url = (await readAdminUrl(options.dataDir)) ?? DEFAULT_ADMIN_URL;
    return new AdminClient(url, await readAdminToken(options.dataDir), options);
  }

  async call<K extends CallableOperationName>(name: K, input: InputOf<K>): Promise<OutputOf<K>> {
    const response = await this.request(name, input as Record<string, unknown>, AbortSignal.timeout(TIMEOUT_MS));
    return (await response.json()) as OutputOf<K>;
  }

  /** A message's bytes as a web stream, for raw and export. */
  async bytes(name: 'rawMessage' | 'exportMessage', id: string): Promise<ReadableStream<Uint8Array>> {
    const response = await this.request(name, { id });
    if (!response.body) throw new CommandError(`MX Standby at ${this.url} sent no message body`);
    return response.body;
  }

  private async request(name: OperationName, input: Record<string, unknown>, signal?: AbortSignal): Promise<Response> {
    const binding = operations[name].http[0]!;
    const rest = { ...input };
    const path = binding.path.replace(/\{(\w+)\}/g, (_, param: string) => {
      const value = String(rest[param]);
      delete rest[param];
      return encodeURIComponent(value);
    });
    const url = new URL(`${API_PREFIX}${path}`, this.url);
    const hasBody = takesBody(binding.method);
    if (!hasBody) for (const [key, value] of Object.entries(rest)) if (value !== undefined) url.searchParams.set(key, String(value));
    const headers: Record<string, string> = { authorization: `Bearer ${this.token ?? ''}` };
    if (hasBody) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(url, { method: binding.method, headers, ...(hasBody ? { body: JSON.stringify(rest) } : {}), ...(signal ? { signal } : {}) });
    } catch (error) {
      throw this.unreachable(error);
    }
    if (!response.ok) throw await this.refused(response);
    return response;
  }

  private notRunning(): CommandError {
    const data = this.options.dataGiven ? ` --data ${JSON.stringify(this.options.dataDir)}` : '';
    return new CommandError(`MX Standby is not running (nothing answers at ${this.url}); start it with: npx mx-standby serve${data}`);
  }

  private unreachable(error: unknown): Error {
    const cause = (error as { cause?: { code?: string } }).cause;
    if (cause?.code && UNREACHABLE.has(cause.code)) return this.notRunning();
    if ((error as Error).name === 'TimeoutError') return new CommandError(`MX Standby at ${this.url} did not answer within ${TIMEOUT_MS / 1000} s`);
    return new CommandError(`cannot reach MX Standby at ${this.url}: ${(error as Error).message}`);
  }

  private async refused(response: Response): Promise<CommandError> {
    if (response.status === 401) {
      const where = adminTokenPath(this.options.dataDir);
      return new CommandError(
        this.token === null
          ? `there is no admin token in ${where}; is MX Standby running with this data folder? (give it with --data DIR)`
          : `MX Standby at ${this.url} did not accept the token in ${where}; is it running with this data folder?`,
      );
    }
    const body = (await response.json().catch(() => null)) as ErrorBody | null;
    return new CommandError(body?.error?.message ?? `MX Standby at ${this.url} answered ${response.status} ${response.statusText}`);
  }
}
