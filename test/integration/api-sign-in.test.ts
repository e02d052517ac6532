import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as outputs from '../../core/api/outputs.ts';
import { FAILURE_LIMIT, FAILURE_WINDOW_MS, SIGN_IN_TTL_MS } from '../../core/api/http/sign-in.ts';
import { rawRequest, startAdmin, type RunningAdmin } from './api-harness.ts';

/** Sign-in links over the real admin HTTP server; the clock is the test's, so expiry needs no waiting. */
describe('sign-in links', () => {
  let server: RunningAdmin;
  let clock = Date.parse('2026-11-29T10:00:00Z');

  beforeAll(async () => {
    server = await startAdmin({}, { signIn: { now: () => clock } });
  });

  afterAll(async () => {
    await server?.stop();
  });

  /** POST /sign-in as a browser page would: no token. */
  const signIn = (code: string, headers: Record<string, string> = {}) =>
    fetch(`${server.admin.url}/api/v1/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ code }),
    });

  async function newCode(): Promise<string> {
    const answer = await server.call('/sign-in-links', { method: 'POST', body: '{}' });
    expect(answer.status).toBe(200);
    const link = outputs.signInLink.parse(await answer.json());
    const url = new URL(link.url);
    expect(`${url.protocol}//${url.host}`).toBe(server.admin.url);
    expect(Date.parse(link.expiresAt)).toBe(clock + SIGN_IN_TTL_MS);
    const code = /^#signin=([\w-]+)$/.exec(url.hash)?.[1];
    expect(code).toBeDefined();
    return code!;
  }

  async function refusal(answer: Response) {
    return outputs.errorBody.parse(await answer.json()).error;
  }

  it('makes links only for those with the token', async () => {
    const answer = await fetch(`${server.admin.url}/api/v1/sign-in-links`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(answer.status).toBe(401);
    expect((await refusal(answer)).code).toBe('unauthorized');
  });

  it('trades a code for the admin token without a token, once', async () => {
    const code = await newCode();
    const first = await signIn(code);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const { token } = outputs.signInResult.parse(await first.json());
    expect(token).toBe(server.token);
    const status = await fetch(`${server.admin.url}/api/v1/status`, { headers: { authorization: `Bearer ${token}` } });
    expect(status.status).toBe(200);

    const again = await signIn(code);
    expect(again.status).toBe(403);
    const error = await refusal(again);
    expect(error).toMatchObject({ code: 'sign_in_refused', field: 'code' });
    expect(error.message).toContain('used already');
  });

  it('refuses a wrong code, and an empty one, with a message that says what to do', async () => {
    const wrong = await signIn('not-a-code-we-made');
    expect(wrong.status).toBe(403);
    const error = await refusal(wrong);
    expect(error.code).toBe('sign_in_refused');
    expect(error.message).toMatch(/not right.*mx-standby open/);
    const empty = await signIn('');
    expect(empty.status).toBe(400);
    expect((await refusal(empty)).field).toBe('code');
  });

  it('refuses a code once its 15 minutes are over', async () => {
    const code = await newCode();
    clock += SIGN_IN_TTL_MS;
    const late = await signIn(code);
    expect(late.status).toBe(403);
    expect((await refusal(late)).message).toContain('expired');
    clock += FAILURE_WINDOW_MS;
  });

  it('still checks Host and Origin, and a refused request leaves the code unused', async () => {
    const code = await newCode();
    const port = new URL(server.admin.url).port;
    const body = JSON.stringify({ code });
    const rebound = await rawRequest(server.admin.url, {
      method: 'POST',
      path: '/api/v1/sign-in',
      headers: { host: `evil.example:${port}`, 'content-type': 'application/json' },
      body,
    });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body).error.code).toBe('bad_host');
    const foreign = await signIn(code, { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect((await refusal(foreign)).code).toBe('bad_origin');
    const own = await signIn(code, { origin: server.admin.url });
    expect(own.status).toBe(200);
  });

  it('after too many wrong codes, refuses every sign-in for a minute with 429 and Retry-After', async () => {
    clock += FAILURE_WINDOW_MS;
    const code = await newCode();
    for (let attempt = 0; attempt < FAILURE_LIMIT; attempt++) expect((await signIn(`guess-${attempt}`)).status).toBe(403);
    const limited = await signIn(code);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await refusal(limited)).code).toBe('too_many_attempts');
    clock += FAILURE_WINDOW_MS;
    const later = await signIn(code);
    expect(later.status).toBe(200);
  });

  it('describes the sign-in routes in the OpenAPI document, signIn without security', async () => {
    const document = (await (await server.call('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { operationId: string; security?: unknown[] }>>;
    };
    expect(document.paths['/api/v1/sign-in']?.post?.security).toEqual([]);
    expect(document.paths['/api/v1/sign-in-links']?.post?.security).toBeUndefined();
  });
});
