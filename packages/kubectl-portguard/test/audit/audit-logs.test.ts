// The audit module: real-format log lines in, the contract's report out — writes judged once per request and rule.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { auditLogs, classifyRaw, classifyRawBytes, parseDuration } from '../../src/audit/index.js';
import { LOG, hostPortPod, line } from './audit-lines.js';

describe('audit logs', () => {
  let dir: string;
  const write = (name: string, text: string | Buffer) => {
    const f = join(dir, name);
    writeFileSync(f, text);
    return f;
  };
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'portguard-audit-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reports who introduced which finding, how sure, and whether it was admitted', async () => {
    const r = await auditLogs([write('audit.log', `${LOG.join('\n')}\n`)], {
      displayName: () => 'audit.log',
    });
    assert.deepEqual(
      r.events.map((e) => [
        e.line,
        e.verb,
        e.user.username,
        e.impersonatedUser?.username,
        `${e.object.kind}/${e.object.name}`,
        e.rule,
        e.admitted,
        e.certainty,
      ]),
      [
        [4, 'create', 'alice', undefined, 'Pod/web', 'host-port', true, 'certain'],
        [5, 'create', 'bob', undefined, 'Pod/api', 'host-port', false, 'certain'],
        [8, 'patch', 'bob', 'carol', 'Pod/web', 'host-port', true, 'possible'],
        [9, 'create', 'alice', undefined, 'Service/edge', 'nodeport-service', true, 'possible'],
        [
          9,
          'create',
          'alice',
          undefined,
          'Service/edge',
          'loadbalancer-node-ports',
          true,
          'possible',
        ],
        [9, 'create', 'alice', undefined, 'Service/edge', 'external-ips', true, 'possible'],
        [10, 'patch', 'alice', undefined, 'Service/lb', 'nodeport-service', true, 'possible'],
      ],
    );
    const [first] = r.events;
    assert.deepEqual(
      { ...first, file: undefined, line: undefined },
      {
        auditID: '00000000-0000-0000-0000-000000000004',
        time: '2026-11-30T10:00:00.000000Z',
        verb: 'create',
        user: { username: 'alice', groups: ['team-a-devs', 'system:authenticated'] },
        sourceIPs: ['10.0.0.7'],
        userAgent: 'kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07',
        object: { apiVersion: 'v1', kind: 'Pod', namespace: 'team-a', name: 'web' },
        rule: 'host-port',
        severity: 'high',
        message: 'container "app" uses hostPort 8080',
        admitted: true,
        certainty: 'certain',
        file: undefined,
        line: undefined,
      },
    );
    assert.match(r.events[2].reason!, /a patch without the resulting object \(level Request\)/);
    assert.match(r.events[3].reason!, /level Metadata: the log holds no object to judge/);
    assert.deepEqual(r.skipped, [
      { file: 'audit.log', line: 6, reason: 'not JSON' },
      { file: 'audit.log', line: 11, reason: 'not JSON' },
      { file: 'audit.log', line: 15, reason: 'not an audit.k8s.io Event' },
    ]);
    assert.deepEqual(r.summary, { lines: 15, requests: 7, events: 7 });
  });

  it('reads gzip files as plain ones, and a truncated gzip file up to where it breaks', async () => {
    const text = `${LOG.join('\n')}\n`;
    const plain = await auditLogs([write('a.log', text)]);
    const gz = await auditLogs([write('a.log.1.gz', gzipSync(text))]);
    assert.deepEqual(
      gz.events.map((e) => e.auditID),
      plain.events.map((e) => e.auditID),
    );
    const whole = gzipSync(
      Buffer.from(
        Array.from({ length: 2000 }, (_, i) => line(String(i), { verb: 'get' })).join('\n'),
      ),
    );
    const cut = await auditLogs([write('cut.gz', whole.subarray(0, Math.floor(whole.length / 2)))]);
    assert.equal(cut.skipped.length, 1);
    assert.match(cut.skipped[0].reason, /^the file ends early: unexpected end of file$/);
    assert.equal(cut.skipped[0].line, cut.summary.lines + 1);
  });

  it('counts a request once per rule, joins the messages, and follows an object across files', async () => {
    const two = {
      ...hostPortPod('two', 1),
      spec: {
        containers: [
          { name: 'a', ports: [{ containerPort: 1, hostPort: 1 }] },
          { name: 'b', ports: [{ containerPort: 2, hostPort: 2 }] },
        ],
      },
    };
    const a = write(
      'old.log',
      line('1', {
        verb: 'create',
        objectRef: { resource: 'pods', namespace: 'team-a', name: 'two', apiVersion: 'v1' },
        responseStatus: { code: 201 },
        responseObject: two,
      }),
    );
    const b = write(
      'new.log',
      line('2', {
        verb: 'update',
        objectRef: { resource: 'pods', namespace: 'team-a', name: 'two', apiVersion: 'v1' },
        responseStatus: { code: 200 },
        responseObject: { ...two, spec: { ...two.spec, hostNetwork: true } },
      }),
    );
    const r = await auditLogs([a, b]);
    assert.deepEqual(
      r.events.map((e) => [e.auditID.slice(-1), e.rule, e.message]),
      [
        ['1', 'host-port', 'container "a" uses hostPort 1; container "b" uses hostPort 2'],
        ['2', 'host-network', 'Pod "two" uses hostNetwork=true and listens on node ports 1, 2'],
      ],
    );
  });

  it('reads lines longer than the read buffer, CRLF endings and a last line without a newline', async () => {
    const big = {
      ...hostPortPod('big', 7),
      metadata: { name: 'big', namespace: 'team-a', annotations: { blob: 'x'.repeat(2_500_000) } },
    };
    const ref = (name: string) => ({
      resource: 'pods',
      namespace: 'team-a',
      name,
      apiVersion: 'v1',
    });
    const text = [
      line('1', {
        verb: 'create',
        objectRef: ref('big'),
        responseStatus: { code: 201 },
        responseObject: big,
      }),
      line('2', {
        verb: 'create',
        objectRef: ref('crlf'),
        responseStatus: { code: 201 },
        responseObject: hostPortPod('crlf', 8),
      }),
      line('3', {
        verb: 'create',
        objectRef: ref('last'),
        responseStatus: { code: 201 },
        responseObject: hostPortPod('last', 9),
      }),
    ].join('\r\n');
    const r = await auditLogs([write('long.log', text)]);
    assert.deepEqual(
      r.events.map((e) => [e.line, e.object.name]),
      [
        [1, 'big'],
        [2, 'crlf'],
        [3, 'last'],
      ],
    );
    assert.deepEqual([r.skipped, r.summary.lines], [[], 3]);
  });

  it('--since leaves out older requests', async () => {
    const old = line('1', {
      verb: 'create',
      requestReceivedTimestamp: '2020-01-01T00:00:00.000000Z',
      objectRef: { resource: 'pods', namespace: 'team-a', name: 'a', apiVersion: 'v1' },
      responseStatus: { code: 201 },
      responseObject: hostPortPod('a', 1),
    });
    const recent = line('2', {
      verb: 'create',
      requestReceivedTimestamp: new Date().toISOString(),
      objectRef: { resource: 'pods', namespace: 'team-a', name: 'b', apiVersion: 'v1' },
      responseStatus: { code: 201 },
      responseObject: hostPortPod('b', 1),
    });
    const r = await auditLogs([write('a.log', `${old}\n${recent}\n`)], {
      since: new Date(Date.now() - 24 * 3600_000),
    });
    assert.deepEqual(
      r.events.map((e) => e.object.name),
      ['b'],
    );
    assert.equal(r.summary.requests, 1);
  });

  it('a missing file is an error naming it', async () => {
    await assert.rejects(
      auditLogs([join(dir, 'nope.log')]),
      (e: any) => e.file.endsWith('nope.log') && e.cause.code === 'ENOENT',
    );
  });
});

