import type { Settings } from '../../../../core/api/contract.ts';

/**
 * The settings as the form edits them: text the owner types, one value per
 * input. `fromDraft` turns it back into the settings the API takes, and the
 * API's own schema checks that (see validate.ts).
 */
export type PrimaryMode = 'host' | 'mx' | 'none';
export type TlsMode = 'self-signed' | 'files';

export interface SettingsDraft {
  /** One domain per line. */
  domains: string;
  primaryMode: PrimaryMode;
  primaryHost: string;
  primaryPort: string;
  recipientPolicy: Settings['recipientPolicy'];
  /** One address per line. */
  recipients: string;
  /** Intervals separated by commas or spaces: "1m, 5m, 15m". */
  retry: string;
  lifetime: string;
  /** Megabytes, decimals allowed. */
  maxSizeMb: string;
  /** Empty: this computer's own name. */
  hostname: string;
  smtpListen: string;
  adminListen: string;
  tlsMode: TlsMode;
  tlsCert: string;
  tlsKey: string;
}

export type DraftField = keyof SettingsDraft;

const MB = 1024 * 1024;

/** "mail.example.com:2525" → host and port; "[::1]:25" keeps its brackets. */
function splitPrimary(primary: string): { host: string; port: string } {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(primary);
  return match ? { host: match[1] ?? '', port: match[2] ?? '' } : { host: primary, port: '' };
}

function megabytes(bytes: number): string {
  return String(Math.round((bytes / MB) * 1000) / 1000);
}

export function toDraft(settings: Settings): SettingsDraft {
  const primary = settings.primary === null || settings.primary === 'mx' ? { host: '', port: '' } : splitPrimary(settings.primary);
  return {
    domains: settings.domains.join('\n'),
    primaryMode: settings.primary === null ? 'none' : settings.primary === 'mx' ? 'mx' : 'host',
    primaryHost: primary.host,
    primaryPort: primary.port,
    recipientPolicy: settings.recipientPolicy,
    recipients: settings.recipients.join('\n'),
    retry: settings.retry.join(', '),
    lifetime: settings.lifetime,
    maxSizeMb: megabytes(settings.maxSize),
    hostname: settings.hostname ?? '',
    smtpListen: settings.smtpListen,
    adminListen: settings.adminListen,
    tlsMode: settings.tls ? 'files' : 'self-signed',
    tlsCert: settings.tls?.cert ?? '',
    tlsKey: settings.tls?.key ?? '',
  };
}

/**
 * The owner's edits carried over to settings that changed underneath (saved
 * from another tab, or by the CLI): the fields the owner changed from `base`
 * keep their value, every other field takes the new one.
 */
export function rebaseDraft(draft: SettingsDraft, base: SettingsDraft, incoming: SettingsDraft): SettingsDraft {
  const next = { ...incoming } as Record<DraftField, unknown>;
  for (const field of Object.keys(draft) as DraftField[]) {
    if (draft[field] !== base[field]) next[field] = draft[field];
  }
  return next as unknown as SettingsDraft;
}

/** The non-empty lines (or comma-separated items) of a list field. */
export function listItems(text: string, separators: RegExp = /[\n,]/): string[] {
  return text
    .split(separators)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Megabytes typed by the owner, in bytes; NaN when it is not a number (the schema then says so). */
export function bytesFrom(text: string): number {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '' || !/^\d*\.?\d*$/.test(trimmed)) return Number.NaN;
  return Math.round(Number(trimmed) * MB);
}

function primaryFrom(draft: SettingsDraft): string | null {
  if (draft.primaryMode === 'none') return null;
  if (draft.primaryMode === 'mx') return 'mx';
  const host = draft.primaryHost.trim();
  const port = draft.primaryPort.trim();
  return port === '' ? host : `${host}:${port}`;
}

/**
 * The settings the draft stands for, unchecked. Settings the form does not
 * show (disk floor, resolvers...) are kept from `base`, the saved settings.
 */
export function fromDraft(draft: SettingsDraft, base: Settings): Record<string, unknown> {
  const next: Record<string, unknown> = {
    ...base,
    domains: listItems(draft.domains),
    primary: primaryFrom(draft),
    recipientPolicy: draft.recipientPolicy,
    recipients: listItems(draft.recipients),
    retry: listItems(draft.retry, /[\s,]+/),
    lifetime: draft.lifetime.trim(),
    // Untouched, the size stays exactly as saved, even when it is no round number of megabytes.
    maxSize: draft.maxSizeMb.trim() === megabytes(base.maxSize) ? base.maxSize : bytesFrom(draft.maxSizeMb),
    smtpListen: draft.smtpListen.trim(),
    adminListen: draft.adminListen.trim(),
    tls: draft.tlsMode === 'files' ? { cert: draft.tlsCert.trim(), key: draft.tlsKey.trim() } : null,
  };
  const hostname = draft.hostname.trim();
  if (hostname === '') delete next.hostname;
  else next.hostname = hostname;
  return next;
}

/** The settings keys whose value in `next` differs from `saved`, in the order the page shows them. */
export function changedKeys(next: Record<string, unknown>, saved: Settings): string[] {
  const keys = new Set([...Object.keys(saved), ...Object.keys(next)]);
  const before = saved as Record<string, unknown>;
  return [...keys].filter((key) => JSON.stringify(next[key]) !== JSON.stringify(before[key])).sort((a, b) => screenOrder(a) - screenOrder(b));
}

/** How the settings keys are named on screen, for "what changed" and "what was applied"; every key must have one. */
export const KEY_LABELS: Record<keyof Settings, string> = {
  domains: 'Domains',
  primary: 'Primary mail server',
  recipientPolicy: 'Recipient policy',
  recipients: 'Recipient list',
  retry: 'Retry schedule',
  lifetime: 'Lifetime',
  maxSize: 'Size limit',
  hostname: 'Host name',
  smtpListen: 'Mail listening address',
  adminListen: 'Admin listening address',
  tls: 'TLS certificate',
  healthInterval: 'Health check interval',
  keepDelivered: 'Keep delivered mail',
  delayNoticeAfter: 'Delay notice',
  diskFloor: 'Disk floor',
  outboundTls: 'TLS when handing over',
  bounceRelay: 'Bounce relay',
  resolvers: 'DNS resolvers',
  maxConnections: 'Connection limit',
  maxConnectionsPerClient: 'Connection limit per client',
  maxRecipients: 'Recipients per message',
  orderHold: 'Order hold',
  maxConnectionsPerDestination: 'Handover connections',
  publicAddress: 'Public address',
  setupCheckInterval: 'Setup check interval',
};

export const labelOf = (key: string): string => (KEY_LABELS as Record<string, string>)[key] ?? key;

const ORDER = Object.keys(KEY_LABELS);
function screenOrder(key: string): number {
  const index = ORDER.indexOf(key);
  return index === -1 ? ORDER.length : index;
}
