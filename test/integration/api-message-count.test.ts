import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as outputs from '../../core/api/outputs.ts';
import { startHoldingThree, type HeldThree, type RunningAdmin } from './api-harness.ts';

/** countMessages over HTTP: what "select all N matching" in the UI shows, and what an action by filter would act on. */
describe('counting messages that match a filter', () => {
  let held: HeldThree;
  let server: RunningAdmin;

  beforeAll(async () => {
    held = await startHoldingThree();
    ({ server } = held);
  });

  afterAll(async () => {
    await held?.stop();
  });

  const count = async (query: string) => {
    const response = await server.call(`/messages/count${query}`);
    expect(response.status, query).toBe(200);
    return outputs.messageCount.parse(await response.json()).count;
  };

  it('counts everything, or what matches the same filters as the listing', async () => {
    expect(await count('')).toBe(3);
    expect(await count('?text=invoice')).toBe(2);
    expect(await count('?sender=news')).toBe(1);
    expect(await count('?recipient=other%40example.test')).toBe(1);
    expect(await count('?text=nothing-like-this')).toBe(0);
  });

  it('agrees with what an action by the same filter acts on', async () => {
    expect(await count('?state=held')).toBe(0);
    const held = await server.call('/messages/hold', { method: 'POST', body: JSON.stringify({ filter: { text: 'invoice' } }) });
    expect(outputs.commandResult.parse(await held.json()).messages).toBe(2);
    expect(await count('?state=held')).toBe(2);
    expect(await count('?state=held&text=2')).toBe(1);
  });

  it('refuses a filter it does not know, naming it', async () => {
    const response = await server.call('/messages/count?cursor=abc');
    expect(response.status).toBe(400);
    expect(outputs.errorBody.parse(await response.json()).error.field).toBe('cursor');
  });
});
