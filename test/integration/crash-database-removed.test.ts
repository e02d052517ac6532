import { expect, it } from 'vitest';
import { crashAndCheck } from './crash-run.ts';

it('rebuilds the queue from the spool when the database is removed between SIGKILLs', { timeout: 180_000 }, async () => {
  // Removed with nothing delivered yet, then after a kill in the middle of a handover.
  const figures = await crashAndCheck('crash-safety, database removed', () => [
    { primary: 'down', killWhile: 'receiving' },
    { primary: 'up', killWhile: 'handing over', dropDatabase: true },
    { primary: 'up', killWhile: 'receiving', dropDatabase: true },
  ]);
  expect(figures.lost).toBe(0);
  expect(figures.recoveredFromSpool).toBeGreaterThan(0);
});
