// serve end to end: the project's API server, the real kubectl, serve as a process; /metrics follows kubectl apply and delete.
import assert from 'node:assert/strict';
import { startApiServer, type ApiServer } from '@portguard/apiserver';
import { multiTenant, writeTemp } from '../live/fixtures.js';
import { runCli } from '../live/run-cli.js';
import { fetchText, kubectl, startServeProcess, type ServeProcess } from './serve-process.js';

const POD = `apiVersion: v1
kind: Pod
metadata: { name: probe, namespace: team-c }
spec:
  containers:
    - name: app
      image: nginx
      ports: [{ containerPort: 80, hostPort: 9444 }]
`;

/** The sample lines of one family in a /metrics text. */
const samples = (text: string, family: string) =>
  text.split('\n').filter((l) => l.startsWith(`${family}{`) || l.startsWith(`${family} `));

describe('kubectl portguard serve (e2e: API server, kubectl, serve process)', function () {
  this.timeout(60_000);
  let api: ApiServer;
  let kubeconfig: string;
  let serve: ServeProcess;
  let metricsUrl: string;

  before(async () => {
    api = await startApiServer({ state: multiTenant(), https: true });
    kubeconfig = writeTemp('serve-e2e.yaml', api.kubeconfig());
    const s = await startServeProcess([
      '--kubeconfig',
      kubeconfig,
      '--metrics-addr',
      '127.0.0.1:0',
    ]);
    serve = s.serve;
    metricsUrl = s.started.metrics;
    await serve.waitFor((l) => l.msg === 'synced', 20_000);
  });
  let apiClosed = false;
  after(async () => {
    const code = await serve?.stop();
    if (!apiClosed) await api?.close();
    assert.equal(code, 0, serve?.stderr);
  });

  it('logs one JSON object a line with level, msg and time', () => {
    for (const l of serve.logs) {
      assert.ok(['info', 'warn', 'error'].includes(l.level), JSON.stringify(l));
      assert.ok(!Number.isNaN(Date.parse(l.time)), JSON.stringify(l));
    }
    const appeared = serve.logs.find(
      (l) => l.msg === 'finding appeared' && l.object.name === 'web',
    );
    assert.deepEqual(appeared?.object, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'team-a',
      name: 'web',
    });
  });

  it('answers /healthz and /readyz 200 once synced, 404 elsewhere', async () => {
    assert.equal((await fetchText(`${metricsUrl}/healthz`)).status, 200);
    assert.equal((await fetchText(`${metricsUrl}/readyz`)).status, 200);
    assert.equal((await fetchText(`${metricsUrl}/nope`)).status, 404);
  });

  it('serves at /findings the report of scan -A -o json on the same state', async () => {
    const served = JSON.parse((await fetchText(`${metricsUrl}/findings`)).text);
    const scan = await runCli([
      'scan',
      '-A',
      '-o',
      'json',
      '--kubeconfig',
      kubeconfig,
      '--fail-on',
      'none',
    ]);
    assert.equal(scan.code, 0, scan.stderr);
    assert.deepEqual(served, JSON.parse(scan.stdout));
    assert.ok(served.findings.length > 5);
  });

  it('exports the contract families, the webhook ones included while it is off', async () => {
    const { text } = await fetchText(`${metricsUrl}/metrics`);
    for (const family of [
      'portguard_findings',
      'portguard_finding_info',
      'portguard_suppressed_findings',
      'portguard_objects',
      'portguard_watch_up',
      'portguard_last_sync_timestamp_seconds',
      'portguard_webhook_reviews_total',
      'portguard_webhook_review_duration_seconds',
    ])
      assert.match(text, new RegExp(`^# TYPE ${family} `, 'm'), family);
    assert.ok(
      samples(text, 'portguard_watch_up').every((l) => l.endsWith(' 1')),
      'every watch up',
    );
    // pods counted as listed: the Deployment's 3 pods are there, though folded in the findings
    const pods = Number(
      samples(text, 'portguard_objects')
        .find((l) => l.includes('kind="Pod"'))
        ?.split(' ')[1],
    );
    const report = JSON.parse((await fetchText(`${metricsUrl}/findings`)).text);
    assert.ok(
      pods > report.findings.filter((f: any) => f.object.kind === 'Pod').length,
      `${pods} pods`,
    );
  });

  it('shows a hostPort pod applied with kubectl within 5 s, and drops it once deleted', async () => {
    const from = serve.logs.length;
    const applied = Date.now();
    await kubectl(kubeconfig, ['apply', '--validate=false', '-f', '-'], POD);
    await serve.waitFor(
      (l) => l.msg === 'finding appeared' && l.object?.name === 'probe',
      5_000,
      from,
    );
    assert.ok(Date.now() - applied < 5_000);
    const seen = samples(
      (await fetchText(`${metricsUrl}/metrics`)).text,
      'portguard_finding_info',
    ).filter((l) => l.includes('name="probe"'));
    assert.deepEqual(seen, [
      'portguard_finding_info{rule="host-port",severity="high",namespace="team-c",tenant="gamma",kind="Pod",name="probe"} 1',
    ]);
    // the changed state too: /findings is what scan -A -o json says now
    const served = JSON.parse((await fetchText(`${metricsUrl}/findings`)).text);
    const scan = await runCli([
      'scan',
      '-A',
      '-o',
      'json',
      '--kubeconfig',
      kubeconfig,
      '--fail-on',
      'none',
    ]);
    assert.deepEqual(served, JSON.parse(scan.stdout));
    assert.ok(served.findings.some((f: any) => f.object.name === 'probe'));
    const after = serve.logs.length;
    await kubectl(kubeconfig, ['delete', 'pod', 'probe', '-n', 'team-c']);
    await serve.waitFor(
      (l) => l.msg === 'finding disappeared' && l.object?.name === 'probe',
      5_000,
      after,
    );
    const text = (await fetchText(`${metricsUrl}/metrics`)).text;
    assert.equal(text.includes('name="probe"'), false);
  });

  it('while the API server is down: logs the watch error, portguard_watch_up 0, still healthy', async () => {
    const from = serve.logs.length;
    apiClosed = true;
    await api.close();
    const err = await serve.waitFor((l) => l.msg === 'watch error', 15_000, from);
    assert.equal(err.level, 'error');
    assert.match(
      err.reason,
      /the cluster at https:\/\/127\.0\.0\.1:\d+: connection (reset|refused)/,
    );
    await serve.waitFor((l) => l.msg === 'watch down', 15_000, from);
    const text = (await fetchText(`${metricsUrl}/metrics`)).text;
    assert.ok(
      samples(text, 'portguard_watch_up').some((l) => l.endsWith(' 0')),
      text,
    );
    assert.equal((await fetchText(`${metricsUrl}/healthz`)).status, 200);
  });
});

