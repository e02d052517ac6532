import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { operations, type EngineEvent } from '../../../core/api/contract.ts';
import { silentLogger } from '../../../core/log.ts';
import { BRIDGE_NAME, EXTRA_MEMBERS, type DesktopBridge as ShellBridge } from '../../../electron/bridge.ts';
import { bindContract } from '../../../electron/ipc-main.ts';
import { createBridge, exposeBridge } from '../../../electron/preload-api.ts';
import { isAppFrame } from '../../../electron/security.ts';
import { ApiFailure } from '../../../renderer/src/api/transport.ts';
import { desktopBridge, IpcTransport, type DesktopBridge as UiBridge } from '../../../renderer/src/api/ipc-transport.ts';
import { plainMessage, sendMail, startEngine, until, type RunningEngine } from '../../integration/engine-harness.ts';
import { rendererIpc, StandInContents, StandInIpcMain } from './stand-ins.ts';

// The UI's view of the bridge and the shell's must be one and the same type (checked by `npm run typecheck`).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameBridge: Same<UiBridge, ShellBridge> = true;

const jsonOperations = Object.entries(operations)
  .filter(([, operation]) => operation.kind === 'query' || operation.kind === 'command')
  .map(([name]) => name);

describe("the preload's bridge, over the IPC binding, to a real engine", () => {
  let running: RunningEngine;
  let ipcMain: StandInIpcMain;
  let contents: StandInContents;
  let unbind: () => void;

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

  it('exposes exactly the JSON operations of the contract, the bytes operations and subscribe, as window.mxStandby', () => {
    const exposed: { name: string; value: unknown }[] = [];
    exposeBridge({ exposeInMainWorld: (name, value) => void exposed.push({ name, value }) }, rendererIpc(ipcMain, contents));
    expect(exposed).toHaveLength(1);
    expect(exposed[0]!.name).toBe(BRIDGE_NAME);
    expect(BRIDGE_NAME).toBe('mxStandby');
    const bridge = exposed[0]!.value as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual([...jsonOperations, ...EXTRA_MEMBERS].sort());
    for (const key of Object.keys(bridge)) expect(typeof bridge[key], key).toBe('function');
    for (const name of EXTRA_MEMBERS) expect(operations).not.toHaveProperty(name);
    // No way to IPC itself: no ipcRenderer, no send, no invoke with a channel of the page's choosing.
    for (const absent of ['ipcRenderer', 'invoke', 'send', 'on', 'signIn', 'createSignInLink', 'rawMessage', 'exportMessage', 'attachment', 'events']) {
      expect(bridge).not.toHaveProperty(absent);
    }
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('invokes one channel per operation, with only the input', async () => {
    const ipc = rendererIpc(ipcMain, contents);
    const bridge = createBridge(ipc);
    expect(await bridge.status({})).toMatchObject({ ok: true, value: { hostname: 'backup.test' } });
    expect(await bridge.countMessages({})).toEqual({ ok: true, value: { count: 0 } });
    expect(ipc.channels).toEqual(['mx-standby:call:status', 'mx-standby:call:countMessages']);
  });

  it('serves the UI transport: results, failures as ApiFailure, bytes as a Blob, events', async () => {
    const bridge = createBridge(rendererIpc(ipcMain, contents));
    expect(desktopBridge({ mxStandby: bridge })).toBe(bridge);
    expect(desktopBridge({})).toBeNull();
    const transport = new IpcTransport(bridge);

    const received: EngineEvent[] = [];
    const unsubscribe = transport.subscribe((event) => received.push(event), () => undefined);
    const raw = plainMessage('through the bridge');
    await sendMail(running.port, { from: 'sender@origin.test', to: ['user@example.test'], raw });
    await until(() => received.some((event) => event.type === 'message.received'), 5000, 'the received event');
    unsubscribe();

    const page = (await transport.call('listMessages', {})) as { items: { id: string; subject: string }[] };
    expect(page.items.map((item) => item.subject)).toEqual(['through the bridge']);
    const blob = await transport.messageBytes(page.items[0]!.id);
    expect(blob.type).toBe('message/rfc822');
    expect(await blob.text()).toBe(raw);

    const failure = await transport.call('getMessage', { id: 'nosuchmessage1' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiFailure);
    expect(failure).toMatchObject({ status: 404, code: 'not_found', field: 'id' });
    await expect(transport.call('listMessages', { limit: 'many' })).rejects.toMatchObject({ status: 400, code: 'invalid_input', field: 'limit' });
    for (const missing of ['signIn', 'subscribe', 'messageBytes', 'attachmentBytes', 'toString', 'constructor']) {
      await expect(transport.call(missing, {})).rejects.toMatchObject({ code: 'unknown_operation' });
    }
  });

  it('gives the UI an attachment as a Blob of the type the HTTP binding would give', async () => {
    const raw =
      'From: sender@origin.test\r\nTo: user@example.test\r\nSubject: a file\r\nMIME-Version: 1.0\r\n' +
      'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n' +
      '--b\r\nContent-Type: image/svg+xml; name="x.svg"\r\nContent-Disposition: attachment; filename="x.svg"\r\n\r\n<svg/>\r\n--b--\r\n';
    await sendMail(running.port, { from: 'sender@origin.test', to: ['user@example.test'], raw });
    const transport = new IpcTransport(createBridge(rendererIpc(ipcMain, contents)));
    const { items } = (await transport.call('listMessages', {})) as { items: { id: string }[] };
    const blob = await transport.attachmentBytes(items[0]!.id, 0);
    expect(blob.type).toBe('application/octet-stream');
    expect(await blob.text()).toBe('<svg/>');
    await expect(transport.attachmentBytes(items[0]!.id, 7)).rejects.toBeInstanceOf(ApiFailure);
  });

  it('keeps one main-side subscription for any number of listeners, and ends it with the last', async () => {
    const ipc = rendererIpc(ipcMain, contents);
    const bridge = createBridge(ipc);
    const first: string[] = [];
    const second: string[] = [];
    const stopFirst = bridge.subscribe((event) => first.push(event.type));
    const stopSecond = bridge.subscribe((event) => second.push(event.type));
    expect(ipc.channels.filter((channel) => channel === 'mx-standby:subscribe')).toHaveLength(1);
    await sendMail(running.port, { from: 'sender@origin.test', to: ['user@example.test'], raw: plainMessage('one') });
    await until(() => first.includes('message.received') && second.includes('message.received'), 5000, 'both listeners');
    stopFirst();
    stopFirst();
    stopSecond();
    expect(ipc.channels.filter((channel) => channel === 'mx-standby:subscribe')).toHaveLength(2);
    expect(() => bridge.subscribe('not a function' as never)).toThrow(TypeError);
  });

  it('is typed alike on both sides', () => {
    expect(sameBridge).toBe(true);
  });
});
