import type { EngineParts } from '../engine-parts.ts';
import type { EngineApi } from './contract.ts';
import { InvalidInput } from './errors.ts';
import * as schemas from './schemas.ts';
import * as io from './setup-io.ts';

type SetupApi = Pick<EngineApi, 'dnsLookup' | 'setupProposal' | 'setupGuides' | 'runSetupChecks' | 'lastSetupChecks'>;

function domainOrFirst(parts: EngineParts, domain: string | undefined): string {
  if (domain !== undefined) return domain;
  const [first] = [...parts.config().domains].sort();
  if (first === undefined) throw new InvalidInput('domain', 'give a domain: none is configured yet');
  return first;
}

/** The setup operations of the contract; every input is parsed again here, as in service.ts. */
export function setupApi(parts: EngineParts): SetupApi {
  return {
    dnsLookup: async (input) => parts.setup.lookup(io.dnsLookupInput.parse(input).domain),
    setupProposal: async (input) => {
      const { domain, hostname, publicAddress } = io.setupProposalInput.parse(input);
      return parts.setup.proposal({ domain, ...(hostname ? { hostname } : {}), ...(publicAddress ? { publicAddress } : {}) });
    },
    setupGuides: async (input) => {
      schemas.empty.parse(input);
      return { placeholders: { ...io.GUIDE_PLACEHOLDERS }, guides: await parts.setup.guides() };
    },
    runSetupChecks: async (input) => {
      const parsed = io.runSetupChecksInput.parse(input);
      const domain = domainOrFirst(parts, parsed.domain);
      return parts.setup.run({
        domain,
        ...(parsed.hostname ? { hostname: parsed.hostname } : {}),
        ...(parsed.publicAddress ? { publicAddress: parsed.publicAddress } : {}),
        ...(parsed.primary ? { primary: parsed.primary } : {}),
      });
    },
    lastSetupChecks: async (input) => ({ run: await parts.setup.last(domainOrFirst(parts, io.setupChecksInput.parse(input).domain)) }),
  };
}
