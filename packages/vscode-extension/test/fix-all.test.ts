// fixAllText: document by document on big files, the same text as core's fixText on the whole file.
import assert from 'node:assert/strict';
import { defaultConfig, fixText } from '@portguard/core';
import { fixAllText, WHOLE_FILE_DOCUMENTS } from '../src/service/fix-all.js';

/**
 * Workloads, NodePort Services that cover some of them, Services that take a workload's name
 * (so a fix must pick another), a Namespace that ignores host-port.
 */
function bigFile(docs: number, eol = '\n'): string {
  const out: string[] = [];
  for (let i = 0; out.length < docs; i++) {
    const ns = `team-${i % 3}`;
    out.push(
      `# workload ${i}\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\n  namespace: ${ns}\nspec:\n  template:\n    metadata:\n      labels: {app: app-${i}}\n    spec:\n      containers:\n        - name: app\n          image: nginx\n          ports:\n            - containerPort: 8080\n              hostPort: ${8000 + i}\n`,
    );
    if (i % 4 === 0)
      out.push(
        `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\n  namespace: ${ns}\nspec:\n  type: NodePort\n  selector: {app: app-${i}}\n  ports:\n    - port: 80\n      targetPort: 8080\n`,
      );
    if (i % 6 === 0)
      out.push(
        `apiVersion: v1\nkind: Service\nmetadata:\n  name: app-${i}\n  namespace: ${ns}\nspec:\n  selector: {app: other}\n  ports:\n    - port: 9090\n`,
      );
    if (i === 7)
      out.push(
        `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-1\n  annotations:\n    portguard.dev/ignore: host-port\n`,
      );
  }
  return out.join('---\n').replaceAll('\n', eol);
}

describe('fixAllText', () => {
  it('a small file goes to fixText whole', () => {
    const text = bigFile(5);
    assert.equal(fixAllText(text, 'f.yaml', defaultConfig()), fixText(text, 'f.yaml').text);
  });

  for (const [name, eol] of [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ]) {
    it(`a file of ${WHOLE_FILE_DOCUMENTS + 20} documents (${name}): the same text as fixText on the whole file`, () => {
      const text = bigFile(WHOLE_FILE_DOCUMENTS + 20, eol);
      const whole = fixText(text, 'f.yaml').text;
      assert.notEqual(whole, text);
      assert.equal(fixAllText(text, 'f.yaml', defaultConfig()), whole);
    });
  }

  it('honours the config: a rule turned off is left alone', () => {
    const text = bigFile(WHOLE_FILE_DOCUMENTS + 10);
    const config = { ...defaultConfig(), rules: { 'host-port': 'off' as const } };
    assert.equal(fixAllText(text, 'f.yaml', config), fixText(text, 'f.yaml', { config }).text);
  });
});
