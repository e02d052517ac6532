import { readFile, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdminToken } from '../../core/api/http/admin-files.ts';
import * as outputs from '../../core/api/outputs.ts';
import { startAdmin, rawRequest, type RawAnswer, type RunningAdmin } from './api-harness.ts';

/** Every refused request must leave the queue and the settings exactly as they were. */
describe('admin API security', () => {
  let server: RunningAdmin;
  let id: string;
  let host: string;

  beforeAll(async () => {
    server = await startAdmin({});
    id = await server.send('protected');
    host = new URL(server.admin.url).host;
  });

  afterAll(async () => {
    await server?.stop();
  });

  const holdRequest = (headers: Record<string, string>, body = JSON.stringify({ ids: [id] })) =>
    rawRequest(server.admin.url, { method: 'POST', path: '/api/v1/messages/hold', headers: { host, 'content-type': 'application/json', ...headers }, body });

  const bearer = () => ({ authorization: `Bearer ${server.token}` });

  async function expectUnchanged(): Promise<void> {
    const detail = outputs.messageDetail.parse(await (await server.call(`/messages/${id}`)).json());
    expect(detail.deliveries.map((delivery) => delivery.state)).not.toContain('held');
  }

  function errorOf(answer: RawAnswer) {
    return outputs.errorBody.parse(JSON.parse(answer.body)).error;
  }

  it('keeps the token in the data folder, readable by its owner only, and the same across starts', async () => {
    const path = join(server.running.dataDir, 'admin-token');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await ensureAdminToken(server.running.dataDir)).toBe(server.token);
    expect(server.token.length).toBeGreaterThanOrEqual(43);
    expect((await readFile(join(server.running.dataDir, 'admin-url'), 'utf8')).trim()).toBe(server.admin.url);
  });

  it('answers 401 without a token, and with a wrong one', async () => {
    const none = await holdRequest({});
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="MX Standby"');
    expect(errorOf(none).code).toBe('unauthorized');
    const wrong = await holdRequest({ authorization: `Bearer ${server.token.slice(0, -1)}x` });
    expect(wrong.status).toBe(401);
    const otherScheme = await holdRequest({ authorization: `Basic ${server.token}` });
    expect(otherScheme.status).toBe(401);
    await expectUnchanged();
  });

  it('answers 403 to a Host that is not this machine (DNS rebinding), token or not', async () => {
    const rebound = await holdRequest({ ...bearer(), host: 'evil.example:8025' });
    expect(rebound.status).toBe(403);
    expect(errorOf(rebound).code).toBe('bad_host');
    const page = await rawRequest(server.admin.url, { path: '/', headers: { host: 'evil.example' } });
    expect(page.status).toBe(403);
    await expectUnchanged();
    for (const name of ['localhost', hostname().toLowerCase(), '127.0.0.1', '[::1]']) {
      const answer = await rawRequest(server.admin.url, { path: '/api/v1/status', headers: { ...bearer(), host: `${name}:${new URL(server.admin.url).port}` } });
      expect(answer.status, name).toBe(200);
    }
  });

  it('answers 403 to a page from another origin, and serves pages from its own', async () => {
    const foreign = await holdRequest({ ...bearer(), origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(errorOf(foreign).code).toBe('bad_origin');
    const opaque = await holdRequest({ ...bearer(), origin: 'null' });
    expect(opaque.status).toBe(403);
    await expectUnchanged();
    const own = await rawRequest(server.admin.url, { path: '/api/v1/status', headers: { ...bearer(), host, origin: `http://${host}` } });
    expect(own.status).toBe(200);
  });

  it('answers 413 to a body over 1 MB, leaving the settings file as it was', async () => {
    const before = await readFile(join(server.running.dataDir, 'config.json'), 'utf8').catch(() => null);
    const huge = JSON.stringify({ domains: Array.from({ length: 60_000 }, (_, index) => `d${index}.example.test`) });
    expect(huge.length).toBeGreaterThan(1024 * 1024);
    const answer = await rawRequest(server.admin.url, { method: 'PUT', path: '/api/v1/settings', headers: { ...bearer(), host, 'content-type': 'application/json' }, body: huge });
    expect(answer.status).toBe(413);
    expect(errorOf(answer).code).toBe('body_too_large');
    // Without a Content-Length the limit is counted as the body arrives.
    const chunked = await rawRequest(server.admin.url, {
      method: 'PUT',
      path: '/api/v1/settings',
      headers: { ...bearer(), host, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: huge,
    });
    expect(chunked.status).toBe(413);
    expect(await readFile(join(server.running.dataDir, 'config.json'), 'utf8').catch(() => null)).toBe(before);
    expect(outputs.settings.parse(await (await server.call('/settings')).json()).domains).toEqual(['example.test']);
  });

  it('answers 400 to malformed JSON and to unknown fields, naming the field, and 415 to a body that is not JSON', async () => {
    const malformed = await holdRequest(bearer(), '{"ids": [');
    expect(malformed.status).toBe(400);
    expect(errorOf(malformed).code).toBe('invalid_json');
    const unknown = await holdRequest(bearer(), JSON.stringify({ ids: [id], everything: true }));
    expect(unknown.status).toBe(400);
    expect(errorOf(unknown)).toMatchObject({ code: 'invalid_input', field: 'everything' });
    const badId = await holdRequest(bearer(), JSON.stringify({ ids: ['../../etc'] }));
    expect(errorOf(badId)).toMatchObject({ code: 'invalid_input', field: 'ids.0' });
    const form = await holdRequest({ ...bearer(), 'content-type': 'application/x-www-form-urlencoded' }, `ids=${id}`);
    expect(form.status).toBe(415);
    await expectUnchanged();
  });

  it('sets no cookies and lets no answer be cached', async () => {
    const answer = await rawRequest(server.admin.url, { path: '/api/v1/status', headers: { ...bearer(), host } });
    expect(answer.headers['set-cookie']).toBeUndefined();
    expect(answer.headers['cache-control']).toBe('no-store');
  });
});
