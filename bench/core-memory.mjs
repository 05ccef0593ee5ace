// Child process of the core bench: runs one side once over a corpus file, prints its peak RSS (MB).
// Plain JavaScript on the built packages (as the CLI runs), so no TypeScript loader is counted.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { scanFiles } from '../packages/core/dist/index.js';
import { monokleScan } from './monokle.mjs';

const yaml = createRequire(new URL('../packages/core/package.json', import.meta.url))('yaml');

const [side, file] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
const sides = {
  yaml: () => yaml.parseAllDocuments(text),
  scan: () => scanFiles([{ file: 'corpus/all.yaml', text }]),
  monokle: () => monokleScan(text),
};
// Keep the result alive until the peak is read: what a caller holds is part of the cost.
const kept = await sides[side]();
const peakMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ side, peakMb, kept: kept !== undefined })}\n`);
