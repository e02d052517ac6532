import { X509Certificate } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { readTlsPair } from '../config/tls-files.ts';

export interface TlsMaterial {
  cert: string;
  key: string;
  /** Where it came from, for the status page. */
  source: 'configured' | 'self-signed';
  subject: string;
  validTo: string;
}

/**
 * The certificate STARTTLS offers. A configured PEM pair wins (paths relative
 * to the data folder, checked as readTlsPair says); otherwise a
 * self-signed one is made on first start and kept in DATA/tls. Senders that
 * use opportunistic TLS (nearly all MTAs) accept a self-signed certificate,
 * and it keeps the mail encrypted on the wire.
 */
export async function loadTls(dataDir: string, hostname: string, configured: { cert: string; key: string } | null): Promise<TlsMaterial> {
  if (configured) {
    const { cert, key } = await readTlsPair(dataDir, configured);
    return describe(cert, key, 'configured');
  }
  const dir = join(dataDir, 'tls');
  const certPath = join(dir, 'self-signed-cert.pem');
  const keyPath = join(dir, 'self-signed-key.pem');
  try {
    const [cert, key] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
    return describe(cert, key, 'self-signed');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const made = await generate([{ name: 'commonName', value: hostname }], {
    // RSA: every SMTP peer speaks it, old ones included.
    keyType: 'rsa',
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 10 * 365 * 86_400_000),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: hostname }] }],
  });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeAtomically(keyPath, made.private);
  await writeAtomically(certPath, made.cert);
  return describe(made.cert, made.private, 'self-signed');
}

async function writeAtomically(path: string, text: string): Promise<void> {
  await writeFile(`${path}.tmp`, text, { mode: 0o600 });
  await rename(`${path}.tmp`, path);
}

function describe(cert: string, key: string, source: TlsMaterial['source']): TlsMaterial {
  const parsed = new X509Certificate(cert);
  return { cert, key, source, subject: parsed.subject, validTo: parsed.validTo };
}
