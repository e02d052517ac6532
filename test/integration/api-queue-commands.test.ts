import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as outputs from '../../core/api/outputs.ts';
import { startPrimary, type PrimaryFixture } from '../fixtures/primary.ts';
import { primaryKnownDown, startAdmin, type RunningAdmin } from './api-harness.ts';
import { until } from './engine-harness.ts';

/** The commands of the contract, through their HTTP bindings, judged by what reaches the primary over SMTP. */
describe('queue commands over HTTP', () => {
  let primary: PrimaryFixture;
  let server: RunningAdmin;

  afterEach(async () => {
    await server?.stop();
    await primary?.stop();
  });

  const subjects = () => primary.received.map((mail) => /^Subject: (.*)$/m.exec(mail.raw.toString())![1]!.trim());

  async function detail(id: string) {
    const response = await server.call(`/messages/${id}`);
    expect(response.status).toBe(200);
    return outputs.messageDetail.parse(await response.json());
  }

  async function command(method: string, path: string, body?: unknown) {
    const response = await server.call(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, body: (await response.json()) as unknown };
  }

  it('holds a message while the others are handed over, and delivers it once released', async () => {
    primary = await startPrimary({ up: false });
    server = await startAdmin({ primaryPort: primary.port });
    await primaryKnownDown(server);
    const first = await server.send('first');
    const held = await server.send('second');
    const third = await server.send('third');

    expect(await command('POST', `/messages/${held}/hold`)).toEqual({ status: 200, body: { changed: 1, messages: 1 } });
    expect((await detail(held)).deliveries.map((delivery) => delivery.state)).toEqual(['held']);
    const heldPage = outputs.messagePage.parse(await (await server.call('/messages?state=held')).json());
    expect(heldPage.items.map((item) => item.id)).toEqual([held]);

    await primary.up();
    await primary.waitFor(2, 20_000);
    // Order is kept, so the third arriving means the held one was passed over, not merely late.
    expect(subjects()).toEqual(['first', 'third']);
    await until(async () => (await detail(third)).state === 'delivered', 10_000, 'the third to be recorded delivered');
    expect((await detail(first)).state).toBe('delivered');
    expect((await detail(held)).state).toBe('held');

    expect(await command('POST', `/messages/${held}/release`)).toEqual({ status: 200, body: { changed: 1, messages: 1 } });
    await primary.waitFor(3, 20_000);
    expect(subjects()).toEqual(['first', 'third', 'second']);
  });

  it('deletes a message and its body, so it is never delivered', async () => {
    primary = await startPrimary({ up: false });
    server = await startAdmin({ primaryPort: primary.port });
    await primaryKnownDown(server);
    const doomed = await server.send('doomed');
    await server.send('kept');

    expect(await command('DELETE', `/messages/${doomed}`)).toEqual({ status: 200, body: { changed: 1, messages: 1 } });
    const gone = await command('GET', `/messages/${doomed}`);
    expect(gone.status).toBe(404);
    expect(outputs.errorBody.parse(gone.body).error).toMatchObject({ code: 'not_found', field: 'id' });
    expect((await server.call(`/messages/${doomed}/raw`)).status).toBe(404);
    expect((await command('DELETE', `/messages/${doomed}`)).status).toBe(404);
    expect(await readdir(join(server.running.dataDir, 'spool', 'messages'))).toHaveLength(1);

    await primary.up();
    await primary.waitFor(1, 20_000);
    await until(async () => (await server.running.engine.api.status({})).queue.delivered === 1, 10_000, 'delivery recorded');
    expect(subjects()).toEqual(['kept']);
  });

  it('redelivers a message the primary refused for good, once the primary takes it', async () => {
    primary = await startPrimary();
    primary.rcptRule = () => ({ code: 550, message: 'No such user here' });
    server = await startAdmin({ primaryPort: primary.port });
    // The null sender gets no bounce, so the primary sees nothing but this message.
    const id = await server.send('refused', { from: '' });
    await until(async () => (await detail(id)).state === 'failed', 20_000, 'the message to fail');
    expect((await detail(id)).deliveries[0]!.lastResponse).toContain('No such user here');

    primary.rcptRule = () => null;
    expect(await command('POST', `/messages/${id}/redeliver`)).toEqual({ status: 200, body: { changed: 1, messages: 1 } });
    await primary.waitFor(1, 20_000);
    expect(subjects()).toEqual(['refused']);
    await until(async () => (await detail(id)).state === 'delivered', 10_000, 'the redelivery to be recorded');
  });

  it('flushes the queue: a deferred message goes at once, not at its retry time', async () => {
    primary = await startPrimary();
    primary.rcptRule = () => ({ code: 451, message: 'Try again later' });
    server = await startAdmin({ primaryPort: primary.port, retry: ['1h'] });
    const id = await server.send('deferred');
    await until(async () => (await detail(id)).state === 'deferred', 20_000, 'the message to be deferred');
    const next = Date.parse((await detail(id)).nextAttemptAt!);
    expect(next).toBeGreaterThan(Date.now() + 30 * 60_000);

    primary.rcptRule = () => null;
    expect(await command('POST', '/queue/flush')).toEqual({ status: 200, body: { changed: 1, messages: 1 } });
    await primary.waitFor(1, 20_000);
    expect(subjects()).toEqual(['deferred']);
  });

  it('acts on a selection by filter or by ids, and refuses unknown ids without changing anything', async () => {
    primary = await startPrimary({ up: false });
    server = await startAdmin({ primaryPort: primary.port });
    await primaryKnownDown(server);
    const alpha1 = await server.send('alpha one');
    const alpha2 = await server.send('alpha two');
    const beta = await server.send('beta');

    expect(await command('POST', '/messages/hold', { filter: { text: 'alpha' } })).toEqual({ status: 200, body: { changed: 2, messages: 2 } });
    expect((await detail(alpha1)).state).toBe('held');
    expect((await detail(alpha2)).state).toBe('held');
    expect((await detail(beta)).state).not.toBe('held');

    const unknown = await command('POST', '/messages/release', { ids: [alpha1, 'nosuchmessage1'] });
    expect(unknown.status).toBe(404);
    expect(outputs.errorBody.parse(unknown.body).error).toMatchObject({ code: 'not_found', field: 'ids' });
    expect((await detail(alpha1)).state).toBe('held');

    const both = await command('POST', '/messages/release', { ids: [alpha1], filter: { text: 'beta' } });
    expect(both.status).toBe(400);
    expect((await detail(alpha1)).state).toBe('held');

    expect(await command('POST', '/messages/release', { ids: [alpha1, alpha2] })).toEqual({ status: 200, body: { changed: 2, messages: 2 } });
    expect(await command('POST', '/messages/delete', { ids: [beta] })).toEqual({ status: 200, body: { changed: 1, messages: 1 } });
    expect(await command('POST', '/messages/redeliver', { filter: { text: 'alpha' } })).toEqual({ status: 200, body: { changed: 2, messages: 2 } });

    await primary.up();
    await primary.waitFor(2, 20_000);
    expect(subjects()).toEqual(['alpha one', 'alpha two']);
  });
});
