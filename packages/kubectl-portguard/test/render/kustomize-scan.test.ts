// scan -k and scan -f DIR -R over real kustomizations, rendered by the real `kubectl kustomize`.
import { strict as assert } from 'node:assert';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/run-cli.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/kustomize', import.meta.url));
const ENV = { PATH: process.env.PATH ?? '' };

interface Place {
  rule: string;
  file: string;
  line: number;
  from: string;
}

/** `# expect: host-port in prod, staging` markers: the line each overlay's finding must point at. */
function markers(dir: string): Place[] {
  const out: Place[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else
        readFileSync(p, 'utf8')
          .split('\n')
          .forEach((text, i) => {
            const m = /# expect: (\S+) in (.+)$/.exec(text);
            if (!m) return;
            for (const overlay of m[2].split(',').map((s) => s.trim())) {
              out.push({
                rule: m[1],
                file: relative(FIXTURES, p),
                line: i + 1,
                from: `shop/overlays/${overlay}`,
              });
            }
          });
    }
  };
  walk(dir);
  return out;
}

function placesOf(stdout: string): Place[] {
  const doc = JSON.parse(stdout) as {
    findings: {
      rule: string;
      file: string;
      range: { start: { line: number } };
      rendered?: { by: string; from: string };
    }[];
  };
  return doc.findings.map((f) => {
    assert.equal(f.rendered?.by, 'kustomize', `${f.rule} at ${f.file} has no rendered.by`);
    return { rule: f.rule, file: f.file, line: f.range.start.line, from: f.rendered.from };
  });
}

const sortPlaces = (p: Place[]) =>
  [...p].sort((a, b) =>
    `${a.from}${a.file}${a.line}${a.rule}`.localeCompare(`${b.from}${b.file}${b.line}${b.rule}`),
  );

