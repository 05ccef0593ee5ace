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
    const verdict = context.allowances?.externalIPs(object, ips.map(String));
    const name = `Service "${object.ref.name}"`;
    context.report({
      object,
      path: ['spec', 'externalIPs'],
      message: verdict?.outside.length
        ? `${name} claims externalIP${verdict.outside.length > 1 ? 's' : ''} ${verdict.outside.join(', ')}, outside ${verdict.note.text} (CVE-2020-8554)`
        : `${name} claims externalIPs ${ips.map(String).join(', ')} (CVE-2020-8554); use a LoadBalancer Service or an Ingress instead`,
      allowance: verdict?.note,
      data: { externalIPs: ips },
    });
  },
});
