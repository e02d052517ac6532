import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { z } from 'zod';
import { guideSchema, type DnsGuide } from './schemas.ts';

/**
 * Step-by-step guides for the DNS hosts small businesses use most, kept as
 * data in resources/dns-guides/*.json and validated here.
 */

export { GUIDE_PLACEHOLDERS, type DnsGuide } from './schemas.ts';

export const GUIDES_DIR = fileURLToPath(new URL('../../resources/dns-guides/', import.meta.url));

/** Reads and validates every guide; a bad file is an error naming the file and the field. */
export async function loadGuides(dir = GUIDES_DIR): Promise<DnsGuide[]> {
  const files = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  const guides = await Promise.all(
    files.map(async (file) => {
      const parsed = guideSchema.safeParse(JSON.parse(await readFile(join(dir, file), 'utf8')));
      if (!parsed.success) throw new Error(`resources/dns-guides/${file}: ${z.prettifyError(parsed.error)}`);
      if (`${parsed.data.id}.json` !== file) throw new Error(`resources/dns-guides/${file}: id "${parsed.data.id}" must match the file name`);
      return parsed.data;
    }),
  );
  return guides.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
}
