import { randomUUID } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * What only the desktop app remembers, in desktop.json beside the engine's
 * files in the data folder (headless mode ignores it). The engine's settings
 * stay in config.json and go through the contract; these never cross IPC.
 * Start at login is not kept here: the system's own login items say it.
 */
const bounds = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200),
  height: z.number().int().min(200),
  maximized: z.boolean().default(false),
});

export const preferencesSchema = z.object({
  window: bounds.nullable().default(null),
  /** Notify once when this many recipients' mail waits; again after it has dropped below. */
  heldMailThreshold: z.number().int().min(1).default(100),
  /** Explain the SMTP port at start when it is not the configured one (the owner can turn this off). */
  portNotice: z.boolean().default(true),
  /** The one-time hint that closing the window leaves MX Standby running in the tray. */
  trayHintShown: z.boolean().default(false),
});

export type Preferences = z.infer<typeof preferencesSchema>;
export type WindowBounds = z.infer<typeof bounds>;

export const PREFERENCES_FILE = 'desktop.json';

/** The preferences in dataDir; a missing or unreadable file gives the defaults (they are only conveniences). */
export async function loadPreferences(dataDir: string): Promise<Preferences> {
  const text = await readFile(join(dataDir, PREFERENCES_FILE), 'utf8').catch(() => null);
  if (text === null) return preferencesSchema.parse({});
  try {
    const parsed = preferencesSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : preferencesSchema.parse({});
  } catch {
    return preferencesSchema.parse({});
  }
}

/** Written to a temp file and renamed over, so a crash leaves the old file or the new one. */
export async function savePreferences(dataDir: string, preferences: Preferences): Promise<void> {
  const target = join(dataDir, PREFERENCES_FILE);
  const temp = join(dataDir, `.${PREFERENCES_FILE}.${randomUUID()}.tmp`);
  try {
    await writeFile(temp, `${JSON.stringify(preferencesSchema.parse(preferences), null, 2)}\n`, { mode: 0o600 });
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Holds the preferences in memory and writes each change, one write at a time, the last one winning. */
export class PreferenceStore {
  private current: Preferences;
  private writing: Promise<void> = Promise.resolve();
  private readonly dataDir: string;

  constructor(dataDir: string, initial: Preferences) {
    this.dataDir = dataDir;
    this.current = initial;
  }

  static async open(dataDir: string): Promise<PreferenceStore> {
    return new PreferenceStore(dataDir, await loadPreferences(dataDir));
  }

  get(): Preferences {
    return this.current;
  }

  update(change: Partial<Preferences>): Promise<void> {
    this.current = { ...this.current, ...change };
    const snapshot = this.current;
    this.writing = this.writing.then(() => savePreferences(this.dataDir, snapshot)).catch(() => undefined);
    return this.writing;
  }

  /** Resolves when every change so far is on disk. */
  flushed(): Promise<void> {
    return this.writing;
  }
}
