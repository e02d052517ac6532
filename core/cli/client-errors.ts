/** A failed admin command, said in a sentence for the person who typed it; printed without a stack. */
export class CommandError extends Error {
  override name = 'CommandError';
}
