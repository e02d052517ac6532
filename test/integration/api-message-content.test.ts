import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageContent } from '../../core/api/message-content-schemas.ts';
import * as outputs from '../../core/api/outputs.ts';
import { startPrimary, type PrimaryFixture } from '../fixtures/primary.ts';
import { primaryKnownDown, startAdmin, type RunningAdmin } from './api-harness.ts';
import { queueIdOf, sendMail } from './engine-harness.ts';

/** messageContent and attachment over real HTTP, against a real engine holding the mail. */

const HEAD = 'From: Sender <sender@origin.test>\r\nTo: User <user@example.test>\r\nDate: Sun, 29 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n';
const HOSTILE_HTML = '<p>Hello <b>owner</b></p><script>alert(1)</script><img src="https://tracker.example/pixel.gif"><img src="cid:logo@origin.test">';

const base64 = (bytes: Buffer) => bytes.toString('base64').replace(/.{76}/g, '$&\r\n');

function htmlMessage(report: Buffer, logo: Buffer): string {
  return (
    `${HEAD}Subject: hostile html\r\nContent-Type: multipart/mixed; boundary="mix"\r\n\r\n` +
    `--mix\r\nContent-Type: multipart/related; boundary="rel"\r\n\r\n` +
    `--rel\r\nContent-Type: multipart/alternative; boundary="alt"\r\n\r\n` +
    `--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello owner\r\n` +
    `--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${HOSTILE_HTML}\r\n--alt--\r\n` +
    `--rel\r\nContent-Type: image/png\r\nContent-ID: <logo@origin.test>\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64(logo)}\r\n--rel--\r\n` +
    `--mix\r\nContent-Type: application/octet-stream; name="../../etc/report \\"Q3\\".bin"\r\n` +
    `Content-Disposition: attachment; filename="../../etc/report \\"Q3\\".bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64(report)}\r\n` +
    `--mix\r\nContent-Type: text/html; name="page.html"\r\nContent-Disposition: attachment; filename="page.html"\r\n\r\n<script>alert(2)</script>\r\n` +
    `--mix--\r\n`
  );
}

/** Boundaries that never close, base64 that is not, a charset nobody knows, a part with no headers. */
const MALFORMED =
  `${HEAD}Subject: broken mime\r\nContent-Type: multipart/mixed; boundary="never"\r\n\r\n` +
  `--never\r\nContent-Type: text/plain; charset=x-unknown-42\r\n\r\nStill readable text\r\n` +
  `--never\r\nContent-Type: image/png\r\nContent-Disposition: attachment; filename=broken.png\r\nContent-Transfer-Encoding: base64\r\n\r\n@@@not base64 at all!!!\r\n` +
  `--never\r\n\r\nno headers here\r\n--never\r\nContent-Type: multipart/alternative; boundary="inner"\r\n\r\n--inner\r\nContent-Type: text/html\r\n\r\n<p>unfinished`;

