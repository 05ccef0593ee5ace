// The V8 worker pool the server is started with: one on machines of two cores or fewer.
import assert from 'node:assert/strict';
import { serverNodeFlags, v8Workers } from '../src/server/v8-pool.js';

describe('serverNodeFlags', () => {
  const cases: [string, number, string[], string, string[]][] = [
    ['one worker on two cores', 2, [], '', ['--v8-pool-size=1']],
    ['one worker on one core', 1, [], '', ['--v8-pool-size=1']],
    ["V8's default on four cores", 4, [], '', []],
    ['the user’s pool size on the command line wins', 2, ['--v8-pool-size=3'], '', []],
    [
      'the user’s pool size in NODE_OPTIONS wins',
      2,
      [],
      '--max-old-space-size=512 --v8-pool-size=2',
      [],
    ],
  ];
  for (const [name, cores, execArgv, nodeOptions, expected] of cases)
    it(name, () => assert.deepEqual(serverNodeFlags(cores, execArgv, nodeOptions), expected));
});

describe('v8Workers', () => {
  it('names the pool size, the command line winning over NODE_OPTIONS', () => {
    assert.equal(v8Workers(['--v8-pool-size=1'], ''), 'V8 workers: 1');
    assert.equal(v8Workers(['--v8-pool-size=1'], '--v8-pool-size=4'), 'V8 workers: 1');
    assert.equal(v8Workers([], '--v8-pool-size=4'), 'V8 workers: 4');
    assert.equal(v8Workers([], ''), 'V8 workers: default');
  });
});
