import { hostname } from 'node:os';

/**
 * This computer's name as a mail host name: lower case, and characters that a
 * host name may not hold (Windows allows underscores, for one) made hyphens.
 */
export function machineHostname(): string {
  const name = hostname()
    .toLowerCase()
    .replace(/[^a-z0-9.-]/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return name || 'localhost';
}
