// One-line error messages: yargs' wording turned into ours, and unexpected failures without a stack.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describeYargsMessage } from '../src/describe-error.js';
import { main } from '../src/index.js';
import { normalizeStdinArgs } from '../src/stdin-arg.js';

describe('describeYargsMessage', () => {
  const cases: [string, string[], string][] = [
    [
      'Invalid values:\n  Argument: output, Given: "xml", Choices: "table", "json"',
      ['scan', '-o', 'xml'],
      'invalid value "xml" for --output; choose from table, json',
    ],
    ['Unknown argument: bogus', ['scan', '--bogus'], 'unknown flag --bogus'],
    ['Unknown argument: b', ['scan', '-b'], 'unknown flag -b'],
    ['Unknown arguments: x, y', ['scan', '--x=1', '-y'], 'unknown flags --x, -y'],
    ['Unknown argument: extra', ['rules', 'extra'], 'unknown argument "extra"'],
    ['Unknown argument: foo', ['foo'], 'unknown command "foo" (see kubectl portguard --help)'],
    ['Did you mean scan?', ['sacn'], 'unknown command "sacn"; did you mean scan?'],
    ['Not enough arguments following: o', ['scan', '-o'], 'flag -o needs a value'],
    [
      'Arguments namespace and all-namespaces are mutually exclusive',
      ['scan', '-n', 'a', '-A'],
      '--namespace and --all-namespaces cannot be used together',
    ],
    [
      'Not enough non-option arguments: got 0, need at least 1',
      ['explain'],
      'explain needs an argument (see kubectl portguard explain --help)',
    ],
    ['Something\n  else entirely', ['scan'], 'Something else entirely'],
  ];
  for (const [message, argv, expected] of cases) {
    it(JSON.stringify(message), () => assert.equal(describeYargsMessage(message, argv), expected));
  }
});

describe('normalizeStdinArgs', () => {
  const cases: [string[], string[]][] = [
    [
      ['scan', '-f', '-'],
      ['scan', '-f=-'],
    ],
    [
      ['scan', '--filename', '-', '-o', 'json'],
      ['scan', '--filename=-', '-o', 'json'],
    ],
    [
      ['scan', '-Rf', '-'],
      ['scan', '-Rf=-'],
    ],
    [
      ['scan', '-f', 'a.yaml'],
      ['scan', '-f', 'a.yaml'],
    ],
    [
      ['scan', '-o', '-'],
      ['scan', '-o', '-'],
    ],
    [
      ['scan', '--', '-f', '-'],
      ['scan', '--', '-f', '-'],
    ],
  ];
  for (const [argv, expected] of cases) {
    it(argv.join(' '), () => assert.deepEqual(normalizeStdinArgs(argv), expected));
  }
});

describe('an unexpected failure', () => {
  /** A stdout that fails the way a full disk does: synchronously, with a multi-line message. */
  const failing = {
    write: () => {
      throw new Error('ENOSPC: no space left on device\n    at write (fs.js:1)');
    },
  };

  for (const debug of [false, true]) {
    it(`is one line on stderr, exit 2${debug ? ', with the stack under PORTGUARD_DEBUG' : ''}`, async () => {
      const err: string[] = [];
      const code = await main({
        argv: ['rules'],
        stdin: Readable.from([]),
        stdout: failing as unknown as NodeJS.WritableStream,
        stderr: { write: (s: string) => err.push(s) } as unknown as NodeJS.WritableStream,
        env: debug ? { PORTGUARD_DEBUG: '1' } : {},
        cwd: process.cwd(),
      });
      assert.equal(code, 2);
      assert.equal(err[0], 'error: ENOSPC: no space left on device\n');
      assert.equal(err.length, debug ? 2 : 1);
      if (debug) assert.match(err[1], /^Error: ENOSPC/);
    });
  }
});
