// LSP bench: didChange → publishDiagnostics and quick-fix latency on a 5,000-line manifest, beside yaml-language-server.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { LspClient, repoRoot } from '../test/e2e/lsp-client.js';
import { percentile, printResult, type BenchResult, type BenchRow } from './lib.js';

export const name = 'lsp';

const LINES = 5000;
const EDITS = 100;
const WARMUP = 20;
const YAML_LS = join(repoRoot, 'test/node_modules/yaml-language-server/bin/yaml-language-server');

/** Deployments (every third with a hostPort) and Services (every fifth a NodePort), over 20 namespaces. */
export function manifest(lines: number): { text: string; replicaLines: number[] } {
  const out: string[] = [];
  const replicaLines: number[] = [];
  for (let i = 0; out.length < lines; i++) {
    const ns = `team-${i % 20}`;
    out.push(
      '---',
      `# workload ${i}`,
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: app-${i}`,
      `  namespace: ${ns}`,
      'spec:',
    );
    replicaLines.push(out.length);
    out.push(
      '  replicas: 2',
      '  selector:',
      '    matchLabels:',
      `      app: app-${i}`,
      '  template:',
      '    metadata:',
      '      labels:',
      `        app: app-${i}`,
      '    spec:',
      '      containers:',
      '        - name: app',
      '          image: nginx:1.27',
      '          ports:',
      '            - containerPort: 8080',
      i % 3 === 0 ? `              hostPort: ${8000 + i}` : '              protocol: TCP',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      `  name: app-${i}`,
      `  namespace: ${ns}`,
      'spec:',
      i % 5 === 0 ? '  type: NodePort' : '  type: ClusterIP',
      // One typo the schema refuses, so yaml-language-server has a diagnostic to ask code actions for.
      ...(i === 0 ? ['  sessionAffinty: None'] : []),
      `  selector: {app: app-${i}}`,
      '  ports:',
      '    - port: 80',
      '      targetPort: 8080',
    );
  }
  return { text: out.join('\n') + '\n', replicaLines };
}

/** A local JSON schema for the Deployments and Services of the manifest, as a Kubernetes schema would say. */
export function kubernetesSchema(): object {
  const str = { type: 'string' };
  const int = { type: 'integer' };
  const labels = { type: 'object', additionalProperties: str };
  const metadata = {
    type: 'object',
    properties: { name: str, namespace: str, labels, annotations: labels },
    required: ['name'],
    additionalProperties: false,
  };
  const port = {
    type: 'object',
    properties: {
      name: str,
      containerPort: { type: 'integer', minimum: 1, maximum: 65535 },
      hostPort: { type: 'integer', minimum: 1, maximum: 65535 },
      hostIP: str,
      protocol: { enum: ['TCP', 'UDP', 'SCTP'] },
    },
    required: ['containerPort'],
    additionalProperties: false,
  };
  const container = {
    type: 'object',
    properties: { name: str, image: str, ports: { type: 'array', items: port } },
    required: ['name'],
    additionalProperties: false,
  };
  const podSpec = {
    type: 'object',
    properties: {
      containers: { type: 'array', items: container },
      hostNetwork: { type: 'boolean' },
      hostPID: { type: 'boolean' },
      hostIPC: { type: 'boolean' },
    },
    required: ['containers'],
    additionalProperties: false,
  };
  const deployment = {
    type: 'object',
    properties: {
      apiVersion: { const: 'apps/v1' },
      kind: { const: 'Deployment' },
      metadata,
      spec: {
        type: 'object',
        properties: {
          replicas: int,
          selector: { type: 'object', properties: { matchLabels: labels } },
          template: {
            type: 'object',
            properties: { metadata: { ...metadata, required: [] }, spec: podSpec },
          },
        },
        required: ['selector', 'template'],
        additionalProperties: false,
      },
    },
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
  };
  const service = {
    type: 'object',
    properties: {
      apiVersion: { const: 'v1' },
      kind: { const: 'Service' },
      metadata,
      spec: {
        type: 'object',
        properties: {
          type: { enum: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] },
          selector: labels,
          externalIPs: { type: 'array', items: str },
          ports: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                name: str,
                port: int,
                targetPort: { type: ['integer', 'string'] },
                nodePort: int,
                protocol: str,
              },
              required: ['port'],
            },
          },
        },
        additionalProperties: false,
      },
    },
    required: ['apiVersion', 'kind', 'metadata'],
  };
  return { $schema: 'http://json-schema.org/draft-07/schema#', oneOf: [deployment, service] };
}

interface Side {
  label: string;
  client: LspClient;
  /** Whether publishDiagnostics carries the document version (yaml-language-server's does not). */
  versioned: boolean;
}

/** Opens the file, then makes single-character edits (a replicas digit 2↔3), timing each to its diagnostics. */
async function timeEdits(
  side: Side,
  uri: string,
  text: string,
  replicaLines: number[],
): Promise<number[]> {
  const { client } = side;
  client.notify('textDocument/didOpen', {
    textDocument: { uri, languageId: 'yaml', version: 1, text },
  });
  await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri, 120_000);
  const digits = new Map<number, string>();
  const times: number[] = [];
  for (let k = 0; k < WARMUP + EDITS; k++) {
    const version = k + 2;
    const line = replicaLines[(k * 7) % replicaLines.length];
    const next = digits.get(line) === '3' ? '2' : '3';
    digits.set(line, next);
    const published = client.waitFor(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri && (!side.versioned || p.version === version),
      60_000,
    );
    const t0 = performance.now();
    client.notify('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [
        { range: { start: { line, character: 12 }, end: { line, character: 13 } }, text: next },
      ],
    });
    await published;
    if (k >= WARMUP) times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

/**
 * codeAction on one diagnostic, then codeAction/resolve of the first action when it has no edit:
 * the time from asking for a quick-fix to having its edit.
 */
async function timeQuickFixes(client: LspClient, uri: string, rounds: number): Promise<number[]> {
  const last = [...client.published]
    .reverse()
    .find((p) => p.uri === uri && p.diagnostics.length > 0);
  if (!last) return [];
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const d = last.diagnostics[(r * 13) % last.diagnostics.length];
    const t0 = performance.now();
    const actions = await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    });
    const first = actions?.[0];
    if (first && !first.edit) await client.request('codeAction/resolve', first);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

const CAPABILITIES = {
  textDocument: {
    publishDiagnostics: { versionSupport: true, relatedInformation: true },
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } },
      resolveSupport: { properties: ['edit'] },
      dataSupport: true,
    },
  },
  workspace: { configuration: true },
};

/** What one server measured. */
interface Measured {
  server: string;
  p50: number;
  p95: number;
  quickFixP50: number;
  quickFixP95: number;
  diagnostics: number;
}

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'portguard-lsp-bench-'));
  try {
    const { text, replicaLines } = manifest(LINES);
    const file = join(dir, 'cluster.yaml');
    writeFileSync(file, text);
    const schema = join(dir, 'kubernetes.schema.json');
    writeFileSync(schema, JSON.stringify(kubernetesSchema()));
    const uri = pathToFileURL(file).href;
    const rootUri = pathToFileURL(dir).href;
    const yamlSettings = {
      validate: true,
      hover: false,
      completion: false,
      schemaStore: { enable: false },
      schemas: { [pathToFileURL(schema).href]: '*.yaml' },
    };

    const measured: Measured[] = [];
    const sides: (() => Promise<Side>)[] = [
      async () => {
        const client = new LspClient();
        await client.initialize(rootUri, CAPABILITIES);
        return { label: 'portguard-language-server', client, versioned: true };
      },
      async () => {
        const client = new LspClient(['--stdio'], dir, YAML_LS);
        client.sections = { yaml: yamlSettings, http: {}, '[yaml]': {}, editor: {}, files: {} };
        await client.initialize(rootUri, CAPABILITIES);
        client.notify('workspace/didChangeConfiguration', { settings: { yaml: yamlSettings } });
        return { label: 'yaml-language-server 1.25 (local schema)', client, versioned: false };
      },
    ];
    for (const start of sides) {
      const side = await start();
      try {
        const times = await timeEdits(side, uri, text, replicaLines);
        const fixes = await timeQuickFixes(side.client, uri, 20);
        const last = [...side.client.published].reverse().find((p) => p.uri === uri);
        measured.push({
          server: side.label,
          p50: percentile(times, 50),
          p95: percentile(times, 95),
          quickFixP50: fixes.length ? percentile(fixes, 50) : NaN,
          quickFixP95: fixes.length ? percentile(fixes, 95) : NaN,
          diagnostics: last?.diagnostics.length ?? 0,
        });
      } finally {
        await side.client.shutdown();
      }
    }
    const [pg, yls] = measured;
    const versus = (
      metric: string,
      value: number,
      baseline: number,
      target?: number,
    ): BenchRow => ({
      metric,
      value,
      unit: 'ms',
      baseline,
      baselineLabel: 'yaml-language-server',
      ratio: value / baseline,
      ...(target !== undefined ? { target } : {}),
    });
    return {
      name,
      title: `${LINES}-line manifest, ${EDITS} single-character edits, portguard-language-server vs yaml-language-server 1.25 (local Kubernetes schema)`,
      rows: [
        versus('didChange → publishDiagnostics p50', pg.p50, yls.p50, 1),
        versus('didChange → publishDiagnostics p95', pg.p95, yls.p95, 1),
        {
          metric: 'didChange → publishDiagnostics p95, budget',
          value: pg.p95,
          unit: 'ms',
          baseline: 50,
          baselineLabel: 'budget',
          ratio: pg.p95 / 50,
          target: 1,
        },
        versus('quick-fix (codeAction + resolve) p50', pg.quickFixP50, yls.quickFixP50),
        versus('quick-fix (codeAction + resolve) p95', pg.quickFixP95, yls.quickFixP95),
      ],
      notes: [
        `diagnostics on the file: portguard ${pg.diagnostics}, yaml-language-server ${yls.diagnostics} (one schema typo on purpose)`,
        'yaml-language-server waits a fixed 200 ms before validating; portguard waits as long as its last validation took (at least 2 ms)',
        "yaml-language-server's quick-fix figure is its codeAction round-trip on its own diagnostic: it has no fix for portguard's findings",
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Standalone: `node --conditions=source --import tsx bench/lsp.bench.ts`.
if (import.meta.url === `file://${process.argv[1]}`) printResult(await run());
