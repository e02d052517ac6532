import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAdmin, rawRequest, type RunningAdmin } from './api-harness.ts';

describe('the web UI at /', () => {
  let server: RunningAdmin;
  let folder: string;

  afterEach(async () => {
    await server?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  const get = (path: string) => rawRequest(server.admin.url, { path, headers: { host: new URL(server.admin.url).host } });

  it('says the UI is not built yet, without a token, while renderer/dist is missing', async () => {
    folder = await mkdtemp(join(tmpdir(), 'mx-standby-ui-'));
    server = await startAdmin({}, { uiRoot: join(folder, 'dist') });
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('The web interface is not built yet');
    expect(page.body).toContain('admin-token');
    expect((await get('/assets/app.js')).status).toBe(404);
  });

  it('serves the built files with their types, sends routes to index.html, and nothing outside the folder', async () => {
    folder = await mkdtemp(join(tmpdir(), 'mx-standby-ui-'));
    const dist = join(folder, 'dist');
    await mkdir(join(dist, 'assets'), { recursive: true });
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>MX Standby</title>');
    await writeFile(join(dist, 'assets', 'app.js'), 'console.log("ui");');
    await writeFile(join(dist, 'assets', 'app.css'), 'body { margin: 0 }');
    await writeFile(join(folder, 'secret.txt'), 'not for the web');
    await symlink(join(folder, 'secret.txt'), join(dist, 'assets', 'link.txt'));
    server = await startAdmin({}, { uiRoot: dist });

    const index = await get('/');
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.body).toContain('<title>MX Standby</title>');
    expect(await get('/assets/app.js')).toMatchObject({ status: 200, body: 'console.log("ui");', headers: { 'content-type': 'text/javascript; charset=utf-8' } });
    expect((await get('/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await get('/queue/held')).body).toContain('<title>MX Standby</title>');
    expect((await get('/assets/missing.js')).status).toBe(404);

    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/assets/link.txt', '/%00']) {
      const answer = await get(path);
      expect(answer.status, path).toBe(404);
      expect(answer.body, path).not.toContain('not for the web');
    }
    expect((await rawRequest(server.admin.url, { method: 'POST', path: '/', headers: { host: new URL(server.admin.url).host } })).status).toBe(405);
  });
});
