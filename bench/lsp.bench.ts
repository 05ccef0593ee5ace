// LSP bench: didChange → publishDiagnostics on 5,000- and 50,000-line manifests (and one beside a 50,000-line file), open time, quick-fix latency, beside yaml-language-server.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { LspClient, repoRoot } from '../test/e2e/lsp-client.js';
import { percentile, printResult, type BenchResult, type BenchRow } from './lib.js';

export const name = 'lsp';

const LINES = 5000;
const BIG_LINES = 50_000;
const EDITS = Number(process.env.LSP_BENCH_EDITS ?? 100);
/** yaml-language-server takes about a second per edit of the big file: fewer edits there. */
const YLS_BIG_EDITS = Number(process.env.LSP_BENCH_YLS_BIG_EDITS ?? 10);
const WARMUP = 20;
/**
 * The bench client keeps the last few publishes, as an editor keeps the latest per file: holding
 * 120 publishes of 763 diagnostics made the client's own GC pauses part of the p95.
 */
const PUBLISHED_KEPT = 8;
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

/**
 * Opens the file (timing didOpen → its first diagnostics), then makes single-character edits (a
 * replicas digit 2↔3), timing each to its diagnostics.
 */
async function timeEdits(
  side: Side,
  uri: string,
  text: string,
  replicaLines: number[],
  edits = EDITS,
  warmup = WARMUP,
): Promise<{ open: number; times: number[] }> {
  const { client } = side;
  const opened = client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri, 180_000);
  const t = performance.now();
  client.notify('textDocument/didOpen', {
    textDocument: { uri, languageId: 'yaml', version: 1, text },
  });
  await opened;
  const open = performance.now() - t;
  const digits = new Map<number, string>();
  const times: number[] = [];
  for (let k = 0; k < warmup + edits; k++) {
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
    if (k >= warmup) times.push(performance.now() - t0);
  }
  return { open, times: times.sort((a, b) => a - b) };
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

