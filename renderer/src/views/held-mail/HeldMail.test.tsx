import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Router } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { ApiFailure } from '../../api/transport.ts';
import { setClient } from '../../stores/client-ref.ts';
import { message, MemoryServer } from '../../stores/messages-memory-server.ts';
import { useMessages } from '../../stores/messages-store.ts';
import { HeldMail } from '../HeldMail.tsx';

/** The held-mail view, rendered with the real store against an in-memory server. */
let server: MemoryServer;

function serve(count: number) {
  server = new MemoryServer(Array.from({ length: count }, (_, n) => message(n)));
  setClient(server.client);
}

async function show() {
  const view = render(
    <Router hook={useHashLocation}>
      <HeldMail />
    </Router>,
  );
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
  return view;
}

const bodyRows = () => screen.queryAllByRole('row').filter((row) => row.hasAttribute('data-index'));

// happy-dom lays nothing out, so every box is 0 pixels high; the grid's scroller is given the size a
// 1280x800 window gives it, so the virtualizer has a viewport to fill, as in a browser.
const SIZES = { clientHeight: 640, clientWidth: 1240 } as const;
beforeAll(() => {
  for (const [name, size] of Object.entries(SIZES)) {
    Object.defineProperty(HTMLElement.prototype, name, {
      configurable: true,
      get(this: HTMLElement) {
        return this.classList.contains('mail-scroller') ? size : 0;
      },
    });
  }
});
afterAll(() => {
  for (const name of Object.keys(SIZES)) delete (HTMLElement.prototype as unknown as Record<string, unknown>)[name];
});

beforeEach(() => {
  useMessages.setState(useMessages.getInitialState(), true);
  window.location.hash = '#/mail';
});
afterEach(cleanup);