describe('the raw-line check', () => {
  const cases: [string, string, string][] = [
    [
      'a get',
      '{"kind":"Event","stage":"ResponseComplete","verb":"get","objectRef":{"resource":"pods"}}',
      'other',
    ],
    ['a watch', '{"stage":"ResponseStarted","verb":"watch"}', 'other'],
    [
      'a lease update',
      '{"stage":"ResponseComplete","verb":"update","objectRef":{"resource":"leases"}}',
      'other',
    ],
    [
      'a pod create',
      '{"stage":"ResponseComplete","verb":"create","objectRef":{"resource":"pods"}}',
      'candidate',
    ],
    ['a create at RequestReceived', '{"stage":"RequestReceived","verb":"create"}', 'other'],
    ['spaced JSON', '{ "stage": "ResponseComplete", "verb": "patch" }  ', 'candidate'],
    ['garbage', 'GET /api/v1/pods', 'not-json'],
    ['a cut line', '{"stage":"ResponseComplete","verb":"create"', 'not-json'],
    ['blank', '   ', 'blank'],
    [
      'a patch of pods/status',
      '{"stage":"ResponseComplete","verb":"patch","objectRef":{"resource":"pods","subresource":"status"}}',
      'candidate',
    ],
    ['a createx verb', '{"stage":"ResponseComplete","verb":"createx"}', 'other'],
  ];
  for (const [what, raw, expected] of cases)
    it(what, () => {
      assert.equal(classifyRaw(raw), expected, 'as text');
      assert.equal(classifyRawBytes(Buffer.from(raw)), expected, 'as bytes');
    });
});

describe('--since durations', () => {
  const cases: [string, number | undefined][] = [
    ['24h', 86_400_000],
    ['1h30m', 5_400_000],
    ['7d', 604_800_000],
    ['90s', 90_000],
    ['500ms', 500],
    ['', undefined],
    ['yesterday', undefined],
    ['5', undefined],
  ];
  for (const [text, ms] of cases)
    it(JSON.stringify(text), () => assert.equal(parseDuration(text), ms));
});
