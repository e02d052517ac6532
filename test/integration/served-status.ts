import { readAdminToken, readAdminUrl } from '../../core/api/http/admin-files.ts';
import * as outputs from '../../core/api/outputs.ts';
import type { Status } from '../../core/api/contract.ts';

/** The status of the `serve` running on dataDir, through its admin API, as the CLI finds it. */
export async function servedStatus(dataDir: string): Promise<Status> {
  const [url, token] = await Promise.all([readAdminUrl(dataDir), readAdminToken(dataDir)]);
  if (!url || !token) throw new Error(`no admin-url or admin-token in ${dataDir}`);
  const response = await fetch(`${url}/api/v1/status`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`status answered ${response.status}: ${await response.text()}`);
  return outputs.status.parse(await response.json());
}