function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(p, readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

describe('scan -k: kustomizations rendered by kubectl kustomize', function () {
  this.timeout(60000);

  it('maps each finding of an overlay to the patch or base line that writes the value', async () => {
    const run = await runCli(['scan', '-k', 'shop/overlays/prod', '-o', 'json'], {
      cwd: FIXTURES,
      env: ENV,
    });
    assert.equal(run.stderr, '');
    assert.equal(run.code, 1);
    const want = markers(join(FIXTURES, 'shop')).filter((m) => m.from === 'shop/overlays/prod');
    assert.deepEqual(sortPlaces(placesOf(run.stdout)), sortPlaces(want));
  });

  it('points a hostPort added by a strategic-merge patch at the patch, key and value', async () => {
    const run = await runCli(['scan', '-k', 'shop/overlays/prod', '-o', 'json'], {
      cwd: FIXTURES,
      env: ENV,
    });
    const f = (JSON.parse(run.stdout).findings as Record<string, any>[]).find(
      (x) => x.rule === 'host-port',
    );
    assert.deepEqual(
      { file: f?.file, range: f?.range, rendered: f?.rendered },
      {
        file: 'shop/overlays/prod/patches/host-port.yaml',
        range: { start: { line: 12, column: 15 }, end: { line: 12, column: 29 } },
        rendered: { by: 'kustomize', from: 'shop/overlays/prod' },
      },
    );
  });

  it('-f DIR -R renders each top-level overlay, not the base alone nor its files raw; a broken one is an error', async () => {
    const run = await runCli(['scan', '-f', 'shop', '-R', '-o', 'json'], {
      cwd: FIXTURES,
      env: ENV,
    });
    assert.equal(run.code, 2);
    const doc = JSON.parse(run.stdout);
    assert.deepEqual(sortPlaces(placesOf(run.stdout)), sortPlaces(markers(join(FIXTURES, 'shop'))));
    assert.equal(doc.errors.length, 1);
    assert.equal(doc.errors[0].file, 'shop/overlays/broken');
    assert.match(
      doc.errors[0].message,
      /^kustomize: .*shop\/overlays\/broken\/missing\.yaml.*no such file or directory/,
    );
    assert.doesNotMatch(doc.errors[0].message, /\n/);
    assert.equal(run.stderr.split('\n').filter(Boolean).length, 1);
    assert.match(run.stderr, /^error: shop\/overlays\/broken: kustomize: /);
  });

  it('a NodePort Service of the base kept by two overlays is reported once per overlay, at the base', async () => {
    const run = await runCli(
      ['scan', '-k', 'shop/overlays/prod', '-k', 'shop/overlays/staging', '-o', 'json'],
      {
        cwd: FIXTURES,
        env: ENV,
      },
    );
    const nodePorts = placesOf(run.stdout).filter((p) => p.rule === 'nodeport-service');
    assert.deepEqual(nodePorts, [
      {
        rule: 'nodeport-service',
        file: 'shop/base/service.yaml',
        line: 6,
        from: 'shop/overlays/prod',
      },
      {
        rule: 'nodeport-service',
        file: 'shop/base/service.yaml',
        line: 6,
        from: 'shop/overlays/staging',
      },
    ]);
  });

  it('names files as the user named the folder: ./ and a trailing slash keep to the same joined paths', async () => {
    const run = await runCli(['scan', '-k', './shop/overlays/staging/', '-o', 'json'], {
      cwd: FIXTURES,
      env: ENV,
    });
    const files = (
      JSON.parse(run.stdout).findings as { file: string; rendered: { from: string } }[]
    ).map((f) => [f.file, f.rendered.from]);
    assert.deepEqual(files, [
      ['shop/base/service.yaml', './shop/overlays/staging/'],
      ['shop/overlays/staging/kustomization.yaml', './shop/overlays/staging/'],
    ]);
  });

  it('never writes to the user files', async () => {
    const before = snapshot(join(FIXTURES, 'shop'));
    await runCli(['scan', '-f', 'shop', '-R', '-o', 'json'], { cwd: FIXTURES, env: ENV });
    assert.deepEqual(snapshot(join(FIXTURES, 'shop')), before);
  });

  it('SARIF regions and JUnit failures use the mapped place; JUnit keeps one testcase per object', async () => {
    const sarif = JSON.parse(
      (
        await runCli(['scan', '-k', 'shop/overlays/prod', '-o', 'sarif'], {
          cwd: FIXTURES,
          env: ENV,
        })
      ).stdout,
    );
    const hostPort = sarif.runs[0].results.find(
      (r: { ruleId: string }) => r.ruleId === 'host-port',
    );
    assert.deepEqual(hostPort.locations[0].physicalLocation, {
      artifactLocation: {
        uri: 'shop/overlays/prod/patches/host-port.yaml',
        uriBaseId: '%SRCROOT%',
      },
      region: { startLine: 12, startColumn: 15, endLine: 12, endColumn: 29 },
    });
    assert.deepEqual(hostPort.properties.rendered, { by: 'kustomize', from: 'shop/overlays/prod' });
    const junit = (
      await runCli(['scan', '-k', 'shop/overlays/prod', '-o', 'junit'], { cwd: FIXTURES, env: ENV })
    ).stdout;
    assert.equal((junit.match(/<testcase [^>]*name="prod-web"/g) ?? []).length, 2); // the Deployment, the Service
    assert.match(junit, /host-port at shop\/overlays\/prod\/patches\/host-port\.yaml:12:15/);
  });

  it('without kubectl or kustomize on PATH, -k is one line on stderr and exit 2', async () => {
    const run = await runCli(['scan', '-k', 'shop/overlays/prod'], {
      cwd: FIXTURES,
      env: { PATH: '/nonexistent' },
    });
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.equal(
      run.stderr,
      'error: shop/overlays/prod: rendering a kustomization needs kubectl or kustomize on PATH\n',
    );
  });

  it('a folder that is no kustomization is an error naming it, and -f inputs are still scanned', async () => {
    const run = await runCli(
      ['scan', '-k', 'shop/overlays', '-f', 'shop/base/service.yaml', '-o', 'json'],
      {
        cwd: FIXTURES,
        env: ENV,
      },
    );
    assert.equal(run.code, 2);
    const doc = JSON.parse(run.stdout);
    assert.deepEqual(
      doc.findings.map((f: { file: string }) => f.file),
      ['shop/base/service.yaml'],
    );
    assert.equal(doc.errors[0].file, 'shop/overlays');
    assert.match(doc.errors[0].message, /^kustomize: unable to find one of 'kustomization.yaml'/);
  });

  it('-k on a file is an error naming it, in one line', async () => {
    const run = await runCli(['scan', '-k', 'shop/base/service.yaml'], { cwd: FIXTURES, env: ENV });
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      'error: shop/base/service.yaml: kustomize: not a folder; -k takes the folder that holds kustomization.yaml\n',
    );
  });

  it('-f DIR -R without kubectl: each kustomization is an error, the plain manifests are still scanned', async () => {
    const run = await runCli(['scan', '-f', '.', '-R', '-o', 'json'], {
      cwd: join(FIXTURES, '..', 'helm'),
      env: { PATH: '/nonexistent' },
    });
    assert.equal(JSON.parse(run.stdout).errors.length, 0); // no kustomization there: nothing to render
    const mixed = await runCli(
      ['scan', '-f', 'shop', '-f', '../helm/node-agent-rendered.yaml', '-R', '-o', 'json'],
      {
        cwd: FIXTURES,
        env: { PATH: '/nonexistent' },
      },
    );
    assert.equal(mixed.code, 2);
    const doc = JSON.parse(mixed.stdout);
    assert.deepEqual(
      doc.errors.map((e: { file: string }) => e.file),
      ['shop/overlays/broken', 'shop/overlays/edge', 'shop/overlays/prod', 'shop/overlays/staging'],
    );
    assert.ok(doc.findings.length > 0);
    assert.ok(doc.findings.every((f: { rendered: { by: string } }) => f.rendered.by === 'helm'));
  });

  it('the table names the overlay beside each rendered object', async () => {
    const run = await runCli(['scan', '-k', 'shop/overlays/prod', '-k', 'shop/overlays/edge'], {
      cwd: FIXTURES,
      env: ENV,
    });
    assert.match(
      run.stdout,
      /^shop\/base\/service\.yaml\n {2}Service shop-edge\/web \(kustomize shop\/overlays\/edge\)\n.*\n.*\n {2}Service shop-prod\/prod-web \(kustomize shop\/overlays\/prod\)\n/m,
    );
  });

  it('a hostPort conflict between two overlays of one base: both sides point at the base line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portguard-conflict-'));
    try {
      const write = (name: string, text: string) => {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), text);
      };
      write('base/kustomization.yaml', 'resources:\n  - agent.yaml\n');
      write(
        'base/agent.yaml',
        'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  template:\n    spec:\n      containers:\n        - name: agent\n          ports:\n            - containerPort: 9100\n              hostPort: 9100\n',
      );
      write('team-a/kustomization.yaml', 'namespace: team-a\nresources:\n  - ../base\n');
      write('team-b/kustomization.yaml', 'namespace: team-b\nresources:\n  - ../base\n');
      const run = await runCli(['scan', '-k', 'team-a', '-k', 'team-b', '-o', 'json'], {
        cwd: dir,
        env: ENV,
      });
      const conflicts = (JSON.parse(run.stdout).findings as Record<string, any>[]).filter(
        (f) => f.rule === 'host-port-conflict',
      );
      assert.equal(conflicts.length, 2);
      for (const c of conflicts) {
        assert.equal(c.file, 'base/agent.yaml');
        assert.equal(c.range.start.line, 12);
        assert.deepEqual(
          c.related.map((r: Record<string, any>) => [r.file, r.range.start.line]),
          [['base/agent.yaml', 12]],
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
