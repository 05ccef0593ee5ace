// TUI bench: keypress-to-frame latency with 10,000 findings, against the same keys on a 40-finding list.
import { performance } from 'node:perf_hooks';
import type { ManifestObject } from '@portguard/core';
import { percentile, type BenchResult, type BenchRow } from './lib.js';

export const name = 'tui';

/** `pods` Pods with one distinct hostPort each (no conflicts), over 100 namespaces of 20 tenants. */
function clusterYaml(pods: number): string {
  const docs: string[] = [];
  const namespaces = Math.min(100, pods);
  for (let n = 0; n < namespaces; n++) {
    docs.push(`apiVersion: v1
kind: Namespace
metadata: { name: ns-${n}, labels: { capsule.clastix.io/tenant: tenant-${n % 20}, pod-security.kubernetes.io/enforce: privileged } }`);
  }
  for (let i = 0; i < pods; i++) {
    docs.push(`apiVersion: v1
kind: Pod
metadata: { name: pod-${i}, namespace: ns-${i % namespaces} }
spec: { containers: [{ name: app, ports: [{ containerPort: 8080, hostPort: ${1024 + i} }] }] }`);
  }
  return docs.join('\n---\n');
}

interface Scenario {
  metric: string;
  keys: string[];
  /** Pressed first, not measured. */
  setup?: string[];
  /** Cursor keys must not depend on the number of findings; filtering is O(n) by nature. */
  target?: number;
}

const ROUNDS = 3;

export async function run(): Promise<BenchResult> {
  // The plugin runs React's production build (commands/tui.ts sets it); so does the bench.
  process.env.NODE_ENV ??= 'production';
  const [{ objectsSource }, { clusterObjects }, { KEY, renderApp }, { EXPOSURE_RULES }] =
    await Promise.all([
      import('../packages/kubectl-portguard/src/tui/findings-source.js'),
      import('../packages/kubectl-portguard/test/tui/cluster-objects.js'),
      import('../packages/kubectl-portguard/test/tui/render-app.js'),
      import('../packages/kubectl-portguard/test/tui/contract-rules.js'),
    ]);
  const scenarios: Scenario[] = [
    { metric: '↓ (move one finding)', keys: Array(100).fill(KEY.down), target: 1.5 },
    {
      metric: 'PgDn / PgUp',
      keys: Array(30)
        .fill(0)
        .flatMap(() => [KEY.pageDown, KEY.pageDown, KEY.pageUp]),
      target: 1.5,
    },
    {
      metric: 'G / g (jump to last / first)',
      keys: Array(30)
        .fill(0)
        .flatMap(() => ['G', 'g']),
      target: 1.5,
    },
    {
      metric: 'filter keystroke (re-filters every finding)',
      setup: ['/'],
      keys: Array(10)
        .fill(0)
        .flatMap(() => [
          'p',
          'o',
          'd',
          '-',
          '1',
          KEY.backspace,
          KEY.backspace,
          KEY.backspace,
          KEY.backspace,
          KEY.backspace,
        ]),
    },
  ];
  const objects: Record<'big' | 'small', ManifestObject[]> = {
    big: clusterObjects(clusterYaml(10_000)),
    // Enough to fill the 120×40 screen: a frame's cost is the screen's, so the baseline must fill it too.
    small: clusterObjects(clusterYaml(40)),
  };

  /** Milliseconds from writing each key to stdin until Ink writes the next frame. */
  async function measure(
    which: 'big' | 'small',
    s: Scenario,
  ): Promise<{ times: number[]; findings: number }> {
    const source = objectsSource(
      objects[which],
      { scope: 'all namespaces', context: 'bench', server: 'https://bench' },
      { rules: EXPOSURE_RULES },
    );
    const app = renderApp(source, { columns: 120, rows: 40 });
    try {
      const first = await app.waitFor((f) => f.includes('● live'), 'the first frame', 120_000);
      const findings = Number(/· (\d+) findings/.exec(first)?.[1]);
      for (const k of s.setup ?? []) {
        const frame = app.nextFrameAt();
        app.press(k);
        await frame;
      }
      const times: number[] = [];
      for (const k of s.keys) {
        const frame = app.nextFrameAt();
        const t0 = performance.now();
        app.press(k);
        times.push((await frame) - t0);
      }
      return { times, findings };
    } finally {
      app.unmount();
    }
  }

  const rows: BenchRow[] = [];
  const counts = { big: 0, small: 0 };
  for (const s of scenarios) {
    const times = { big: [] as number[], small: [] as number[] };
    // Interleaved rounds, so both sides see the same machine state.
    for (let r = 0; r < ROUNDS; r++) {
      for (const which of ['small', 'big'] as const) {
        const m = await measure(which, s);
        times[which].push(...m.times);
        counts[which] = m.findings;
      }
    }
    for (const p of [50, 95]) {
      const value = percentile(times.big, p);
      const baseline = percentile(times.small, p);
      rows.push({
        metric: `${s.metric}, p${p}`,
        value,
        unit: 'ms',
        baseline,
        baselineLabel: `${counts.small} findings`,
        ratio: value / baseline,
        ...(p === 95 && s.target !== undefined ? { target: s.target } : {}),
      });
    }
  }
  const worst = Math.max(...rows.map((r) => r.value));
  return {
    name,
    title: `keypress → frame with ${counts.big.toLocaleString('en-US')} findings vs ${counts.small} (Ink, 120×40, React production build)`,
    rows,
    notes: [
      `worst percentile above: ${worst.toFixed(1)} ms (aim: well under 100 ms)`,
      'the list renders only its visible window: a cursor key costs the same for 40 and 10,000 findings; a frame costs ~O(screen cells) in Ink',
    ],
  };
}
