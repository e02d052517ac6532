import { randomBytes } from 'node:crypto';
import { chmod, open, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The two files in the data folder through which the CLI (and anyone's
 * scripts) find the running instance: admin-url says where it answers, and
 * admin-token holds the bearer token, readable by its owner only.
 */

export const adminTokenPath = (dataDir: string) => join(dataDir, 'admin-token');
export const adminUrlPath = (dataDir: string) => join(dataDir, 'admin-url');

const TOKEN = /^[A-Za-z0-9_-]{32,}$/;

/** The token kept in the data folder, made on first start. */
export async function ensureAdminToken(dataDir: string): Promise<string> {
  const path = adminTokenPath(dataDir);
  const existing = await readAdminToken(dataDir);
  if (existing !== null) {
    // A copy or a restore may have loosened the mode; the token is as good as a password.
    if (process.platform !== 'win32') await chmod(path, 0o600);
    return existing;
  }
  const token = randomBytes(32).toString('base64url');
  const handle = await open(path, 'w', 0o600);
  try {
    await handle.chmod(0o600);
    await handle.writeFile(`${token}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return token;
}

/** The token, or null when there is none (never started with this data folder) or it is damaged. */
export async function readAdminToken(dataDir: string): Promise<string | null> {
  const text = await readFile(adminTokenPath(dataDir), 'utf8').catch(() => null);
  const token = text?.trim() ?? '';
  return TOKEN.test(token) ? token : null;
}

export async function writeAdminUrl(dataDir: string, url: string): Promise<void> {
  await writeFile(adminUrlPath(dataDir), `${url}\n`, { mode: 0o644 });
}

export async function removeAdminUrl(dataDir: string): Promise<void> {
  await rm(adminUrlPath(dataDir), { force: true });
}

export async function readAdminUrl(dataDir: string): Promise<string | null> {
  const text = await readFile(adminUrlPath(dataDir), 'utf8').catch(() => null);
  return text?.trim() || null;
}
