import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError } from './errors.ts';
import { readFailure } from './load.ts';

/** A PEM file is a few kilobytes; a bigger one is the wrong file, and is not read whole. */
const MAX_PEM_BYTES = 1024 * 1024;

export interface TlsPair {
  cert: string;
  key: string;
  certificate: X509Certificate;
}

/**
 * A path from the settings: a relative one is taken from the data folder, so the
 * same settings find the same files whichever folder the server was started in.
 */
export function inDataDir(dataDir: string, path: string): string {
  return resolve(dataDir, path);
}

/**
 * Reads the configured certificate and key and checks that they can serve
 * STARTTLS: both PEM, the key not locked by a passphrase, and the key the
 * certificate's own. Throws ConfigError naming tls.cert or tls.key.
 */
export async function readTlsPair(dataDir: string, configured: { cert: string; key: string }): Promise<TlsPair> {
  const certPath = inDataDir(dataDir, configured.cert);
  const keyPath = inDataDir(dataDir, configured.key);
  const cert = await readPemFile('tls.cert', certPath);
  const key = await readPemFile('tls.key', keyPath);
  const certificate = parseCertificate(cert, certPath);
  const privateKey = parsePrivateKey(key, keyPath);
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new ConfigError(`tls.key: ${keyPath} is not the key of the certificate in ${certPath}`, 'tls.key');
  }
  return { cert, key, certificate };
}

async function readPemFile(key: string, path: string): Promise<string> {
  try {
    const handle = await open(path, 'r');
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw new ConfigError(`${key}: ${path} is not a file`, key);
      if (info.size > MAX_PEM_BYTES) throw new ConfigError(`${key}: ${path} is too large to be a PEM file`, key);
      return await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${key}: ${path}: ${readFailure(error)}`, key);
  }
}

function parseCertificate(text: string, path: string): X509Certificate {
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    const swapped = text.includes('PRIVATE KEY-----') ? ' (it holds a private key: are tls.cert and tls.key swapped?)' : '';
    throw new ConfigError(`tls.cert: ${path} is not a PEM certificate${swapped}`, 'tls.cert');
  }
  try {
    return new X509Certificate(text);
  } catch {
    throw new ConfigError(`tls.cert: ${path} is not a PEM certificate (it does not parse)`, 'tls.cert');
  }
}

function parsePrivateKey(text: string, path: string): KeyObject {
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    throw new ConfigError(`tls.key: ${path} is not a PEM private key`, 'tls.key');
  }
  try {
    return createPrivateKey(text);
  } catch (error) {
    const locked = (error as NodeJS.ErrnoException).code === 'ERR_MISSING_PASSPHRASE';
    throw new ConfigError(`tls.key: ${path} ${locked ? 'is locked with a passphrase; give a key without one' : 'is not a PEM private key (it does not parse)'}`, 'tls.key');
  }
}
