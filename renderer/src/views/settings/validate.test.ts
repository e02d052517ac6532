import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../../../../core/api/contract.ts';
import { bytesFrom, changedKeys, fromDraft, toDraft } from './draft.ts';
import { validateDraft } from './validate.ts';

const saved = settingsSchema.parse({
  domains: ['example.com', 'example.org'],
  primary: 'mail.example.com:2525',
  hostname: 'backup.example.com',
  retry: ['1m', '5m'],
  diskFloor: 1_000_000,
});

describe('the settings draft', () => {
  it('turns the settings into form text and back without changing anything', () => {
    const draft = toDraft(saved);
    expect(draft).toMatchObject({ domains: 'example.com\nexample.org', primaryMode: 'host', primaryHost: 'mail.example.com', primaryPort: '2525', retry: '1m, 5m', maxSizeMb: '50', tlsMode: 'self-signed' });
    expect(changedKeys(fromDraft(draft, saved), saved)).toEqual([]);
    expect(validateDraft(draft, saved)).toEqual({ value: saved, errors: {} });
  });

  it('keeps settings the form does not show, and reads each kind of field', () => {
    const draft = { ...toDraft(saved), primaryMode: 'mx' as const, retry: '2m 10m,1h', maxSizeMb: '0.5', hostname: '', tlsMode: 'files' as const, tlsCert: ' /c.pem ', tlsKey: '/k.pem' };
    const next = fromDraft(draft, saved);
    expect(next).toMatchObject({ primary: 'mx', retry: ['2m', '10m', '1h'], maxSize: 524_288, diskFloor: 1_000_000, tls: { cert: '/c.pem', key: '/k.pem' } });
    expect('hostname' in next).toBe(false);
    expect(changedKeys(next, saved).sort()).toEqual(['hostname', 'maxSize', 'primary', 'retry', 'tls']);
    expect(fromDraft({ ...draft, primaryMode: 'none' }, saved).primary).toBeNull();
    expect(toDraft({ ...saved, primary: '[::1]:25' })).toMatchObject({ primaryHost: '[::1]', primaryPort: '25' });
  });

  it('keeps a size that is no round number of megabytes while it is not edited', () => {
    const odd = { ...saved, maxSize: 10_000_001 };
    const draft = toDraft(odd);
    expect(draft.maxSizeMb).toBe('9.537');
    expect(changedKeys(fromDraft(draft, odd), odd)).toEqual([]);
    expect(fromDraft({ ...draft, maxSizeMb: '9.5' }, odd).maxSize).toBe(9_961_472);
  });

  it('reads megabytes, and anything else as not a number', () => {
    expect(bytesFrom('50')).toBe(52_428_800);
    expect(bytesFrom(' 1,5 ')).toBe(1_572_864);
    for (const text of ['', 'fifty', '5 MB', '.']) expect(bytesFrom(text)).toBeNaN();
  });
});

describe('checking the draft with the API schema', () => {
  const check = (changes: Partial<ReturnType<typeof toDraft>>) => validateDraft({ ...toDraft(saved), ...changes }, saved);

  it('names the wrong line of a list and says what is expected', () => {
    const { value, errors } = check({ domains: 'example.com\nmail example' });
    expect(value).toBeNull();
    expect(errors).toEqual({ domains: '"mail example" (item 2) must be a domain name such as example.com.' });
  });

  it('puts a primary problem on the host or on the port', () => {
    expect(check({ primaryPort: '99999' }).errors).toEqual({ primaryPort: '"mail.example.com:99999" must have a port of 65535 or less.' });
    expect(check({ primaryHost: '' }).errors).toEqual({ primaryHost: 'Fill this in: it must be HOST, HOST:PORT or "mx".' });
    expect(check({ primaryHost: 'mail example' }).errors.primaryHost).toMatch(/must be HOST, HOST:PORT or "mx"/);
  });

  it('says durations, sizes and lists in plain words', () => {
    expect(check({ retry: '1m, soon' }).errors.retry).toBe('"soon" is not a duration; write it like 500ms, 2s, 5m, 4h or 30d.');
    expect(check({ retry: ' ' }).errors.retry).toBe('Give at least one interval, like 5m.');
    expect(check({ lifetime: '200d' }).errors.lifetime).toBe('"200d" is too long; the most is 90d.');
    expect(check({ maxSizeMb: 'lots' }).errors.maxSizeMb).toBe('Write a number of megabytes, like 50.');
    expect(check({ maxSizeMb: '0' }).errors.maxSizeMb).toBe('This is too small: the least is 1 KB.');
    expect(check({ maxSizeMb: '2048' }).errors.maxSizeMb).toBe('This is too big: the most is 1 GB.');
    expect(check({ smtpListen: 'everywhere' }).errors.smtpListen).toBe('"everywhere" must look like HOST:PORT, for example 0.0.0.0:25.');
    expect(check({ recipients: 'boss@example.com\nnobody' }).errors.recipients).toBe('"nobody" (item 2) must be an address (name@example.com) or *@example.com.');
  });

  it('asks for both certificate files', () => {
    const { errors } = check({ tlsMode: 'files', tlsCert: '/etc/cert.pem', tlsKey: '' });
    expect(errors).toEqual({ tlsKey: 'Fill this in.' });
  });
});
