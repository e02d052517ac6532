import { ApiFailure, type Transport } from '../../api/transport.ts';
import { statusFixture } from '../dashboard/test-fixtures.ts';

export const TOKEN = 'the-admin-token-of-this-instance-0123456789';

/**
 * For the ui tests: the sign-in side of the HTTP API in memory. Codes work
 * once and are refused the way the server refuses them (403 with its
 * words); `status` answers only with the right token, which it reads the way
 * HttpTransport sends it.
 */
export class SignInTestTransport implements Transport {
  private readonly codes = new Map<string, boolean>();
  private readonly token: () => string | null;
  calls: { operation: string; input: unknown }[] = [];

  constructor(token: () => string | null, codes: string[] = []) {
    this.token = token;
    for (const code of codes) this.codes.set(code, false);
  }

  async call(operation: string, input: unknown): Promise<unknown> {
    this.calls.push({ operation, input });
    if (operation === 'signIn') {
      const { code } = input as { code: string };
      const used = this.codes.get(code);
      if (used === undefined) throw new ApiFailure(403, 'sign_in_refused', 'that sign-in code is not right; get a new link with: npx mx-standby open, or sign in with the admin token', 'code');
      if (used) throw new ApiFailure(403, 'sign_in_refused', 'that sign-in link was used already; each works once: get a new link with: npx mx-standby open', 'code');
      this.codes.set(code, true);
      return { token: TOKEN };
    }
    if (this.token() !== TOKEN) throw new ApiFailure(401, 'unauthorized', 'that token is not right; it is in DATA/admin-token of the running instance', null);
    if (operation === 'status') return statusFixture();
    if (operation === 'traffic') return { buckets: [] };
    if (operation === 'activity') return { items: [], nextBefore: null };
    throw new ApiFailure(404, 'not_found', `no ${operation} here`, null);
  }

  subscribe(): () => void {
    return () => undefined;
  }

  async messageBytes(): Promise<Blob> {
    throw new ApiFailure(404, 'not_found', 'no messages here', null);
  }
}
