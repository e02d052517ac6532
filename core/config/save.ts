import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { validateSettings } from './load.ts';
import { settingsSchema, type Settings } from './schema.ts';

/**
 * Writes settings so that a crash leaves either the old file or the new one, never a torn one:
 * temp file in the same folder, fsync, rename over, fsync the folder. Only the owner may read it.
 * Settings that fail validation are refused (ConfigError), so a saved file always loads.
 */
export async function saveSettings(path: string, settings: Settings): Promise<void> {
  const text = `${JSON.stringify(withoutDefaults(validateSettings(settings, 'settings to save')), null, 2)}\n`;
  const folder = dirname(path);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const temp = join(folder, `.${basename(path)}.${randomUUID()}.tmp`);
  try {
    await writeSynced(temp, text);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncFolder(folder);
}

async function writeSynced(path: string, text: string): Promise<void> {
  const handle = await open(path, 'wx', 0o600);
  try {
    // The umask may take bits away from the mode given to open; the file must be exactly owner-only.
    await handle.chmod(0o600);
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes the rename itself durable. Windows cannot open a folder for this, and NTFS journals renames. */
async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Leaves out values equal to the schema's defaults. A saved file then only says what the owner
 * chose: later default changes still reach it, and an untouched smtpListen stays implicit, so the
 * engine keeps its freedom to fall back from port 25.
 */
function withoutDefaults(settings: Settings): Partial<Settings> {
  const defaults: Record<string, unknown> = settingsSchema.parse({});
  return Object.fromEntries(
    Object.entries(settings).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(defaults[key])),
  );
}
