import { readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { SetupCheck, SetupRun } from './check.ts';
import { runSchema } from './schemas.ts';

/**
 * The last run of the setup checks for each domain, kept in DATA/setup-checks.json
 * so a check that turns from pass to fail is noticed across restarts too.
 */

const fileSchema = z.record(z.string(), runSchema);

export class SetupRecord {
  private readonly path: string;
  private runs = new Map<string, SetupRun>();
  private loaded = false;

  constructor(path: string) {
    this.path = path;
  }

  /** Reads the file once; a missing or unreadable file means no earlier runs, never a failed start. */
  private async load(): Promise<void> {
    if (this.loaded) return;
    this.loaded = true;
    try {
      const parsed = fileSchema.safeParse(JSON.parse(await readFile(this.path, 'utf8')));
      if (parsed.success) this.runs = new Map(Object.entries(parsed.data));
    } catch {
      // Nothing recorded yet.
    }
  }

  async last(domain: string): Promise<SetupRun | null> {
    await this.load();
    return this.runs.get(domain) ?? null;
  }

  /** Keeps the run and answers the checks that passed last time and fail now. */
  async save(run: SetupRun): Promise<SetupCheck[]> {
    await this.load();
    const before = new Map((this.runs.get(run.domain)?.checks ?? []).map((item) => [item.id, item.status]));
    this.runs.set(run.domain, run);
    const temporary = `${this.path}.tmp`;
    await writeFile(temporary, `${JSON.stringify(Object.fromEntries(this.runs), null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, this.path);
    return run.checks.filter((item) => item.status === 'fail' && before.get(item.id) === 'pass');
  }
}
