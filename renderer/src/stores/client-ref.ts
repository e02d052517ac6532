import type { Client } from '../api/client.ts';

let current: Client | null = null;

/** The stores reach MX Standby through the client the app was started with (HTTP in a browser, IPC in the desktop app). */
export function setClient(client: Client): void {
  current = client;
}

export function client(): Client {
  if (!current) throw new Error('the client is not set up yet');
  return current;
}
