// One side of `pnpm bench audit`, in a plain Node process of its own (no TypeScript loader), so its peak RSS
// is its own: `readline FILE` counts lines; `portguard FILE` runs the built audit module (pnpm build first);
// `stdin` runs it on the log piped in (`-f -`).
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';

const [side, file] = process.argv.slice(2);
const { auditLogs } =
  side !== 'readline'
    ? await import('../packages/kubectl-portguard/dist/audit/index.js')
    : { auditLogs: undefined };
const start = performance.now();
let detail = {};
if (side === 'readline') {
  let lines = 0;
  const input = createReadStream(file, { highWaterMark: 1 << 20 });
  for await (const _line of createInterface({ input, crlfDelay: Infinity })) lines++;
  detail = { lines };
} else {
  const source = side === 'stdin' ? { name: '<stdin>', stream: process.stdin } : file;
  const report = await auditLogs([source]);
  detail = { ...report.summary, skipped: report.skipped.length };
}
const ms = performance.now() - start;
const maxRssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ ms, maxRssMB, ...detail })}\n`);
