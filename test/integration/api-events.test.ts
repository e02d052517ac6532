import { afterEach, describe, expect, it } from 'vitest';
import { engineEvent } from '../../core/api/event-schemas.ts';
import type { EngineEvent } from '../../core/api/contract.ts';
import { startPrimary, type PrimaryFixture } from '../fixtures/primary.ts';
import { primaryKnownDown, startAdmin, type RunningAdmin } from './api-harness.ts';

interface Frame {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

/** A Server-Sent Events reader over fetch, the way a client that must send a token reads the stream. */
class EventReader {
  private buffer = '';
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  readonly response: Response;
  /** What came before the stream went live: the replay of missed events, if any. */
  opening: Frame[] = [];

  constructor(response: Response) {
    this.response = response;
    this.reader = response.body!.getReader();
  }

  static async open(server: RunningAdmin, path = '/events', headers: Record<string, string> = {}): Promise<EventReader> {
    const reader = new EventReader(await server.call(path, { headers }));
    // The stream says it is live only after it has subscribed: events from here on are not missed.
    reader.opening = await reader.until((frame) => frame.comment === 'connected');
    return reader;
  }

  /** Frames up to and including the first that matches. */
  async until(match: (frame: Frame) => boolean): Promise<Frame[]> {
    const frames: Frame[] = [];
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end === -1) {
        const { value, done } = await this.reader.read();
        if (done) throw new Error('the event stream ended');
        this.buffer += this.decoder.decode(value, { stream: true });
        continue;
      }
      const frame = parseFrame(this.buffer.slice(0, end));
      this.buffer = this.buffer.slice(end + 2);
      frames.push(frame);
      if (match(frame)) return frames;
    }
  }

  async close(): Promise<void> {
    await this.reader.cancel();
  }
}

function parseFrame(block: string): Frame {
  const frame: Frame = {};
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':');
    const field = line.slice(0, colon);
    const value = line.slice(colon + 1).trimStart();
    if (field === '') frame.comment = value;
    else if (field === 'id' || field === 'event' || field === 'data') frame[field] = value;
  }
  return frame;
}

const eventsOf = (frames: Frame[]): EngineEvent[] => frames.filter((frame) => frame.data && frame.event !== 'reset').map((frame) => engineEvent.parse(JSON.parse(frame.data!)));

describe('the event stream', () => {
  let primary: PrimaryFixture;
  let server: RunningAdmin;
  let stream: EventReader | undefined;

  afterEach(async () => {
    await stream?.close();
    stream = undefined;
    await server?.stop();
    await primary?.stop();
  });

  it('pushes message.received, delivery.attempt and delivery.delivered for a message, in order', async () => {
    primary = await startPrimary();
    server = await startAdmin({ primaryPort: primary.port });
    stream = await EventReader.open(server);
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');

    const id = await server.send('watched');
    const frames = await stream.until((frame) => frame.event === 'delivery.delivered');
    const events = eventsOf(frames).filter((event) => event.qid === id);
    expect(events.map((event) => event.type)).toEqual(['message.received', 'delivery.attempt', 'delivery.delivered']);
    expect(events[0]).toMatchObject({ data: { from: 'sender@origin.test', to: ['user@example.test'], subject: 'watched' } });
    expect(events[1]).toMatchObject({ data: { recipients: ['user@example.test'], host: `127.0.0.1:${primary.port}` } });
    expect(events[2]).toMatchObject({ data: { recipient: 'user@example.test' } });
    expect(frames.filter((frame) => frame.data).map((frame) => Number(frame.id))).toEqual(eventsOf(frames).map((event) => event.id));
    expect(events[1]!.id).toBeGreaterThan(events[0]!.id);
  });

  it('replays what a client missed after Last-Event-ID, then goes on live', async () => {
    primary = await startPrimary({ up: false });
    server = await startAdmin({ primaryPort: primary.port });
    await primaryKnownDown(server);
    const first = await server.send('first');
    const second = await server.send('second');
    const activity = (await (await server.call(`/activity?id=${first}`)).json()) as { items: EngineEvent[] };
    const seen = activity.items.find((event) => event.type === 'message.received')!;

    stream = await EventReader.open(server, '/events', { 'last-event-id': String(seen.id) });
    await server.call(`/messages/${first}/hold`, { method: 'POST' });
    const frames = [...stream.opening, ...(await stream.until((frame) => frame.event === 'message.held'))];
    const received = eventsOf(frames).filter((event) => event.type === 'message.received').map((event) => event.qid);
    expect(received).toEqual([second]);
    expect(eventsOf(frames).at(-1)).toMatchObject({ type: 'message.held', qid: first });

    const viaQuery = await EventReader.open(server, `/events?after=${seen.id}`);
    const replayed = viaQuery.opening;
    // Events about the primary may come and go meanwhile; those about the messages are the same.
    const aboutMessages = (events: EngineEvent[]) => events.filter((event) => event.qid !== null).map((event) => `${event.type} ${event.qid}`);
    expect(aboutMessages(eventsOf(replayed))).toEqual(aboutMessages(eventsOf(frames)));
    await viaQuery.close();
  });

  it('sends heartbeats while nothing happens', async () => {
    server = await startAdmin({}, { heartbeatMs: 50 });
    stream = await EventReader.open(server);
    const frames = await stream.until((frame) => frame.comment === 'heartbeat');
    expect(eventsOf(frames)).toEqual([]);
  });
});
