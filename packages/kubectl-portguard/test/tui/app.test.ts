// The whole TUI in ink-testing-library: rendering, every key, filter, severity, picker, details, help, write, resize.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  objectsSource,
  type FindingsSource,
  type SourceListener,
} from '../../src/tui/findings-source.js';
import { fixtureObjects } from './cluster-objects.js';
import { EXPOSURE_RULES } from './contract-rules.js';
import { KEY, renderApp, type RenderedApp } from './render-app.js';

const INFO = { context: 'kind-dev', server: 'https://127.0.0.1:6443', scope: 'all namespaces' };
const source = () =>
  objectsSource(fixtureObjects('multi-tenant.yaml'), INFO, { rules: EXPOSURE_RULES });
const lines = (frame: string) => frame.split('\n');
const selected = (frame: string) =>
  lines(frame)
    .find((l) => l.startsWith('› '))
    ?.replace(/\s+/g, ' ')
    .trim();

describe('tui: the app', () => {
  let app: RenderedApp;
  afterEach(() => app?.unmount());

  it('shows the header, groups, findings and the keys at 100×24', async () => {
    app = renderApp(source());
    const f = await app.waitFor((f) => f.includes('● live'), 'the live status');
    const l = lines(f);
    assert.equal(
      l[0].trimEnd(),
      'portguard · context kind-dev · server https://127.0.0.1:6443 · all namespaces',
    );
    assert.equal(l[1].trimEnd(), '5 high  2 medium  0 low  0 info  · 7 findings · 0 suppressed');
    assert.equal(l[3].trimEnd(), '▾ tenant acme · namespace team-a (2)');
    assert.match(
      l[4],
      /^› HIGH {3}host-port {15}Deployment\/web +container "web" uses hostPort 8080/,
    );
    assert.match(f, /▾ tenant beta · namespace team-b \(3\)/);
    assert.equal(
      l.at(-1)!.trimEnd(),
      '↑↓ move  ⏎ details  / filter  s severity  n namespace  w write  ? help  q quit',
    );
    assert.equal(l.length, 23, 'one row spare so Ink never clears the screen');
    assert.ok(
      l.every((x) => x.length <= 100),
      'no line is wider than the terminal',
    );
  });

  it('↓/j and ↑/k move over findings, skipping group headers; g/G jump; PgDn/PgUp page', async () => {
    app = renderApp(source());
    await app.waitFor((f) => f.includes('● live'), 'live');
    const steps: Array<[string, RegExp]> = [
      [KEY.down, /^› MEDIUM host-port-conflict Deployment\/web/],
      ['j', /^› HIGH host-network Pod\/debug/],
      ['j', /^› HIGH external-ips Service\/legacy/],
      ['k', /^› HIGH host-network Pod\/debug/],
      [KEY.up, /^› MEDIUM host-port-conflict Deployment\/web/],
      ['G', /^› MEDIUM host-port-conflict Deployment\/api/],
      ['g', /^› HIGH host-port Deployment\/web/],
      [KEY.pageDown, /^› MEDIUM host-port-conflict Deployment\/api/],
      [KEY.pageUp, /^› HIGH host-port Deployment\/web/],
    ];
    for (const [key, want] of steps) {
      app.press(key);
      await app.waitFor((f) => want.test(selected(f) ?? ''), `${JSON.stringify(key)} → ${want}`);
    }
  });

  it('/ filters by text as it is typed; Esc restores; Enter keeps; Esc in the list clears', async () => {
    app = renderApp(source());
    await app.waitFor((f) => f.includes('● live'), 'live');
    app.press('/', 'l', 'e', 'g');
    let f = await app.waitFor((f) => f.includes('/leg'), 'the filter input');
    await app.waitFor(
      (f) => f.includes('1 of 7 shown') && f.includes('Service/legacy'),
      'the filtered list',
    );
    app.press(KEY.backspace, KEY.backspace, KEY.backspace, 'c', 'o', 'n', 'f', KEY.enter);
    f = await app.waitFor((f) => f.includes('2 of 7 shown · 0 suppressed · "conf"'), 'conf kept');
    assert.doesNotMatch(f, /external-ips/);
    app.press('/', 'x', KEY.escape);
    await app.waitFor((f) => f.includes('"conf"') && f.includes('↑↓ move'), 'Esc restores "conf"');
    app.press(KEY.escape);
    await app.waitFor((f) => f.includes('· 7 findings'), 'Esc in the list clears the text');
  });

  it('a filter that matches nothing says so', async () => {
    app = renderApp(source());
    await app.waitFor((f) => f.includes('● live'), 'live');
    app.press('/', 'z', 'z', 'z');
    await app.waitFor(
      (f) => f.includes('No findings match the filter ("zzz")'),
      'the empty message',
    );
  });

  it('s cycles the minimum severity and the header shows it', async () => {
    app = renderApp(source());
    await app.waitFor((f) => f.includes('● live'), 'live');
    const want = ['severity ≥ low', 'severity ≥ medium', 'severity ≥ high', '· 7 findings'];
    for (const w of want) {
      app.press('s');
      const f = await app.waitFor((f) => f.includes(w), w);
      if (w === 'severity ≥ high') assert.doesNotMatch(f, /MEDIUM/);
    }
  });

  it('n picks a tenant or namespace, with search; Esc cancels', async () => {
    app = renderApp(source());
    await app.waitFor((f) => f.includes('● live'), 'live');
    app.press('n');
    let f = await app.waitFor(
      (f) => f.includes('Pick a namespace or tenant (6 matches)'),
      'the picker',
    );
    assert.match(f, /›\* all namespaces +7 findings/);
    app.press('b', 'e', 't');
    f = await app.waitFor((f) => f.includes('(1 match)'), 'search narrows');
    assert.match(f, /› {2}tenant beta +3 findings/);
    app.press(KEY.enter);
    f = await app.waitFor(
      (f) => f.includes('3 of 7 shown') && f.includes('tenant beta'),
      'scoped to beta',
    );
    assert.doesNotMatch(f, /team-a/);
    app.press('n', KEY.down, KEY.down, KEY.down, KEY.enter);
    f = await app.waitFor(
      (f) => f.includes('2 of 7 shown · 0 suppressed · namespace team-a'),
      'namespace team-a',
    );
    app.press('n', KEY.escape);
    await app.waitFor(
      (f) =>
        f.includes('namespace team-a') && f.includes('Deployment/web') && !f.includes('Pick a'),
      'Esc keeps the scope',
    );
  });

  it('Enter opens details: why it is risky here and the remediation; Esc goes back', async () => {
    app = renderApp(source(), { columns: 120, rows: 40 });
    await app.waitFor((f) => f.includes('● live'), 'live');
    app.press(KEY.enter);
    const f = await app.waitFor((f) => f.includes('Why it is risky here'), 'the details');
    for (const want of [
      'HIGH  host-port',
      'Deployment team-a/web · tenant acme',
      'Exposure      opens TCP 8080 on each node it runs on, outside the pod network',
      'Nodes         any of 1 node: node-1',
      'NetworkPolicy bypasses web-only-from-ingress in team-a',
      'Collides with tenant beta: Deployment team-b/api also asks for hostPort 8080/TCP',
      'Remediation: Replace hostPort 8080 with a ClusterIP Service "web" (w writes portguard-fix-deployment-team-a-web.yaml)',
      '    kind: Service',
      '    -              hostPort: 8080',
    ]) {
      assert.ok(f.includes(want), `details show ${JSON.stringify(want)}:\n${f}`);
    }
    assert.equal(lines(f).at(-1)!.trimEnd(), '↑↓ scroll  esc back  w write fix  ? help  q quit');
    app.press(KEY.escape);
    await app.waitFor(
      (f) => f.includes('› HIGH') && !f.includes('Why it is risky'),
      'back to the list',
    );
  });

  it('details scroll with ↓ and G when they do not fit', async () => {
    app = renderApp(source(), { columns: 80, rows: 24 });
    await app.waitFor((f) => f.includes('● live'), 'live');
    app.press(KEY.enter);
    let f = await app.waitFor((f) => f.includes('more lines (↓/PgDn)'), 'a long details pane');
    assert.ok(lines(f)[3].startsWith('HIGH  host-port'));
    app.press('j');
    f = await app.waitFor((f) => !lines(f)[3].startsWith('HIGH'), 'scrolled one line');
    app.press('G');
    f = await app.waitFor((f) => !f.includes('more line'), 'the end');
    assert.match(f, /hostPort: 8080/);
  });

  it('? shows help and Esc closes it', async () => {
    app = renderApp(source());
    await app.waitFor((f) => f.includes('● live'), 'live');
    app.press('?');
    const f = await app.waitFor((f) => f.includes('Keys'), 'help');
    assert.match(f, /s {11}cycle the minimum severity/);
    assert.match(f, /w {11}write the selected remediation/);
    app.press(KEY.escape);
    await app.waitFor((f) => f.includes('› HIGH'), 'back to the list');
  });

  it('w writes the selected remediation as valid YAML and says where', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portguard-tui-'));
    try {
      app = renderApp(source(), { cwd: dir });
      await app.waitFor((f) => f.includes('● live'), 'live');
      app.press('j', 'j', 'w');
      await app.waitFor(
        (f) => f.includes('wrote ./portguard-fix-pod-team-c-debug.yaml'),
        'the status line',
      );
      const docs = parseAllDocuments(
        readFileSync(join(dir, 'portguard-fix-pod-team-c-debug.yaml'), 'utf8'),
      );
      assert.deepEqual(
        docs.map((d) => d.errors.length),
        [0, 0],
      );
      const [pod, svc] = docs.map((d) => d.toJS());
      assert.equal(pod.spec.hostNetwork, undefined);
      assert.deepEqual(
        [svc.kind, svc.metadata.namespace, svc.spec.ports[0].port],
        ['Service', 'team-c', 2222],
      );
      assert.deepEqual(svc.spec.selector, pod.metadata.labels);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('w on a finding without a fix says why, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portguard-tui-'));
    try {
      const objects = fixtureObjects('multi-tenant.yaml').filter(
        (o) => o.ref.kind !== 'Deployment',
      );
      app = renderApp(
        objectsSource([...objects, ...fixtureObjects('host-pid.yaml')], INFO, {
          rules: EXPOSURE_RULES,
        }),
        { cwd: dir },
      );
      await app.waitFor((f) => f.includes('● live'), 'live');
      app.press('/', 'h', 'o', 's', 't', '-', 'p', 'i', 'd', KEY.enter, 'w');
      await app.waitFor(
        (f) =>
          f.includes(
            'nothing to write: host-pid has no automatic fix; see kubectl portguard explain host-pid',
          ),
        'the reason',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fits 80×24 and reflows when the terminal resizes', async () => {
    app = renderApp(source(), { columns: 80, rows: 24 });
    let f = await app.waitFor((f) => f.includes('● live'), 'live');
    assert.equal(lines(f).length, 23);
    assert.ok(
      lines(f).every((l) => l.length <= 80),
      `every line fits 80 columns:\n${f}`,
    );
    assert.equal(
      lines(f).at(-1)!.trimEnd(),
      '↑↓ move  ⏎ details  / filter  s severity  n namespace  w write  ? help  q quit',
    );
    app.resize(60, 12);
    f = await app.waitFor((f) => lines(f).length === 11, 'the smaller frame');
    assert.ok(
      lines(f).every((l) => l.length <= 60),
      `every line fits 60 columns:\n${f}`,
    );
    app.resize(140, 40);
    f = await app.waitFor((f) => lines(f).length === 39, 'the larger frame');
    assert.match(f, /Service\/api/);
  });

  it('a live update moves the list without losing the selection; the banner shows while disconnected', async () => {
    let listener!: SourceListener;
    const all = fixtureObjects('multi-tenant.yaml');
    const live: FindingsSource = {
      info: INFO,
      start(l) {
        listener = l;
        l.onStatus({ state: 'listing', listed: 3 });
        return () => {};
      },
    };
    const { viewOf } = await import('../../src/tui/findings-source.js');
    app = renderApp(live);
    await app.waitFor((f) => f.includes('listing the cluster… 3 objects'), 'the spinner line');
    listener.onView(
      viewOf(
        all.filter((o) => o.ref.namespace !== 'team-a'),
        { rules: EXPOSURE_RULES },
      ),
    );
    listener.onStatus({ state: 'live' });
    await app.waitFor(
      (f) => selected(f)?.startsWith('› HIGH host-network Pod/debug') === true,
      'first finding selected',
    );
    app.press('j');
    await app.waitFor(
      (f) => selected(f)?.startsWith('› HIGH external-ips') === true,
      'legacy selected',
    );
    listener.onView(viewOf(all, { rules: EXPOSURE_RULES }));
    let f = await app.waitFor((f) => f.includes('team-a'), 'team-a appears above');
    assert.match(selected(f) ?? '', /external-ips Service\/legacy/);
    listener.onStatus({
      state: 'disconnected',
      reason: 'watch closed: connection reset',
      retryInMs: 2000,
    });
    f = await app.waitFor(
      (f) => f.includes('⚠ DISCONNECTED: watch closed: connection reset (retrying in 2.0s)'),
      'the banner',
    );
    listener.onStatus({ state: 'live' });
    await app.waitFor(
      (f) => f.includes('● live') && !f.includes('DISCONNECTED'),
      'the banner goes',
    );
  });

  it('a burst of keys in one read (tmux send-keys, a paste) acts key by key', async () => {
    app = renderApp(source());
    await app.waitFor((f) => f.includes('● live'), 'live');
    app.press('/api\rj');
    const f = await app.waitFor(
      (f) =>
        f.includes('4 of 7 shown') && /^› HIGH host-port Deployment\/api/.test(selected(f) ?? ''),
      'filtered, then moved',
    );
    assert.match(f, /"api"/);
  });

  it('an empty cluster says there is nothing to fix', async () => {
    app = renderApp(objectsSource([], INFO));
    await app.waitFor((f) => f.includes('No exposures found'), 'the empty message');
  });
});
