/** Open sessions per client address, so one sender cannot take every slot. */
export class ClientLimits {
  private readonly open = new Map<string, number>();
  private readonly counted = new Set<string>();
  private readonly perClient: () => number;

  constructor(perClient: () => number) {
    this.perClient = perClient;
  }

  /** False when the address already has its share; the session is then not counted. */
  admit(sessionId: string, address: string): boolean {
    const current = this.open.get(address) ?? 0;
    if (current >= this.perClient()) return false;
    this.open.set(address, current + 1);
    this.counted.add(sessionId);
    return true;
  }

  release(sessionId: string, address: string): void {
    if (!this.counted.delete(sessionId)) return;
    const left = (this.open.get(address) ?? 1) - 1;
    if (left <= 0) this.open.delete(address);
    else this.open.set(address, left);
  }
}
