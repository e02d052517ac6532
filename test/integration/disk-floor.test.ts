import { afterEach, describe, expect, it } from 'vitest';
import { plainMessage, sendMail, startEngine, stored, type RunningEngine } from './engine-harness.ts';

describe('the free disk space floor', () => {
  let running: RunningEngine;

  afterEach(async () => {
    await running?.stop();
  });

  const send = (subject: string) =>
    sendMail(running.port, { from: 'sender@origin.test', to: ['user@example.test'], raw: plainMessage(subject) });

  it('answers MAIL with 452 4.3.1 while free space is below the floor, and stores nothing', async () => {
    running = await startEngine({ diskFloor: 10 ** 15 });
    const { disk } = await running.engine.api.status({});
    expect(disk.freeBytes).toBeLessThan(disk.floorBytes);

    const result = await send('no room');

    expect(result.code).toBe(452);
    expect(result.response).toContain('4.3.1');
    expect(await stored(running)).toEqual({ messages: 0, files: 0 });
  });

  it('accepts mail while free space is above the floor', async () => {
    running = await startEngine({ diskFloor: 1024 });
    const { disk } = await running.engine.api.status({});
    expect(disk.freeBytes).toBeGreaterThan(disk.floorBytes);

    const result = await send('room enough');

    expect(result).toMatchObject({ ok: true, code: 250 });
    expect(await stored(running)).toEqual({ messages: 1, files: 1 });
  });
});
