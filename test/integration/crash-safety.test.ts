import { expect, it } from 'vitest';
import { crashAndCheck } from './crash-run.ts';

it('keeps every message that got a 250 through SIGKILLs while receiving and while handing over', { timeout: 180_000 }, async () => {
  // A backlog first, a kill in its handover, a kill under both, then again.
  const figures = await crashAndCheck('crash-safety', (random) => [
    { primary: 'down', killWhile: 'receiving' },
    { primary: 'up', killWhile: 'handing over' },
    { primary: random() < 0.5 ? 'up' : 'comes up', killWhile: 'receiving' },
    { primary: 'down', killWhile: 'receiving' },
    { primary: 'up', killWhile: 'handing over' },
  ]);
  expect(figures.lost).toBe(0);
});
