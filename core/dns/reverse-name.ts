import { isIPv4, isIPv6 } from 'node:net';

/** Expands an IPv6 address to its 32 hexadecimal digits. */
function ipv6Digits(address: string): string {
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(head);
  const right = groups(tail);
  const missing = 8 - left.length - right.length;
  const all = address.includes('::') ? [...left, ...Array<string>(missing).fill('0'), ...right] : left;
  return all.map((group) => group.padStart(4, '0')).join('');
}

/**
 * The DNS name whose PTR record is an address's reverse name (RFC 1035 3.5,
 * RFC 3596 2.5), so the look-up asks DNS itself: the system's own reverse
 * look-up reads the hosts file first, which says nothing about the internet.
 */
export function reverseLookupName(address: string): string {
  if (isIPv4(address)) return `${address.split('.').reverse().join('.')}.in-addr.arpa`;
  if (isIPv6(address) && !address.includes('.')) return `${[...ipv6Digits(address)].reverse().join('.')}.ip6.arpa`;
  throw new Error(`${address} is not an IP address`);
}
