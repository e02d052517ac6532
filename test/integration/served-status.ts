import { readAdminToken, readAdminUrl } from '../../core/api/http/admin-files.ts';
import * as outputs from '../../core/api/outputs.ts';
import type { Status } from '../../core/api/contract.ts';

/** GET `path` of the admin API of the `serve` running on dataDir, found as the CLI finds it. */
export async function servedApi(dataDir: string, path: string): Promise<Response> {
  const [url, token] = await Promise.all([readAdminUrl(dataDir), readAdminToken(dataDir)]);
  if (!url || !token) throw new Error(`no admin-url or admin-token in ${dataDir}`);
  return fetch(`${url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
}

/** The status of the `serve` running on dataDir, through its admin API. */
export async function servedStatus(dataDir: string): Promise<Status> {
  const response = await servedApi(dataDir, '/status');
  if (!response.ok) throw new Error(`status answered ${response.status}: ${await response.text()}`);
  return outputs.status.parse(await response.json());
}
