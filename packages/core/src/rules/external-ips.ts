// external-ips: a Service that claims externalIPs (CVE-2020-8554).
import { isService } from '../objects.js';
import { defineRule } from './define-rule.js';

export default defineRule({
  meta: {
    name: 'external-ips',
    severity: 'high',
    description: 'A Service sets spec.externalIPs.',
    rationale:
      "Any tenant that may create Services can claim an arbitrary IP with externalIPs and intercept traffic meant for it, another tenant's included (CVE-2020-8554). Use a LoadBalancer Service or an Ingress instead, and block externalIPs with admission control.",
    references: ['CVE-2020-8554', 'Kubernetes docs: "DenyServiceExternalIPs admission plugin"'],
    fixable: true,
  },
  check(object, context) {
    const ips = object.value.spec?.externalIPs;
    if (!isService(object) || !Array.isArray(ips) || ips.length === 0) return;
    context.report({
      object,
      path: ['spec', 'externalIPs'],
      message: `Service "${object.ref.name}" claims externalIPs ${ips.map(String).join(', ')} (CVE-2020-8554); use a LoadBalancer Service or an Ingress instead`,
      data: { externalIPs: ips },
    });
  },
});
