import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_SCHEME_PRIVILEGES, APP_URL, CONTENT_SECURITY_POLICY, createAppHandler, fileFor, isAppUrl } from '../../../electron/app-protocol.ts';

describe('app://mx-standby, the protocol that serves the built UI', () => {
  let base: string;
  let root: string;
  let handler: (request: Request) => Promise<Response>;

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'mx-standby-protocol-'));
    root = join(base, 'dist');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html><title>MX Standby</title>');
    await writeFile(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
    await writeFile(join(base, 'secret.txt'), 'not for the page');
    handler = createAppHandler(root);
  });

  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

  it('serves the page and its assets, each with the strict CSP', async () => {
    const page = await get(APP_URL);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>MX Standby</title>');
    const script = await get('app://mx-standby/assets/index-abc.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await get('app://mx-standby/')).status).toBe(200);
  });

  it('serves nothing outside the UI folder, on another host, or for other methods', async () => {
    for (const url of [
      'app://mx-standby/../secret.txt',
      'app://mx-standby/%2e%2e/secret.txt',
      'app://mx-standby/assets/..%2f..%2fsecret.txt',
      'app://mx-standby/%00index.html',
      'app://mx-standby/assets/%E0%A4%A.js',
      'app://elsewhere/index.html',
      'app://mx-standby/nothing-here.js',
    ]) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
      expect(await response.text(), url).not.toContain('not for the page');
    }
    expect((await get(APP_URL, 'POST')).status).toBe(404);
    expect(fileFor(root, 'app://mx-standby/..%5C..%5Csecret.txt')).toBeNull();
  });

  it('has a CSP with no inline script, no eval, and nothing remote but https images (for the message frame)', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((part) => [part.split(' ')[0], part.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directives['img-src']).toEqual(["'self'", 'data:', 'blob:', 'https:']);
    expect(directives['form-action']).toEqual(["'none'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|http:|\*/);
    for (const [name, sources] of Object.entries(directives)) {
      if (name !== 'img-src') expect(sources, name).not.toContain('https:');
      if (name !== 'style-src') expect(sources, name).not.toContain("'unsafe-inline'");
    }
  });

  it('is a standard, secure scheme, and only its own host counts as the app', () => {
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true });
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('bypassCSP');
    expect(isAppUrl(APP_URL)).toBe(true);
    expect(isAppUrl('app://mx-standby.example/index.html')).toBe(false);
    expect(isAppUrl('file:///index.html')).toBe(false);
  });
});
