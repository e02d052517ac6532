import { format } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { arrivals, describeActivity, replyWords } from './activity-words.ts';
import { eventFixture } from './test-fixtures.ts';

const received = eventFixture('message.received', { from: 'a@origin.test', to: ['c@example.com'], size: 100, subject: 'Invoice' }, 'mq1');

describe('the activity log in plain words', () => {
  it('says who sent a message to whom when it arrives', () => {
    const [line] = describeActivity([received]);
    expect(line).toMatchObject({ tone: 'ok', qid: 'mq1', text: 'Received a message from a@origin.test to c@example.com ("Invoice")' });
  });

  it('names sender and recipient of later events from the arrival in the log', () => {
    const next = Date.parse('2026-11-29T10:35:00Z');
    const deferred = eventFixture('delivery.deferred', { recipient: 'c@example.com', response: 'could not reach the primary: 10.0.0.5:25: connect ECONNREFUSED 10.0.0.5:25', nextAttemptAt: next }, 'mq1');
    const lines = describeActivity([deferred, received]);
    expect(lines[0]).toMatchObject({
      tone: 'warn',
      text: `Message from a@origin.test to c@example.com held: could not reach the primary: 10.0.0.5:25: the connection was refused. Next try at ${format(next, 'HH:mm')}`,
    });
    expect(lines.map((line) => line.id)).toEqual([deferred.id, received.id]);
  });

  it('shows a handover attempt only until its outcome is in', () => {
    const attempt = eventFixture('delivery.attempt', { recipients: ['c@example.com'], host: 'mail.example.com:25' }, 'mq1');
    const delivered = eventFixture('delivery.delivered', { recipient: 'c@example.com', response: '250 OK', host: 'mail.example.com:25' }, 'mq1');
    expect(describeActivity([attempt, received]).map((line) => line.text)).toEqual([
      'Handing over to the primary (mail.example.com:25): the message from a@origin.test to c@example.com',
      'Received a message from a@origin.test to c@example.com ("Invoice")',
    ]);
    expect(describeActivity([delivered, attempt, received]).map((line) => line.id)).toEqual([delivered.id, received.id]);
  });

  it('says which message went ahead of which, and why, when the order hold runs out', () => {
    const since = Date.parse('2026-11-29T10:20:00Z');
    const overtaking = eventFixture(
      'delivery.out-of-order',
      { recipient: 'c@example.com', aheadOf: 'mq0', deferredSince: since, response: '451 4.7.1 Greylisted, try again later', orderHold: '15m' },
      'mq1',
    );
    expect(describeActivity([overtaking, received])[0]).toMatchObject({
      tone: 'warn',
      text: `Message from a@origin.test to c@example.com went ahead of the earlier message mq0, which has been deferred by the primary since ${format(since, 'HH:mm')} (Greylisted, try again later): the order hold of 15m ran out`,
    });
  });

  it('says a message was not handed over because its stored body is damaged, what was found, and what to do', () => {
    const damaged = eventFixture(
      'message.damaged',
      { recipients: ['c@example.com'], problem: 'the body file is missing', size: 100, sha256: 'ab'.repeat(32) },
      'mq1',
    );
    expect(describeActivity([damaged, received])[0]).toMatchObject({
      tone: 'bad',
      text: 'Message from a@origin.test to c@example.com not handed over: its stored body is damaged (the body file is missing). Restore it from a backup and redeliver, or export or delete it',
    });
  });

  it('falls back to the message id when its arrival is older than the log', () => {
    const delivered = eventFixture('delivery.delivered', { recipient: 'x@example.com', response: '250 2.0.0 OK', host: 'mail.example.com:25' }, 'mold');
    expect(describeActivity([delivered])[0]!.text).toBe('Message mold to x@example.com delivered to the primary (mail.example.com:25)');
  });

  it('words failures, expiry, bounces and the primary going up and down', () => {
    const texts = describeActivity([
      eventFixture('delivery.failed', { recipient: 'c@example.com', response: '550 5.1.1 No such user' }, 'mq1'),
      eventFixture('delivery.expired', { recipient: 'c@example.com' }, 'mq1'),
      eventFixture('dsn.queued', { to: 'a@origin.test', dsnQid: 'md1', action: 'failed', recipients: ['c@example.com'] }, 'mq1'),
      eventFixture('primary.down', { target: 'mail.example.com:25', error: 'connection refused' }),
      eventFixture('primary.up', { target: 'mail.example.com:25', latencyMs: 30 }),
      eventFixture('message.held', { recipients: 2 }, 'mq1'),
      eventFixture('settings.changed', { keys: ['domains', 'primary'] }),
      received,
    ]).map((line) => line.text);
    expect(texts).toEqual([
      'Message from a@origin.test to c@example.com could not be delivered: No such user',
      'Message from a@origin.test to c@example.com expired: it could not be delivered in its lifetime',
      'Bounce sent to a@origin.test: their message to c@example.com could not be delivered',
      'The primary (mail.example.com:25) is down: connection refused. Mail is kept here until it is back',
      'The primary (mail.example.com:25) is up: held mail is being handed over',
      'Message from a@origin.test to c@example.com put on hold (2 recipients)',
      'Settings changed: domains, primary',
      'Received a message from a@origin.test to c@example.com ("Invoice")',
    ]);
  });

  it('shortens long recipient lists and names the null sender', () => {
    const many = eventFixture('message.received', { from: '', to: ['a@x.test', 'b@x.test', 'c@x.test', 'd@x.test'], size: 1, subject: null }, 'mq2');
    expect(describeActivity([many])[0]!.text).toBe('Received a message from the null sender (a bounce) to a@x.test, b@x.test and 2 others');
  });

  it('takes status codes and socket jargon out of replies', () => {
    expect(replyWords('451 4.4.1 primary busy')).toBe('primary busy');
    expect(replyWords('connection lost: read ECONNRESET')).toBe('connection lost: the connection was cut');
    expect(replyWords('421 try later')).toBe('try later');
  });

  it('indexes arrivals by message id', () => {
    expect(arrivals([received]).get('mq1')).toEqual(received.data);
  });
});
