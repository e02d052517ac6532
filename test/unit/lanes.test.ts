import { describe, expect, it } from 'vitest';
import { splitLanes } from '../../core/delivery/lanes.ts';
import type { Transaction } from '../../core/delivery/transactions.ts';
import type { ClaimedDelivery } from '../../core/store/rows.ts';

/** A transaction named `name` for these recipients; the lanes look at nothing else. */
function transaction(name: string, recipients: string[]): Transaction {
  const deliveries = recipients.map((recipient) => ({ qid: name, recipient }) as ClaimedDelivery);
  return { deliveries, envelope: { from: '', to: recipients }, header: '' };
}

const names = (lanes: Transaction[][]) => lanes.map((lane) => lane.map((item) => item.deliveries[0]!.qid));

describe('splitting a batch into lanes', () => {
  it('gives each mailbox one lane, in received order, whatever the case of its address', () => {
    const lanes = splitLanes([
      transaction('a1', ['a@example.test']),
      transaction('b1', ['b@example.test']),
      transaction('a2', ['A@Example.TEST']),
      transaction('b2', ['b@example.test']),
    ]);
    expect(names(lanes)).toEqual([
      ['a1', 'a2'],
      ['b1', 'b2'],
    ]);
  });

  it('ties the lanes of mailboxes that one message goes to, also through a chain of messages', () => {
    const lanes = splitLanes([
      transaction('a1', ['a@example.test']),
      transaction('b1', ['b@example.test']),
      transaction('c1', ['c@example.test']),
      transaction('d1', ['d@example.test']),
      transaction('ab', ['a@example.test', 'b@example.test']),
      transaction('bc', ['b@example.test', 'c@example.test']),
    ]);
    expect(names(lanes)).toEqual([['a1', 'b1', 'c1', 'ab', 'bc'], ['d1']]);
  });
});
