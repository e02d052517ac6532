import { join, resolve } from 'node:path';
import { defaultDataDir } from '../config/data-dir.ts';
import { closestName, ConfigError } from '../config/errors.ts';
import { fileIssueLabel, readSettingsJson, validateSettings } from '../config/load.ts';
import { checkOnThisMachine } from '../config/machine-checks.ts';
import { toEngineConfig, type EngineConfig } from '../config/runtime.ts';
import type { Settings } from '../config/schema.ts';

export interface ServeOptions {
  config: EngineConfig;
  /** The settings file in use, whether or not it exists yet: where saved settings go. */
  configPath: string;
}

/** How a flag's text becomes a settings value: as is, collected when repeated, split at commas, or a byte count. */
type FlagKind = 'text' | 'repeated' | 'commas' | 'bytes';

interface Flag {
  name: string;
  value: string;
  example: string;
  help: string;
  kind: FlagKind;
  /** The setting it overrides; data and config are not settings. */
  key?: keyof Settings;
}

const FLAGS: readonly Flag[] = [
  { name: 'data', value: 'DIR', example: '/var/lib/mx-standby', kind: 'text', help: 'folder for held mail and settings' },
  { name: 'config', value: 'FILE', example: 'standby.json', kind: 'text', help: 'settings file (default: DATA/config.json)' },
  { name: 'domain', value: 'NAME', example: 'example.com', kind: 'repeated', key: 'domains', help: 'a domain to hold mail for; repeat for more' },
  { name: 'primary', value: 'HOST[:PORT]', example: 'mail.example.com', kind: 'text', key: 'primary', help: 'the primary mail server, or "mx" to follow the MX records' },
  { name: 'hostname', value: 'NAME', example: 'backup.example.com', kind: 'text', key: 'hostname', help: 'this server\'s name in SMTP greetings' },
  { name: 'smtp-listen', value: 'HOST:PORT', example: '0.0.0.0:25', kind: 'text', key: 'smtpListen', help: 'where to accept mail (default: 0.0.0.0:25)' },
  { name: 'admin-listen', value: 'HOST:PORT', example: '127.0.0.1:8025', kind: 'text', key: 'adminListen', help: 'where the admin API listens (default: 127.0.0.1:8025)' },
  { name: 'recipients', value: 'any|list|verify', example: 'list', kind: 'text', key: 'recipientPolicy', help: 'which recipients to accept (default: any)' },
  { name: 'recipient', value: 'ADDRESS', example: 'sales@example.com', kind: 'repeated', key: 'recipients', help: 'an address (or *@domain) for --recipients list; repeat for more' },
  { name: 'health-interval', value: 'DURATION', example: '30s', kind: 'text', key: 'healthInterval', help: 'how often to check the primary (default: 30s)' },
  { name: 'retry', value: 'DURATIONS', example: '1m,5m,15m,30m,1h,2h,4h', kind: 'commas', key: 'retry', help: 'waits between delivery attempts, the last repeating (default: 1m,5m,15m,30m,1h,2h,4h)' },
  { name: 'lifetime', value: 'DURATION', example: '30d', kind: 'text', key: 'lifetime', help: 'how long to keep trying before bouncing, up to 90d (default: 30d)' },
  { name: 'max-size', value: 'BYTES', example: '52428800', kind: 'bytes', key: 'maxSize', help: 'largest message accepted (default: 52428800)' },
];

const FLAG_BY_NAME = new Map(FLAGS.map((flag) => [flag.name, flag]));
const FLAG_BY_KEY = new Map(FLAGS.filter((flag) => flag.key).map((flag) => [flag.key as string, flag]));
const KNOWN_NAMES = [...FLAGS.map((flag) => flag.name), 'help'];

/**
 * Options of `mx-standby serve` (argv is what follows "serve"). Merge order: schema defaults,
 * then the settings file, then flags; a flag for a list replaces the file's list. Throws ConfigError.
 */
