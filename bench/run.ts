// `pnpm bench [name…]`: runs every bench/*.bench.ts (or the named ones) in turn and prints their rows.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isBenchResult, printResult, type BenchModule } from './lib.js';

const DIR = dirname(fileURLToPath(import.meta.url));

/** The bench modules beside this file, by name (`core.bench.ts` → `core`). */
function discover(dir = DIR): Map<string, string> {
  const found = new Map<string, string>();
  for (const f of readdirSync(dir).sort()) {
    const m = /^(.+)\.bench\.ts$/.exec(f);
    if (m) found.set(m[1], join(dir, f));
  }
  return found;
}

async function main(argv: string[]): Promise<number> {
  const all = discover();
  const wanted = argv.length ? argv : [...all.keys()];
  const unknown = wanted.filter((n) => !all.has(n));
  if (unknown.length) {
    process.stderr.write(
      `pnpm bench: no bench named ${unknown.map((n) => `"${n}"`).join(', ')} (have: ${[...all.keys()].join(', ')})\n`,
    );
    return 2;
  }
  let failed = 0;
  for (const name of wanted) {
    const file = all.get(name)!;
    const mod = (await import(pathToFileURL(file).href)) as Partial<BenchModule>;
    if (typeof mod.run !== 'function' || typeof mod.name !== 'string') {
      process.stderr.write(`${file}: a bench module exports \`name\` and \`run()\`\n`);
      failed++;
      continue;
    }
    process.stdout.write(`\n# bench ${mod.name}\n`);
    try {
      const result = await mod.run();
      if (isBenchResult(result)) printResult(result);
    } catch (e) {
      // One broken bench must not hide the figures of the others.
      process.stderr.write(`bench ${name} failed: ${(e as Error).message.split('\n')[0]}\n`);
      failed++;
    }
  }
  return failed ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
