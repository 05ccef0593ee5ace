// The listing progress line on stderr: a TTY only, redrawn at most every 100 ms, erased when done.

export interface Progress {
  update(listed: number): void;
  done(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A progress line for `stream` that does nothing unless it is a terminal (pipes and CI get no noise). */
export function progressLine(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  label: string,
  now: () => number = Date.now,
): Progress {
  if (stream.isTTY !== true) return { update() {}, done() {} };
  let last = -Infinity;
  let frame = 0;
  let shown = false;
  return {
    update(listed) {
      const t = now();
      if (t - last < 100) return;
      last = t;
      shown = true;
      stream.write(
        `\r\u001b[K${FRAMES[frame++ % FRAMES.length]} ${label}: ${listed} objects listed`,
      );
    },
    done() {
      if (shown) stream.write('\r\u001b[K');
      shown = false;
    },
  };
}
