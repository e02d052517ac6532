import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { operations, type EngineEvent } from '../../../core/api/contract.ts';
import { silentLogger } from '../../../core/log.ts';
import { ATTACHMENT_CHANNEL, BYTES_CHANNEL, callChannel, EVENT_CHANNEL, SUBSCRIBE_CHANNEL, type AttachmentBytes, type IpcResult } from '../../../electron/bridge.ts';
import { bindContract } from '../../../electron/ipc-main.ts';
import { isAppFrame } from '../../../electron/security.ts';
import { plainMessage, sendMail, startEngine, until, type RunningEngine } from '../../integration/engine-harness.ts';
import { appFrame, StandInContents, StandInIpcMain, type Frame } from './stand-ins.ts';

/** The contract's JSON operations, read from the contract here rather than from the code under test. */
const jsonOperations = Object.entries(operations)
  .filter(([, operation]) => operation.kind === 'query' || operation.kind === 'command')
  .map(([name]) => name);

describe('the IPC binding of the contract, with a real engine', () => {
  let running: RunningEngine;
  let ipcMain: StandInIpcMain;
  let unbind: () => void;
  let contents: StandInContents;

  beforeEach(async () => {
    running = await startEngine({});
    ipcMain = new StandInIpcMain();
    contents = new StandInContents();
    unbind = bindContract({ ipcMain, api: running.engine.api, isTrusted: isAppFrame, logger: silentLogger() });
  });

  afterEach(async () => {
    unbind();
    await running.stop();
  });

  const call = (operation: string, input: unknown, frame: Frame | null = appFrame()) =>
    ipcMain.invoke(`mx-standby:call:${operation}`, frame, contents, input) as Promise<IpcResult<unknown>>;

  async function receive(subject: string): Promise<string> {
    const raw = plainMessage(subject);
    expect(await sendMail(running.port, { from: 'sender@origin.test', to: ['user@example.test'], raw })).toMatchObject({ ok: true });
    const page = await running.engine.api.listMessages({});
    return page.items.find((item) => item.subject === subject)!.id;
  }

  it('handles every JSON operation of the contract, the bytes operations and the subscription, and nothing else', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...jsonOperations.map((name) => `mx-standby:call:${name}`), BYTES_CHANNEL, ATTACHMENT_CHANNEL].sort());
    expect([...ipcMain.listeners.keys()]).toEqual([SUBSCRIBE_CHANNEL]);
    for (const absent of ['signIn', 'createSignInLink', 'rawMessage', 'exportMessage', 'events']) {
      expect(ipcMain.handlers.has(`mx-standby:call:${absent}`)).toBe(false);
    }
  });

  it('answers queries with what the contract says they give', async () => {
    const id = await receive('query me');
    const inputs: Record<string, unknown> = {
      status: {},
      listMessages: {},
      countMessages: {},
      getMessage: { id },
      getSettings: {},
      activity: {},
      traffic: {},
    };
    // The engine's own queries (the setup ones look up DNS, which these tests leave alone).
    for (const [name, input] of Object.entries(inputs)) {
      const operation = operations[name as keyof typeof operations];
      if (operation.kind !== 'query') throw new Error(`${name} is not a query`);
      const result = await call(name, input);
      expect(result.ok, `${name}: ${JSON.stringify(result)}`).toBe(true);
      if (result.ok) expect(() => operation.output.parse(result.value), name).not.toThrow();
    }
  });

  it('runs commands on the engine', async () => {
    const id = await receive('hold me');
    expect(await call('hold', { ids: [id] })).toEqual({ ok: true, value: { changed: 1, messages: 1 } });
    const detail = await running.engine.api.getMessage({ id });
    expect(detail.deliveries[0]!.state).toBe('held');
  });

  it('refuses calls from anything but the main frame of the app page, before the engine sees them', async () => {
    const id = await receive('keep me');
    const strangers: (Frame | null)[] = [
      null,
      { url: 'https://evil.test/', parent: null },
      { url: 'file:///work/main/renderer/dist/index.html', parent: null },
      { url: 'app://other-host/index.html', parent: null },
      { url: 'app://mx-standby/index.html', parent: appFrame() },
      { url: 'http://mx-standby/index.html', parent: null },
    ];
    for (const frame of strangers) {
      const result = await call('delete', { ids: [id] }, frame);
      expect(result, JSON.stringify(frame)).toEqual({ ok: false, error: expect.objectContaining({ status: 403, code: 'forbidden' }) });
      expect(await ipcMain.invoke(BYTES_CHANNEL, frame, contents, id)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect((await running.engine.api.getMessage({ id })).id).toBe(id);
  });

  it('checks every input with the contract schema and answers as the HTTP binding would', async () => {
    expect(await call('listMessages', { limit: 0 })).toMatchObject({ ok: false, error: { status: 400, code: 'invalid_input', field: 'limit' } });
    expect(await call('status', { extra: true })).toMatchObject({ ok: false, error: { status: 400, code: 'invalid_input', field: 'extra' } });
    expect(await call('hold', { ids: ['../etc'] })).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'ids.0' } });
    expect(await call('updateSettings', { domains: ['not a domain'] })).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'domains.0' } });
    expect(await call('getMessage', { id: 'abcdef123456' })).toMatchObject({ ok: false, error: { status: 404, code: 'not_found' } });
    expect(await ipcMain.invoke(BYTES_CHANNEL, appFrame(), contents, { id: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('gives a message its bytes exactly as received', async () => {
    const raw = plainMessage('bytes please', 'Line one.\r\n..Leading dot.\r\n');
    await sendMail(running.port, { from: 'sender@origin.test', to: ['user@example.test'], raw });
    const id = (await running.engine.api.listMessages({})).items[0]!.id;
    const result = (await ipcMain.invoke(BYTES_CHANNEL, appFrame(), contents, id)) as IpcResult<Uint8Array>;
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(result.value).toString('utf8')).toBe(raw);
    }
    expect(await ipcMain.invoke(BYTES_CHANNEL, appFrame(), contents, 'abcdef123456')).toMatchObject({ ok: false, error: { status: 404 } });
  });

  it('gives an attachment decoded, typed as the HTTP binding types it', async () => {
    const raw =
      'From: sender@origin.test\r\nTo: user@example.test\r\nSubject: with files\r\nMIME-Version: 1.0\r\n' +
      'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n' +
      '--b\r\nContent-Type: text/plain; name="note.txt"\r\nContent-Disposition: attachment; filename="note.txt"\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
      `${Buffer.from('attached words').toString('base64')}\r\n` +
      '--b\r\nContent-Type: text/html; name="page.html"\r\nContent-Disposition: attachment; filename="page.html"\r\n\r\n<script>alert(1)</script>\r\n--b--\r\n';
    await sendMail(running.port, { from: 'sender@origin.test', to: ['user@example.test'], raw });
    const id = (await running.engine.api.listMessages({})).items[0]!.id;
    const content = (await call('messageContent', { id })) as IpcResult<{ attachments: { index: number; filename: string }[] }>;
    expect(content.ok && content.value.attachments.map((item) => item.filename)).toEqual(['note.txt', 'page.html']);
    const note = (await ipcMain.invoke(ATTACHMENT_CHANNEL, appFrame(), contents, id, 0)) as IpcResult<AttachmentBytes>;
    expect(note.ok && { text: Buffer.from(note.value.bytes).toString(), type: note.value.contentType }).toEqual({ text: 'attached words', type: 'text/plain' });
    const page = (await ipcMain.invoke(ATTACHMENT_CHANNEL, appFrame(), contents, id, 1)) as IpcResult<AttachmentBytes>;
    expect(page.ok && page.value.contentType).toBe('application/octet-stream');
    expect(await ipcMain.invoke(ATTACHMENT_CHANNEL, appFrame(), contents, id, -1)).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'index' } });
    expect(await ipcMain.invoke(ATTACHMENT_CHANNEL, { url: 'https://evil.test/', parent: null }, contents, id, 0)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('pushes engine events to a subscribed page until it unsubscribes or goes away', async () => {
    const events = () => contents.sent.filter((sent) => sent.channel === EVENT_CHANNEL).map((sent) => sent.args[0] as EngineEvent);
    ipcMain.send(SUBSCRIBE_CHANNEL, { url: 'https://evil.test/', parent: null }, contents, true);
    await receive('unseen');
    expect(events()).toEqual([]);

    ipcMain.send(SUBSCRIBE_CHANNEL, appFrame(), contents, true);
    ipcMain.send(SUBSCRIBE_CHANNEL, appFrame(), contents, true);
    await receive('seen once');
    await until(() => events().length > 0, 5000, 'an event');
    expect(events().filter((event) => event.type === 'message.received')).toHaveLength(1);
    expect(events()[0]).toMatchObject({ type: 'message.received', data: { subject: 'seen once' } });

    ipcMain.send(SUBSCRIBE_CHANNEL, appFrame(), contents, false);
    const before = events().length;
    await receive('after unsubscribe');
    expect(events()).toHaveLength(before);

    ipcMain.send(SUBSCRIBE_CHANNEL, appFrame(), contents, true);
    contents.destroy();
    await receive('after destroyed');
    expect(events()).toHaveLength(before);
  });

  it('unbinds every channel', () => {
    unbind();
    expect(ipcMain.handlers.size).toBe(0);
    expect(ipcMain.listeners.get(SUBSCRIBE_CHANNEL)).toEqual([]);
    expect(callChannel('status')).toBe('mx-standby:call:status');
    unbind = () => undefined;
  });
});