describe('the held-mail view', () => {
  it('keeps only a window of 100,000 messages in the page, and follows the scroll', async () => {
    serve(100_000);
    await show();
    await act(async () => {
      for (let page = 0; page < 4; page++) await useMessages.getState().loadMore();
    });
    expect(useMessages.getState().rows).toHaveLength(1000);
    expect(screen.getByRole('grid', { name: 'Held mail' }).getAttribute('aria-rowcount')).toBe('100001');
    expect(bodyRows().length).toBeGreaterThan(10);
    expect(bodyRows().length).toBeLessThan(60);
    expect(screen.getByRole('row', { name: /Order 99999 confirmed/ })).toBeTruthy();
    const scroller = document.querySelector('.mail-scroller')!;
    await act(async () => {
      scroller.scrollTop = 40 * 500;
      fireEvent.scroll(scroller);
    });
    expect(screen.getByRole('row', { name: /Order 99500 confirmed/ })).toBeTruthy();
    expect(screen.queryByRole('row', { name: /Order 99990 confirmed/ })).toBeNull();
    expect(bodyRows().length).toBeLessThan(60);
  });

  it('shows the new rows when a filter gives as many rows as before', async () => {
    const held = { state: 'held' as const, recipients: [{ address: 'user@example.test', state: 'held' as const }] };
    server = new MemoryServer(Array.from({ length: 600 }, (_, n) => message(n, n % 2 ? held : {})));
    setClient(server.client);
    await show();
    expect(bodyRows()[0]!.getAttribute('aria-label')).toMatch(/Order 599 confirmed.*On hold$/);
    fireEvent.change(screen.getByLabelText('State'), { target: { value: 'deferred' } });
    await act(async () => undefined);
    // Every row on screen, at its place: the 200 rows of the first page are all new.
    expect(bodyRows().length).toBeGreaterThan(20);
    for (const row of bodyRows()) {
      const index = Number(row.getAttribute('data-index'));
      expect(row.getAttribute('aria-label')).toBe(`Order ${598 - 2 * index} confirmed, from Sender ${598 - 2 * index}, Waiting to retry`);
    }
  });

  it('names its actions as the end-to-end tests look for them', async () => {
    serve(3);
    await show();
    for (const name of ['Redeliver now', 'Hold', 'Release', 'Delete', 'Export .eml', 'Redeliver all now']) {
      expect(screen.getByRole('button', { name })).toBeTruthy();
    }
    expect((screen.getByRole('button', { name: 'Hold' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('says nothing is held when the queue is empty, and offers to clear a filter that matches nothing', async () => {
    serve(0);
    await show();
    expect(screen.getByText('Nothing is held: your primary is taking all mail.')).toBeTruthy();
    cleanup();
    useMessages.setState(useMessages.getInitialState(), true);
    serve(4);
    await show();
    fireEvent.change(screen.getByLabelText('State'), { target: { value: 'held' } });
    await act(async () => undefined);
    expect(screen.getByText('No messages match these filters.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await act(async () => undefined);
    expect(bodyRows()).toHaveLength(4);
    expect((screen.getByLabelText('State') as HTMLSelectElement).value).toBe('');
  });

  it('shows a failure as a message with a way to try again', async () => {
    serve(5);
    server.failNext('listMessages', new ApiFailure(0, 'unreachable', 'MX Standby does not answer: is it still running?', null));
    await show();
    expect(screen.getByRole('alert').textContent).toContain('MX Standby does not answer');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await act(async () => undefined);
    expect(bodyRows()).toHaveLength(5);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('works from the keyboard: arrows move, Space and Shift select, Enter opens', async () => {
    serve(6);
    await show();
    const first = screen.getByRole('row', { name: /Order 5 confirmed/ });
    expect(first.tabIndex).toBe(0);
    first.focus();
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    const second = screen.getByRole('row', { name: /Order 4 confirmed/ });
    expect(document.activeElement).toBe(second);
    fireEvent.keyDown(second, { key: ' ' });
    fireEvent.keyDown(second, { key: 'ArrowDown', shiftKey: true });
    expect(screen.getByText('2 messages selected')).toBeTruthy();
    expect(screen.getByRole('row', { name: /Order 3 confirmed/ }).getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    expect(window.location.hash).toBe(`#/mail/${message(3).id}`);
  });

  it('selects a range with shift-click and deletes after a confirmation that says how many', async () => {
    serve(6);
    await show();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select Order 5 confirmed' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select Order 3 confirmed' }), { shiftKey: true });
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete 3 messages for good?' });
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Delete 3 messages' }));
    });
    expect(server.calls.find((call) => call.operation === 'delete')!.input).toEqual({ ids: [message(5).id, message(4).id, message(3).id] });
    expect(screen.getByRole('status').textContent).toContain('Deleted 3 messages for good.');
    await act(() => useMessages.getState().flushLive());
    expect(bodyRows()).toHaveLength(3);
  });

  it('selects all that match by filter and acts on the filter', async () => {
    serve(500);
    await show();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select Order 499 confirmed' }));
    fireEvent.click(screen.getByRole('button', { name: 'Select all 500 matching messages' }));
    expect(screen.getByText('All 500 matching messages selected')).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Hold' }));
    });
    expect(server.calls.find((call) => call.operation === 'hold')!.input).toEqual({ filter: {} });
    expect(screen.getByRole('status').textContent).toContain('Held 500 messages');
  });

  it('tells what "Redeliver all now" did, not silence', async () => {
    serve(2);
    await show();
    server.flushResult = { changed: 37, messages: 37 };
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Redeliver all now' }));
    });
    expect(screen.getByRole('status').textContent).toContain('Handing 37 messages to the primary now');
    server.flushResult = { changed: 0, messages: 0 };
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Redeliver all now' }));
    });
    expect(screen.getByRole('status').textContent).toContain('Nothing was waiting');
  });

  it('shows new mail at the top and changed states as the events come, without a reload', async () => {
    serve(3);
    await show();
    server.add(message(3, { subject: 'Just arrived' }));
    server.update(message(1).id, { state: 'delivered', recipients: [{ address: 'user@example.test', state: 'delivered' }] });
    await act(async () => {
      const store = useMessages.getState();
      store.applyEvent({ id: 1, at: 0, type: 'message.received', qid: message(3).id, data: { from: '', to: [], size: 1, subject: 'Just arrived' } });
      store.applyEvent({ id: 2, at: 0, type: 'delivery.delivered', qid: message(1).id, data: { recipient: 'user@example.test', response: '250', host: 'p' } });
      await store.flushLive();
    });
    expect(bodyRows()[0]!.getAttribute('aria-label')).toMatch(/^Just arrived/);
    expect(screen.getByRole('row', { name: /Order 1 confirmed/ }).getAttribute('aria-label')).toMatch(/Delivered$/);
  });
});
