/** Like Postfix's postscreen_greet_ttl: a client that waited once is trusted for a day. */
const PASS_TTL_MS = 24 * 3_600_000;
const MAX_REMEMBERED = 100_000;

/**
 * Remembers client addresses that waited politely for the greeting. Spam
 * software often talks before the server greets; honest mail servers never
 * do. Only a client's first connection is made to wait, as Postfix's
 * postscreen does, so a sender with a backlog is not held to ten messages a
 * second per connection.
 */
export class GreetingPasses {
  private readonly passed = new Map<string, number>();

  hasPassed(address: string, now = Date.now()): boolean {
    const until = this.passed.get(address);
    if (until === undefined) return false;
    if (until > now) return true;
    this.passed.delete(address);
    return false;
  }

  pass(address: string, now = Date.now()): void {
    this.passed.delete(address);
    this.passed.set(address, now + PASS_TTL_MS);
    if (this.passed.size > MAX_REMEMBERED) {
      const oldest = this.passed.keys().next().value;
      if (oldest !== undefined) this.passed.delete(oldest);
    }
  }
}
