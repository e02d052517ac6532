import { formatHostPort, parseHostPort, type EngineConfig, type HostPort } from '../config/runtime.ts';
import { lookupDomain } from '../dns/domain-report.ts';
import { createResolver, type RecordResolver } from '../dns/resolver.ts';
import type { SetupCheck, SetupRun } from './check.ts';
import { hostAddress, mxPublished, reverseDns } from './checks-dns.ts';
import { port25Outside, primaryAccepts, primaryReachable, primarySize, smtpListening } from './checks-mail.ts';
import { lookupPolicy, mtaStsListed, spf, tlsCertificate } from './checks-policy.ts';
import { backupHostFor, type NamedResolver, type SetupContext } from './context.ts';
import { talkToPrimary } from './primary-dialog.ts';

/** How the checks reach the outside; the defaults are for real use, tests narrow them to local fixtures. */
export interface SetupOptions {
  /** Also check the MX record on the system's resolver (default true); tests turn it off to stay off the Internet. */
  systemResolver?: boolean;
  dnsTimeoutMs?: number;
  dnsTries?: number;
  smtpTimeoutMs?: number;
  httpsTimeoutMs?: number;
  /** The HTTPS port of mta-sts.DOMAIN (443). */
  mtaStsPort?: number;
  /** Certificate authorities (PEM) to trust instead of the public ones, for the MTA-STS fetch and our certificate. */
  trust?: string[];
}

/** What the checks read from the running engine. */
export interface SetupEnvironment {
  config: () => EngineConfig;
  smtpAddress: HostPort;
  /** The certificate STARTTLS offers (PEM). */
  certificate: () => string;
  options: SetupOptions;
}

/** Overrides for a run, e.g. from the setup wizard before the settings are saved. */
export interface RunInput {
  domain: string;
  hostname?: string;
  publicAddress?: string;
  /** The primary setting to check with instead of the saved one: HOST[:PORT], or "mx". */
  primary?: string;
}

export function engineResolver(environment: SetupEnvironment): RecordResolver {
  const { options } = environment;
  return createResolver(environment.config().resolvers, {
    timeoutMs: options.dnsTimeoutMs ?? 5000,
    tries: options.dnsTries ?? 2,
  });
}

function namedResolvers(environment: SetupEnvironment): NamedResolver[] {
  const { options } = environment;
  const tuning = { timeoutMs: options.dnsTimeoutMs ?? 5000, tries: options.dnsTries ?? 2 };
  const system: NamedResolver[] =
    options.systemResolver === false ? [] : [{ label: 'the system DNS resolver', key: 'system', resolver: createResolver([], tuning) }];
  const listed = environment.config().resolvers.map((server) => ({
    label: `DNS server ${formatHostPort(server)}`,
    key: formatHostPort(server),
    resolver: createResolver([server], tuning),
  }));
  return [...system, ...listed];
}

export async function buildContext(environment: SetupEnvironment, input: RunInput): Promise<SetupContext> {
  const config = environment.config();
  const { settings } = config;
  const domain = input.domain.toLowerCase().replace(/\.$/, '');
  const backupHost = backupHostFor(input.hostname ?? settings.hostname, domain);
  const resolver = engineResolver(environment);
  const report = await lookupDomain(resolver, domain, [backupHost]);
  const fromMx = report.primary ? { host: report.primary, port: 25 } : null;
  const route = input.primary === undefined ? config.primary : input.primary === 'mx' ? ({ kind: 'mx' } as const) : ({ kind: 'host', target: parseHostPort(input.primary, 25) } as const);
  const primary = route?.kind === 'host' ? route.target : route?.kind === 'mx' ? fromMx : null;
  const { options } = environment;
  return {
    domain,
    backupHost,
    publicAddress: input.publicAddress ?? settings.publicAddress ?? null,
    resolver,
    resolvers: namedResolvers(environment),
    report,
    primary,
    primarySource: route === null ? 'none' : route.kind === 'host' ? 'settings' : 'mx',
    heloName: config.hostname,
    smtpAddress: environment.smtpAddress,
    maxSize: config.maxSize,
    bounceRelay: config.bounceRelay,
    certificate: environment.certificate(),
    smtpTimeoutMs: options.smtpTimeoutMs ?? 10_000,
    httpsTimeoutMs: options.httpsTimeoutMs ?? 10_000,
    ...(options.trust ? { trust: options.trust } : {}),
    ...(options.mtaStsPort ? { mtaStsPort: options.mtaStsPort } : {}),
  };
}

/** Every setup check of a domain, in the order the owner reads them. Never throws: trouble is a check's finding. */
export async function runChecks(context: SetupContext): Promise<SetupCheck[]> {
  const dialog = context.primary
    ? talkToPrimary(context.primary, { heloName: context.heloName, domain: context.domain, timeoutMs: context.smtpTimeoutMs })
    : Promise.resolve(null);
  const policy = lookupPolicy(context);
  const groups = await Promise.all([
    Promise.all(context.resolvers.map((named) => mxPublished(context, named))),
    Promise.all([hostAddress(context), reverseDns(context), smtpListening(context)]),
    [port25Outside(context)],
    Promise.all([primaryReachable(context), dialog.then((talk) => [primarySize(context, talk), primaryAccepts(context, talk)])]),
    Promise.all([spf(context), policy.then((lookup) => [mtaStsListed(context, lookup), tlsCertificate(context, lookup)])]),
  ]);
  return groups.flat(2);
}

export async function runSetupChecks(environment: SetupEnvironment, input: RunInput): Promise<SetupRun> {
  const context = await buildContext(environment, input);
  const checks = await runChecks(context);
  return { domain: context.domain, checkedAt: new Date().toISOString(), checks };
}
