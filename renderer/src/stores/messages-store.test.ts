import { describe, expect, it } from 'vitest';
import { ApiFailure } from '../api/transport.ts';
import { message, MemoryServer } from './messages-memory-server.ts';
import { PAGE_SIZE } from './messages-query.ts';
import { createMessagesStore } from './messages-store.ts';

/** The held-mail store against an in-memory server speaking the contract. */
function setUp(count: number) {
  const server = new MemoryServer(Array.from({ length: count }, (_, n) => message(n)));
  const tasks: (() => void)[] = [];
  const store = createMessagesStore({ client: () => server.client, schedule: (task) => tasks.push(task) });
  return { server, store, tasks };
}

const ids = (rows: { id: string }[]) => rows.map((row) => row.id);

describe('the held-mail store: listing', () => {
  it('loads the first page, newest first, with the count of all that match', async () => {
    const { store } = setUp(450);
    await store.getState().load();
    const state = store.getState();
    expect(state.phase).toBe('ready');
    expect(state.total).toBe(450);
    expect(state.rows).toHaveLength(PAGE_SIZE);
    expect(state.rows[0]!.id).toBe(message(449).id);
    expect(state.nextCursor).not.toBeNull();
  });

  it('follows the cursor page by page to the end, each message once', async () => {
    const { store, server } = setUp(450);
    await store.getState().load();
    await store.getState().loadMore();
    await store.getState().loadMore();
    const { rows, nextCursor } = store.getState();
    expect(rows).toHaveLength(450);
    expect(new Set(ids(rows)).size).toBe(450);
    expect(rows.at(-1)!.id).toBe(message(0).id);
    expect(nextCursor).toBeNull();
    await store.getState().loadMore();
    expect(server.count('listMessages')).toBe(3);
  });

  it('sends the filter the owner chose and starts the selection over', async () => {
    const { store, server } = setUp(20);
    server.update(message(3).id, { state: 'held', recipients: [{ address: 'boss@example.test', state: 'held' }] });
    await store.getState().load();
    store.getState().toggle(message(5).id);
    await store.getState().setQuery({ state: 'held' });
    expect(ids(store.getState().rows)).toEqual([message(3).id]);
    expect(store.getState().total).toBe(1);
    expect(store.getState().selection.ids.size).toBe(0);
    await store.getState().setQuery({ state: null, search: 'boss@', searchIn: 'recipient' });
    expect(server.calls.at(-1)!.input).toEqual({ recipient: 'boss@' });
    expect(ids(store.getState().rows)).toEqual([message(3).id]);
  });

  it('keeps the answer to the latest query when an older one comes back last', async () => {
    const { store } = setUp(30);
    const first = store.getState().setQuery({ search: 'Order 1' });
    const second = store.getState().setQuery({ search: 'Order 29' });
    await Promise.all([first, second]);
    expect(ids(store.getState().rows)).toEqual([message(29).id]);
  });

  it('shows why a page could not be loaded and keeps what it had', async () => {
    const { store, server } = setUp(300);
    await store.getState().load();
    server.failNext('listMessages', new ApiFailure(0, 'unreachable', 'MX Standby does not answer: is it still running?', null));
    await store.getState().loadMore();
    expect(store.getState().error).toBe('MX Standby does not answer: is it still running?');
    expect(store.getState().rows).toHaveLength(PAGE_SIZE);
    expect(store.getState().loadingMore).toBe(false);
  });
});

