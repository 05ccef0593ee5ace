// Stages the npm package of kubectl-portguard: esbuild bundles the CLI with every workspace package and dependency.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = join(PACKAGE_DIR, '..', '..');

/** The three bins of the npm package, each one command of the same bundle. */
export const BINS = {
  'kubectl-portguard': [],
  'kubectl_complete-portguard': ['__complete'],
  'portguard-language-server': ['language-server'],
};

/** version from package.json, commit from git (`unknown` outside a clone). */
export function buildStamp() {
  const { version } = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8'));
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], {
      cwd: REPO_DIR,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    // not a clone (a source tarball): the version says enough
  }
  return { version, commit };
}

function binShim(name, command) {
  const args = command.length ? JSON.stringify(command) : '';
  return `#!/usr/bin/env node\n// ${name}: ${command.length ? `\`kubectl-portguard ${command.join(' ')}\`` : 'the kubectl plugin'} (bundled; see lib/).\nimport { runProcess } from '../lib/cli.mjs';\n\nawait runProcess(${args});\n`;
}

/**
 * Writes the npm package into `outDir` (`package.json`, `bin/`, `lib/` and `demo/`) and resolves to
 * its stamp. Workspace packages come from their TypeScript sources (the `source` condition), so no
 * prior tsc build is needed; every dependency is inside `lib/`, so the package has none.
 */
export async function stagePackage(outDir) {
  const stamp = buildStamp();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'bin'), { recursive: true });
  const result = await build({
    absWorkingDir: PACKAGE_DIR,
    entryPoints: { cli: 'src/index.ts' },
    outdir: join(outDir, 'lib'),
    bundle: true,
    // ESM with chunks: `scan -f` loads the rules and yaml, not the Kubernetes client or Ink; and
    // Ink's yoga-layout needs top-level await, which CommonJS has not.
    format: 'esm',
    splitting: true,
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    conditions: ['source'],
    mainFields: ['module', 'main'],
    minify: true,
    legalComments: 'none',
    // Bundled CommonJS dependencies require() Node's built-ins.
    banner: {
      js: "import { createRequire as __portguardRequire } from 'node:module'; const require = __portguardRequire(import.meta.url);",
    },
    define: { PORTGUARD_BUILD: JSON.stringify(stamp) },
    // Only loaded by Ink under DEV=true, and not installed: Ink says so itself.
    external: ['react-devtools-core'],
    metafile: true,
    logLevel: 'warning',
  });
  // `--demo` reads the demo cluster next to the code (apiserver's `../demo/` from lib/).
  mkdirSync(join(outDir, 'demo'));
  copyFileSync(
    join(REPO_DIR, 'packages', 'apiserver', 'demo', 'demo-cluster.yaml'),
    join(outDir, 'demo', 'demo-cluster.yaml'),
  );
  // The rule pages: the language server links diagnostics and hovers to the docs/ above its code.
  cpSync(join(REPO_DIR, 'docs'), join(outDir, 'docs'), { recursive: true });
  for (const [name, command] of Object.entries(BINS)) {
    writeFileSync(join(outDir, 'bin', name), binShim(name, command));
    chmodSync(join(outDir, 'bin', name), 0o755);
  }
  copyFileSync(join(REPO_DIR, 'LICENSE'), join(outDir, 'LICENSE'));
  copyFileSync(join(PACKAGE_DIR, 'README.md'), join(outDir, 'README.md'));
  const own = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8'));
  const manifest = {
    name: own.name,
    version: stamp.version,
    description: own.description,
    license: own.license,
    type: 'module',
    bin: Object.fromEntries(Object.keys(BINS).map((n) => [n, `bin/${n}`])),
    files: ['bin', 'lib', 'demo', 'docs'],
    engines: own.engines,
    keywords: [
      'kubectl',
      'kubectl-plugin',
      'kubernetes',
      'hostPort',
      'NodePort',
      'multi-tenant',
      'lsp',
    ],
    gitHead: stamp.commit,
  };
  writeFileSync(join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(outDir, '..', 'meta.json'), JSON.stringify(result.metafile));
  return stamp;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? join(REPO_DIR, 'dist', 'package');
  const stamp = await stagePackage(out);
  process.stdout.write(`staged kubectl-portguard ${stamp.version} (${stamp.commit}) in ${out}\n`);
}
