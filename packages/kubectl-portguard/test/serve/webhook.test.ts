// The webhook end to end: install's own TLS Secret and ValidatingWebhookConfiguration, serve, the project's API server, the real kubectl.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { readState, startApiServer, type ApiServer } from '@portguard/apiserver';
import { runCli } from '../live/run-cli.js';
import { fetchText, kubectl, startServeProcess, type ServeProcess } from './serve-process.js';

const CLUSTER = new URL('../../../serve/test/fixtures/cluster.yaml', import.meta.url).pathname;

const podYaml = (namespace: string, name: string, hostPort: number) =>
  stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace },
    spec: {
      containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 80, hostPort }] }],
    },
  });

/** kubectl that resolves (never rejects) with its exit status, for commands expected to fail. */
const kubectlRun = (kubeconfig: string, args: string[], stdin?: string) =>
  kubectl(kubeconfig, args, stdin).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );

for (const mode of ['deny', 'warn'] as const) {
  describe(`the webhook in ${mode} mode (install --webhook, serve, API server, kubectl)`, function () {
    this.timeout(60_000);
    let api: ApiServer;
    let kubeconfig: string;
    let serve: ServeProcess;
    let metricsUrl: string;
    let webhookUrl = '';

    before(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'portguard-webhook-e2e-'));
      const install = await runCli(['install', '--webhook', '--mode', mode, '-n', 'portguard']);
      assert.equal(install.code, 0, install.stderr);
      const objects = parseAllDocuments(install.stdout).map((d) => d.toJS());
      const secret = objects.find((o) => o.kind === 'Secret');
      const vwc = objects.find((o) => o.kind === 'ValidatingWebhookConfiguration');
      const file = (name: string, text: string) => (
        writeFileSync(join(dir, name), text),
        join(dir, name)
      );
      const cert = file('tls.crt', Buffer.from(secret.data['tls.crt'], 'base64').toString());
      const key = file('tls.key', Buffer.from(secret.data['tls.key'], 'base64').toString());
      // blog may use hostPort 8080: only the conflict with shop's edge proxy is left to refuse.
      const config = file(
        'portguard.yaml',
        'allow:\n  - tenant: blog\n    hostPorts: ["8080"]\n    reason: edge nodes\n',
      );
      api = await startApiServer({
        state: readState(CLUSTER),
        https: true,
        // install's clientConfig.service (portguard.portguard.svc:443) is this serve on loopback.
        resolveWebhookService: (ref) =>
          ref.namespace === 'portguard' && ref.name === 'portguard' ? webhookUrl : undefined,
      });
      kubeconfig = file('kubeconfig', api.kubeconfig());
      const s = await startServeProcess([
        '--kubeconfig',
        kubeconfig,
        '--metrics-addr',
        '127.0.0.1:0',
        '--webhook-addr',
        '127.0.0.1:0',
        '--tls-cert',
        cert,
        '--tls-key',
        key,
        '--mode',
        mode,
        '--config',
        config,
      ]);
      serve = s.serve;
      metricsUrl = s.started.metrics;
      webhookUrl = String(s.started.webhook).replace(/\/validate$/, '');
      await serve.waitFor((l) => l.msg === 'synced', 20_000);
      const applied = await kubectlRun(kubeconfig, [
        'apply',
        '-f',
        file('vwc.yaml', stringify(vwc)),
      ]);
      assert.equal(applied.code, 0, applied.stderr);
    });
    after(async () => {
      const code = await serve?.stop();
      await api?.close();
      assert.equal(code, 0, serve?.stderr);
    });

    if (mode === 'deny') {
      it('kubectl apply of a hostPort pod is refused with the finding and its remediation', async () => {
        const r = await kubectlRun(kubeconfig, ['apply', '-f', '-'], podYaml('blog', 'web', 9000));
        assert.notEqual(r.code, 0);
        assert.equal(
          r.stderr.trim(),
          'Error from server (Forbidden): error when creating "STDIN": admission webhook "validate.portguard.dev" denied the request: ' +
            `portguard refuses Pod blog/web: host-port (high): container "app": hostPort 9000 is outside tenant blog's allowed 8080 (use a ClusterIP Service behind an Ingress instead of hostPort: kubectl portguard fix -f <file>)`,
        );
        const get = await kubectlRun(kubeconfig, ['get', 'pod', 'web', '-n', 'blog']);
        assert.notEqual(get.code, 0, 'the pod was not created');
      });

      it("a pod whose hostPort collides with another tenant's is refused naming the other object", async () => {
        const r = await kubectlRun(
          kubeconfig,
          ['apply', '-f', '-'],
          podYaml('blog', 'squat', 8080),
        );
        assert.notEqual(r.code, 0);
        assert.match(
          r.stderr,
          /denied the request: portguard refuses Pod blog\/squat: host-port-conflict \(medium\): hostPort 8080\/TCP is also requested by Deployment shop-web\/edge of another tenant/,
        );
      });

      it('the same hostPort in a namespace of the same tenant is admitted', async () => {
        // shop-api is shop's own; host-port alone is still high, so it is refused for that, not the conflict
        const r = await kubectlRun(
          kubeconfig,
          ['apply', '-f', '-'],
          podYaml('shop-api', 'side', 8080),
        );
        assert.doesNotMatch(r.stderr, /host-port-conflict/);
      });
    } else {
      it('kubectl apply prints one Warning line per finding, with its remediation, and creates the pod', async () => {
        const r = await kubectlRun(kubeconfig, ['apply', '-f', '-'], podYaml('blog', 'web', 9000));
        assert.equal(r.code, 0, r.stderr);
        assert.equal(
          r.stderr.trim(),
          `Warning: portguard host-port (high): container "app": hostPort 9000 is outside tenant blog's allowed 8080; use a ClusterIP Service behind an Ingress instead of hostPort: kubectl portguard fix -f <file>`,
        );
        assert.match(r.stdout, /pod\/web created/);
      });

      it('warns about a hostPort another tenant holds, naming it', async () => {
        const r = await kubectlRun(
          kubeconfig,
          ['apply', '-f', '-'],
          podYaml('blog', 'squat', 8080),
        );
        assert.equal(r.code, 0, r.stderr);
        assert.match(
          r.stderr,
          /Warning: portguard host-port-conflict \(medium\): hostPort 8080\/TCP is also requested by Deployment shop-web\/edge of another tenant/,
        );
      });
    }

    it('counts the reviews in portguard_webhook_reviews_total', async () => {
      const { text } = await fetchText(`${metricsUrl}/metrics`);
      const decision = mode === 'deny' ? 'denied' : 'warned';
      assert.match(
        text,
        new RegExp(
          `^portguard_webhook_reviews_total\\{operation="CREATE",kind="Pod",decision="${decision}"\\} [1-9]`,
          'm',
        ),
      );
      assert.match(text, /^portguard_webhook_review_duration_seconds_count [1-9]/m);
    });
  });
}
