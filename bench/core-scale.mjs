// Child process of the core bench: scans a corpus file a few times, prints the median time (ms).
// A fresh process per size, as the CLI runs, so one size's heap and JIT state never weigh on the other.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { scanFiles } from '../packages/core/dist/index.js';

const [file, rounds = '2'] = process.argv.slice(2);
const files = [{ file: 'corpus/all.yaml', text: readFileSync(file, 'utf8') }];
const times = [];
// One warm-up scan, not counted: the JIT's first pass is start-up, not time per document.
for (let r = 0; r <= Number(rounds); r++) {
  globalThis.gc?.();
  const start = performance.now();
  const result = scanFiles(files);
  const ms = performance.now() - start;
  if (r > 0) times.push(ms);
  if (result.objects.length === 0) throw new Error(`${file}: no objects`);
}
times.sort((a, b) => a - b);
process.stdout.write(`${JSON.stringify({ ms: times[times.length >> 1] })}\n`);
