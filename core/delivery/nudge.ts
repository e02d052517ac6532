/**
 * A wake-up that can be awaited: poke() ends the current wait, and pokes
 * while no one waits count as one, so none is missed and none piles up.
 */
export class Nudge {
  private poked = false;
  private wakeUp: (() => void) | null = null;

  poke(): void {
    if (this.wakeUp) {
      this.wakeUp();
      this.wakeUp = null;
    } else {
      this.poked = true;
    }
  }

  next(): Promise<void> {
    if (this.poked) {
      this.poked = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.wakeUp = resolve;
    });
  }
}
