// The cluster package serves every front end, so it must not reach into any of them.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = join(dirname(fileURLToPath(import.meta.url)), '../src');
const ALLOWED = [
  /^node:/,
  /^\.\//,
  /^@portguard\/core$/,
  /^@kubernetes\/client-node(\/dist\/[a-z_]+\.js)?$/,
  /^js-yaml$/,
];

describe('packages/kube boundaries', () => {
  for (const file of readdirSync(src, { recursive: true }) as string[]) {
    if (!file.endsWith('.ts')) continue;
    it(`${file} imports only node, core and its own modules`, () => {
      const text = readFileSync(join(src, file), 'utf8');
      const specifiers = [...text.matchAll(/(?:from|import\()\s*'([^']+)'/g)].map((m) => m[1]);
      const outside = specifiers.filter((s) => !ALLOWED.some((re) => re.test(s)));
      assert.deepEqual(outside, [], `${file} imports ${outside.join(', ')}`);
    });
  }
});
