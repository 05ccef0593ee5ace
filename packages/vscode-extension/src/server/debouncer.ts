// Per-document debouncing: many quick edits become one validation of the latest version.
/**
 * Runs `run(key)` once `delayFor(key)` ms after the last `schedule(key)`. The delay is asked for
 * at each schedule, so it can follow how long the key's last run took: a small file is validated
 * at once, a 20,000-line one waits long enough that typing never queues up validations.
 */
export class Debouncer {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly run: (key: string) => void,
    private readonly delayFor: (key: string) => number,
  ) {}

  schedule(key: string, delay = this.delayFor(key)): void {
    const old = this.timers.get(key);
    if (old) clearTimeout(old);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.run(key);
      }, delay),
    );
  }

  isPending(key: string): boolean {
    return this.timers.has(key);
  }

  cancel(key: string): void {
    const old = this.timers.get(key);
    if (old) clearTimeout(old);
    this.timers.delete(key);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