describe('kubectl portguard serve with admission-policy kinds forbidden', function () {
  this.timeout(60_000);
  let api: ApiServer;
  let serve: ServeProcess | undefined;
  after(async () => {
    await serve?.stop();
    await api?.close();
  });

  it('withholds the posture claim it cannot make and says why, as scan -A does', async () => {
    api = await startApiServer({
      state: multiTenant(),
      https: true,
      users: [
        {
          name: 'no-policies',
          token: 'no-policies-token-5150',
          forbiddenResources: ['validatingadmissionpolicies'],
        },
      ],
    });
    const kubeconfig = writeTemp('serve-no-policies.yaml', api.kubeconfig('no-policies'));
    const s = await startServeProcess([
      '--kubeconfig',
      kubeconfig,
      '--metrics-addr',
      '127.0.0.1:0',
    ]);
    serve = s.serve;
    await serve.waitFor((l) => l.msg === 'synced', 20_000);
    const served = JSON.parse((await fetchText(`${s.started.metrics}/findings`)).text);
    const scan = await runCli([
      'scan',
      '-A',
      '-o',
      'json',
      '--kubeconfig',
      kubeconfig,
      '--fail-on',
      'none',
    ]);
    assert.deepEqual(served, JSON.parse(scan.stdout));
    assert.ok(!served.findings.some((f: any) => f.rule === 'service-exposure-unrestricted'));
    assert.ok(
      served.warnings.some((w: string) => w.startsWith('cannot tell whether NodePort Services')),
      JSON.stringify(served.warnings),
    );
  });
});
