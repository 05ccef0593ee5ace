// The language server judges hostPorts against the workspace's tenant allowances, as `scan` does.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService } from '../src/service/language-service.js';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: edge
  namespace: shop
spec:
  containers:
    - name: proxy
      image: envoy
      ports:
        - containerPort: 80
          hostPort: 9050
        - containerPort: 81
          hostPort: 9200
`;

describe('validate with tenant allowances', () => {
  let ws: string;
  beforeEach(() => (ws = mkdtempSync(join(tmpdir(), 'portguard-lsp-allow-'))));
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('a port inside the allowance has no diagnostic; the one outside names the allowance', () => {
    writeFileSync(
      join(ws, '.portguard.yaml'),
      'allow:\n  - tenant: shop\n    hostPorts: ["9000-9100"]\n    reason: edge proxy\n',
    );
    const service = new LanguageService();
    const doc = TextDocument.create(pathToFileURL(join(ws, 'pod.yaml')).href, 'yaml', 1, POD);
    assert.deepEqual(
      service.validate(doc).map((d) => `${d.code} ${d.range.start.line}: ${d.message}`),
      [`host-port 13: container "proxy": hostPort 9200 is outside tenant shop's allowed 9000-9100`],
    );
  });

  it('without the allowance both ports are diagnostics', () => {
    writeFileSync(join(ws, '.portguard.yaml'), 'rules: {}\n');
    const service = new LanguageService();
    const doc = TextDocument.create(pathToFileURL(join(ws, 'pod.yaml')).href, 'yaml', 1, POD);
    assert.equal(service.validate(doc).filter((d) => d.code === 'host-port').length, 2);
  });
});
