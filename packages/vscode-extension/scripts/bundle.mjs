// Bundles the extension client and the language server with esbuild: two single CommonJS files, docs beside.
import { build } from 'esbuild';
import { cpSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // VS Code loads an extension's main as CommonJS; `.cjs` keeps it so under "type": "module".
  format: 'cjs',
  // Workspace packages from their TypeScript sources, so the bundle needs no prior tsc build.
  conditions: ['source'],
  mainFields: ['module', 'main'],
  sourcemap: true,
  minify: process.argv.includes('--minify'),
  logLevel: 'warning',
  absWorkingDir: root,
};

await Promise.all([
  build({
    ...common,
    entryPoints: ['src/client/extension.ts'],
    outfile: 'dist/bundle/extension.cjs',
    external: ['vscode'],
  }),
  build({
    ...common,
    entryPoints: ['src/server/main.ts'],
    outfile: 'dist/bundle/server.cjs',
    // docs-location.ts finds the docs from the module's own URL, which CommonJS spells __filename.
    define: { 'import.meta.url': '__portguardModuleUrl' },
    banner: {
      js: "const __portguardModuleUrl = require('node:url').pathToFileURL(__filename).href;",
    },
  }),
]);

// The rule pages travel with the server: diagnostics and hovers link to them (docs-location.ts).
rmSync(join(root, 'dist/bundle/docs'), { recursive: true, force: true });
cpSync(join(root, '../../docs'), join(root, 'dist/bundle/docs'), { recursive: true });
