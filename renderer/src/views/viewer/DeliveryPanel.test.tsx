import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { MessageDetail } from '../../../../core/api/contract.ts';
import { DeliveryPanel } from './DeliveryPanel.tsx';
import { sampleDetail } from './viewer-test-transport.ts';

const PROBLEM = 'the body file holds 2038 bytes, not the 2048 bytes received';

/** The sample message, its first recipient found damaged when it was to be handed over. */
function damagedDetail(): MessageDetail {
  const detail = sampleDetail();
  const [first, second] = detail.deliveries;
  const damaged = { ...first!, state: 'damaged' as const, lastCode: null, lastResponse: PROBLEM, remoteHost: null, nextAttemptAt: null };
  const event = { id: 4, at: Date.parse('2026-11-29T10:06:00.000Z'), type: 'message.damaged' as const, qid: detail.id };
  return {
    ...detail,
    state: 'damaged',
    deliveries: [damaged, second!],
    history: [...detail.history, { ...event, data: { recipients: [damaged.recipient], problem: PROBLEM, size: 2048, sha256: detail.sha256 } }],
  };
}

afterEach(cleanup);

describe('the delivery panel of a damaged message', () => {
  it('says in plain words why it is not handed over, what was found and what the owner can do', () => {
    render(<DeliveryPanel detail={damagedDetail()} />);
    const [damaged, held] = screen.getAllByRole('listitem').filter((item) => item.classList.contains('viewer-delivery'));
    const note = within(damaged!).getByRole('note');
    expect(note.textContent).toMatch(/^Not handed over: the body stored here is not the one this server received/);
    expect(note.textContent).toContain('never retried and no bounce is sent');
    expect(note.textContent).toContain('Restore the body file from a backup and choose Redeliver, or export or delete the message.');
    expect(within(damaged!).getByText('What was found').nextElementSibling!.textContent).toBe(PROBLEM);
    expect(within(damaged!).queryByText('Gives up')).toBeNull();
    expect(within(damaged!).getByText(`Not handed over, the stored body is damaged: ${PROBLEM}`)).toBeTruthy();
    expect(within(held!).queryByRole('note')).toBeNull();
    expect(within(held!).getByText('Gives up')).toBeTruthy();
  });
});
