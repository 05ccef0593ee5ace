// The alerts that come with serve: a high-severity exposure for 10 minutes, a cross-tenant conflict, the watch down.

/** A Prometheus rule group (the `spec.groups[]` of a PrometheusRule, and a promtool rule file's `groups[]`). */
export interface RuleGroup {
  name: string;
  rules: {
    alert: string;
    expr: string;
    for: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
  }[];
}

/**
 * `max by` first: with two replicas of serve each series comes twice, and an alert must fire
 * once per namespace and rule, not once per replica.
 */
export function alertGroups(): RuleGroup[] {
  return [
    {
      name: 'portguard',
      rules: [
        {
          alert: 'PortguardHighSeverityExposure',
          expr: 'max by (namespace, tenant, rule) (portguard_findings{severity="high"}) > 0',
          for: '10m',
          labels: { severity: 'warning' },
          annotations: {
            summary: 'A high-severity exposure has been in the cluster for 10 minutes.',
            description:
              '{{ $value }} {{ $labels.rule }} finding(s) in namespace {{ $labels.namespace }} (tenant "{{ $labels.tenant }}"): see portguard_finding_info for the objects, and kubectl portguard explain {{ $labels.rule }}.',
          },
        },
        {
          alert: 'PortguardCrossTenantConflict',
          expr: 'max by (namespace, tenant, rule) (portguard_findings{rule=~"host-port-conflict|node-port-conflict"}) > 0',
          for: '1m',
          labels: { severity: 'warning' },
          annotations: {
            summary: 'Workloads of different tenants ask for the same host port or node port.',
            description:
              '{{ $labels.rule }} in namespace {{ $labels.namespace }} (tenant "{{ $labels.tenant }}"): one tenant can starve or intercept another; kubectl portguard scan -A names both sides.',
          },
        },
        {
          alert: 'PortguardWatchDown',
          expr: 'max by (kind) (portguard_watch_up) == 0',
          for: '5m',
          labels: { severity: 'warning' },
          annotations: {
            summary: 'portguard cannot watch {{ $labels.kind }} objects.',
            description:
              'The list or watch of {{ $labels.kind }} has failed for 5 minutes: its findings are stale. See the "watch error" lines of the portguard logs.',
          },
        },
        {
          alert: 'PortguardAbsent',
          expr: 'absent(portguard_watch_up)',
          for: '10m',
          labels: { severity: 'warning' },
          annotations: {
            summary: 'No portguard instance has reported for 10 minutes.',
            description:
              'Prometheus scrapes no portguard_watch_up series: serve is down or not scraped.',
          },
        },
      ],
    },
  ];
}
