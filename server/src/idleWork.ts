// Work the server does while nobody waits for it (formatting references ahead of hovers): a task
// runs only once no request or edit has come for a quiet moment, one task per turn of the event
// loop, so a request that arrives meanwhile waits for one task at most.

/** How long the server must have had nothing to do before idle work starts (ms). */
const QUIET_MS = 150;

export class IdleWork {
  private readonly tasks = new Map<unknown, () => void>();
  private lastBusy = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;

  constructor(
    private readonly onError: (e: unknown) => void = () => undefined,
    private readonly quietMs = QUIET_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Something is being asked of the server: idle work waits for the next quiet moment. */
  busy(): void {
    this.lastBusy = this.now();
  }

  /** Queues `task` under `key`, unless a task is queued under that key already. */
  add(key: unknown, task: () => void): void {
    if (!this.tasks.has(key)) this.tasks.set(key, task);
    this.schedule();
  }

  get pending(): number {
    return this.tasks.size;
  }

  private schedule(): void {
    if (this.running || this.timer || this.tasks.size === 0) return;
    const wait = Math.max(1, this.lastBusy + this.quietMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.runNext();
    }, Math.min(wait, this.quietMs));
    this.timer.unref?.();
  }

  private runNext(): void {
    if (this.now() - this.lastBusy < this.quietMs) return this.schedule();
    const next = this.tasks.entries().next();
    if (next.done) return;
    const [key, task] = next.value;
    this.tasks.delete(key);
    try {
      task();
    } catch (e) {
      this.onError(e);
    }
    if (this.tasks.size === 0) return;
    this.running = true;
    setImmediate(() => {
      this.running = false;
      this.runNext();
    });
  }
}
