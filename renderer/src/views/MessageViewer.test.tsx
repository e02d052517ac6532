import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Router } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { createClient } from '../api/client.ts';
import { setClient } from '../stores/client-ref.ts';
import { connectEvents } from '../stores/event-hub.ts';
import { useViewer } from '../stores/viewer-store.ts';
import { MessageViewer } from './MessageViewer.tsx';
import { sampleContent, sampleDetail, ViewerTestTransport } from './viewer/viewer-test-transport.ts';

let transport: ViewerTestTransport;
let disconnect: () => void;
const ID = 'mi3k2x1a7f3c9e';

async function open() {
  window.location.hash = `#/mail/${ID}`;
  render(
    <Router hook={useHashLocation}>
      <MessageViewer id={ID} />
    </Router>,
  );
  await screen.findByRole('heading', { name: 'Invoice 42' });
}

const tab = (name: string) => act(() => void fireEvent.click(screen.getByRole('tab', { name })));

beforeEach(() => {
  useViewer.setState(useViewer.getInitialState(), true);
  transport = new ViewerTestTransport(sampleDetail(), sampleContent());
  setClient(createClient(transport));
  disconnect = connectEvents([useViewer.getState]);
});

afterEach(() => {
  disconnect();
  cleanup();
});

describe('the message viewer', () => {
  it('shows the envelope recipients, each with its state, apart from the header To and Cc', async () => {
    await open();
    const envelope = screen.getByRole('list', { name: 'Envelope recipients' });
    expect(within(envelope).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['user@example.test deferred', 'other@example.test held']);
    const header = screen.getByRole('region', { name: 'Header' });
    expect(header.textContent).toContain('Team <team@example.test>');
    expect(header.textContent).toContain('boss@elsewhere.test');
    expect(envelope.textContent).not.toContain('boss@elsewhere.test');
  });

  it('shows each recipient’s delivery: attempts, last response, next attempt and its own history', async () => {
    await open();
    const delivery = screen.getByRole('region', { name: 'Delivery' });
    const [user, other] = within(delivery).getAllByRole('listitem').filter((item) => item.classList.contains('viewer-delivery'));
    expect(user!.textContent).toContain('421 4.3.2 primary is down for maintenance');
    expect(user!.textContent).toMatch(/Next attempt.*\(in 30 minutes\)/);
    expect(user!.textContent).toContain('History (3)');
    // The deferral was about user@, not other@: other@ sees only what concerns the whole message.
    expect(other!.textContent).toContain('History (2)');
    expect(other!.textContent).not.toContain('Next attempt');
  });

  it('never shows HTML it could not clean: here (happy-dom) the sanitizer refuses, and the text is still there', async () => {
    await open();
    const alert = await screen.findByText(/The HTML of this message is not shown/);
    expect(alert.textContent).toContain('cannot clean HTML safely');
    expect(document.querySelector('iframe')).toBeNull();
    expect(document.body.innerHTML).not.toContain('steal()');
    tab('Plain text');
    expect(screen.getByText('Please pay invoice 42.')).toBeTruthy();
  });

  it('lists the headers, the attachments with size, and downloads one through the client', async () => {
    transport.attachments.set(0, new Blob(['%PDF-1.7']));
    await open();
    tab('Headers');
    expect(screen.getByRole('rowheader', { name: 'Cc' }).nextElementSibling?.textContent).toBe('boss@elsewhere.test');
    tab('Attachments (1)');
    const row = screen.getByRole('row', { name: /invoice-42\.pdf/ });
    expect(row.textContent).toContain('application/pdf');
    expect(row.textContent).toContain('47 KB');
    await act(async () => void fireEvent.click(within(row).getByRole('button', { name: 'Download invoice-42.pdf' })));
    expect(transport.asked('attachment')).toEqual([{ index: 0 }]);
  });

  it('shows the source as received, cutting a large one with a note and offering the whole', async () => {
    transport.source = new Blob(['Subject: big\r\n\r\n', 'x'.repeat(600 * 1024)]);
    await open();
    tab('Source');
    expect(await screen.findByText(/Showing the first 512 KB of 600 KB/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Download the whole message (.eml)' })).toBeTruthy();
    expect(document.querySelector('pre.viewer-source')!.textContent!.length).toBeLessThan(530 * 1024);
  });

  it('holds and releases, saying what happened', async () => {
    await open();
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Hold' })));
    expect(transport.asked('hold')).toEqual([{ ids: [ID] }]);
    expect((await screen.findByRole('status')).textContent).toContain('2 recipients are held');
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Release' })));
    expect(transport.asked('release')).toEqual([{ ids: [ID] }]);
  });

  it('deletes only after confirming, then goes back to the list', async () => {
    await open();
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete this message?' });
    expect(document.activeElement?.textContent).toBe('Cancel');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(transport.asked('delete')).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Delete for good' })));
    expect(transport.asked('delete')).toEqual([{ ids: [ID] }]);
    await waitFor(() => expect(window.location.hash).toBe('#/mail'));
  });

  it('reloads when a pushed event is about this message, and only then', async () => {
    await open();
    const before = transport.asked('getMessage').length;
    transport.detail.deliveries[1]!.state = 'delivered';
    await act(async () => transport.push({ id: 9, at: Date.now(), type: 'delivery.delivered', qid: 'someotherid1', data: { recipient: 'x@example.test', response: '250 ok', host: 'mx' } }));
    expect(transport.asked('getMessage').length).toBe(before);
    await act(async () => transport.push({ id: 10, at: Date.now(), type: 'delivery.delivered', qid: ID, data: { recipient: 'other@example.test', response: '250 ok', host: 'mx' } }));
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Envelope recipients' })).getAllByRole('listitem')[1]!.textContent).toBe('other@example.test delivered'));
  });

  it('says so when the message is no longer in the queue', async () => {
    transport.gone = true;
    window.location.hash = `#/mail/${ID}`;
    render(<MessageViewer id={ID} />);
    expect((await screen.findByRole('alert')).textContent).toBe('This message is no longer in the queue: it was delivered and cleaned up, or deleted.');
  });
});
