import { BlockList, isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

/** Every address of this machine's interfaces, plus the loopback addresses. */
export function localAddresses(): string[] {
  const found = Object.values(networkInterfaces()).flatMap((entries) => (entries ?? []).map((entry) => entry.address));
  return [...new Set([...found, '127.0.0.1', '::1'])];
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

function family(address: string): 'ipv4' | 'ipv6' | undefined {
  const version = isIP(address);
  if (version === 0) return undefined;
  return version === 4 ? 'ipv4' : 'ipv6';
}

// Interface addresses may carry a zone ("fe80::1%eth0"); the zone does not change whose address it is.
function withoutZone(address: string): string {
  return address.replace(/%.*$/, '');
}

function isIn(list: BlockList, address: string): boolean {
  const bare = withoutZone(address);
  const kind = family(bare);
  return kind !== undefined && list.check(bare, kind);
}

/**
 * A test for "does connecting to this address reach this machine?". A BlockList
 * compares addresses by value, so "::ffff:192.0.2.1" matches "192.0.2.1" and
 * "0:0:0:0:0:0:0:1" matches "::1".
 */
export function selfAddressMatcher(selfAddresses: readonly string[]): (address: string) => boolean {
  const self = new BlockList();
  // The unspecified address connects to the local host.
  self.addAddress('0.0.0.0', 'ipv4');
  self.addAddress('::', 'ipv6');
  for (const address of selfAddresses) {
    const bare = withoutZone(address);
    const kind = family(bare);
    if (kind) self.addAddress(bare, kind);
  }
  // All of 127.0.0.0/8 reaches this machine, so owning one loopback address means owning them all.
  if (selfAddresses.some((address) => isIn(loopback, address))) self.addSubnet('127.0.0.0', 8, 'ipv4');
  return (address) => isIn(self, address);
}
