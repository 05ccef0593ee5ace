import { DEFAULT_SYSTEM_NAMESPACES } from '../config/config.js';
import { serviceExposureBlockers, type Blocker } from '../posture/admission-control.js';
import { clusterObject } from '../cluster-object.js';
import { defineRule } from './define-rule.js';

const label = (b: Blocker) => `${b.kind} "${b.name}"`;

export default defineRule({
  meta: {
    name: 'service-exposure-unrestricted',
    severity: 'medium',
    description: 'Nothing in the cluster refuses NodePort Services or Services with externalIPs.',
    rationale:
      'Pod Security Admission looks at pods only: a tenant can still open a port on every node with a NodePort Service, or intercept traffic to any IP with externalIPs (CVE-2020-8554). Only a ValidatingAdmissionPolicy, a Kyverno ClusterPolicy or a Gatekeeper constraint refuses them.',
    references: [
      'CVE-2020-8554',
      'Kubernetes docs: "Validating Admission Policy"',
      'Kubernetes multi-tenancy guide: "Network isolation"',
    ],
    fixable: false,
  },
  checkAll(objects, context) {
    const namespaces = objects.filter((o) => o.value.kind === 'Namespace' && o.ref.name);
    // Only a set that describes a cluster (it has Namespaces) says anything about admission control.
    if (namespaces.length === 0) return;
    const blockers = serviceExposureBlockers(objects);
    const open: string[] = [];
    if (blockers.nodePort.length === 0) open.push('NodePort Services');
    if (blockers.externalIPs.length === 0) open.push('externalIPs');
    if (open.length === 0) return;
    const system = (ns: string) =>
      context.isSystemNamespace
        ? context.isSystemNamespace(ns)
        : DEFAULT_SYSTEM_NAMESPACES.includes(ns);
    // Where a file shows it: the alphabetically first tenant namespace (the finding is the cluster's).
    const byName = [...namespaces].sort((a, b) => a.ref.name.localeCompare(b.ref.name));
    const anchor = byName.find((o) => !system(o.ref.name)) ?? byName[0];
    const blocked = [
      ...blockers.nodePort.map((b) => `NodePort Services by ${label(b)}`),
      ...blockers.externalIPs.map((b) => `externalIPs by ${label(b)}`),
    ];
    context.report({
      object: clusterObject(context.clusterName ?? '-', anchor),
      path: ['metadata', 'name'],
      scope: 'cluster',
      message:
        `nothing in the cluster refuses ${open.join(' or ')}: no ValidatingAdmissionPolicy with a Deny binding, ` +
        `Kyverno ClusterPolicy in Enforce mode or Gatekeeper constraint in deny mode matches them ` +
        `(Pod Security Admission does not cover Services)` +
        (blocked.length ? `; blocked: ${blocked.join(', ')}` : ''),
      data: {
        nodePortBlockedBy: blockers.nodePort,
        externalIPsBlockedBy: blockers.externalIPs,
      },
    });
  },
});
