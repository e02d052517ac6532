import { describe, expect, it } from 'vitest';
import { outcomeText } from './outcome-text.ts';

describe('what an action did, in words', () => {
  it('says what "Redeliver all now" did, including when nothing was waiting', () => {
    expect(outcomeText({ kind: 'done', action: 'flush', result: { changed: 37, messages: 37 } })).toBe(
      'Handing 37 messages to the primary now; the table shows how it goes.',
    );
    expect(outcomeText({ kind: 'done', action: 'flush', result: { changed: 40, messages: 37 } })).toContain('37 messages (40 recipients)');
    expect(outcomeText({ kind: 'done', action: 'flush', result: { changed: 0, messages: 0 } })).toMatch(/^Nothing was waiting/);
  });

  it('counts what each action changed, and says so when it changed nothing', () => {
    const done = (action: 'hold' | 'release' | 'redeliver', messages: number) =>
      outcomeText({ kind: 'done', action, result: { changed: messages, messages }, asked: 3, byFilter: false });
    expect(done('hold', 3)).toBe('Held 3 messages: they wait until you release them.');
    expect(done('hold', 0)).toMatch(/^Nothing to hold/);
    expect(done('release', 1)).toBe('Released 1 message: they are due for delivery again.');
    expect(done('redeliver', 0)).toMatch(/^Nothing to redeliver/);
  });

  it('tells when a delete skipped messages being handed over', () => {
    expect(outcomeText({ kind: 'done', action: 'delete', result: { changed: 12, messages: 12 }, asked: 12, byFilter: false })).toBe(
      'Deleted 12 messages for good.',
    );
    expect(outcomeText({ kind: 'done', action: 'delete', result: { changed: 11, messages: 11 }, asked: 12, byFilter: false })).toBe(
      'Deleted 11 messages for good. 1 message was being handed over and stayed.',
    );
  });

  it('puts a failure in words with the server’s reason', () => {
    expect(outcomeText({ kind: 'failed', action: 'delete', message: 'no message with id abc123' })).toBe('Could not delete: no message with id abc123');
  });
});
