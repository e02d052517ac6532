import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations, type OperationName } from '../../core/api/contract.ts';
import * as outputs from '../../core/api/outputs.ts';
import { startHoldingThree, type HeldThree, type RunningAdmin } from './api-harness.ts';
import { plainMessage } from './engine-harness.ts';

/** The queries of the contract over HTTP, against a real engine holding mail while the primary is down. */
describe('queries over HTTP', () => {
  let held: HeldThree;
  let server: RunningAdmin;
  let ids: string[];

  beforeAll(async () => {
    held = await startHoldingThree();
    ({ server, ids } = held);
  });

  afterAll(async () => {
    await held?.stop();
  });

  const json = async (path: string) => {
    const response = await server.call(path);
    expect(response.status, path).toBe(200);
    return response.json();
  };

  it('answers status with the queue counts and the primary', async () => {
    const status = outputs.status.parse(await json('/status'));
    expect(status.messages).toBe(3);
    expect(Object.values(status.queue).reduce((sum, count) => sum + count, 0)).toBe(4);
    expect(status.queue.delivered).toBe(0);
    expect(status.primary.mode).toBe('host');
    expect(status.primary.destinations[0]!.target).toBe(`127.0.0.1:${held.primary.port}`);
  });

  it('lists messages a page at a time, following the cursor in either order', async () => {
    const first = outputs.messagePage.parse(await json('/messages?limit=2&order=asc'));
    expect(first.items.map((item) => item.id)).toEqual(ids.slice(0, 2));
    expect(first.nextCursor).not.toBeNull();
    const second = outputs.messagePage.parse(await json(`/messages?limit=2&order=asc&cursor=${first.nextCursor}`));
    expect(second.items.map((item) => item.id)).toEqual(ids.slice(2));
    expect(second.nextCursor).toBeNull();
    const newest = outputs.messagePage.parse(await json('/messages'));
    expect(newest.items.map((item) => item.id)).toEqual([...ids].reverse());
  });

  it('filters by sender, recipient and subject text, and sorts by size', async () => {
    const bySender = outputs.messagePage.parse(await json('/messages?sender=billing'));
    expect(bySender.items.map((item) => item.subject)).toEqual(['invoice 2', 'invoice 1']);
    const byRecipient = outputs.messagePage.parse(await json('/messages?recipient=other%40example.test'));
    expect(byRecipient.items.map((item) => item.id)).toEqual([ids[1]]);
    expect(byRecipient.items[0]!.recipients.map((recipient) => recipient.address)).toEqual(['user@example.test', 'other@example.test']);
    const byText = outputs.messagePage.parse(await json('/messages?text=invoice&order=asc'));
    expect(byText.items.map((item) => item.id)).toEqual([ids[0], ids[2]]);
    const bySize = outputs.messagePage.parse(await json('/messages?sort=size&order=asc'));
    const sizes = bySize.items.map((item) => item.size);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
  });

  it('refuses a filter it does not know, naming it', async () => {
    const response = await server.call('/messages?colour=blue');
    expect(response.status).toBe(400);
    expect(outputs.errorBody.parse(await response.json()).error).toMatchObject({ code: 'invalid_input', field: 'colour' });
    const badState = await server.call('/messages?state=lost');
    expect(outputs.errorBody.parse(await badState.json()).error.field).toBe('state');
    const badCursor = await server.call('/messages?cursor=nonsense');
    expect(badCursor.status).toBe(400);
  });

  it('shows a message in detail: envelope, client, headers and each recipient', async () => {
    const detail = outputs.messageDetail.parse(await json(`/messages/${ids[1]}`));
    expect(detail.envelope.from).toBe('news@origin.test');
    expect(detail.client.address).toBe('127.0.0.1');
    expect(detail.client.helo).toBe('sender.test');
    expect(detail.summary.subject).toBe('newsletter');
    expect(detail.headers).toContainEqual({ name: 'subject', value: 'newsletter' });
    expect(detail.deliveries.map((delivery) => delivery.recipient)).toEqual(['user@example.test', 'other@example.test']);
    expect(detail.history.map((event) => event.type)).toContain('message.received');
  });

  it('gives the raw bytes inline and the export as an .eml attachment', async () => {
    const raw = await server.call(`/messages/${ids[0]}/raw`);
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toBe('message/rfc822');
    expect(raw.headers.get('content-disposition')).toBe('inline');
    expect(await raw.text()).toBe(plainMessage('invoice 1'));
    const exported = await server.call(`/messages/${ids[0]}/export`);
    expect(exported.headers.get('content-disposition')).toBe(`attachment; filename="${ids[0]}.eml"`);
    expect(await exported.text()).toBe(plainMessage('invoice 1'));
  });

  it('answers 404 for an unknown message and 400 for a malformed id', async () => {
    const unknown = await server.call('/messages/abcdef123456');
    expect(unknown.status).toBe(404);
    expect(outputs.errorBody.parse(await unknown.json()).error).toMatchObject({ code: 'not_found', field: 'id' });
    expect((await server.call('/messages/abcdef123456/export')).status).toBe(404);
    const malformed = await server.call('/messages/NOT-AN-ID');
    expect(malformed.status).toBe(400);
    expect(outputs.errorBody.parse(await malformed.json()).error.field).toBe('id');
  });

  it('pages back through the activity log, newest first, for one message or all', async () => {
    const forOne = outputs.activityPage.parse(await json(`/activity?id=${ids[2]}`));
    expect(forOne.items.map((event) => event.type)).toEqual(['message.received']);
    const newest = outputs.activityPage.parse(await json('/activity?limit=2'));
    expect(newest.items).toHaveLength(2);
    expect(newest.items[0]!.id).toBeGreaterThan(newest.items[1]!.id);
    const older = outputs.activityPage.parse(await json(`/activity?limit=2&before=${newest.nextBefore}`));
    expect(older.items.every((event) => event.id < newest.items[1]!.id)).toBe(true);
  });

  it('answers 404 for unknown routes and 405, with Allow, for a wrong method', async () => {
    const unknown = await server.call('/mailboxes');
    expect(unknown.status).toBe(404);
    expect(outputs.errorBody.parse(await unknown.json()).error.code).toBe('not_found');
    const wrong = await server.call('/status', { method: 'POST' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });

  it('describes every binding of the contract in its OpenAPI document', async () => {
    const document = (await json('/openapi.json')) as { openapi: string; paths: Record<string, Record<string, { operationId: string }>> };
    expect(document.openapi).toBe('3.1.0');
    for (const name of Object.keys(operations) as OperationName[]) {
      for (const binding of operations[name].http) {
        const described = document.paths[`/api/v1${binding.path}`]?.[binding.method.toLowerCase()];
        expect(described?.operationId, `${binding.method} ${binding.path}`).toMatch(new RegExp(`^${name}(One)?$`));
      }
    }
  });
});
