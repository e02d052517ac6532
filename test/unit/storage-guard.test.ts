import { describe, expect, it } from 'vitest';
import type { EngineApi } from '../../core/api/contract.ts';
import { reportingStorageFaults } from '../../core/api/storage-guard.ts';
import { silentLogger } from '../../core/log.ts';
import { StorageHealth } from '../../core/store/storage-health.ts';

const DATA = '/var/lib/mx-standby';

function errno(code: string, path?: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed`), { code, ...(path ? { path } : {}) });
}

/** An API whose status operation fails with `error`. */
async function failWith(error: Error): Promise<StorageHealth> {
  const health = new StorageHealth(silentLogger(), DATA);
  const api = reportingStorageFaults({ status: () => Promise.reject(error) } as unknown as EngineApi, health, () => DATA);
  await expect(api.status({})).rejects.toBe(error);
  return health;
}

describe('storage faults met by API operations', () => {
  it('count for the queue database and for files in the data folder', async () => {
    expect((await failWith(errno('SQLITE_CORRUPT'))).snapshot()).toMatchObject({ state: 'failing', error: expect.stringMatching(/^the queue database is damaged/) });
    expect((await failWith(errno('EIO', `${DATA}/spool/messages/a.eml`))).failing()).toBe(true);
  });

  it('do not count for files elsewhere or errors without a file, such as a refused connection', async () => {
    expect((await failWith(errno('EACCES', '/etc/ssl/private/mail.key'))).failing()).toBe(false);
    expect((await failWith(errno('EPERM'))).failing()).toBe(false);
    expect((await failWith(errno('EACCES', `${DATA}-old/queue.sqlite`))).failing()).toBe(false);
  });
});
