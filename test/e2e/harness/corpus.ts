import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const FOLDER = fileURLToPath(new URL('../corpus/', import.meta.url));

export interface HostileMessage {
  name: string;
  /** Unique in the corpus: how the test finds it in serve. */
  subject: string;
  raw: Buffer;
}

const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

/**
 * test/e2e/corpus/*.eml, with {{WATCH}} replaced by the origin of a server
 * that records any request a payload manages to send.
 */
export async function fileCorpus(watchOrigin: string): Promise<HostileMessage[]> {
  const names = (await readdir(FOLDER)).filter((name) => name.endsWith('.eml')).sort();
  return Promise.all(
    names.map(async (name) => {
      const text = (await readFile(`${FOLDER}${name}`, 'utf8')).replaceAll('{{WATCH}}', watchOrigin);
      const subject = /^Subject: (Hostile: [^=\n]+?)\s*(=\?|$)/m.exec(text)?.[1];
      if (!subject) throw new Error(`${name} has no "Subject: Hostile: ..." line`);
      return { name, subject, raw: Buffer.from(crlf(text)) };
    }),
  );
}

/** 3,000 extra header fields and one of 200 KB (folded), in front of a small HTML body. */
export function hugeHeaders(watchOrigin: string): HostileMessage {
  const subject = 'Hostile: huge headers';
  const lines = [
    'From: Mallory <mallory@evil.example>',
    'To: bob@example.test',
    `Subject: ${subject}`,
    'Message-ID: <huge-headers@evil.example>',
    'MIME-Version: 1.0',
  ];
  for (let index = 0; index < 3_000; index += 1) lines.push(`X-Junk-${index}: <script>window.top.__pwned='header-${index}'</script>`);
  const folded: string[] = [];
  for (let index = 0; index < 2_500; index += 1) folded.push(`recipient-${index}@evil.example`);
  lines.push(`X-Long: ${folded.join(',\r\n ')}`);
  lines.push('Content-Type: text/html; charset=utf-8', '', `<p>Small body after big headers.</p><img src="${watchOrigin}/pwned/huge-headers.png">`, '');
  return { name: 'huge-headers', subject, raw: Buffer.from(lines.join('\r\n')) };
}

/** A 20 MB attachment (random bytes, base64: about 27 MB on the wire). */
export function bigAttachment(): { subject: string; attachment: Buffer } {
  return { subject: 'Hostile: 20 MB attachment', attachment: randomBytes(20 * 1024 * 1024) };
}
