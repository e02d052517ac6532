import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as outputs from '../../core/api/outputs.ts';
import { startAdmin, type RunningAdmin } from './api-harness.ts';

describe('settings over HTTP', () => {
  let server: RunningAdmin;

  afterEach(async () => {
    await server?.stop();
  });

  const configFile = () => readFile(join(server.running.dataDir, 'config.json'), 'utf8');

  async function current() {
    const response = await server.call('/settings');
    expect(response.status).toBe(200);
    return outputs.settings.parse(await response.json());
  }

  const put = (body: unknown) => server.call('/settings', { method: 'PUT', body: JSON.stringify(body) });

  it('saves a change to the file, applies it live and reads it back', async () => {
    server = await startAdmin({});
    const before = await current();
    const response = await put({ ...before, retry: ['2m', '10m'], domains: ['example.test', 'example.org'], maxSize: 2_000_000 });
    expect(response.status).toBe(200);
    const result = outputs.settingsResult.parse(await response.json());
    expect(result.applied.sort()).toEqual(['domains', 'retry']);
    expect(result.restartNeeded).toEqual(['maxSize']);

    expect((await current()).retry).toEqual(['2m', '10m']);
    expect(JSON.parse(await configFile())).toMatchObject({ retry: ['2m', '10m'], domains: ['example.test', 'example.org'] });
    const activity = outputs.activityPage.parse(await (await server.call('/activity?limit=1')).json());
    expect(activity.items[0]).toMatchObject({ type: 'settings.changed', data: { keys: ['domains', 'retry', 'maxSize'] } });
  });

  it('refuses invalid settings with a 400 naming the field, leaving the file and the live settings as they were', async () => {
    server = await startAdmin({});
    const before = await current();
    expect((await put({ ...before, retry: ['1m'] })).status).toBe(200);
    const saved = await configFile();

    const badDuration = await put({ ...before, retry: ['1m', 'soon'] });
    expect(badDuration.status).toBe(400);
    expect(outputs.errorBody.parse(await badDuration.json()).error).toMatchObject({ code: 'invalid_input', field: 'retry.1' });

    const unknownKey = await put({ ...before, colour: 'blue' });
    expect(outputs.errorBody.parse(await unknownKey.json()).error).toMatchObject({ code: 'invalid_input', field: 'colour' });

    const badAddress = await put({ ...before, adminListen: 'everywhere' });
    expect(outputs.errorBody.parse(await badAddress.json()).error.field).toBe('adminListen');

    expect(await configFile()).toBe(saved);
    expect((await current()).retry).toEqual(['1m']);
  });
});

describe('replacing and changing settings over HTTP', () => {
  let server: RunningAdmin;

  afterEach(async () => {
    await server?.stop();
  });

  const configFile = () => readFile(join(server.running.dataDir, 'config.json'), 'utf8').catch(() => null);
  const current = async () => outputs.settings.parse(await (await server.call('/settings')).json());
  const send = (method: 'PUT' | 'PATCH', body: unknown) => server.call('/settings', { method, body: JSON.stringify(body) });

  it('refuses a PUT that leaves keys out, naming them, and changes nothing', async () => {
    server = await startAdmin({ domains: ['example.test'] });
    const before = await current();
    const saved = await configFile();

    const response = await send('PUT', { adminListen: '127.0.0.1:8026' });
    expect(response.status).toBe(400);
    const { error } = outputs.errorBody.parse(await response.json());
    expect(error).toMatchObject({ code: 'invalid_input', field: 'domains' });
    expect(error.message).toContain('domains: is missing');
    expect(error.message).toContain('retry: is missing');
    expect(error.message).not.toContain('adminListen');

    expect(await current()).toEqual(before);
    expect(await configFile()).toBe(saved);
  });

  it('PATCH changes only the keys it names, validated with the rest', async () => {
    server = await startAdmin({ domains: ['example.test'] });
    const before = await current();

    const response = await send('PATCH', { retry: ['2m', '10m'], maxSize: 2_000_000 });
    expect(response.status).toBe(200);
    const result = outputs.settingsResult.parse(await response.json());
    expect(result.settings).toEqual({ ...before, retry: ['2m', '10m'], maxSize: 2_000_000 });
    expect(result.applied).toEqual(['retry']);
    expect(result.restartNeeded).toEqual(['maxSize']);
    expect(await current()).toEqual({ ...before, retry: ['2m', '10m'], maxSize: 2_000_000 });
    expect(JSON.parse((await configFile())!)).toMatchObject({ domains: ['example.test'], retry: ['2m', '10m'] });

    const unknown = await send('PATCH', { colour: 'blue' });
    expect(unknown.status).toBe(400);
    expect(outputs.errorBody.parse(await unknown.json()).error).toMatchObject({ code: 'invalid_input', field: 'colour' });
    const bad = await send('PATCH', { retry: [] });
    expect(outputs.errorBody.parse(await bad.json()).error).toMatchObject({ code: 'invalid_input', field: 'retry' });
    const cleared = await send('PATCH', { tls: null, delayNoticeAfter: '1h' });
    expect(cleared.status).toBe(200);
    expect(await current()).toEqual({ ...before, retry: ['2m', '10m'], maxSize: 2_000_000, delayNoticeAfter: '1h' });
  });

  it('PATCHes sent at once each keep the others\' changes', async () => {
    server = await startAdmin({ domains: ['example.test'] });
    const before = await current();
    const answers = await Promise.all([
      send('PATCH', { retry: ['2m'] }),
      send('PATCH', { lifetime: '10d' }),
      send('PATCH', { keepDelivered: '2d' }),
      send('PATCH', { recipients: ['sales@example.test'] }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    const after = { ...before, retry: ['2m'], lifetime: '10d', keepDelivered: '2d', recipients: ['sales@example.test'] };
    expect(await current()).toEqual(after);
    expect(JSON.parse((await configFile())!)).toMatchObject({ retry: ['2m'], lifetime: '10d', keepDelivered: '2d', recipients: ['sales@example.test'] });
  });

  it('the OpenAPI document has PUT for the whole settings and PATCH for some, and says which is which', async () => {
    server = await startAdmin({});
    const document = (await (await server.call('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { summary: string; requestBody: { content: Record<string, { schema: { required?: string[] } }> } }>>;
    };
    const { put, patch } = document.paths['/api/v1/settings']!;
    expect(put!.summary).toMatch(/every key/i);
    expect(patch!.summary).toMatch(/only the keys/i);
    expect(put!.requestBody.content['application/json']!.schema.required).toEqual(expect.arrayContaining(['domains', 'primary', 'retry', 'tls']));
    expect(patch!.requestBody.content['application/json']!.schema.required ?? []).toEqual([]);
  });
});
