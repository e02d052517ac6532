import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { parseAdminArgs, type AdminCommandSpec } from './admin-args.ts';

const spec: AdminCommandSpec = {
  name: 'export',
  operands: 'ID',
  summary: 'Writes a message, exactly as received, to standard output: mx-standby export ID > message.eml',
  json: false,
  operandCount: { min: 1, max: 1 },
};

export async function exportMessage(argv: string[]): Promise<number> {
  const invocation = await parseAdminArgs(spec, argv);
  if (!invocation) return 0;
  const body = await invocation.client.bytes('exportMessage', invocation.operands[0]!);
  await pipeline(Readable.fromWeb(body as WebReadableStream), process.stdout);
  return 0;
}
