// Corpus updates before checks: while a changed source or bibliography is re-indexed, a running
// check waits at its next pause instead of taking turns between the update's steps. The check is
// of a corpus being replaced, and the update is what the user waits for.

export class UpdateGate {
  private running = 0;
  private released: Promise<void> = Promise.resolve();
  private release: () => void = () => undefined;

  /** Whether an update is running. */
  get closed(): boolean {
    return this.running > 0;
  }

  /** Runs `update` with the gate closed; overlapping updates keep it closed until the last ends. */
  async run<T>(update: () => Promise<T>): Promise<T> {
    if (this.running++ === 0) this.released = new Promise<void>((resolve) => (this.release = resolve));
    try {
      return await update();
    } finally {
      if (--this.running === 0) this.release();
    }
  }

  /** Resolves at once when no update runs, else when the last running one ends (however it ends). */
  wait(): Promise<void> {
    return this.running > 0 ? this.released : Promise.resolve();
  }
}
