// `kubectl portguard fix`: argv in, exit code, stdout, stderr and the file on disk out, via main().
import assert from 'node:assert/strict';
import { chmod, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/run-cli.js';

const WEB = [
  '# web, exposed on the node',
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  '  namespace: team-a',
  'spec:',
  '  selector:',
  '    matchLabels:',
  '      app: web',
  '  template:',
  '    metadata:',
  '      labels:',
  '        app: web',
  '    spec:',
  '      containers:',
  '        - name: app',
  '          image: nginx:1.27',
  '          ports:',
  '            - name: http',
  '              containerPort: 80',
  '              hostPort: 8080',
  '',
].join('\n');

const WEB_FIXED = WEB.replace('              hostPort: 8080\n', '').concat(
  [
    '---',
    '# added by portguard: replaces hostPort 8080 of Deployment/web',
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: web',
    '  namespace: team-a',
    'spec:',
    '  selector:',
    '    app: web',
    '  ports:',
    '    - name: http',
    '      port: 8080',
    '      targetPort: http',
    '',
  ].join('\n'),
);

const CLEAN = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'portguard-fix-'));
  await writeFile(join(dir, 'web.yaml'), WEB);
  await writeFile(join(dir, 'clean.yaml'), CLEAN);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fix -f', () => {
  it('prints the remediated file on stdout and what it fixed on stderr, exit 0', async () => {
    const run = await runCli(['fix', '-f', 'web.yaml'], { cwd: dir });
    assert.equal(run.code, 0);
    assert.equal(run.stdout, WEB_FIXED);
    assert.equal(run.stderr, 'fixed: host-port Deployment/web (web.yaml:22)\n');
    assert.equal(await readFile(join(dir, 'web.yaml'), 'utf8'), WEB, 'the file is untouched');
  });

  it('--diff prints a unified diff', async () => {
    const run = await runCli(['fix', '-f', 'web.yaml', '--diff'], { cwd: dir });
    assert.equal(run.code, 0);
    assert.equal(
      run.stdout,
      [
        '===================================================================',
        '--- a/web.yaml',
        '+++ b/web.yaml',
        '@@ -18,5 +18,18 @@',
        '           image: nginx:1.27',
        '           ports:',
        '             - name: http',
        '               containerPort: 80',
        '-              hostPort: 8080',
        '+---',
        '+# added by portguard: replaces hostPort 8080 of Deployment/web',
        '+apiVersion: v1',
        '+kind: Service',
        '+metadata:',
        '+  name: web',
        '+  namespace: team-a',
        '+spec:',
        '+  selector:',
        '+    app: web',
        '+  ports:',
        '+    - name: http',
        '+      port: 8080',
        '+      targetPort: http',
        '',
      ].join('\n'),
    );
  });

  it('--to ingress with --ingress-class and --host', async () => {
    const run = await runCli(
      [
        'fix',
        '-f',
        'web.yaml',
        '--to',
        'ingress',
        '--ingress-class',
        'nginx',
        '--host',
        'web.team-a.example.org',
      ],
      { cwd: dir },
    );
    assert.equal(run.code, 0);
    assert.ok(
      run.stdout.endsWith(
        [
          'kind: Ingress',
          'metadata:',
          '  name: web',
          '  namespace: team-a',
          'spec:',
          '  ingressClassName: nginx',
          '  rules:',
          '    - host: web.team-a.example.org',
          '      http:',
          '        paths:',
          '          - path: /',
          '            pathType: Prefix',
          '            backend:',
          '              service:',
          '                name: web',
          '                port:',
          '                  name: http',
          '',
        ].join('\n'),
      ),
      run.stdout,
    );
  });

  it('--to gateway --gateway NS/NAME: a Service and an HTTPRoute on that Gateway', async () => {
    const run = await runCli(
      ['fix', '-f', 'web.yaml', '--to', 'gateway', '--gateway', 'infra/shared'],
      {
        cwd: dir,
      },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, 'fixed: host-port Deployment/web (web.yaml:22)\n');
    assert.ok(
      run.stdout.endsWith(
        [
          'apiVersion: gateway.networking.k8s.io/v1',
          'kind: HTTPRoute',
          'metadata:',
          '  name: web',
          '  namespace: team-a',
          'spec:',
          '  parentRefs:',
          '    - name: shared',
          '      namespace: infra',
          '  hostnames:',
          '    - web.example.com',
          '  rules:',
          '    - backendRefs:',
          '        - name: web',
          '          port: 8080',
          '',
        ].join('\n'),
      ),
      run.stdout,
    );
  });

  it('--to gateway takes the Gateway from gateway: in .portguard.yaml; --gateway wins over it', async () => {
    await writeFile(join(dir, '.portguard.yaml'), 'gateway: edge/public\n');
    const fromConfig = await runCli(['fix', '-f', 'web.yaml', '--to', 'gateway'], { cwd: dir });
    assert.equal(fromConfig.code, 0, fromConfig.stderr);
    assert.match(fromConfig.stdout, /parentRefs:\n {4}- name: public\n {6}namespace: edge\n/);
    const flag = await runCli(['fix', '-f', 'web.yaml', '--to', 'gateway', '--gateway', 'shared'], {
      cwd: dir,
    });
    assert.match(flag.stdout, /parentRefs:\n {4}- name: shared\n {2}hostnames:/);
  });

  it('--to gateway without a Gateway, or a bad one: exit 2 with one line saying why', async () => {
    const none = await runCli(['fix', '-f', 'web.yaml', '--to', 'gateway'], { cwd: dir });
    assert.equal(none.code, 2);
    assert.equal(
      none.stderr,
      'error: --to gateway needs the shared Gateway the HTTPRoutes attach to: --gateway NAMESPACE/NAME, or gateway: in .portguard.yaml\n',
    );
    assert.equal(none.stdout, '');
    const bad = await runCli(['fix', '-f', 'web.yaml', '--to', 'gateway', '--gateway', 'a/b/c'], {
      cwd: dir,
    });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--gateway: bad Gateway "a\/b\/c"/);
  });

  it('--to ingress on a workload with no HTTP-like port: a Service only, and stderr says why', async () => {
    await writeFile(
      join(dir, 'db.yaml'),
      WEB.replace('name: http', 'name: pg').replace('containerPort: 80', 'containerPort: 5432'),
    );
    for (const to of ['ingress', 'gateway']) {
      const run = await runCli(['fix', '-f', 'db.yaml', '--to', to, '--gateway', 'infra/shared'], {
        cwd: dir,
      });
      assert.equal(run.code, 0, run.stderr);
      assert.doesNotMatch(run.stdout, /kind: (Ingress|HTTPRoute)/);
      const what = to === 'ingress' ? 'an Ingress' : 'an HTTPRoute';
      assert.equal(
        run.stderr,
        `fixed: host-port Deployment/web (db.yaml:22) with a Service only (no ${to}: no port is HTTP-like, so ${what} cannot serve it)\n`,
      );
    }
  });

  it('--write rewrites atomically, keeps the mode, leaves no temporary file; a second run changes nothing', async () => {
    const file = join(dir, 'web.yaml');
    await chmod(file, 0o640);
    const first = await runCli(['fix', '-f', 'web.yaml', '--write'], { cwd: dir });
    assert.equal(first.code, 0);
    assert.equal(first.stdout, '');
    assert.equal(first.stderr, 'fixed: host-port Deployment/web (web.yaml:22)\nwrote web.yaml\n');
    assert.equal(await readFile(file, 'utf8'), WEB_FIXED);
    assert.equal((await stat(file)).mode & 0o777, 0o640);
    assert.deepEqual((await readdir(dir)).sort(), ['clean.yaml', 'web.yaml']);
    const before = (await stat(file)).mtimeMs;
    const second = await runCli(['fix', '-f', 'web.yaml', '--write'], { cwd: dir });
    assert.equal(second.code, 0);
    assert.equal(second.stderr, 'nothing to fix in web.yaml\n');
    assert.equal(await readFile(file, 'utf8'), WEB_FIXED);
    assert.equal((await stat(file)).mtimeMs, before, 'not rewritten');
  });

  it('--write through a symlink rewrites the target and keeps the link', async () => {
    await symlink(join(dir, 'web.yaml'), join(dir, 'link.yaml'));
    const run = await runCli(['fix', '-f', 'link.yaml', '--write'], { cwd: dir });
    assert.equal(run.code, 0);
    assert.equal(await readFile(join(dir, 'web.yaml'), 'utf8'), WEB_FIXED);
    assert.ok((await stat(join(dir, 'link.yaml'))).isFile());
    assert.equal(
      (await import('node:fs')).lstatSync(join(dir, 'link.yaml')).isSymbolicLink(),
      true,
    );
  });

  it('reads stdin with -f -', async () => {
    const run = await runCli(['fix', '-f', '-'], { cwd: dir, stdin: WEB });
    assert.equal(run.code, 0);
    assert.equal(run.stdout, WEB_FIXED);
    assert.equal(run.stderr, 'fixed: host-port Deployment/web (<stdin>:22)\n');
  });

  it('a file with nothing to fix: printed unchanged, says so, exit 0', async () => {
    const run = await runCli(['fix', '-f', 'clean.yaml'], { cwd: dir });
    assert.deepEqual(run, { code: 0, stdout: CLEAN, stderr: 'nothing to fix in clean.yaml\n' });
  });

  it('says why what remains was not fixed', async () => {
    await writeFile(
      join(dir, 'cni.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: cni}\nspec:\n  hostNetwork: true\n  hostPID: true\n  containers: [{name: c, image: x}]\n',
    );
    const run = await runCli(['fix', '-f', 'cni.yaml', '--diff'], { cwd: dir });
    assert.equal(run.code, 0);
    assert.equal(run.stdout, '');
    assert.equal(
      run.stderr,
      [
        'not fixed: host-network Pod/cni (cni.yaml:5): its containers declare no ports, so portguard cannot tell which ports a Service should expose; list them under ports: and fix again',
        'not fixed: host-pid Pod/cni (cni.yaml:6): portguard has no automatic fix for host-pid',
        'nothing to fix in cni.yaml',
        '',
      ].join('\n'),
    );
  });

  it('keeps a byte order mark', async () => {
    await writeFile(join(dir, 'bom.yaml'), `\uFEFF${WEB}`);
    const run = await runCli(['fix', '-f', 'bom.yaml', '--write'], { cwd: dir });
    assert.equal(run.code, 0);
    assert.equal(await readFile(join(dir, 'bom.yaml'), 'utf8'), `\uFEFF${WEB_FIXED}`);
  });

  const errors: Array<{
    name: string;
    argv: string[];
    stderr: string;
    setup?: () => Promise<void>;
  }> = [
    { name: 'no -f', argv: ['fix'], stderr: 'error: name the file to fix with -f FILE\n' },
    {
      name: 'two files',
      argv: ['fix', '-f', 'web.yaml', '-f', 'clean.yaml'],
      stderr: 'error: fix takes one file; got 2 (-f web.yaml, -f clean.yaml)\n',
    },
    {
      name: 'a missing file',
      argv: ['fix', '-f', 'nope.yaml'],
      stderr: 'error: nope.yaml: no such file or directory\n',
    },
    {
      name: 'a folder',
      argv: ['fix', '-f', '.'],
      stderr: 'error: .: is a directory; fix takes one file\n',
    },
    {
      name: '--write with stdin',
      argv: ['fix', '-f', '-', '--write'],
      stderr: 'error: --write needs a file, not stdin (-f -)\n',
    },
    {
      name: 'an unknown target',
      argv: ['fix', '-f', 'web.yaml', '--to', 'nodeport'],
      stderr:
        'error: invalid value "nodeport" for --to; choose from service, ingress, loadbalancer, gateway\n',
    },
    {
      name: 'a document that does not parse',
      argv: ['fix', '-f', 'broken.yaml'],
      setup: () =>
        writeFile(join(dir, 'broken.yaml'), `${WEB}---\nkind: Pod\nmetadata: {name: x\n`),
      stderr: 'error: broken.yaml:26: ',
    },
    {
      name: 'a Helm template',
      argv: ['fix', '-f', 'chart.yaml'],
      setup: () =>
        writeFile(
          join(dir, 'chart.yaml'),
          '{{- if .Values.on }}\nkind: Pod\nmetadata:\n  name: x\n{{- end }}\n',
        ),
      stderr: 'error: chart.yaml: skipped: template',
    },
  ];
  for (const c of errors) {
    it(`exit 2 with one line for ${c.name}, the file untouched`, async () => {
      await c.setup?.();
      const run = await runCli(c.argv, { cwd: dir, stdin: '' });
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      assert.ok(run.stderr.startsWith(c.stderr), run.stderr);
      assert.equal(run.stderr.split('\n').length, 2, 'one line');
      assert.equal(await readFile(join(dir, 'web.yaml'), 'utf8'), WEB);
    });
  }
});

describe('writeAtomic', () => {
  it('fails with one line naming the file when it cannot write, and leaves nothing behind', async () => {
    const { writeAtomic } = await import('../src/commands/fix.js');
    await assert.rejects(writeAtomic(join(dir, 'gone', 'x.yaml'), 'a: 1\n', 'gone/x.yaml'), {
      name: 'UserError',
      message: 'gone/x.yaml: cannot write: no such file or directory',
    });
    assert.deepEqual((await readdir(dir)).sort(), ['clean.yaml', 'web.yaml']);
  });
});
