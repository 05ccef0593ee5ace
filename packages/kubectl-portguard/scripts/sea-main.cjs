// The single executable's main script: unpacks the bundled package once into a cache folder, then runs it.
// Node 20 runs only a CommonJS main in a single executable, and Ink needs ESM (top-level await): the ESM
// bundle travels as assets and is imported from disk, chunks, demo data and all, exactly as npm installs it.
/* eslint-disable @typescript-eslint/no-require-imports -- a single executable's main is CommonJS */
'use strict';
const { getAsset } = require('node:sea');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

/** `{ hash, files }`: the package's files (asset names are their paths) and a hash of them all. */
const manifest = JSON.parse(getAsset('manifest.json', 'utf8'));

/** Busybox style: a link named like one of the npm package's other bins runs that command. */
const COMMANDS = {
  'kubectl_complete-portguard': ['__complete'],
  'portguard-language-server': ['language-server'],
};

/** `$XDG_CACHE_HOME/portguard`, else `~/.cache/portguard`, else a folder of this user's in the temp dir. */
function cacheRoots() {
  const roots = [];
  if (process.env.PORTGUARD_CACHE_DIR) roots.push(process.env.PORTGUARD_CACHE_DIR);
  if (process.env.XDG_CACHE_HOME) roots.push(path.join(process.env.XDG_CACHE_HOME, 'portguard'));
  try {
    roots.push(path.join(os.homedir(), '.cache', 'portguard'));
  } catch {
    // no home (a container's nobody): the temp dir below
  }
  roots.push(path.join(os.tmpdir(), `portguard-${process.getuid ? process.getuid() : 'user'}`));
  return roots;
}

/** A folder this user owns and nobody else may write, or an Error saying why not. */
function ownFolder(dir) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = fs.lstatSync(dir);
  if (!st.isDirectory()) throw new Error(`${dir} is not a folder`);
  if (process.getuid && st.uid !== process.getuid())
    throw new Error(`${dir} belongs to another user`);
  if (st.mode & 0o022) throw new Error(`${dir} is writable by others`);
  return dir;
}

function unpackInto(root) {
  const dir = path.join(ownFolder(root), manifest.hash);
  if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
  const tmp = fs.mkdtempSync(`${dir}.tmp-`);
  for (const file of manifest.files) {
    const target = path.join(tmp, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, Buffer.from(getAsset(file)));
  }
  try {
    fs.renameSync(tmp, dir);
  } catch (e) {
    // Another run unpacked the same files first: use theirs.
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(path.join(dir, 'package.json'))) throw e;
  }
  return dir;
}

function unpack() {
  const reasons = [];
  for (const root of cacheRoots()) {
    try {
      return unpackInto(root);
    } catch (e) {
      reasons.push(`${root}: ${e.code ?? e.message}`);
    }
  }
  process.stderr.write(
    `error: cannot unpack kubectl-portguard (${reasons.join('; ')}); set PORTGUARD_CACHE_DIR to a writable folder\n`,
  );
  process.exit(2);
}

const dir = unpack();
const command = COMMANDS[path.basename(process.argv0)] ?? [];
import(pathToFileURL(path.join(dir, 'lib', 'cli.mjs')).href).then(
  (cli) => cli.runProcess(command),
  (e) => {
    process.stderr.write(`error: cannot load kubectl-portguard from ${dir}: ${e.message}\n`);
    process.exitCode = 2;
  },
);
