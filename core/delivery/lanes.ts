import type { Transaction } from './transactions.ts';

/**
 * The mailbox an address names, for keeping order: the whole address lower
 * cased, as the claim compares them (store/deliveries.ts). Taking two
 * spellings for one mailbox only keeps them in one lane.
 */
export function mailboxOf(address: string): string {
  return address.toLowerCase();
}

/** The mailboxes one transaction hands mail to. */
export function mailboxesOf(transaction: Transaction): string[] {
  return transaction.deliveries.map((delivery) => mailboxOf(delivery.recipient));
}

/**
 * Splits transactions (in received order) into lanes that can be handed
 * over side by side, each on its own connection: every transaction for a
 * mailbox is in one lane, in received order, so each mailbox keeps its
 * order. A message for several mailboxes ties their lanes together (union
 * find over the mailboxes). Lanes come in the order of their first message.
 */
export function splitLanes(transactions: Transaction[]): Transaction[][] {
  const parent = new Map<string, string>();
  const root = (mailbox: string): string => {
    let top = mailbox;
    while (parent.get(top) !== top) top = parent.get(top)!;
    parent.set(mailbox, top);
    return top;
  };
  for (const transaction of transactions) {
    const mailboxes = mailboxesOf(transaction);
    for (const mailbox of mailboxes) if (!parent.has(mailbox)) parent.set(mailbox, mailbox);
    for (const mailbox of mailboxes.slice(1)) parent.set(root(mailbox), root(mailboxes[0]!));
  }
  const lanes = new Map<string, Transaction[]>();
  for (const transaction of transactions) {
    const key = root(mailboxesOf(transaction)[0]!);
    const lane = lanes.get(key);
    if (lane) lane.push(transaction);
    else lanes.set(key, [transaction]);
  }
  return [...lanes.values()];
}
