// The posture claim is withheld when Gatekeeper cannot be read: its groups forbidden, on discovery or on the list.
import assert from 'node:assert/strict';
import { startApiServer, type ApiServer } from '@portguard/apiserver';
import { defaultConfig, scanObjects, type ManifestObject } from '@portguard/core';
import { withholdUnreadableClaims } from '../src/posture-claims.js';
import { scanLiveCluster } from '../src/scan-live.js';
import { watchCluster } from '../src/watch-cluster.js';
import type { WatchStatus } from '../src/watch-types.js';
import { GATEKEEPER_BLOCK_NODEPORT, writeTemp } from './fixtures.js';

// Gatekeeper refuses NodePort Services; nothing refuses externalIPs: a claim to make or withhold.
const STATE = `
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
${GATEKEEPER_BLOCK_NODEPORT}`;

const USERS = [
  { name: 'admin', token: 'admin-token-claims-1' },
  { name: 'no-constraints', token: 'tok-2', forbiddenGroups: ['constraints.gatekeeper.sh'] },
  { name: 'no-templates', token: 'tok-3', forbiddenGroups: ['templates.gatekeeper.sh'] },
  {
    name: 'no-constraint-list',
    token: 'tok-4',
    forbiddenResources: ['constraints.gatekeeper.sh/blocknodeports'],
  },
];

// Unread, the constraint blocks nothing: both stay open.
const WITHHELD = (what: string) =>
  `cannot tell whether NodePort Services or Services with externalIPs are refused: ${what} forbidden (403)`;

describe('posture claims withheld when Gatekeeper cannot be read (live)', () => {
  let server: ApiServer;
  before(async () => {
    server = await startApiServer({ state: STATE, users: USERS });
  });
  after(() => server.close());
  afterEach(() => server.faults.clear());
  const scan = (user: string) =>
    scanLiveCluster(
      {
        kubeconfig: writeTemp(`claims-${user}.yaml`, server.kubeconfig(user)),
        allNamespaces: true,
        env: {},
      },
      { config: defaultConfig(), trustObjectAnnotations: false },
    );
  const claims = (r: Awaited<ReturnType<typeof scan>>) =>
    r.result.findings.filter((f) => f.rule === 'service-exposure-unrestricted');

  it('with Gatekeeper readable, the claim is made (the cases below can fail)', async () => {
    const r = await scan('admin');
    assert.equal(claims(r).length, 1);
    assert.match(claims(r)[0].message, /blocked: NodePort Services by BlockNodePort "no-nodeport"/);
  });

  /** [user, fault on the admin's requests, the warning]: each withholds the claim. */
  const cases: Array<
    [string, string, { path: string | RegExp; verb: 'discovery' } | undefined, string]
  > = [
    [
      'constraints.gatekeeper.sh forbidden by RBAC, discovery included',
      'no-constraints',
      undefined,
      WITHHELD('constraints.gatekeeper.sh/v1beta1 (discovery)'),
    ],
    [
      'templates.gatekeeper.sh forbidden by RBAC, discovery included',
      'no-templates',
      undefined,
      WITHHELD('constrainttemplates'),
    ],
    [
      'the constraint kind forbidden to list',
      'no-constraint-list',
      undefined,
      WITHHELD('blocknodeports'),
    ],
    [
      'the constraints group version answering 403 to discovery',
      'admin',
      { path: '/apis/constraints.gatekeeper.sh/v1beta1', verb: 'discovery' },
      WITHHELD('constraints.gatekeeper.sh/v1beta1 (discovery)'),
    ],
    [
      '/apis answering 403: no CRD group can be told served',
      'admin',
      { path: /^\/apis$/, verb: 'discovery' },
      WITHHELD('/apis (discovery)'),
    ],
  ];
  for (const [title, user, fault, warning] of cases) {
    it(`${title}: the claim is withheld with a warning`, async () => {
      if (fault) server.faults.add({ ...fault, status: 403, message: 'forbidden' });
      const r = await scan(user);
      assert.deepEqual(claims(r), []);
      assert.ok(r.warnings.includes(warning), r.warnings.join('\n'));
    });
  }

  it('watchCluster (serve, the TUI) names the undiscovered group among its forbidden kinds', async () => {
    let snapshot: ManifestObject[] = [];
    const live = await new Promise<Extract<WatchStatus, { state: 'live' }>>((resolve) => {
      const stop = watchCluster(
        {
          kubeconfig: writeTemp('claims-watch.yaml', server.kubeconfig('no-constraints')),
          allNamespaces: true,
          env: {},
        },
        {
          onSnapshot: (objects) => (snapshot = objects),
          onStatus: (s) => {
            if (s.state === 'live') void stop().then(() => resolve(s));
          },
        },
      );
    });
    assert.ok(
      live.warnings.includes(
        'constraints.gatekeeper.sh/v1beta1 (discovery) forbidden (403): constraints.gatekeeper.sh not listed',
      ),
      live.warnings.join('\n'),
    );
    const scanned = scanObjects(snapshot, { config: defaultConfig() });
    assert.ok(scanned.findings.some((f) => f.rule === 'service-exposure-unrestricted'));
    const kept = withholdUnreadableClaims(scanned.findings, [], live.forbiddenKinds ?? []);
    assert.deepEqual(
      kept.findings.filter((f) => f.rule === 'service-exposure-unrestricted'),
      [],
    );
    assert.deepEqual(kept.warnings, [WITHHELD('constraints.gatekeeper.sh/v1beta1 (discovery)')]);
  });
});
