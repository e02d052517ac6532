import type { EngineConfig, HostPort } from '../config/runtime.ts';
import { localAddresses, routeByMx, type MxRoute } from '../dns/mx-route.ts';
import type { DnsResolver } from '../dns/resolver.ts';
import type { ClaimScope } from '../store/deliveries.ts';
import type { MessageKind } from '../store/rows.ts';

const MX_CACHE_MS = 5 * 60_000;

/** Where a group of deliveries goes: hosts to try in order, or why it must wait. */
export type Resolution = { kind: 'deliver'; hosts: HostPort[] } | { kind: 'wait'; reason: string };

export interface PendingGroup {
  kind: MessageKind;
  domain: string;
  nextAt: number;
}

/** Deliveries that share one destination, so one connection window and one run at a time. `key` also names its health watch. */
export interface ScopeWork {
  key: string;
  scope: ClaimScope;
  nextAt: number;
}

/**
 * Decides destinations. Held mail for our domains goes to the configured
 * primary, or to the domain's MX hosts ranked before this one; notices to
 * senders (DSNs) go to the bounce relay or the sender's domain's MX.
 */
export class Router {
  private readonly mxCache = new Map<string, { route: MxRoute; until: number }>();
  private readonly config: () => EngineConfig;
  private readonly resolver: DnsResolver;

  constructor(config: () => EngineConfig, resolver: DnsResolver) {
    this.config = config;
    this.resolver = resolver;
  }

  /** With one fixed primary, all our domains share one scope: one set of connections to it. */
  scopeFor(kind: MessageKind, domain: string, nextAt: number): ScopeWork {
    const shared = kind === 'inbound' && this.config().primary?.kind === 'host';
    const key = shared ? 'primary' : `${kind === 'inbound' ? 'mx' : 'dsn'}:${domain}`;
    return { key, scope: { kind, domain: shared ? null : domain }, nextAt };
  }

  scopes(pending: PendingGroup[]): ScopeWork[] {
    const byKey = new Map<string, ScopeWork>();
    for (const group of pending) {
      const work = this.scopeFor(group.kind, group.domain, group.nextAt);
      const current = byKey.get(work.key);
      if (current) current.nextAt = Math.min(current.nextAt, work.nextAt);
      else byKey.set(work.key, work);
    }
    return [...byKey.values()];
  }

  async resolve(scope: ClaimScope): Promise<Resolution> {
    const config = this.config();
    if (scope.kind === 'dsn') {
      if (config.bounceRelay) return { kind: 'deliver', hosts: [config.bounceRelay] };
      return this.byMx(scope.domain!);
    }
    const primary = config.primary;
    if (!primary) return { kind: 'wait', reason: 'No primary mail server is set: mail waits here until one is configured' };
    if (primary.kind === 'host') return { kind: 'deliver', hosts: [primary.target] };
    return this.byMx(scope.domain!);
  }

  private async byMx(domain: string): Promise<Resolution> {
    const route = await this.mxRoute(domain);
    if (route.kind === 'wait') return route;
    return { kind: 'deliver', hosts: route.hosts.map(({ host, port }) => ({ host, port })) };
  }

  private async mxRoute(domain: string): Promise<MxRoute> {
    const cached = this.mxCache.get(domain);
    if (cached && cached.until > Date.now()) return cached.route;
    const config = this.config();
    const route = await routeByMx(domain, {
      resolver: this.resolver,
      selfNames: [config.hostname],
      selfAddresses: config.settings.publicAddress ? [...localAddresses(), config.settings.publicAddress] : localAddresses(),
    });
    // A failed look-up is retried sooner than a good answer is refreshed.
    this.mxCache.set(domain, { route, until: Date.now() + (route.kind === 'deliver' ? MX_CACHE_MS : MX_CACHE_MS / 5) });
    return route;
  }
}
