// Validating admission webhooks, called by the API server on writes: the review sent, warnings, denials, failure policies.
import assert from 'node:assert/strict';
import { generateTls, startApiServer, type ApiServer, type KubeObject } from '../src/index.js';
import { ruleMatches, selectorMatches } from '../src/admission/match.js';
import { BUILTIN_TYPES } from '../src/resources.js';
import { call } from './client.js';
import { startWebhook, webhookConfiguration, type TestWebhook } from './webhook.js';

const TOKEN = 'admin-token';
const USERS = [
  { name: 'admin', token: TOKEN, groups: ['platform'] },
  { name: 'alice', token: 'alice-token', forbiddenNamespaces: ['kube-system'] },
];
const pod = (name: string, hostPort?: number, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'team-a', labels },
  spec: {
    containers: [
      {
        name: 'app',
        image: 'nginx',
        ports: [{ containerPort: 80, ...(hostPort ? { hostPort } : {}) }],
      },
    ],
  },
});
const STATE = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { tenant: 'a' } } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } },
  pod('existing', 8080),
];
const POST = '/api/v1/namespaces/team-a/pods';

describe('validating admission webhooks', function () {
  let server: ApiServer;
  let hook: TestWebhook;
  beforeEach(async () => {
    hook = await startWebhook(['hook.portguard.svc']);
    server = await startApiServer({ state: STATE, users: USERS });
  });
  afterEach(async () => {
    await server.close();
    await hook.close();
  });
  const register = (hookFields: KubeObject, name = 'portguard') =>
    server.create(
      webhookConfiguration(name, {
        clientConfig: { url: `${hook.url}/validate`, caBundle: hook.caBundle },
        ...hookFields,
      }),
    );
  const post = (body: unknown, token = TOKEN, query = '') =>
    call(server, 'POST', `${POST}${query}`, body, { token });

  it('sends an admission.k8s.io/v1 AdmissionReview on create, with the object as it will be stored', async () => {
    register({ timeoutSeconds: 3 });
    const r = await post(
      pod('web', 8080),
      'alice-token',
      '?fieldManager=kubectl-client-side-apply',
    );
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(hook.reviews.length, 1);
    const { path, review } = hook.reviews[0];
    assert.equal(path, '/validate?timeout=3s');
    assert.equal(review.apiVersion, 'admission.k8s.io/v1');
    assert.equal(review.kind, 'AdmissionReview');
    const q = review.request;
    assert.match(q.uid, /^[0-9a-f-]{36}$/);
    assert.deepEqual(
      [q.kind, q.resource, q.namespace, q.name, q.operation, q.dryRun, q.oldObject],
      [
        { group: '', version: 'v1', kind: 'Pod' },
        { group: '', version: 'v1', resource: 'pods' },
        'team-a',
        'web',
        'CREATE',
        false,
        null,
      ],
    );
    assert.deepEqual(q.userInfo, { username: 'alice', groups: ['system:authenticated'] });
    assert.equal(q.object.spec.containers[0].ports[0].hostPort, 8080);
    assert.equal(q.object.metadata.uid, r.body.metadata.uid);
    assert.deepEqual(q.options, {
      kind: 'CreateOptions',
      apiVersion: 'meta.k8s.io/v1',
      fieldManager: 'kubectl-client-side-apply',
    });
  });

  it('names the impersonated user in userInfo, and refuses impersonation to a limited user', async () => {
    register({});
    const headers = { 'Impersonate-User': 'bob', 'Impersonate-Group': ['devs', 'team-a'] };
    const r = await call(server, 'POST', POST, pod('web', 1), { token: TOKEN, headers });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual(hook.reviews[0].review.request.userInfo, {
      username: 'bob',
      groups: ['devs', 'team-a', 'system:authenticated'],
    });
    const refused = await call(server, 'POST', POST, pod('web2', 1), {
      token: 'alice-token',
      headers,
    });
    assert.deepEqual(
      [refused.status, refused.body.message],
      [
        403,
        'users "bob" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope',
      ],
    );
  });

  it('sends UPDATE with oldObject on replace and on each patch type, with the resulting object', async () => {
    register({});
    const replaced = pod('existing', 9000);
    assert.equal(
      (await call(server, 'PUT', `${POST}/existing`, replaced, { token: TOKEN })).status,
      200,
    );
    const patches: [string, unknown, number][] = [
      [
        'application/strategic-merge-patch+json',
        { spec: { containers: [{ name: 'app', ports: [{ containerPort: 80, hostPort: 9001 }] }] } },
        9001,
      ],
      ['application/merge-patch+json', { metadata: { labels: { v: '2' } } }, 9001],
      [
        'application/json-patch+json',
        [{ op: 'replace', path: '/spec/containers/0/ports/0/hostPort', value: 9002 }],
        9002,
      ],
    ];
    for (const [contentType, body, port] of patches) {
      const r = await call(server, 'PATCH', `${POST}/existing`, body, {
        token: TOKEN,
        contentType,
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.spec.containers[0].ports[0].hostPort, port);
    }
    const ops = hook.reviews.map((x) => [
      x.review.request.operation,
      x.review.request.options.kind,
      x.review.request.oldObject.spec.containers[0].ports[0].hostPort,
      x.review.request.object.spec.containers[0].ports[0].hostPort,
    ]);
    assert.deepEqual(ops, [
      ['UPDATE', 'UpdateOptions', 8080, 9000],
      ['UPDATE', 'PatchOptions', 9000, 9001],
      ['UPDATE', 'PatchOptions', 9001, 9001],
      ['UPDATE', 'PatchOptions', 9001, 9002],
    ]);
    assert.equal(hook.reviews[2].review.request.object.metadata.labels.v, '2');
  });

  it('server-side apply of a missing object is a CREATE', async () => {
    register({});
    const r = await call(server, 'PATCH', `${POST}/ssa?fieldManager=kubectl`, pod('ssa', 7000), {
      token: TOKEN,
      contentType: 'application/apply-patch+yaml',
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(hook.reviews[0].review.request.operation, 'CREATE');
  });

  it('passes warnings back as Warning: 299 headers, and still stores the object', async () => {
    register({});
    hook.answer = () => ({
      allowed: true,
      warnings: ['container "app" uses hostPort 8080 → use a Service', 'say "hi"', 'say "hi"'],
    });
    const r = await post(pod('web', 8080));
    assert.equal(r.status, 201);
    assert.deepEqual(
      r.headers.warning,
      '299 - "container \\"app\\" uses hostPort 8080 → use a Service", 299 - "say \\"hi\\""'.replace(
        /→/g,
        Buffer.from('→').toString('latin1'),
      ),
    );
  });

  const denials: [string, KubeObject | undefined, number, string | undefined, string][] = [
    [
      'code 403 and reason Forbidden',
      { code: 403, reason: 'Forbidden', message: 'hostPort 8080 is taken' },
      403,
      'Forbidden',
      'admission webhook "portguard.portguard.dev" denied the request: hostPort 8080 is taken',
    ],
    [
      'a message only (code 400, no reason, as kube-apiserver answers)',
      { message: 'no' },
      400,
      undefined,
      'admission webhook "portguard.portguard.dev" denied the request: no',
    ],
    [
      'nothing at all',
      undefined,
      400,
      undefined,
      'admission webhook "portguard.portguard.dev" denied the request without explanation',
    ],
    [
      'a reason only',
      { code: 422, reason: 'Invalid' },
      422,
      'Invalid',
      'admission webhook "portguard.portguard.dev" denied the request: Invalid',
    ],
  ];
  for (const [what, status, code, reason, message] of denials)
    it(`answers a denial with ${what}`, async () => {
      register({});
      hook.answer = () => ({
        allowed: false,
        warnings: ['see the docs'],
        ...(status ? { status } : {}),
      });
      const r = await post(pod('web', 8080));
      assert.deepEqual(
        [r.status, r.body.kind, r.body.status, r.body.reason, r.body.message],
        [code, 'Status', 'Failure', reason, message],
      );
      assert.equal(r.headers.warning, '299 - "see the docs"');
      assert.equal(
        (await call(server, 'GET', `${POST}/web`, undefined, { token: TOKEN })).status,
        404,
      );
    });

  const failures: [string, () => KubeObject, RegExp][] = [
    [
      'an unreachable webhook',
      () => ({ clientConfig: { url: 'https://127.0.0.1:1/validate' } }),
      /^Internal error occurred: failed calling webhook "portguard.portguard.dev": failed to call webhook: Post "https:\/\/127.0.0.1:1\/validate\?timeout=10s": dial tcp 127.0.0.1:1: connect: connection refused$/,
    ],
    [
      'a webhook that does not answer within timeoutSeconds',
      () => {
        hook.answer = () => 'hang';
        return { timeoutSeconds: 1 };
      },
      /: context deadline exceeded$/,
    ],
    [
      'a certificate the caBundle did not sign',
      () => ({
        clientConfig: {
          url: hook.url,
          caBundle: Buffer.from(generateTls().ca.cert).toString('base64'),
        },
      }),
      /x509: certificate signed by unknown authority$/,
    ],
    [
      'a response for another uid',
      () => {
        hook.answer = () => ({ wrongUid: true });
        return {};
      },
      /received invalid webhook response: expected response.uid="[0-9a-f-]+", got "not-the-uid"$/,
    ],
    [
      'an HTTP 500',
      () => {
        hook.answer = () => ({ raw: { code: 500, body: 'boom' } });
        return {};
      },
      /an error on the server \("boom"\) has prevented the request from succeeding$/,
    ],
    [
      'a webhook without v1 among its admissionReviewVersions',
      () => ({ admissionReviewVersions: ['v1beta1'] }),
      /webhook does not accept known AdmissionReview versions/,
    ],
  ];
  for (const [what, setup, message] of failures) {
    it(`fails closed on ${what} with failurePolicy Fail`, async () => {
      register({ failurePolicy: 'Fail', ...setup() });
      const r = await post(pod('web', 8080));
      assert.equal(r.status, 500, JSON.stringify(r.body));
      assert.equal(r.body.reason, 'InternalError');
      assert.match(r.body.message, message);
    });
    it(`admits on ${what} with failurePolicy Ignore`, async () => {
      register({ ...setup(), failurePolicy: 'Ignore' });
      assert.equal((await post(pod('web', 8080))).status, 201);
    });
  }

  it('resolves a service reference through the Service clusterIP, checking NAME.NAMESPACE.svc', async () => {
    server.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'hook', namespace: 'portguard' },
      spec: { clusterIP: '127.0.0.1', ports: [{ port: hook.port }] },
    });
    register({
      clientConfig: {
        service: { namespace: 'portguard', name: 'hook', port: hook.port, path: '/svc' },
        caBundle: hook.caBundle,
      },
    });
    hook.answer = () => ({
      allowed: false,
      status: { code: 403, reason: 'Forbidden', message: 'via service' },
    });
    const r = await post(pod('web', 8080));
    assert.match(r.body.message, /via service$/);
    assert.equal(hook.reviews[0].path, '/svc?timeout=10s');
    server.delete({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: 'portguard' },
    });
    register(
      {
        clientConfig: {
          service: { namespace: 'portguard', name: 'missing', port: hook.port },
          caBundle: hook.caBundle,
        },
      },
      'second',
    );
    const missing = await post(pod('web2', 8080));
    assert.match(
      missing.body.message,
      /failed calling webhook "second.portguard.dev": failed to call webhook: service "portguard\/missing" not found/,
    );
  });

  it('resolves a service reference with resolveWebhookService, and refuses a certificate without the service name', async () => {
    await server.close();
    const plain = await startWebhook();
    server = await startApiServer({
      state: STATE,
      users: USERS,
      resolveWebhookService: (ref) => (ref.name === 'hook' ? hook.url : plain.url),
    });
    try {
      register({
        clientConfig: {
          service: { namespace: 'portguard', name: 'hook' },
          caBundle: hook.caBundle,
        },
      });
      assert.equal((await post(pod('a', 1))).status, 201);
      server.create(
        webhookConfiguration('plain', {
          clientConfig: {
            service: { namespace: 'portguard', name: 'plain' },
            caBundle: plain.caBundle,
          },
        }),
      );
      const r = await post(pod('b', 1));
      assert.match(r.body.message, /x509: certificate is not valid for plain.portguard.svc$/);
    } finally {
      await plain.close();
    }
  });

  it('calls only webhooks whose rules, namespaceSelector and objectSelector match', async () => {
    register(
      {
        rules: [
          { operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['services'] },
        ],
      },
      'services',
    );
    register({ namespaceSelector: { matchLabels: { tenant: 'b' } } }, 'tenant-b');
    register(
      {
        namespaceSelector: {
          matchExpressions: [
            { key: 'kubernetes.io/metadata.name', operator: 'In', values: ['team-a'] },
          ],
        },
        objectSelector: { matchLabels: { guarded: 'yes' } },
      },
      'guarded',
    );
    assert.equal((await post(pod('plain', 1))).status, 201);
    assert.equal(hook.reviews.length, 0);
    assert.equal((await post(pod('labelled', 1, { guarded: 'yes' }))).status, 201);
    assert.equal(hook.reviews.length, 1);
  });

  it('does not call webhooks for webhook configurations, and sends dryRun without storing', async () => {
    register({
      rules: [{ operations: ['*'], apiGroups: ['*'], apiVersions: ['*'], resources: ['*'] }],
    });
    register({}, 'another');
    assert.equal(hook.reviews.length, 0);
    const r = await post(pod('dry', 1), TOKEN, '?dryRun=All');
    assert.equal(r.status, 201);
    assert.equal(hook.reviews.length, 2);
    assert.equal(hook.reviews[0].review.request.dryRun, true);
    assert.equal(
      (await call(server, 'GET', `${POST}/dry`, undefined, { token: TOKEN })).status,
      404,
    );
    const del = await call(server, 'DELETE', `${POST}/existing`, undefined, { token: TOKEN });
    assert.equal(del.status, 200);
    assert.equal(hook.reviews.at(-1)!.review.request.operation, 'DELETE');
    assert.equal(hook.reviews.at(-1)!.review.request.object, null);
  });

  it('refuses an invalid ValidatingWebhookConfiguration with 422 and stores the defaults', async () => {
    const path = '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations';
    const bad = webhookConfiguration('bad', {
      clientConfig: { url: 'http://127.0.0.1:1/' },
      sideEffects: 'Some',
    });
    const r = await call(server, 'POST', path, bad, { token: TOKEN });
    assert.equal(r.status, 422);
    assert.match(r.body.message, /sideEffects: Unsupported value: "Some"/);
    assert.match(r.body.message, /'https' is the only allowed URL scheme/);
    const ok = await call(
      server,
      'POST',
      path,
      webhookConfiguration('ok', { clientConfig: { service: { namespace: 'n', name: 's' } } }),
      { token: TOKEN },
    );
    assert.equal(ok.status, 201);
    const h = ok.body.webhooks[0];
    assert.deepEqual(
      [
        h.failurePolicy,
        h.timeoutSeconds,
        h.matchPolicy,
        h.clientConfig.service.port,
        h.rules[0].scope,
      ],
      ['Fail', 10, 'Equivalent', 443, '*'],
    );
  });
});

