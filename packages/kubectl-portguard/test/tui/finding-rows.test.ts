// The list's rows: grouped by tenant and namespace, sorted by severity, narrowed by the filter.
import assert from 'node:assert/strict';
import { CLUSTER_API_VERSION } from '@portguard/core';
import { groupLabel } from '../../src/tui/findings-list/findings-list.js';
import { buildRows, type Row } from '../../src/tui/model/finding-rows.js';
import {
  NO_FILTER,
  describeFilter,
  nextMinSeverity,
  type ViewFilter,
} from '../../src/tui/model/view-filter.js';
import { fixtureObjects } from './cluster-objects.js';
import { exposureView } from './contract-rules.js';

const view = exposureView(fixtureObjects('multi-tenant.yaml'));

function show(rows: readonly Row[]): string[] {
  return rows.map((r) =>
    r.kind === 'group'
      ? `# ${r.tenant ?? '-'} ${r.namespace ?? '(cluster)'} ${r.count} ${r.worst}`
      : `${r.finding.severity} ${r.finding.rule} ${r.finding.object.kind}/${r.finding.object.name}`,
  );
}

describe('tui: finding rows', () => {
  const cases: Array<{ name: string; filter: ViewFilter; rows: string[] }> = [
    {
      name: 'no filter: tenants then namespaces, findings by severity inside',
      filter: NO_FILTER,
      rows: [
        '# acme team-a 2 high',
        'high host-port Deployment/web',
        'medium host-port-conflict Deployment/web',
        '# acme team-c 2 high',
        'high host-network Pod/debug',
        'high external-ips Service/legacy',
        '# beta team-b 3 high',
        'high host-port Deployment/api',
        'high nodeport-service Service/api',
        'medium host-port-conflict Deployment/api',
      ],
    },
    {
      name: 'minimum severity high',
      filter: { ...NO_FILTER, minSeverity: 'high' },
      rows: [
        '# acme team-a 1 high',
        'high host-port Deployment/web',
        '# acme team-c 2 high',
        'high host-network Pod/debug',
        'high external-ips Service/legacy',
        '# beta team-b 2 high',
        'high host-port Deployment/api',
        'high nodeport-service Service/api',
      ],
    },
    {
      name: 'text matches rule, object, namespace, tenant or message, case-insensitively',
      filter: { ...NO_FILTER, text: 'CONFLICT' },
      rows: [
        '# acme team-a 1 medium',
        'medium host-port-conflict Deployment/web',
        '# beta team-b 1 medium',
        'medium host-port-conflict Deployment/api',
      ],
    },
    {
      name: 'text on the message',
      filter: { ...NO_FILTER, text: '203.0.113' },
      rows: ['# acme team-c 1 high', 'high external-ips Service/legacy'],
    },
    {
      name: 'tenant scope',
      filter: { ...NO_FILTER, scope: { kind: 'tenant', name: 'beta' } },
      rows: [
        '# beta team-b 3 high',
        'high host-port Deployment/api',
        'high nodeport-service Service/api',
        'medium host-port-conflict Deployment/api',
      ],
    },
    {
      name: 'namespace scope and severity together',
      filter: { text: '', minSeverity: 'high', scope: { kind: 'namespace', name: 'team-a' } },
      rows: ['# acme team-a 1 high', 'high host-port Deployment/web'],
    },
    { name: 'nothing matches', filter: { ...NO_FILTER, text: 'no-such-thing' }, rows: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const model = buildRows(view.findings, c.filter);
      assert.deepEqual(show(model.rows), c.rows);
      assert.equal(model.shown, c.rows.filter((r) => !r.startsWith('#')).length);
      for (const [key, i] of model.indexOfKey) assert.equal(model.rows[i].key, key);
    });
  }

  it('puts cluster-scoped findings last and files Namespace findings under their namespace', () => {
    const f = (kind: string, name: string, namespace?: string) => ({
      rule: 'r',
      severity: 'low' as const,
      message: 'm',
      object: { apiVersion: 'v1', kind, name, ...(namespace ? { namespace } : {}) },
      path: 'p',
      pathSegments: [],
    });
    const model = buildRows(
      [f('ClusterRole', 'x'), f('Namespace', 'zeta'), f('Pod', 'p', 'alpha')],
      NO_FILTER,
    );
    assert.deepEqual(show(model.rows), [
      '# - alpha 1 low',
      'low r Pod/p',
      '# - zeta 1 low',
      'low r Namespace/zeta',
      '# - (cluster) 1 low',
      'low r ClusterRole/x',
    ]);
  });

  it('puts cluster-wide findings (object Cluster) first, in a group of their own, under no tenant', () => {
    const web = view.findings.find((f) => f.object.name === 'web')!;
    const cluster = {
      ...web,
      rule: 'service-exposure-unrestricted',
      severity: 'medium' as const,
      tenant: undefined,
      object: { apiVersion: CLUSTER_API_VERSION, kind: 'Cluster', name: 'prod' },
    };
    const model = buildRows([web, cluster], NO_FILTER, view.tenantOf);
    assert.deepEqual(show(model.rows), [
      '# - (cluster) 1 medium',
      'medium service-exposure-unrestricted Cluster/prod',
      '# acme team-a 1 high',
      'high host-port Deployment/web',
    ]);
    const group = model.rows[0];
    assert.ok(group.kind === 'group' && group.wholeCluster);
    assert.equal(groupLabel(group), 'whole cluster (1)');
  });

  it('a finding without a tenant joins its namespace tenant group (posture findings on Namespace objects)', () => {
    const bare = { ...view.findings.find((f) => f.object.name === 'web')!, tenant: undefined };
    const onNs = {
      ...bare,
      object: { apiVersion: 'v1', kind: 'Namespace', name: 'team-a' },
      rule: 'x',
    };
    const model = buildRows([bare, onNs], NO_FILTER, view.tenantOf);
    assert.deepEqual(show(model.rows), [
      '# acme team-a 2 high',
      'high host-port Deployment/web',
      'high x Namespace/team-a',
    ]);
    const scoped = buildRows(
      [bare, onNs],
      { ...NO_FILTER, scope: { kind: 'tenant', name: 'acme' } },
      view.tenantOf,
    );
    assert.equal(scoped.shown, 2);
  });

  it('s cycles the minimum severity info → low → medium → high → info', () => {
    const seen = ['info'];
    for (let i = 0; i < 4; i++) seen.push(nextMinSeverity(seen[seen.length - 1] as 'info'));
    assert.deepEqual(seen, ['info', 'low', 'medium', 'high', 'info']);
  });

  it('describes the active filter for the header', () => {
    assert.equal(describeFilter(NO_FILTER), '');
    assert.equal(
      describeFilter({
        text: ' web ',
        minSeverity: 'medium',
        scope: { kind: 'tenant', name: 'acme' },
      }),
      'severity ≥ medium · tenant acme · "web"',
    );
  });
});
