// `pnpm dist`: writes dist/ — the npm tarball, the single executable's archive, its krew manifest and the vsix.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_DIR, REPO_DIR, stagePackage } from './bundle.mjs';
import { krewManifestYaml } from './krew.mjs';
import { buildSea } from './sea.mjs';

export const ARCHIVE = 'kubectl-portguard-linux-amd64.tar.gz';

/** kubectl_complete-portguard beside the executable: the same binary, asked to complete. */
const COMPLETE_SHIM = `#!/bin/sh
# What kubectl >= 1.26 runs to complete \`kubectl portguard ...\`: the executable beside this file.
exec "$(dirname "$(readlink -f "$0")")/kubectl-portguard" __complete "$@"
`;

/** The environment without pnpm's npm_* variables, which npm warns about (or obeys). */
function plainEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
}

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function log(message) {
  process.stderr.write(`dist: ${message}\n`);
}

/**
 * Writes every artefact into `distDir`; `skip` names the steps to leave out (`vsix`, `sea`).
 * Resolves to the paths written.
 */
export async function dist({ distDir = join(REPO_DIR, 'dist'), skip = [] } = {}) {
  rmSync(distDir, { recursive: true, force: true });
  const work = join(distDir, '.work');
  mkdirSync(work, { recursive: true });
  const written = {};

  const pkg = join(work, 'package');
  const { version, commit } = await stagePackage(pkg);
  log(`bundled kubectl-portguard ${version} (${commit})`);
  const packed = JSON.parse(
    execFileSync(
      'npm',
      ['pack', pkg, '--pack-destination', distDir, '--ignore-scripts', '--json'],
      {
        encoding: 'utf8',
        env: plainEnv(),
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    ),
  );
  written.npm = join(distDir, packed[0].filename);
  log(`wrote ${packed[0].filename}`);

  if (!skip.includes('sea')) {
    const exe = buildSea(pkg, join(work, 'sea'));
    const stageDir = join(work, 'archive');
    mkdirSync(stageDir);
    copyFileSync(exe, join(stageDir, 'kubectl-portguard'));
    chmodSync(join(stageDir, 'kubectl-portguard'), 0o755);
    writeFileSync(join(stageDir, 'kubectl_complete-portguard'), COMPLETE_SHIM, { mode: 0o755 });
    copyFileSync(join(REPO_DIR, 'LICENSE'), join(stageDir, 'LICENSE'));
    written.sea = join(distDir, ARCHIVE);
    execFileSync(
      'tar',
      [
        '-czf',
        written.sea,
        '--owner=0',
        '--group=0',
        '-C',
        stageDir,
        'kubectl-portguard',
        'kubectl_complete-portguard',
        'LICENSE',
      ],
      { stdio: 'inherit' },
    );
    log(`wrote ${ARCHIVE}`);
    written.krew = join(distDir, 'portguard.yaml');
    writeFileSync(
      written.krew,
      krewManifestYaml({ version, archive: ARCHIVE, sha256: sha256(written.sea) }),
    );
    log('wrote portguard.yaml');
  }

  if (!skip.includes('vsix')) {
    const ext = join(REPO_DIR, 'packages', 'vscode-extension');
    execFileSync('pnpm', ['--filter', 'portguard-vscode', 'run', 'package'], {
      cwd: REPO_DIR,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    written.vsix = join(distDir, 'portguard.vsix');
    copyFileSync(join(ext, 'portguard.vsix'), written.vsix);
    log('wrote portguard.vsix');
  }
  rmSync(work, { recursive: true, force: true });
  return written;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const skip = process.argv
    .slice(2)
    .flatMap((a) => (a.startsWith('--skip=') ? a.slice(7).split(',') : []));
  await dist({ skip });
  void PACKAGE_DIR;
}
