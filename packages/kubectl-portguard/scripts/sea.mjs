// Builds the Node.js single executable (SEA) of kubectl-portguard from a staged npm package, with postject.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The fuse Node's binary carries for postject (Node.js docs, "Single executable applications"). */
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

function filesUnder(dir, base = dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory()
        ? filesUnder(p, base)
        : [relative(base, p).split(sep).join('/')];
    });
}

/**
 * Writes `<workDir>/kubectl-portguard`: this Node.js binary with the staged package in `packageDir`
 * injected as SEA assets and sea-main.cjs as its main script.
 */
export function buildSea(packageDir, workDir) {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  // The bins are shims for npm; the executable is its own bin.
  const files = filesUnder(packageDir).filter((f) => !f.startsWith('bin/'));
  const hash = createHash('sha256');
  for (const f of files) hash.update(`${f}\0`).update(readFileSync(join(packageDir, f)));
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const manifest = { hash: `${version}-${hash.digest('hex').slice(0, 16)}`, files };
  writeFileSync(join(workDir, 'manifest.json'), JSON.stringify(manifest));
  const assets = { 'manifest.json': join(workDir, 'manifest.json') };
  for (const f of files) assets[f] = join(packageDir, f);
  const config = {
    main: join(HERE, 'sea-main.cjs'),
    output: join(workDir, 'sea-prep.blob'),
    disableExperimentalSEAWarning: true,
    assets,
  };
  writeFileSync(join(workDir, 'sea-config.json'), JSON.stringify(config, null, 2));
  execFileSync(process.execPath, ['--experimental-sea-config', join(workDir, 'sea-config.json')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exe = join(workDir, 'kubectl-portguard');
  copyFileSync(process.execPath, exe);
  chmodSync(exe, 0o755);
  const postject = createRequire(import.meta.url).resolve('postject/dist/cli.js');
  execFileSync(
    process.execPath,
    [postject, exe, 'NODE_SEA_BLOB', config.output, '--sentinel-fuse', FUSE],
    // postject warns about ELF notes it does not know; the injection is checked by running it.
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  rmSync(config.output);
  return exe;
}