describe('the held-mail store: live events', () => {
  it('does nothing for events before the table was ever opened', async () => {
    const { store, server, tasks } = setUp(5);
    server.push('message.received', 'newmessage1', { from: 'a@b.test', to: ['user@example.test'], size: 10, subject: 'x' });
    store.getState().applyEvent({ id: 1, at: 0, type: 'message.deleted', qid: message(1).id, data: {} });
    expect(tasks).toHaveLength(0);
    expect(server.calls).toHaveLength(0);
  });

  it('puts newly received mail at the top, once per burst, only when it matches the filter', async () => {
    const { store, server, tasks } = setUp(10);
    await store.getState().setQuery({ search: 'invoice' });
    expect(store.getState().rows).toHaveLength(0);
    await store.getState().setQuery({ search: '' });
    const before = server.calls.length;
    for (let n = 10; n < 13; n++) {
      server.add(message(n));
      store.getState().applyEvent({ id: n, at: 0, type: 'message.received', qid: message(n).id, data: { from: '', to: [], size: 1, subject: null } });
    }
    expect(tasks).toHaveLength(1);
    await store.getState().flushLive();
    expect(ids(store.getState().rows.slice(0, 4))).toEqual([message(12).id, message(11).id, message(10).id, message(9).id]);
    expect(store.getState().total).toBe(13);
    expect(server.calls.slice(before).map((call) => call.operation).sort()).toEqual(['countMessages', 'listMessages']);
  });

  it('leaves out new mail that does not match, and says so when sorted another way', async () => {
    const { store, server } = setUp(10);
    await store.getState().setQuery({ search: 'Order' });
    server.add(message(10, { subject: 'Lunch?' }));
    store.getState().applyEvent({ id: 1, at: 0, type: 'message.received', qid: message(10).id, data: { from: '', to: [], size: 1, subject: 'Lunch?' } });
    await store.getState().flushLive();
    expect(store.getState().rows).toHaveLength(10);
    await store.getState().setQuery({ search: '', sort: 'size' });
    server.add(message(11));
    store.getState().applyEvent({ id: 2, at: 0, type: 'message.received', qid: message(11).id, data: { from: '', to: [], size: 1, subject: null } });
    await store.getState().flushLive();
    // The ten orders and the lunch note, loaded before; not the one that came while sorted by size.
    expect(store.getState().rows).toHaveLength(11);
    expect(ids(store.getState().rows)).not.toContain(message(11).id);
    expect(store.getState().newMailUnseen).toBe(true);
  });

  it('refetches changed rows with the page they came from, and asks by id for one that left it', async () => {
    const { store, server } = setUp(300);
    await store.getState().load();
    await store.getState().setQuery({ state: 'deferred' });
    const delivered = message(299).id;
    const held = message(250).id;
    server.update(delivered, { state: 'delivered', recipients: [{ address: 'user@example.test', state: 'delivered' }], lastResponse: '250 ok' });
    server.update(held, { attempts: 4, lastResponse: '421 still down' });
    const before = server.calls.length;
    store.getState().applyEvent({ id: 1, at: 0, type: 'delivery.delivered', qid: delivered, data: { recipient: 'user@example.test', response: '250 ok', host: 'p' } });
    store.getState().applyEvent({ id: 2, at: 0, type: 'delivery.deferred', qid: held, data: { recipient: 'user@example.test', response: '421', nextAttemptAt: 0 } });
    store.getState().applyEvent({ id: 3, at: 0, type: 'delivery.deferred', qid: 'notloaded1', data: { recipient: 'x', response: '421', nextAttemptAt: 0 } });
    await store.getState().flushLive();
    const rows = store.getState().rows;
    expect(rows.find((row) => row.id === delivered)).toMatchObject({ state: 'delivered', lastResponse: '250 ok' });
    expect(rows.find((row) => row.id === held)).toMatchObject({ attempts: 4, lastResponse: '421 still down' });
    const made = server.calls.slice(before).map((call) => call.operation).sort();
    expect(made).toEqual(['countMessages', 'getMessage', 'listMessages']);
  });

  it('removes deleted messages, from the rows and the selection', async () => {
    const { store, server } = setUp(5);
    await store.getState().load();
    const gone = message(2).id;
    store.getState().toggle(gone);
    store.getState().toggle(message(3).id);
    server.remove(gone);
    store.getState().applyEvent({ id: 1, at: 0, type: 'message.deleted', qid: gone, data: {} });
    await store.getState().flushLive();
    expect(ids(store.getState().rows)).not.toContain(gone);
    expect([...store.getState().selection.ids]).toEqual([message(3).id]);
    expect(store.getState().total).toBe(4);
  });

  it('drops a row whose message is gone when it is refetched', async () => {
    const { store, server } = setUp(5);
    await store.getState().load();
    server.remove(message(4).id);
    store.getState().refresh([message(4).id]);
    await store.getState().flushLive();
    expect(store.getState().rows).toHaveLength(4);
  });
});

describe('the held-mail store: commands', () => {
  it('acts on the picked ids and keeps what the server answered', async () => {
    const { store, server } = setUp(10);
    await store.getState().load();
    store.getState().toggle(message(9).id);
    store.getState().selectRange(message(7).id);
    await store.getState().act('hold');
    expect(server.calls.find((call) => call.operation === 'hold')!.input).toEqual({ ids: [message(9).id, message(8).id, message(7).id] });
    expect(store.getState().outcome).toEqual({ kind: 'done', action: 'hold', result: { changed: 3, messages: 3 }, asked: 3, byFilter: false });
    await store.getState().flushLive();
    expect(store.getState().rows[0]!.state).toBe('held');
  });

  it('acts on "all matching" by sending the filter, not a list of ids, then reloads', async () => {
    const { store, server } = setUp(500);
    await store.getState().setQuery({ search: 'Order 4' });
    store.getState().toggle(store.getState().rows[0]!.id);
    store.getState().selectAllMatching();
    await store.getState().act('delete');
    expect(server.calls.find((call) => call.operation === 'delete')!.input).toEqual({ filter: { text: 'Order 4' } });
    expect(store.getState().outcome).toMatchObject({ kind: 'done', action: 'delete', asked: 111, byFilter: true, result: { messages: 111 } });
    expect(store.getState().rows).toHaveLength(0);
    expect(store.getState().selection.allMatching).toBe(false);
  });

  it('tells what "Redeliver all now" did, and what went wrong', async () => {
    const { store, server } = setUp(3);
    await store.getState().load();
    server.flushResult = { changed: 40, messages: 37 };
    await store.getState().flushAll();
    expect(store.getState().outcome).toEqual({ kind: 'done', action: 'flush', result: { changed: 40, messages: 37 } });
    server.failNext('flush', new ApiFailure(503, 'unavailable', 'the queue is closing', null));
    await store.getState().flushAll();
    expect(store.getState().outcome).toEqual({ kind: 'failed', action: 'flush', message: 'the queue is closing' });
    expect(store.getState().busy).toBeNull();
  });

  it('gives the bytes of one message to export, or says why not', async () => {
    const { store } = setUp(2);
    const blob = await store.getState().exportMessage(message(1).id);
    expect(await blob!.text()).toContain('Subject: Order 1 confirmed');
    expect(await store.getState().exportMessage('nosuchmsg1')).toBeNull();
    expect(store.getState().outcome).toMatchObject({ kind: 'failed', action: 'export' });
  });
});
