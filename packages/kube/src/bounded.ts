// A concurrency bound: at most `n` async jobs run at once, the rest wait their turn.

/** Returns `run(job)`, which starts `job` once fewer than `n` jobs are running. */
export function bounded(n: number): <T>(job: () => Promise<T>) => Promise<T> {
  let running = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    running--;
    queue.shift()?.();
  };
  return async <T>(job: () => Promise<T>): Promise<T> => {
    if (running >= n) await new Promise<void>((resolve) => queue.push(resolve));
    running++;
    try {
      return await job();
    } finally {
      release();
    }
  };
}
