// Keeps `-f -` (stdin, as kubectl spells it) from being read by yargs as a stray positional.

/**
 * yargs-parser takes a lone `-` as a positional, so `-f -` would leave -f empty. Glues the `-`
 * to the flag before it (`-f=-`, `--filename=-`), up to a `--`, which yargs reads as intended
 * whatever command declares the flag. `['scan', '-f', '-']` → `['scan', '-f=-']`.
 */
export function normalizeStdinArgs(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (/^(-[A-Za-z]*f|--filename)$/.test(a) && argv[i + 1] === '-') {
      out.push(`${a}=-`);
      i++;
    } else {
      out.push(a);
    }
  }
  return out;
}
