import { afterEach, describe, expect, it } from 'vitest';
import { DesktopNotices, type Notice } from '../../../electron/notifications.ts';
import { startPrimary, type PrimaryFixture } from '../../fixtures/primary.ts';
import { plainMessage, sendMail, startEngine, until, type RunningEngine } from '../../integration/engine-harness.ts';

describe('desktop notifications, from a real engine and a real primary', () => {
  let primary: PrimaryFixture | null = null;
  let running: RunningEngine | null = null;
  let notices: DesktopNotices | null = null;

  afterEach(async () => {
    notices?.stop();
    await notices?.settled();
    await running?.stop();
    await primary?.stop();
    notices = null;
    running = null;
    primary = null;
  });

  async function send(count: number, to = ['user@example.test']) {
    for (let index = 0; index < count; index++) {
      const result = await sendMail(running!.port, { from: 'sender@origin.test', to, raw: plainMessage(`message ${index}`) });
      expect(result.ok).toBe(true);
    }
  }

  it('tells when the primary goes down, and when it is back with how many messages were handed over', async () => {
    primary = await startPrimary({ up: true });
    running = await startEngine({ primaryPort: primary.port });
    const shown: Notice[] = [];
    notices = new DesktopNotices({ api: running.engine.api, show: (notice) => shown.push(notice), threshold: () => 1000 });
    await notices.start();
    // The first probe after the start says "up": that is no news.
    await until(async () => (await running!.engine.api.status({})).primary.destinations[0]?.state === 'up', 10_000, 'first probe');
    await notices.settled();
    expect(shown).toEqual([]);

    await primary.down();
    await until(() => shown.length === 1, 10_000, 'the down notice');
    expect(shown[0]!.title).toBe('The primary mail server is down');
    expect(shown[0]!.body).toContain(`127.0.0.1:${primary.port}`);

    await send(3);
    await primary.up();
    await primary.waitFor(3, 20_000);
    await until(() => shown.length === 2, 10_000, 'the back notice');
    expect(shown[1]).toEqual({
      title: 'The primary mail server is back',
      body: `127.0.0.1:${primary.port} answers again. 3 messages were handed over to it.`,
    });
  });

  it('tells once when held mail passes the threshold, and again only after it dropped below', async () => {
    primary = await startPrimary({ up: false });
    running = await startEngine({ primaryPort: primary.port });
    const shown: Notice[] = [];
    notices = new DesktopNotices({ api: running.engine.api, show: (notice) => shown.push(notice), threshold: () => 3 });
    await notices.start();
    await send(2);
    await notices.settled();
    expect(shown.filter((notice) => notice.title === 'Held mail is piling up')).toEqual([]);
    await send(1, ['user@example.test', 'other@example.test']);
    await until(() => shown.some((notice) => notice.title === 'Held mail is piling up'), 10_000, 'the threshold notice');
    expect(shown.find((notice) => notice.title === 'Held mail is piling up')!.body).toBe(
      'Mail for 4 recipients is waiting in MX Standby (your limit for this notice: 3).',
    );
    await send(2);
    await notices.settled();
    expect(shown.filter((notice) => notice.title === 'Held mail is piling up')).toHaveLength(1);

    await primary.up();
    await primary.waitFor(5, 20_000);
    await until(async () => (await running!.engine.api.status({})).queue.delivered === 6, 10_000, 'all delivered');
    await notices.settled();
    await primary.down();
    await send(3);
    await until(() => shown.filter((notice) => notice.title === 'Held mail is piling up').length === 2, 10_000, 'a second threshold notice');
  });
});
