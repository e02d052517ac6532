import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseServeArgs, type ServeOptions } from '../../core/cli/serve-options.ts';
import { ConfigError } from '../../core/config/errors.ts';

let dir: string;
let configFile: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mx-serve-'));
  configFile = join(dir, 'config.json');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Parses with --data pointing at the temp folder, so no test reads the real user's settings. */
async function serve(...args: string[]): Promise<ServeOptions> {
  const result = await parseServeArgs(['--data', dir, ...args], {});
  if ('help' in result) throw new Error('expected options, got help');
  return result;
}

async function serveError(...args: string[]): Promise<string> {
  const error = await serve(...args).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).message;
}

describe('parseServeArgs: values', () => {
  it('uses the default data folder and all defaults when there is no file', async () => {
    const result = await parseServeArgs([], { XDG_CONFIG_HOME: dir });
    if ('help' in result) throw new Error('expected options');
    const { config, configPath } = result;
    expect(config.dataDir).toBe(join(dir, 'mx-standby'));
    expect(configPath).toBe(join(dir, 'mx-standby', 'config.json'));
    expect(config.smtpListen).toEqual({ host: '0.0.0.0', port: 25 });
    expect(config.smtpListenExplicit).toBe(false);
    expect(config.adminListen).toEqual({ host: '127.0.0.1', port: 8025 });
    expect(config.healthIntervalMs).toBe(30_000);
    expect(config.retryMs).toEqual([60_000, 300_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000]);
    expect(config.lifetimeMs).toBe(30 * 86_400_000);
    expect(config.maxSize).toBe(52_428_800);
    expect(config.primary).toBeNull();
    expect([...config.domains]).toEqual([]);
  });

  it('lets flags override the file, and keeps what flags do not touch', async () => {
    await writeFile(configFile, JSON.stringify({ domains: ['old.example'], hostname: 'backup.example.com', maxSize: 2048 }));
    const { config, configPath } = await serve('--domain', 'new.example', '--max-size', '4096');
    expect(configPath).toBe(configFile);
    expect([...config.domains]).toEqual(['new.example']);
    expect(config.maxSize).toBe(4096);
    expect(config.hostname).toBe('backup.example.com');
  });

  it('collects repeated --domain and --recipient, in either spelling', async () => {
    const { config } = await serve(
      '--domain', 'a.example', '--domain=B.example',
      '--recipients', 'list', '--recipient', 'sales@a.example', '--recipient', '*@b.example',
    );
    expect([...config.domains]).toEqual(['a.example', 'b.example']);
    expect(config.settings.recipientPolicy).toBe('list');
    expect(config.settings.recipients).toEqual(['sales@a.example', '*@b.example']);
  });

  it('reads --primary as a host with a port, or as mx', async () => {
    expect((await serve('--primary', 'mail.example.com:2525')).config.primary).toEqual({
      kind: 'host',
      target: { host: 'mail.example.com', port: 2525 },
    });
    expect((await serve('--primary', 'mx')).config.primary).toEqual({ kind: 'mx' });
  });

  it('splits --retry at commas', async () => {
    const { config } = await serve('--retry', '30s, 2m,1h');
    expect(config.retryMs).toEqual([30_000, 120_000, 3_600_000]);
  });

  it('marks the SMTP address explicit when a flag or the file sets it, even to the default', async () => {
    expect((await serve('--smtp-listen', '0.0.0.0:25')).config.smtpListenExplicit).toBe(true);
    await writeFile(configFile, '{"smtpListen": "127.0.0.1:2525"}');
    const { config } = await serve();
    expect(config.smtpListen).toEqual({ host: '127.0.0.1', port: 2525 });
    expect(config.smtpListenExplicit).toBe(true);
  });

  it('reads the file given with --config instead of DATA/config.json', async () => {
    const other = join(dir, 'standby.json');
    await writeFile(other, '{"lifetime": "5d"}');
    const { config, configPath } = await serve('--config', other, '--health-interval', '10s');
    expect(configPath).toBe(other);
    expect(config.lifetimeMs).toBe(5 * 86_400_000);
    expect(config.healthIntervalMs).toBe(10_000);
  });

  it('returns usage for --help without reading any settings', async () => {
    await writeFile(configFile, 'not json');
    const result = await parseServeArgs(['--data', dir, '--help'], {});
    expect('help' in result && result.help).toContain('Usage: mx-standby serve [options]');
    expect('help' in result && result.help).toMatch(/--retry DURATIONS +waits between delivery attempts, the last repeating/);
  });
});