describe('webhook matching', () => {
  const pods = BUILTIN_TYPES.find((t) => t.plural === 'pods')!;
  const nodes = BUILTIN_TYPES.find((t) => t.plural === 'nodes')!;
  const attrs = (
    resource = pods,
    operation: 'CREATE' | 'UPDATE' | 'DELETE' = 'CREATE',
    subResource?: string,
  ) => ({
    operation,
    resource,
    subResource,
    name: 'x',
    namespace: resource.namespaced ? 'a' : undefined,
    userInfo: { username: 'u' },
    dryRun: false,
    options: {},
  });
  const rule = (r: KubeObject) => ({
    operations: ['CREATE'],
    apiGroups: [''],
    apiVersions: ['v1'],
    resources: ['pods'],
    ...r,
  });
  const cases: [string, KubeObject, ReturnType<typeof attrs>, boolean][] = [
    ['exact', rule({}), attrs(), true],
    ['another operation', rule({}), attrs(pods, 'UPDATE'), false],
    ['operation *', rule({ operations: ['*'] }), attrs(pods, 'DELETE'), true],
    ['another group', rule({ apiGroups: ['apps'] }), attrs(), false],
    [
      'resource * skips subresources',
      rule({ resources: ['*'] }),
      attrs(pods, 'CREATE', 'status'),
      false,
    ],
    [
      'resource */* takes subresources',
      rule({ resources: ['*/*'] }),
      attrs(pods, 'CREATE', 'status'),
      true,
    ],
    ['pods/status', rule({ resources: ['pods/status'] }), attrs(pods, 'CREATE', 'status'), true],
    ['scope Cluster on a namespaced kind', rule({ scope: 'Cluster' }), attrs(), false],
    [
      'scope Cluster on nodes',
      rule({ resources: ['nodes'], scope: 'Cluster' }),
      attrs(nodes),
      true,
    ],
    [
      'scope Namespaced on nodes',
      rule({ resources: ['*'], scope: 'Namespaced' }),
      attrs(nodes),
      false,
    ],
  ];
  for (const [what, r, a, expected] of cases)
    it(`rule: ${what}`, () => assert.equal(ruleMatches(r, a), expected));

  const selectors: [string, KubeObject | undefined, Record<string, string>, boolean][] = [
    ['absent', undefined, {}, true],
    ['empty', {}, { a: '1' }, true],
    ['matchLabels', { matchLabels: { a: '1' } }, { a: '1', b: '2' }, true],
    ['matchLabels differs', { matchLabels: { a: '1' } }, { a: '2' }, false],
    [
      'In',
      { matchExpressions: [{ key: 'a', operator: 'In', values: ['1', '2'] }] },
      { a: '2' },
      true,
    ],
    [
      'NotIn without the key',
      { matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['1'] }] },
      {},
      true,
    ],
    ['Exists', { matchExpressions: [{ key: 'a', operator: 'Exists' }] }, {}, false],
    [
      'DoesNotExist',
      { matchExpressions: [{ key: 'a', operator: 'DoesNotExist' }] },
      { b: '' },
      true,
    ],
  ];
  for (const [what, sel, labels, expected] of selectors)
    it(`selector: ${what}`, () => assert.equal(selectorMatches(sel as any, labels), expected));
});
