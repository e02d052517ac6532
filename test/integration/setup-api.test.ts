import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SetupRun } from '../../core/api/contract.ts';
import { readAdminToken } from '../../core/api/http/admin-files.ts';
import { startAdminServer, type AdminServer } from '../../core/api/http/server.ts';
import { activityPage, errorBody } from '../../core/api/outputs.ts';
import * as setupIo from '../../core/api/setup-io.ts';
import { start, type Engine } from '../../core/app.ts';
import { toEngineConfig } from '../../core/config/runtime.ts';
import { settingsSchema } from '../../core/config/schema.ts';
import { silentLogger } from '../../core/log.ts';
import { startDnsServer, type TestDnsServer } from '../fixtures/dns-server.ts';
import { startPrimary, type PrimaryFixture } from '../fixtures/primary.ts';

/**
 * The setup operations through the admin HTTP API of a real engine, with the
 * checks pointed at the local DNS server and fixture primary only.
 */

const DOMAIN = 'shop.test';
const BACKUP = `backup-mx.${DOMAIN}`;
const PUBLIC = '198.51.100.20';

let dns: TestDnsServer;
let primary: PrimaryFixture;
let dataDir: string;
let engine: Engine;
let admin: AdminServer;
let token: string;

beforeAll(async () => {
  [dns, primary] = await Promise.all([startDnsServer(), startPrimary()]);
  dataDir = await mkdtemp(join(tmpdir(), 'mx-standby-setup-api-'));
  const settings = settingsSchema.parse({
    domains: [DOMAIN],
    hostname: BACKUP,
    smtpListen: '127.0.0.1:0',
    primary: `127.0.0.1:${primary.port}`,
    resolvers: [`127.0.0.1:${dns.port}`],
    publicAddress: PUBLIC,
  });
  engine = await start(toEngineConfig(settings, dataDir, true), {
    logger: silentLogger(),
    configPath: join(dataDir, 'config.json'),
    setup: { systemResolver: false, dnsTimeoutMs: 300, dnsTries: 1, smtpTimeoutMs: 5000, httpsTimeoutMs: 2000 },
  });
  admin = await startAdminServer({ api: engine.api, listen: { host: '127.0.0.1', port: 0 }, dataDir, logger: silentLogger() });
  token = (await readAdminToken(dataDir))!;
  dns.set(DOMAIN, 'MX', [{ priority: 10, exchange: `mx.${DOMAIN}` }]);
  dns.set(`mx.${DOMAIN}`, 'A', ['127.0.0.1']);
});

afterAll(async () => {
  await admin.stop();
  await engine.stop();
  await Promise.all([dns.stop(), primary.stop()]);
  await rm(dataDir, { recursive: true, force: true });
});

async function call(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${admin.url}/api/v1${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
  });
}

async function json(path: string, init: RequestInit = {}): Promise<unknown> {
  const response = await call(path, init);
  expect(response.status, `${init.method ?? 'GET'} ${path}`).toBe(200);
  return response.json();
}

const runChecks = async () => setupIo.setupRun.parse(await json('/setup/checks', { method: 'POST', body: '{}' }));
const mxCheck = (run: SetupRun) => run.checks.find((item) => item.id === `mx-published@127.0.0.1:${dns.port}`)!;

describe('setup over the HTTP API', () => {
  it('looks up the MX records of a domain and names the primary', async () => {
    const lookup = setupIo.domainLookup.parse(await json(`/setup/dns?domain=${DOMAIN}`));
    expect(lookup).toEqual({
      domain: DOMAIN,
      kind: 'mx',
      hosts: [{ host: `mx.${DOMAIN}`, preference: 10, addresses: ['127.0.0.1'], problem: null }],
      primary: `mx.${DOMAIN}`,
      problem: null,
    });
  });

  it('proposes the records, with the public address from the settings or from the input', async () => {
    const proposal = setupIo.setupProposal.parse(await json(`/setup/proposal?domain=${DOMAIN}`));
    expect(proposal).toMatchObject({ hostname: BACKUP, publicAddress: PUBLIC, preference: 20, missing: [] });
    expect(proposal.zone).toContain(`${DOMAIN}.\t3600\tIN\tMX\t20 ${BACKUP}.\n`);
    const other = setupIo.setupProposal.parse(await json(`/setup/proposal?domain=${DOMAIN}&hostname=mx2.${DOMAIN}&publicAddress=203.0.113.7`));
    expect(other.zone).toContain(`mx2.${DOMAIN}.\t3600\tIN\tA\t203.0.113.7\n`);
  });

  it('lists the provider guides with their placeholders', async () => {
    const guides = setupIo.setupGuides.parse(await json('/setup/guides'));
    expect(guides.guides).toHaveLength(10);
    expect(Object.keys(guides.placeholders)).toEqual(['domain', 'host', 'hostname', 'address', 'preference']);
  });

  it('runs the checks, records them, and turns a pass that becomes a fail into an event', async () => {
    const before = await runChecks();
    expect(before.domain).toBe(DOMAIN);
    expect(mxCheck(before)).toMatchObject({ status: 'fail', found: `MX 10 mx.${DOMAIN}` });
    expect(before.checks.find((item) => item.id === 'primary-reachable')?.status).toBe('pass');

    // The owner adds the records the proposal gave.
    dns.set(DOMAIN, 'MX', [{ priority: 10, exchange: `mx.${DOMAIN}` }, { priority: 20, exchange: BACKUP }]);
    dns.set(BACKUP, 'A', [PUBLIC]);
    const after = await runChecks();
    expect(mxCheck(after).status).toBe('pass');
    expect(after.checks.find((item) => item.id === 'host-address')?.status).toBe('pass');
    const last = setupIo.lastSetupChecks.parse(await json('/setup/checks'));
    expect(last.run).toEqual(after);

    // Later the record is lost again.
    dns.set(DOMAIN, 'MX', [{ priority: 10, exchange: `mx.${DOMAIN}` }]);
    expect(mxCheck(await runChecks()).status).toBe('fail');
    const activity = activityPage.parse(await json('/activity?limit=5'));
    const failed = activity.items.filter((event) => event.type === 'setup.check-failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.data).toEqual({ check: mxCheck(after).title, found: `MX 10 mx.${DOMAIN}` });
  });

  it('answers 400, naming the field, for a malformed domain', async () => {
    const missing = await call('/setup/dns');
    expect(missing.status).toBe(400);
    expect(errorBody.parse(await missing.json()).error.field).toBe('domain');
    const malformed = await call('/setup/checks', { method: 'POST', body: JSON.stringify({ domain: 'not a domain' }) });
    expect(malformed.status).toBe(400);
    expect(errorBody.parse(await malformed.json()).error).toMatchObject({ code: 'invalid_input', field: 'domain' });
  });
});
