// How the language server starts under --stdio: on a small machine it restarts itself with one V8 worker, and leaves no process behind.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { LspClient, serverBin } from './lsp-client.js';

const small = availableParallelism() <= 2;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts the server through its bin and reads the pid and pool size its first log line names. */
async function start(
  env?: NodeJS.ProcessEnv,
): Promise<{ client: LspClient; pid: number; workers: string }> {
  const client = new LspClient(undefined, undefined, undefined, env);
  const started = client.waitFor('window/logMessage', (p) =>
    /^portguard-language-server .* \(pid \d+\)/.test(p.message),
  );
  await client.initialize(null, {});
  const { message } = await started;
  return {
    client,
    pid: Number(/\(pid (\d+)\)/.exec(message)![1]),
    workers: /V8 workers: (\w+)/.exec(message)![1],
  };
}

describe('language server launch', function () {
  this.timeout(60000);

  it(`runs with ${small ? 'one V8 worker (this machine has two cores or fewer)' : "V8's default workers"}`, async () => {
    const { client, pid, workers } = await start();
    assert.equal(workers, small ? '1' : 'default');
    assert.equal(pid !== client.proc.pid, small, 'a restarted server is a child of the bin');
    await client.shutdown();
    assert.equal(client.exited, 0, client.stderr);
    assert.equal(alive(pid), false);
  });

  it('keeps a pool size the user set in NODE_OPTIONS, in one process', async () => {
    const { client, pid, workers } = await start({
      ...process.env,
      NODE_OPTIONS: '--v8-pool-size=2',
    });
    assert.equal(workers, '2');
    assert.equal(pid, client.proc.pid);
    await client.shutdown();
    assert.equal(client.exited, 0, client.stderr);
  });

  it('ends the restarted server with the bin when the editor stops it', async function () {
    if (!small) this.skip(); // no restart on this machine: nothing to leave behind
    // stdin from a process the test holds, so the server cannot end on end-of-input instead.
    const feeder = spawn('sleep', ['60'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const bin = spawn(process.execPath, [serverBin, '--stdio'], {
        stdio: [feeder.stdout, 'pipe', 'pipe'],
      });
      let server: number | undefined;
      for (let i = 0; i < 200 && !server; i++) {
        await new Promise((r) => setTimeout(r, 25));
        server = childrenOf(bin.pid!)[0];
      }
      assert.ok(server, 'the bin started the server');
      const exited = new Promise((resolve) => bin.once('exit', resolve));
      bin.kill('SIGTERM');
      await exited;
      for (let i = 0; i < 100 && alive(server); i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(alive(server), false, `the server ${server} outlived its bin`);
    } finally {
      feeder.kill();
    }
  });
});

/** The pids of a process's children (Linux's /proc). */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}
