import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';

/** Would a sender that checks certificates (MTA-STS enforce, RFC 8461 4.2) accept ours for this name? */
export interface CertificateVerdict {
  valid: boolean;
  selfSigned: boolean;
  /** Plain words when not valid. */
  problem: string | null;
  subject: string;
}

const MAX_CHAIN = 10;

let publicRoots: X509Certificate[] | null = null;

function roots(trust: readonly string[] | undefined): X509Certificate[] {
  if (trust) return trust.flatMap(certificatesIn);
  publicRoots ??= rootCertificates.map((pem) => new X509Certificate(pem));
  return publicRoots;
}

function certificatesIn(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => new X509Certificate(block));
}

function signedBy(child: X509Certificate, parent: X509Certificate): boolean {
  return child.checkIssued(parent) && child.verify(parent.publicKey);
}

/** Walks from the leaf through the intermediates in the same PEM to a trusted root. */
function chainsToRoot(leaf: X509Certificate, bundle: X509Certificate[], trusted: X509Certificate[]): boolean {
  let current = leaf;
  for (let step = 0; step < MAX_CHAIN; step += 1) {
    if (trusted.some((root) => signedBy(current, root) || root.fingerprint256 === current.fingerprint256)) return true;
    const next = bundle.find((candidate) => candidate !== current && signedBy(current, candidate));
    if (!next) return false;
    current = next;
  }
  return false;
}

/**
 * Judges the certificate (PEM, leaf first, intermediates after) STARTTLS
 * offers, for `host`: in date, issued for that name, and signed by a
 * certificate authority senders trust (`trust` replaces the public ones, for tests).
 */
export function judgeCertificate(pem: string, host: string, options: { trust?: readonly string[]; now?: number } = {}): CertificateVerdict {
  const bundle = certificatesIn(pem);
  const leaf = bundle[0];
  if (!leaf) return { valid: false, selfSigned: false, problem: 'no certificate could be read', subject: '' };
  const now = options.now ?? Date.now();
  const selfSigned = signedBy(leaf, leaf);
  const base = { selfSigned, subject: leaf.subject.replace(/\n/g, ', ') };
  const fail = (problem: string): CertificateVerdict => ({ valid: false, problem, ...base });
  if (now < leaf.validFromDate.getTime()) return fail(`the certificate is not valid before ${leaf.validFromDate.toISOString()}`);
  if (now > leaf.validToDate.getTime()) return fail(`the certificate expired on ${leaf.validToDate.toISOString()}`);
  if (leaf.checkHost(host) === undefined) return fail(`the certificate is not issued for ${host} (it is for ${leaf.subjectAltName ?? leaf.subject})`);
  if (selfSigned && !roots(options.trust).some((root) => root.fingerprint256 === leaf.fingerprint256)) {
    return fail('the certificate is self-signed, so senders cannot check it');
  }
  if (!chainsToRoot(leaf, bundle, roots(options.trust))) return fail('the certificate is not signed by a certificate authority senders trust');
  return { valid: true, problem: null, ...base };
}
