import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toEngineConfig } from '../../core/config/runtime.ts';
import { settingsSchema, type Settings } from '../../core/config/schema.ts';
import type { CheckStatus, SetupCheck } from '../../core/setup/check.ts';
import { buildContext, runChecks, type RunInput, type SetupEnvironment } from '../../core/setup/run-checks.ts';
import { startDnsServer, type TestDnsServer } from '../fixtures/dns-server.ts';
import { issue, startMtaStsServer, type MtaStsServer, type Pem } from '../fixtures/mta-sts-server.ts';
import { startPrimary, type PrimaryFixture } from '../fixtures/primary.ts';

/** The local world the setup checks run against: DNS servers, the MTA-STS HTTPS host, a primary, our listener. */

export const SELF_IP = '198.51.100.20';
export const MB = 1024 * 1024;

export interface EnvironmentOptions {
  /** Our certificate signed by the test CA (default) or self-signed. */
  signed?: boolean;
  /** The name our certificate is for; default the hostname setting. */
  certHost?: string;
  /** The resolvers setting; default the main DNS server. */
  resolvers?: TestDnsServer[];
}

export interface SetupHarness {
  dns: TestDnsServer;
  /** A second resolver that has not seen the newest records yet. */
  lagging: TestDnsServer;
  https: MtaStsServer;
  primary: PrimaryFixture;
  /** Stands in for this server's own SMTP listener. */
  listener: PrimaryFixture;
  checks(input: RunInput, settings?: Partial<Settings>, options?: EnvironmentOptions): Promise<SetupCheck[]>;
  stop(): Promise<void>;
}

export async function startSetupHarness(): Promise<SetupHarness> {
  const [dns, lagging, https, primary, listener] = await Promise.all([
    startDnsServer(),
    startDnsServer(),
    startMtaStsServer(),
    startPrimary({ size: 50 * MB }),
    startPrimary({ hostname: 'self.test' }),
  ]);
  const dataDir = await mkdtemp(join(tmpdir(), 'mx-standby-setup-'));
  const certificates = new Map<string, Pem>();

  async function certificateFor(host: string, signed: boolean): Promise<string> {
    const key = `${host} ${signed}`;
    if (!certificates.has(key)) certificates.set(key, await issue(host, signed ? https.ca : undefined));
    return certificates.get(key)!.cert;
  }

  async function environment(settings: Partial<Settings>, options: EnvironmentOptions): Promise<SetupEnvironment> {
    const config = toEngineConfig(
      settingsSchema.parse({
        hostname: 'backup-mx.shop.example',
        primary: `127.0.0.1:${primary.port}`,
        resolvers: (options.resolvers ?? [dns]).map((server) => `127.0.0.1:${server.port}`),
        publicAddress: SELF_IP,
        maxSize: 50 * MB,
        ...settings,
      }),
      dataDir,
      true,
    );
    const certificate = await certificateFor(options.certHost ?? config.hostname, options.signed ?? true);
    return {
      config: () => config,
      smtpAddress: { host: '127.0.0.1', port: listener.port },
      certificate: () => certificate,
      options: { systemResolver: false, dnsTimeoutMs: 300, dnsTries: 1, smtpTimeoutMs: 5000, httpsTimeoutMs: 5000, mtaStsPort: https.port, trust: [https.ca.cert] },
    };
  }

  return {
    dns,
    lagging,
    https,
    primary,
    listener,
    checks: async (input, settings = {}, options = {}) => runChecks(await buildContext(await environment(settings, options), input)),
    stop: async () => {
      await Promise.all([dns.stop(), lagging.stop(), https.stop(), primary.stop(), listener.stop()]);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function byId(list: SetupCheck[], id: string): SetupCheck {
  const found = list.find((item) => item.id === id);
  if (!found) throw new Error(`no check ${id} among ${list.map((item) => item.id).join(', ')}`);
  return found;
}

export function statuses(list: SetupCheck[]): Record<string, CheckStatus> {
  return Object.fromEntries(list.map((item) => [item.id, item.status]));
}

/** A domain set up as the wizard asks: primary MX, backup MX (unless null), backup address, SPF with "mx". */
export function publishDomain(server: TestDnsServer, domain: string, backup: string, backupPreference: number | null = 20): void {
  const records = [{ priority: 10, exchange: `mx.${domain}` }];
  if (backupPreference !== null) records.push({ priority: backupPreference, exchange: backup });
  server.set(domain, 'MX', records);
  server.set(`mx.${domain}`, 'A', ['127.0.0.1']);
  server.set(backup, 'A', [SELF_IP]);
  server.set(domain, 'TXT', ['v=spf1 mx -all']);
}
