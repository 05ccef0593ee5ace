// `kubectl portguard language-server`: without a transport it says which to pick (the wire is tested in test/e2e/dist.test.ts).
import assert from 'node:assert/strict';
import { runCli } from './helpers/run-cli.js';

describe('language-server', () => {
  it('no transport: exit 2, one line naming --stdio', async () => {
    const run = await runCli(['language-server'], { cwd: process.cwd() });
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^error: say how to talk: --stdio[^\n]*\n$/);
  });

  it('--help lists the transports', async () => {
    const run = await runCli(['language-server', '--help'], { cwd: process.cwd() });
    assert.equal(run.code, 0);
    for (const flag of ['--stdio', '--node-ipc', '--socket', '--pipe'])
      assert.ok(run.stdout.includes(flag), flag);
    assert.ok(!run.stdout.includes('clientProcessId'));
  });
});