/** What one server measured on one file. */
interface Measured {
  p50: number;
  p95: number;
  open: number;
  quickFixP50: number;
  quickFixP95: number;
  diagnostics: number;
}

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'portguard-lsp-bench-'));
  try {
    const small = manifest(LINES);
    const big = manifest(BIG_LINES);
    // Three workspaces: the 5,000-line file alone, the 50,000-line file alone, and the
    // 5,000-line file with the 50,000-line one elsewhere in its folder.
    const folders = { small: join(dir, 'small'), big: join(dir, 'big'), mixed: join(dir, 'mixed') };
    for (const f of Object.values(folders)) mkdirSync(f, { recursive: true });
    mkdirSync(join(folders.mixed, 'platform'));
    writeFileSync(join(folders.small, 'cluster.yaml'), small.text);
    writeFileSync(join(folders.big, 'cluster.yaml'), big.text);
    writeFileSync(join(folders.mixed, 'cluster.yaml'), small.text);
    writeFileSync(join(folders.mixed, 'platform', 'everything.yaml'), big.text);
    const schema = join(dir, 'kubernetes.schema.json');
    writeFileSync(schema, JSON.stringify(kubernetesSchema()));
    const yamlSettings = {
      validate: true,
      hover: false,
      completion: false,
      schemaStore: { enable: false },
      schemas: { [pathToFileURL(schema).href]: '*.yaml' },
    };
    const portguard = async (folder: string): Promise<Side> => {
      const client = new LspClient();
      client.publishedLimit = PUBLISHED_KEPT;
      const read = client.waitFor(
        'window/logMessage',
        (p) => typeof p?.message === 'string' && p.message.startsWith('portguard: read'),
        180_000,
      );
      await client.initialize(pathToFileURL(folder).href, CAPABILITIES);
      await read; // the workspace's files are read: conflicts with them count from the first edit
      return { label: 'portguard-language-server', client, versioned: true };
    };
    const yls = async (folder: string): Promise<Side> => {
      const client = new LspClient(['--stdio'], folder, YAML_LS);
      client.publishedLimit = PUBLISHED_KEPT;
      client.sections = { yaml: yamlSettings, http: {}, '[yaml]': {}, editor: {}, files: {} };
      await client.initialize(pathToFileURL(folder).href, CAPABILITIES);
      client.notify('workspace/didChangeConfiguration', { settings: { yaml: yamlSettings } });
      return { label: 'yaml-language-server 1.25 (local schema)', client, versioned: false };
    };
    const measure = async (
      side: Side,
      folder: string,
      m: { text: string; replicaLines: number[] },
      edits = EDITS,
      fixes = 0,
    ): Promise<Measured> => {
      const uri = pathToFileURL(join(folder, 'cluster.yaml')).href;
      try {
        const warmup = Math.min(WARMUP, edits);
        const { open, times } = await timeEdits(side, uri, m.text, m.replicaLines, edits, warmup);
        const fixTimes = fixes ? await timeQuickFixes(side.client, uri, fixes) : [];
        const last = [...side.client.published].reverse().find((p) => p.uri === uri);
        return {
          p50: percentile(times, 50),
          p95: percentile(times, 95),
          open,
          quickFixP50: fixTimes.length ? percentile(fixTimes, 50) : NaN,
          quickFixP95: fixTimes.length ? percentile(fixTimes, 95) : NaN,
          diagnostics: last?.diagnostics.length ?? 0,
        };
      } finally {
        await side.client.shutdown();
      }
    };
    const pgSmall = await measure(await portguard(folders.small), folders.small, small, EDITS, 20);
    const pgBig = await measure(await portguard(folders.big), folders.big, big);
    const pgMixed = await measure(await portguard(folders.mixed), folders.mixed, small);
    const ylsSmall = await measure(await yls(folders.small), folders.small, small, EDITS, 20);
    const ylsBig = await measure(await yls(folders.big), folders.big, big, YLS_BIG_EDITS);
    const row = (
      metric: string,
      value: number,
      baseline: number,
      baselineLabel: string,
      target?: number,
    ): BenchRow => ({
      metric,
      value,
      unit: 'ms',
      baseline,
      baselineLabel,
      ratio: value / baseline,
      ...(target !== undefined ? { target } : {}),
    });
    const YLS = 'yaml-language-server';
    const k = (n: number) => `${(n / 1000).toLocaleString('en-US')}k`;
    return {
      name,
      title: `${EDITS} single-character edits of ${k(LINES)}- and ${k(BIG_LINES)}-line manifests, portguard-language-server vs yaml-language-server 1.25 (local Kubernetes schema)`,
      rows: [
        row(`${k(LINES)} lines: didChange → diagnostics p50`, pgSmall.p50, ylsSmall.p50, YLS),
        row(`${k(LINES)} lines: didChange → diagnostics p95`, pgSmall.p95, ylsSmall.p95, YLS),
        row(`${k(LINES)} lines: p95 against its budget`, pgSmall.p95, 5, 'budget', 1),
        row(`${k(BIG_LINES)} lines: didChange → diagnostics p50`, pgBig.p50, ylsBig.p50, YLS),
        row(`${k(BIG_LINES)} lines: didChange → diagnostics p95`, pgBig.p95, ylsBig.p95, YLS),
        row(`${k(BIG_LINES)} lines: p95 against its budget`, pgBig.p95, 20, 'budget', 1),
        row(`${k(BIG_LINES)} lines: didOpen → diagnostics`, pgBig.open, ylsBig.open, YLS),
        row(`${k(BIG_LINES)} lines: open against its budget`, pgBig.open, 400, 'budget', 1),
        row(
          `${k(LINES)} lines beside ${k(BIG_LINES)}: p95`,
          pgMixed.p95,
          pgSmall.p95,
          `${k(LINES)} lines alone`,
        ),
        row(`${k(LINES)} lines beside ${k(BIG_LINES)}: p95 budget`, pgMixed.p95, 5, 'budget', 1),
        row('quick-fix (codeAction + resolve) p50', pgSmall.quickFixP50, ylsSmall.quickFixP50, YLS),
        row('quick-fix (codeAction + resolve) p95', pgSmall.quickFixP95, ylsSmall.quickFixP95, YLS),
      ],
      notes: [
        `diagnostics on the ${k(LINES)}-line file: portguard ${pgSmall.diagnostics}, yaml-language-server ${ylsSmall.diagnostics} (one schema typo on purpose); on the ${k(BIG_LINES)}-line file: ${pgBig.diagnostics}, ${ylsBig.diagnostics}`,
        `yaml-language-server: ${YLS_BIG_EDITS} edits of the ${k(BIG_LINES)}-line file (about a second each); it reads no other workspace file, so the beside case is portguard's alone, against its own 5k figure`,
        'yaml-language-server waits a fixed 200 ms before validating; portguard validates on the next turn of its event loop when its last validation took under 10 ms, else waits what is left of that duration since it ended',
        "yaml-language-server's quick-fix figure is its codeAction round-trip on its own diagnostic: it has no fix for portguard's findings",
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Standalone: `node --conditions=source --import tsx bench/lsp.bench.ts`.
if (import.meta.url === `file://${process.argv[1]}`) printResult(await run());
