import { generateKeyPairSync } from 'node:crypto';
import { dkimSign, dkimVerify } from 'mailauth';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPrimary, type PrimaryFixture } from '../fixtures/primary.ts';
import { plainMessage, sendMail, startEngine, withoutOurReceived, type RunningEngine } from './engine-harness.ts';

const SELECTOR = 'mx2026';
const DOMAIN = 'origin.test';

/** A body that canonicalization is strict about: trailing blanks, tabs, a leading dot, empty lines at the end. */
const BODY = 'Dear user,\r\n\r\nThe figures:\tone  two   \r\n.a line that starts with a dot\r\n..and two dots\r\n\r\nRegards\r\n\r\n\r\n';
const FOLDED = 'X-Campaign: spring\r\n  sale,\r\n\tsecond line of a folded field\r\n';

describe('DKIM signatures survive the trip (DESIGN.md promise 2)', () => {
  let privateKey: string;
  let keyRecord: string;
  let primary: PrimaryFixture;
  let running: RunningEngine;

  /** Answers only our selector's TXT record, so nothing goes to the network. */
  const resolver = async (name: string, type: string) => {
    if (type === 'TXT' && name === `${SELECTOR}._domainkey.${DOMAIN}`) return [[keyRecord]];
    throw Object.assign(new Error(`no ${type} record for ${name}`), { code: 'ENOTFOUND' });
  };

  const verify = async (raw: Buffer) => (await dkimVerify(raw, { resolver })).results.map((result) => result.status.result);

  beforeAll(() => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    privateKey = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    keyRecord = `v=DKIM1; k=rsa; p=${pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
  });

  afterEach(async () => {
    await running?.stop();
    await primary?.stop();
  });

  it.each(['simple/simple', 'relaxed/relaxed'])('a %s signature still verifies at the primary', async (canonicalization) => {
    primary = await startPrimary();
    running = await startEngine({ primaryPort: primary.port });
    const unsigned = plainMessage(`signed ${canonicalization}`, BODY, FOLDED);
    const key = { signingDomain: DOMAIN, selector: SELECTOR, privateKey };
    // mailauth 7 signs with the keys in signatureData; its type definitions also want one at the top.
    const signing = await dkimSign(unsigned, { ...key, canonicalization, signatureData: [key] });
    expect(signing.errors).toEqual([]);
    const signed = signing.signatures + unsigned;
    expect(await verify(Buffer.from(signed))).toEqual(['pass']);

    const result = await sendMail(running.port, { from: `sender@${DOMAIN}`, to: ['user@example.test'], raw: signed });
    expect(result).toMatchObject({ ok: true, code: 250 });
    await primary.waitFor(1);

    const arrived = primary.received[0]!.raw;
    expect(withoutOurReceived(arrived)).toBe(signed);
    expect(await verify(arrived)).toEqual(['pass']);
    // The verifier is not just agreeable: one changed byte in the body breaks the signature.
    const tampered = Buffer.from(arrived.toString('utf8').replace('The figures', 'The Figures'));
    expect(await verify(tampered)).toEqual(['neutral']);
  });
});
