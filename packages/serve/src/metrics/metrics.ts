// serve's Prometheus metrics: one prom-client registry, the contract's families, bounded label values.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Finding } from '@portguard/core';
import type { LiveState } from '../watch/live-state.js';

/** A webhook decision, the values of `decision` on `portguard_webhook_reviews_total`. */
export type Decision = 'allowed' | 'denied' | 'warned' | 'audited' | 'error';

/** Every kind the webhook reviews; any other value of `kind` is counted as `other` (bounded). */
export const REVIEWED_KINDS = [
  'Pod',
  'Deployment',
  'ReplicaSet',
  'ReplicationController',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'PodTemplate',
  'Service',
  'Rollout',
] as const;
const OPERATIONS = new Set(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']);
const KINDS = new Set<string>(REVIEWED_KINDS);

export interface Metrics {
  registry: Registry;
  /** Makes the state's gauges equal to `state` (called after each scan and each health change). */
  observe(state: LiveState): void;
  /** Counts one review and its duration. */
  review(labels: { operation: string; kind: string; decision: Decision }, seconds: number): void;
}

/** The namespace label of a finding: the object's namespace, a Namespace object's own name, else "". */
const namespaceOf = (f: Finding) =>
  f.object.namespace ?? (f.object.kind === 'Namespace' ? f.object.name : '');

/**
 * Registers every family of the contract on a fresh registry, the webhook's included (they read 0
 * until it reviews). Label values are rules, severities, namespaces, tenants, kinds and (on the
 * `_info` gauge only) workload names: pods are folded into their controllers, so no label grows
 * with pods, and the webhook's `kind`/`operation` are cut down to known values.
 */
export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const findings = new Gauge({
    name: 'portguard_findings',
    help: 'Current findings by rule, severity, namespace and tenant.',
    labelNames: ['rule', 'severity', 'namespace', 'tenant'] as const,
    registers,
  });
  const info = new Gauge({
    name: 'portguard_finding_info',
    help: 'The number of current findings with this rule, severity, namespace, tenant, kind and object name (usually 1).',
    labelNames: ['rule', 'severity', 'namespace', 'tenant', 'kind', 'name'] as const,
    registers,
  });
  const suppressed = new Gauge({
    name: 'portguard_suppressed_findings',
    help: 'Current findings suppressed by an annotation, an exemption or an allowance, by rule and namespace.',
    labelNames: ['rule', 'namespace'] as const,
    registers,
  });
  const objects = new Gauge({
    name: 'portguard_objects',
    help: 'Objects as listed from the cluster (pods before folding into their controllers), by kind.',
    labelNames: ['kind'] as const,
    registers,
  });
  const watchUp = new Gauge({
    name: 'portguard_watch_up',
    help: '1 while the list-and-watch of this kind is healthy, else 0.',
    labelNames: ['kind'] as const,
    registers,
  });
  const lastSync = new Gauge({
    name: 'portguard_last_sync_timestamp_seconds',
    help: 'When the findings were last recomputed from the watched state, in seconds since the epoch.',
    registers,
  });
  const reviews = new Counter({
    name: 'portguard_webhook_reviews_total',
    help: 'Admission reviews answered, by operation, kind and decision (allowed, denied, warned, audited, error).',
    labelNames: ['operation', 'kind', 'decision'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'portguard_webhook_review_duration_seconds',
    help: 'Time to decide one admission review, from the request body read to the response written.',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2],
    registers,
  });

  const count = <K extends string>(g: Gauge<K>, rows: Record<K, string>[]) => {
    const counts = new Map<string, { labels: Record<K, string>; n: number }>();
    for (const labels of rows) {
      const key = JSON.stringify(labels);
      const c = counts.get(key) ?? { labels, n: 0 };
      c.n++;
      counts.set(key, c);
    }
    // reset and set in one turn of the event loop: a scrape never sees a half-made set.
    g.reset();
    for (const { labels, n } of counts.values()) g.set(labels, n);
  };

  return {
    registry,
    observe(state) {
      const { findings: current, suppressed: hidden } = state.result;
      count(
        findings,
        current.map((f) => ({
          rule: f.rule,
          severity: f.severity,
          namespace: namespaceOf(f),
          tenant: f.tenant ?? '',
        })),
      );
      count(
        info,
        current.map((f) => ({
          rule: f.rule,
          severity: f.severity,
          namespace: namespaceOf(f),
          tenant: f.tenant ?? '',
          kind: f.object.kind,
          name: f.object.name,
        })),
      );
      count(
        suppressed,
        hidden.map((f) => ({ rule: f.rule, namespace: namespaceOf(f) })),
      );
      count(
        objects,
        state.listed.map((o) => ({ kind: o.ref.kind })),
      );
      watchUp.reset();
      for (const [kind, up] of state.watchUp) watchUp.set({ kind }, up ? 1 : 0);
      if (state.lastSync > 0) lastSync.set(state.lastSync);
    },
    review(labels, seconds) {
      reviews.inc({
        operation: OPERATIONS.has(labels.operation) ? labels.operation : 'other',
        kind: KINDS.has(labels.kind) ? labels.kind : 'other',
        decision: labels.decision,
      });
      duration.observe(seconds);
    },
  };
}
