/**
 * Arrival order that survives a restart without the database: the time in
 * microseconds, raised by one when two arrivals share a tick. A restart
 * starts later than the last arrival before it, so the order holds across
 * restarts as long as the clock is not set back.
 */
export class ArrivalClock {
  private last = 0;

  next(): { receivedAt: number; seq: number } {
    const now = Date.now();
    this.last = Math.max(this.last + 1, now * 1000);
    return { receivedAt: now, seq: this.last };
  }
}
