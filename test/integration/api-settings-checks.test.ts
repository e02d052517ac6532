import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as outputs from '../../core/api/outputs.ts';
import { issue, type Pem } from '../fixtures/mta-sts-server.ts';
import { startAdmin, type RunningAdmin } from './api-harness.ts';
import { runCli } from './cli-run.ts';

/** Settings a start would choke on are refused when saved, with the key named; and at start, in one line. */

let pair: Pem;
let otherPair: Pem;

beforeAll(async () => {
  [pair, otherPair] = await Promise.all([issue('mail.backup.test'), issue('other.backup.test')]);
});

/** Writes the files into DIR/certs and gives their paths relative to DIR. */
async function certFiles(dir: string, files: { cert: string; key: string }): Promise<{ cert: string; key: string }> {
  await mkdir(join(dir, 'certs'), { recursive: true });
  await writeFile(join(dir, 'certs', 'cert.pem'), files.cert);
  await writeFile(join(dir, 'certs', 'key.pem'), files.key);
  return { cert: 'certs/cert.pem', key: 'certs/key.pem' };
}

describe('settings checked against this machine when saved', () => {
  let server: RunningAdmin;

  afterEach(async () => {
    await server?.stop();
  });

  const current = async () => outputs.settings.parse(await (await server.call('/settings')).json());
  const put = async (change: Record<string, unknown>) =>
    server.call('/settings', { method: 'PUT', body: JSON.stringify({ ...(await current()), ...change }) });
  const refusal = async (response: Response) => {
    expect(response.status).toBe(400);
    return outputs.errorBody.parse(await response.json()).error;
  };

  it('refuses TLS files that are missing, not PEM, or not a pair, naming the key and the file', async () => {
    server = await startAdmin({});
    const dir = server.running.dataDir;
    const missing = join(dir, 'nowhere', 'cert.pem');

    expect(await refusal(await put({ tls: { cert: missing, key: missing } }))).toMatchObject({
      code: 'invalid_input',
      field: 'tls.cert',
      message: `tls.cert: ${missing}: the file does not exist`,
    });

    await writeFile(join(dir, 'notes.txt'), 'not a certificate\n');
    const relative = await certFiles(dir, pair);
    expect(await refusal(await put({ tls: { cert: 'notes.txt', key: relative.key } }))).toMatchObject({
      field: 'tls.cert',
      message: `tls.cert: ${join(dir, 'notes.txt')} is not a PEM certificate`,
    });
    expect(await refusal(await put({ tls: { cert: relative.key, key: relative.cert } }))).toMatchObject({
      field: 'tls.cert',
      message: expect.stringContaining('swapped'),
    });

    await writeFile(join(dir, 'other-key.pem'), otherPair.key);
    expect(await refusal(await put({ tls: { cert: relative.cert, key: 'other-key.pem' } }))).toMatchObject({
      field: 'tls.key',
      message: `tls.key: ${join(dir, 'other-key.pem')} is not the key of the certificate in ${join(dir, 'certs', 'cert.pem')}`,
    });

    expect((await current()).tls).toBeNull();
    await expect(readFile(join(dir, 'config.json'), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('takes relative TLS paths from the data folder, when saved and at the next start', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mx-standby-tls-'));
    try {
      server = await startAdmin({}, { dataDir });
      const tls = await certFiles(dataDir, pair);
      const saved = await put({ tls });
      expect(saved.status).toBe(200);
      expect(outputs.settingsResult.parse(await saved.json()).restartNeeded).toEqual(['tls']);
      await server.stop();

      server = await startAdmin({ tls }, { dataDir });
      const status = outputs.status.parse(await (await server.call('/status')).json());
      expect(status.smtp.tls).toMatchObject({ source: 'configured', subject: 'CN=mail.backup.test' });
    } finally {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("refuses a primary that is this server's own mail listener, by address or by name", async () => {
    server = await startAdmin({ hostname: 'backup.test' });
    const port = server.running.port;
    for (const primary of [`127.0.0.1:${port}`, `127.0.0.7:${port}`, `[::1]:${port}`, `localhost:${port}`, `backup.test:${port}`]) {
      expect(await refusal(await put({ primary }))).toMatchObject({
        field: 'primary',
        message: expect.stringMatching(/^primary: \S+ is this server's own mail listener/),
      });
    }
    expect((await current()).primary).toBeNull();
    expect((await put({ primary: `127.0.0.1:${port + 1}` })).status).toBe(200);
  });
});

// Longer than runCli's own limit: a serve that wrongly starts is then ended by runCli, not left behind by the test.
const RUN_CLI_LIMIT = 70_000;

describe('settings checked against this machine at start', () => {
  let dataDir: string;

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  async function serveWith(config: Record<string, unknown>, files: Record<string, string> = {}) {
    dataDir = await mkdtemp(join(tmpdir(), 'mx-standby-start-check-'));
    await writeFile(join(dataDir, 'config.json'), JSON.stringify(config));
    for (const [name, text] of Object.entries(files)) await writeFile(join(dataDir, name), text);
    return runCli(['serve', '--data', dataDir, '--smtp-listen', '127.0.0.1:2599', '--admin-listen', '127.0.0.1:0']);
  }

  it('stops with one line naming tls.cert when the certificate is not PEM', async () => {
    const result = await serveWith({ tls: { cert: 'cert.pem', key: 'key.pem' } }, { 'cert.pem': 'hello\n', 'key.pem': pair.key });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`mx-standby: tls.cert: ${join(dataDir, 'cert.pem')} is not a PEM certificate\n`);
  }, RUN_CLI_LIMIT);

  it('stops with one line naming primary when the primary is this server', async () => {
    const result = await serveWith({ primary: '127.0.0.1:2599' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("mx-standby: primary: 127.0.0.1:2599 is this server's own mail listener, so mail handed to it would come straight back; give the address of the primary mail server\n");
  }, RUN_CLI_LIMIT);
});