describe('parseServeArgs: errors', () => {
  it('names the flag, not the key, for a bad flag value', async () => {
    expect(await serveError('--retry', '1m,5x')).toBe('--retry: "5x" is not a duration; write it like 500ms, 2s, 5m, 4h or 30d');
    expect(await serveError('--domain', 'ok.example', '--domain', 'not a domain')).toBe(
      '--domain: "not a domain" must be a domain name such as example.com',
    );
    expect(await serveError('--max-size', '50MB')).toBe('--max-size: "50MB" must be a number');
    expect(await serveError('--recipients', 'all')).toBe('--recipients: "all" must be one of any, list or verify');
    expect(await serveError('--smtp-listen', 'localhost')).toBe(
      '--smtp-listen: "localhost" must look like HOST:PORT, for example 0.0.0.0:25',
    );
  });

  it('rejects a lifetime over 90 days', async () => {
    expect(await serveError('--lifetime', '91d')).toBe('--lifetime: "91d" is too long; the most is 90d');
  });

  it('names the file key for file values and the flag for flag values in one report', async () => {
    await writeFile(configFile, '{"healthInterval": "often"}');
    const message = await serveError('--max-size', '10');
    expect(message.split('\n')).toEqual([
      `${configFile}: "healthInterval": "often" is not a duration; write it like 500ms, 2s, 5m, 4h or 30d`,
      '--max-size: 10 must be at least 1024',
    ]);
  });

  it('lets a flag stand in for a bad value in the file', async () => {
    await writeFile(configFile, '{"lifetime": "forever"}');
    expect((await serve('--lifetime', '2d')).config.lifetimeMs).toBe(2 * 86_400_000);
  });

  it('refuses a missing --config file but not a missing default one', async () => {
    const missing = join(dir, 'nope.json');
    expect(await serveError('--config', missing)).toBe(`${missing}: the file does not exist`);
    expect((await serve()).configPath).toBe(configFile);
  });

  it('reports a JSON syntax error in the file with its line and column', async () => {
    await writeFile(configFile, '{\n  "domains": ["a.example",]\n}\n');
    expect(await serveError()).toBe(`${configFile}: not valid JSON at line 2, column 27: unexpected "]"`);
  });

  it('suggests the option meant by a typo', async () => {
    expect(await serveError('--domian', 'example.com')).toBe('unknown option --domian; did you mean --domain?');
    expect(await serveError('-primary=mx')).toBe('unknown option -primary; did you mean --primary?');
    expect(await serveError('--colour')).toBe('unknown option --colour; see --help for the options');
  });

  it('says which option lacks a value', async () => {
    expect(await serveError('--domain')).toBe('--domain needs a value, for example --domain example.com');
    expect(await serveError('--primary', '--domain', 'example.com')).toBe(
      '--primary needs a value, for example --primary mail.example.com',
    );
  });

  it('refuses a single-valued option given twice, and stray arguments', async () => {
    expect(await serveError('--lifetime', '1d', '--lifetime', '2d')).toBe('--lifetime was given more than once; give it once');
    expect(await serveError('example.com')).toBe('unexpected argument "example.com"; serve takes only options (see --help)');
    expect(await serveError('--help=yes')).toBe('--help takes no value');
  });
});
