// The client's pure helpers: which YAML starts the server, and what the status bar counts.
import assert from 'node:assert/strict';
import { countFindings, isFinding } from '../src/client/findings-count.js';
import { isPortguardConfig, looksLikeManifest } from '../src/client/manifest-detect.js';

describe('looksLikeManifest', () => {
  const CASES: Array<[string, string, boolean]> = [
    ['a Deployment', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n', true],
    ['kind first, quoted, comments', '# web\nkind: "Service" # svc\napiVersion: v1\n', true],
    ['the second document of a file', 'foo: 1\n---\napiVersion: v1\nkind: Pod\n', true],
    [
      'a kind: List',
      'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n',
      true,
    ],
    [
      'a GitHub workflow',
      'name: ci\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n',
      false,
    ],
    ['a compose file', 'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n', false],
    ['nested apiVersion and kind only', 'spec:\n  apiVersion: v1\n  kind: Pod\n', false],
    ['a kind that is not a Kubernetes kind', 'apiVersion: 2\nkind: {a: b}\n', false],
    ['empty', '', false],
  ];
  for (const [name, text, want] of CASES)
    it(`${name}: ${want}`, () => assert.equal(looksLikeManifest(text), want));

  it('knows the config file by name', () => {
    assert.equal(isPortguardConfig('/ws/.portguard.yaml'), true);
    assert.equal(isPortguardConfig('/ws/sub/.portguard.yml'), true);
    assert.equal(isPortguardConfig('/ws/portguard.yaml'), false);
  });
});

describe('countFindings', () => {
  const rule = (code: string) => ({ source: 'portguard', code: { value: code, target: {} } });
  it('counts rule diagnostics, never config errors or notices, nor other sources', () => {
    const all: Array<[string, ReturnType<typeof rule>[] | { source?: string; code?: string }[]]> = [
      ['a.yaml', [rule('host-port'), rule('nodeport-service'), rule('config')]],
      ['.portguard.yaml', [{ source: 'portguard', code: 'config' }]],
      ['b.yaml', [{ source: 'yaml', code: 'x' }, rule('host-network')]],
      ['c.yaml', []],
    ];
    assert.deepEqual(countFindings(all), { findings: 3, files: 2 });
    assert.equal(isFinding({ source: 'portguard' }), false);
  });
});