describe('message content over HTTP', () => {
  let primary: PrimaryFixture;
  let server: RunningAdmin;
  const report = randomBytes(300_000);
  const logo = randomBytes(2_000);
  const big = randomBytes(20 * 1024 * 1024);
  const ids: Record<string, string> = {};

  const send = async (name: string, raw: string) => {
    const result = await sendMail(server.running.port, { from: 'sender@origin.test', to: ['user@example.test'], raw });
    if (!result.ok) throw new Error(`sending ${name} failed: ${result.response}`);
    ids[name] = queueIdOf(result.response);
  };

  const content = async (id: string) => {
    const response = await server.call(`/messages/${id}/content`);
    expect(response.status).toBe(200);
    return messageContent.parse(await response.json());
  };

  beforeAll(async () => {
    primary = await startPrimary({ up: false });
    server = await startAdmin({ primaryPort: primary.port });
    await primaryKnownDown(server);
    await send('html', htmlMessage(report, logo));
    await send('malformed', MALFORMED);
    const parts = Array.from({ length: 1100 }, (_, n) => `--p\r\nContent-Type: application/x-part\r\nContent-Disposition: attachment; filename=p${n}\r\n\r\n${n}\r\n`);
    await send('tooManyParts', `${HEAD}Subject: too many parts\r\nContent-Type: multipart/mixed; boundary=p\r\n\r\n--p\r\nContent-Type: text/plain\r\n\r\nfirst words\r\n${parts.join('')}--p--\r\n`);
    await send('garbage', '\u0000\u0001 not a mail at all\r\n\r\n\u00ff\u00fe');
    await send('bigText', `${HEAD}Subject: long text\r\nContent-Type: text/plain\r\n\r\n${'all work and no play\r\n'.repeat(150_000)}`);
    await send('bidi', `${HEAD}Subject: invoice\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename*=UTF-8''invoice%E2%80%AE%E2%80%8F%D8%9Cfdp.exe\r\n\r\nMZ\r\n--b--\r\n`);
    await send('big', `${HEAD}Subject: big\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--b\r\nContent-Type: application/zip\r\nContent-Disposition: attachment; filename=big.zip\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64(big)}\r\n--b--\r\n`);
  });

  afterAll(async () => {
    await server?.stop();
    await primary?.stop();
  });

  it('gives the HTML exactly as sent (script and remote image included), the text, and the attachments with sizes', async () => {
    const answer = await content(ids.html!);
    expect(answer.html).toContain('<script>alert(1)</script>');
    expect(answer.html).toContain('<img src="https://tracker.example/pixel.gif">');
    expect(answer.html).toContain('cid:logo@origin.test');
    expect(answer.text?.trim()).toBe('Hello owner');
    expect(answer.textFromHtml).toBe(false);
    expect(answer.truncated).toBe(false);
    expect(answer.problems).toEqual([]);
    expect(answer.attachments).toEqual([
      { index: 0, filename: null, contentType: 'image/png', size: logo.length, contentId: 'logo@origin.test', inline: true },
      { index: 1, filename: '../../etc/report "Q3".bin', contentType: 'application/octet-stream', size: report.length, contentId: null, inline: false },
      { index: 2, filename: 'page.html', contentType: 'text/html', size: expect.any(Number), contentId: null, inline: false },
    ]);
  });

  it('sends an attachment decoded, byte for byte, as a file to save with a safe name', async () => {
    const response = await server.call(`/messages/${ids.html}/attachments/1`);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(report)).toBe(true);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="etc_report _Q3_.bin"');
    const logoAnswer = await server.call(`/messages/${ids.html}/attachments/0`);
    expect(logoAnswer.headers.get('content-type')).toBe('image/png');
    expect(logoAnswer.headers.get('content-disposition')).toBe('attachment; filename="attachment-0"');
    expect(Buffer.from(await logoAnswer.arrayBuffer()).equals(logo)).toBe(true);
  });

  it('names a downloaded attachment without bidi controls, so the extension saved is the one shown', async () => {
    expect((await content(ids.bidi!)).attachments[0]!.filename).toBe('invoice\u202E\u200F\u061Cfdp.exe');
    const response = await server.call(`/messages/${ids.bidi}/attachments/0`);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="invoice___fdp.exe"');
  });

  it('never lets an HTML attachment be rendered: octet-stream, attachment, sandboxed', async () => {
    const response = await server.call(`/messages/${ids.html}/attachments/2`);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(response.headers.get('content-security-policy')).toContain('sandbox');
    expect(await response.text()).toContain('<script>alert(2)</script>');
  });

  it('lists and streams a 20 MB attachment with its exact size and bytes', async () => {
    const answer = await content(ids.big!);
    expect(answer.text?.trim()).toBe('see attached');
    expect(answer.attachments).toEqual([{ index: 0, filename: 'big.zip', contentType: 'application/zip', size: big.length, contentId: null, inline: false }]);
    const response = await server.call(`/messages/${ids.big}/attachments/0`);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="big.zip"');
    expect(Buffer.from(await response.arrayBuffer()).equals(big)).toBe(true);
  });

  it('cuts a huge text body and says so', async () => {
    const answer = await content(ids.bigText!);
    expect(answer.truncated).toBe(true);
    expect(answer.text!.length).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(answer.text!.startsWith('all work and no play\n')).toBe(true);
  });

  it('answers malformed MIME with what can be read', async () => {
    const answer = await content(ids.malformed!);
    expect(answer.text).toContain('Still readable text');
    expect(answer.attachments.map((item) => item.filename)).toContain('broken.png');
    const broken = answer.attachments.find((item) => item.filename === 'broken.png')!;
    const response = await server.call(`/messages/${ids.malformed}/attachments/${broken.index}`);
    expect(response.status).toBe(200);
    const tooMany = await content(ids.tooManyParts!);
    expect(tooMany.text).toBe('first words');
    expect(tooMany.attachments.length).toBeGreaterThan(0);
    expect(tooMany.problems).toEqual([expect.stringMatching(/could not be read to the end \(Max allowed child nodes exceeded\)/)]);
    const garbage = await content(ids.garbage!);
    expect(garbage.attachments).toEqual([]);
    expect(garbage.html).toBeNull();
  });

  it('names what is missing: an attachment index, a message, a bad index', async () => {
    const none = await server.call(`/messages/${ids.html}/attachments/7`);
    expect(none.status).toBe(404);
    expect(outputs.errorBody.parse(await none.json()).error).toMatchObject({ code: 'not_found', field: 'index' });
    const bad = await server.call(`/messages/${ids.html}/attachments/first`);
    expect(bad.status).toBe(400);
    expect(outputs.errorBody.parse(await bad.json()).error.field).toBe('index');
    const deleted = await server.call(`/messages/${ids.garbage}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    const gone = await server.call(`/messages/${ids.garbage}/content`);
    expect(gone.status).toBe(404);
    expect(outputs.errorBody.parse(await gone.json()).error.message).toMatch(/no message|no longer/);
  });
});
