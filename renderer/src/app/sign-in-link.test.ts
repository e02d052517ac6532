import { describe, expect, it } from 'vitest';
import { readSignInEntry, signInCodeIn, takeSignInCode } from './sign-in-link.ts';

describe('sign-in links', () => {
  it('finds the code in a link, a fragment or a bare signin=CODE', () => {
    expect(signInCodeIn('http://127.0.0.1:8025/#signin=Ab_c-1')).toBe('Ab_c-1');
    expect(signInCodeIn('#signin=xyz')).toBe('xyz');
    expect(signInCodeIn('  signin=xyz  ')).toBe('xyz');
    expect(signInCodeIn('#/mail')).toBeNull();
    expect(signInCodeIn('http://x/#nosignin=abc')).toBeNull();
  });

  it('tells a pasted link from a pasted token, and explains what is wrong with anything else', () => {
    expect(readSignInEntry(' http://127.0.0.1:8025/#signin=abc\n')).toEqual({ kind: 'code', code: 'abc' });
    expect(readSignInEntry('Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5')).toEqual({ kind: 'token', token: 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5' });
    expect(readSignInEntry('   ')).toMatchObject({ kind: 'invalid', message: 'Paste the sign-in link, or the admin token.' });
    expect(readSignInEntry('http://127.0.0.1:8025/')).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/no sign-in code/) });
    expect(readSignInEntry('two words')).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/no spaces/) });
  });

  it('takes the code out of the address, keeping the path and query', () => {
    const replaced: string[] = [];
    const history = { state: null, replaceState: (_state: unknown, _title: string, url?: string | URL | null) => void replaced.push(String(url)) };
    expect(takeSignInCode({ hash: '#signin=abc', pathname: '/', search: '?x=1' }, history)).toBe('abc');
    expect(replaced).toEqual(['/?x=1']);
    expect(takeSignInCode({ hash: '#/mail', pathname: '/', search: '' }, history)).toBeNull();
    expect(replaced).toHaveLength(1);
  });
});
