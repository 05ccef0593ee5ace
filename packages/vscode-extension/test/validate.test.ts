// validate(): the contract's diagnostics (source, code, href, severity, range) for each kind of exposure.
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService } from '../src/service/language-service.js';
import { readSettings } from '../src/service/settings.js';

const repoDocs = join(dirname(fileURLToPath(import.meta.url)), '../../../docs');

const DEPLOYMENT = `# web tier
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: team-a
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx
          ports:
            - containerPort: 8080
              hostPort: 8080
`;

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: team-a
spec:
  type: NodePort
  externalIPs:
    - 10.0.0.5
  ports:
    - port: 80
`;

const HOST_NETWORK = `apiVersion: v1
kind: Pod
metadata:
  name: agent
  namespace: team-b
spec:
  hostNetwork: true
  containers:
    - name: agent
      image: busybox
`;

/** `rule severity line:char-line:char`, 0-based as LSP counts. */
function summary(text: string, settings?: unknown): string[] {
  const service = new LanguageService();
  if (settings) service.setSettings(readSettings(settings).settings);
  const doc = TextDocument.create('file:///ws/a.yaml', 'yaml', 1, text);
  return service
    .validate(doc)
    .map(
      (d) =>
        `${d.code} ${d.severity} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`,
    );
}

describe('validate', () => {
  const cases: { name: string; text: string; settings?: unknown; expected: string[] }[] = [
    {
      name: 'hostPort: the key and value, Error',
      text: DEPLOYMENT,
      expected: ['host-port 1 14:14-14:28'],
    },
    {
      name: 'NodePort and externalIPs: `type: NodePort` and `externalIPs:`',
      text: SERVICE,
      expected: ['nodeport-service 1 6:2-6:16', 'external-ips 1 7:2-7:14'],
    },
    {
      name: 'hostNetwork: true',
      text: HOST_NETWORK,
      expected: ['host-network 1 6:2-6:19'],
    },
    {
      name: 'every document of a stream, positions in the whole file',
      text: `${DEPLOYMENT}---\n${SERVICE}`,
      expected: [
        'host-port 1 14:14-14:28',
        'nodeport-service 1 22:2-22:16',
        'external-ips 1 23:2-23:14',
      ],
    },
    {
      name: 'a broken document does not hide the findings beside it',
      text: `${DEPLOYMENT}---\nkind: [unclosed\n---\n${SERVICE}`,
      expected: [
        'host-port 1 14:14-14:28',
        'nodeport-service 1 24:2-24:16',
        'external-ips 1 25:2-25:14',
      ],
    },
    {
      name: 'other YAML is untouched',
      text: 'services:\n  web:\n    ports: ["80:80"]\n',
      expected: [],
    },
    {
      name: 'Helm templates are skipped without noise',
      text: DEPLOYMENT.replace('name: web', 'name: {{ .Release.Name }}'),
      expected: [],
    },
    { name: 'empty file', text: '', expected: [] },
    {
      name: 'a rule turned off in the settings',
      text: SERVICE,
      settings: { rules: { 'nodeport-service': 'off' } },
      expected: ['external-ips 1 7:2-7:14'],
    },
    {
      name: 'a severity override in the settings: low → Information, info → Hint',
      text: SERVICE,
      settings: { rules: { 'nodeport-service': 'low', 'external-ips': 'info' } },
      expected: ['nodeport-service 3 6:2-6:16', 'external-ips 4 7:2-7:14'],
    },
    {
      name: 'the ignore annotation suppresses',
      text: SERVICE.replace(
        '  namespace: team-a\n',
        '  namespace: team-a\n  annotations:\n    portguard.dev/ignore: "nodeport-service"\n',
      ),
      expected: ['external-ips 1 9:2-9:14'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(summary(c.text, c.settings), c.expected));
  }

  it('fills source, code, codeDescription, message and data', () => {
    const service = new LanguageService();
    const doc = TextDocument.create('file:///ws/a.yaml', 'yaml', 1, DEPLOYMENT);
    const [d] = service.validate(doc);
    assert.deepEqual(d, {
      range: { start: { line: 14, character: 14 }, end: { line: 14, character: 28 } },
      severity: 1,
      source: 'portguard',
      code: 'host-port',
      codeDescription: {
        href: pathToFileURL(join(repoDocs, 'rules/host-port.md')).href,
      },
      message: 'container "app" uses hostPort 8080',
      data: {
        rule: 'host-port',
        id: 'host-port|Deployment|team-a|web|spec.template.spec.containers[0].ports[0].hostPort',
      },
    });
  });

  it('follows edits: a line added above moves the range', () => {
    const service = new LanguageService();
    const doc = TextDocument.create('file:///ws/a.yaml', 'yaml', 1, `${SERVICE}---\n${DEPLOYMENT}`);
    assert.equal(service.validate(doc).at(-1)?.range.start.line, 26);
    TextDocument.update(
      doc,
      [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          text: '# top\n',
        },
      ],
      2,
    );
    assert.equal(service.validate(doc).at(-1)?.range.start.line, 27);
  });
});
