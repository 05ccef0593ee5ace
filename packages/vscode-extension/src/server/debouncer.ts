// Per-document debouncing: many quick edits become one validation of the latest version.
/**
 * Runs `run(key)` once `delayFor(key)` ms after the last `schedule(key)`. The delay is asked for
 * at each schedule, so it can follow how long the key's last run took: a small file is validated
 * at once, a 20,000-line one waits long enough that typing never queues up validations.
 */
export class Debouncer {
  private readonly timers = new Map<string, { cancel(): void }>();

  constructor(
    private readonly run: (key: string) => void,
    private readonly delayFor: (key: string) => number,
  ) {}

  schedule(key: string, delay = this.delayFor(key)): void {
    this.timers.get(key)?.cancel();
    const fire = () => {
      this.timers.delete(key);
      this.run(key);
    };
    // No wait: the next turn of the event loop, after the messages already read (a timer of 0
    // is a millisecond in Node).
    if (delay <= 0) {
      const immediate = setImmediate(fire);
      this.timers.set(key, { cancel: () => clearImmediate(immediate) });
    } else {
      const timer = setTimeout(fire, delay);
      this.timers.set(key, { cancel: () => clearTimeout(timer) });
    }
  }

  isPending(key: string): boolean {
    return this.timers.has(key);
  }

  cancel(key: string): void {
    this.timers.get(key)?.cancel();
    this.timers.delete(key);
  }

  dispose(): void {
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
  }
}

/** Validations quicker than this run on the next turn of the event loop, never after a wait. */
const IMMEDIATE_BELOW_MS = 10;
const MAX_WAIT_MS = 250;

/**
 * How long to wait before validating a file again, given how long its last validation took and
 * how long ago it ended. A quick file is validated at once. A slow one waits what is left of its
 * last duration since that run ended: typing faster than it validates costs at most half the CPU,
 * while an edit after a pause (or one slow run, a garbage collection) is not made to wait.
 */
export function validationDelay(lastTook: number, sinceLastEnded: number): number {
  if (lastTook < IMMEDIATE_BELOW_MS) return 0;
  return Math.max(0, Math.min(MAX_WAIT_MS, lastTook - sinceLastEnded));
}