export async function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<ServeOptions | { help: string }> {
  const given = readFlags(argv);
  const fallbackDataDir = defaultDataDir(process.platform, env);
  if (given.has('help')) return { help: serveUsage(fallbackDataDir) };
  const dataDir = resolve(given.get('data')?.[0] ?? fallbackDataDir);
  const configFlag = given.get('config')?.[0];
  const configPath = resolve(configFlag ?? join(dataDir, 'config.json'));
  const fileInput = await readSettingsJson(configPath, { mustExist: configFlag !== undefined });
  const overrides = settingsFromFlags(given);
  const merged = isPlainObject(fileInput) ? { ...fileInput, ...overrides } : fileInput;
  const settings = validateSettings(merged, (path) => {
    const key = String(path[0] ?? '');
    return Object.hasOwn(overrides, key) ? `--${FLAG_BY_KEY.get(key)!.name}` : fileIssueLabel(configPath, path);
  });
  const smtpListenExplicit = given.has('smtp-listen') || (isPlainObject(fileInput) && Object.hasOwn(fileInput, 'smtpListen'));
  const config = toEngineConfig(settings, dataDir, smtpListenExplicit);
  await checkOnThisMachine(settings, dataDir, [config.smtpListen.port]);
  return { config, configPath };
}

/** Flag name to the values given for it, in order. Rejects unknown flags, missing values and repeats. */
function readFlags(argv: string[]): Map<string, string[]> {
  const given = new Map<string, string[]>();
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index]!;
    if (token === '--help' || token === '-h') {
      given.set('help', []);
      continue;
    }
    if (token.startsWith('--help=')) throw new ConfigError('--help takes no value');
    const equals = token.indexOf('=');
    const name = token.slice(2, equals < 0 ? undefined : equals);
    const flag = token.startsWith('--') ? FLAG_BY_NAME.get(name) : undefined;
    if (!flag) throw new ConfigError(unknownArgument(token));
    const inline = equals < 0 ? undefined : token.slice(equals + 1);
    const value = inline ?? argv[index + 1];
    // A following option means the value was left out, not that the value starts with dashes.
    if (value === undefined || (inline === undefined && value.startsWith('--'))) {
      throw new ConfigError(`--${name} needs a value, for example --${name} ${flag.example}`);
    }
    if (inline === undefined) index++;
    const values = given.get(name) ?? [];
    if (values.length > 0 && flag.kind !== 'repeated') {
      throw new ConfigError(`--${name} was given more than once; give it once`);
    }
    given.set(name, [...values, value]);
  }
  return given;
}

function unknownArgument(token: string): string {
  if (!token.startsWith('-')) return `unexpected argument "${token}"; serve takes only options (see --help)`;
  const typed = token.replace(/^-+/, '').split('=')[0]!;
  const guess = closestName(typed, KNOWN_NAMES);
  const hint = guess ? `; did you mean --${guess}?` : '; see --help for the options';
  return `unknown option ${token.split('=')[0]}${hint}`;
}

/** Settings input from flags, keyed like the file, so the schema checks both the same way. */
function settingsFromFlags(given: Map<string, string[]>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, values] of given) {
    const flag = FLAG_BY_NAME.get(name);
    if (!flag?.key) continue;
    input[flag.key] = flagValue(flag.kind, values);
  }
  return input;
}

function flagValue(kind: FlagKind, values: string[]): unknown {
  const text = values[0]!;
  switch (kind) {
    case 'repeated':
      return values;
    case 'commas':
      return text.split(',').map((part) => part.trim());
    case 'bytes':
      // Anything but plain digits stays text, so the schema's "must be a number" names it.
      return /^\d+$/.test(text) ? Number(text) : text;
    case 'text':
      return text;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function serveUsage(dataDir: string): string {
  const rows = [
    ...FLAGS.map((flag) => [`--${flag.name} ${flag.value}`, flag.help]),
    ['--help', 'show this help'],
  ];
  const width = Math.max(...rows.map(([left]) => left!.length)) + 2;
  return [
    'Usage: mx-standby serve [options]',
    '',
    'Holds mail for your domains while the primary mail server is down and hands it over,',
    'in order, when it is back. Settings come from DATA/config.json; options override them,',
    'and a repeated option replaces the whole list from the file.',
    `DATA is ${dataDir} unless --data says otherwise.`,
    '',
    'Options:',
    ...rows.map(([left, right]) => `  ${left!.padEnd(width)}${right}`),
    '',
    'Durations are written like 500ms, 2s, 5m, 4h or 30d.',
    '',
  ].join('\n');
}
