// `kubectl portguard install`: the manifests that run serve in the cluster, built as plain objects.
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { PORTGUARD_WEBHOOK_NAME } from '@portguard/core';
import type { Mode } from '../webhook/review.js';
import { alertGroups } from './prometheus-rule.js';
import { clusterRoleRules } from './rbac.js';

export interface InstallOptions {
  namespace: string;
  image: string;
  mode: Mode;
  /** With the admission webhook: the CA (for caBundle) and the serving certificate and key (PEM). */
  webhook?: { caCert: string; cert: string; key: string };
}

export const NAME = 'portguard';
export const METRICS_PORT = 9090;
export const WEBHOOK_PORT = 8443;
/** The webhook's name; core's service-exposure-unrestricted recognises it in deny mode. */
export const WEBHOOK_NAME = PORTGUARD_WEBHOOK_NAME;
/** The TLS Secret's name; the serving certificate is valid for `portguard.<ns>.svc`. */
export const TLS_SECRET = 'portguard-tls';

/** The DNS names kube-apiserver checks when it calls the webhook through its Service. */
export const serviceDnsNames = (namespace: string) => [
  `${NAME}.${namespace}.svc`,
  `${NAME}.${namespace}.svc.cluster.local`,
];

/** Where each reviewed kind lives: the webhook's rules, grouped by API group. */
const WEBHOOK_RESOURCES: Record<string, string[]> = {
  '': ['pods', 'services', 'replicationcontrollers', 'podtemplates'],
  apps: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'],
  batch: ['jobs', 'cronjobs'],
  // pod templates of a CRD (served only where Argo Rollouts is installed; a rule for a resource
  // the cluster does not serve is accepted and matches nothing)
  'argoproj.io': ['rollouts'],
};
const API_VERSIONS: Record<string, string[]> = { 'argoproj.io': ['v1alpha1'] };

const b64 = (s: string) => Buffer.from(s).toString('base64');

/**
 * Every object, in the order `kubectl apply` needs them: Namespace, ServiceAccount, ClusterRole
 * (get/list/watch only), ClusterRoleBinding, [TLS Secret], Deployment (Pod Security `restricted`),
 * Service, PodDisruptionBudget, PrometheusRule, [ValidatingWebhookConfiguration]. `failurePolicy`
 * is `Fail` in deny mode (refusals are the point) and `Ignore` otherwise (never block a cluster
 * for a warning); the webhook skips portguard's own namespace so a down serve can be redeployed.
 */
export function installManifests(o: InstallOptions): Record<string, any>[] {
  const ns = o.namespace;
  const labels = { 'app.kubernetes.io/name': NAME, 'app.kubernetes.io/component': 'serve' };
  const meta = (extra: Record<string, any> = {}) => ({
    name: NAME,
    namespace: ns,
    labels,
    ...extra,
  });
  const args = ['serve', '--metrics-addr', `:${METRICS_PORT}`, '--mode', o.mode];
  if (o.webhook)
    args.push(
      '--webhook-addr',
      `:${WEBHOOK_PORT}`,
      '--tls-cert',
      '/tls/tls.crt',
      '--tls-key',
      '/tls/tls.key',
    );
  const objects: Record<string, any>[] = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ns,
        labels: {
          ...labels,
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'latest',
        },
      },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta() },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: NAME, labels },
      rules: clusterRoleRules(),
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: NAME, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NAME },
      subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: ns }],
    },
  ];
  if (o.webhook)
    objects.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { ...meta(), name: TLS_SECRET },
      type: 'kubernetes.io/tls',
      data: {
        'tls.crt': b64(o.webhook.cert),
        'tls.key': b64(o.webhook.key),
        'ca.crt': b64(o.webhook.caCert),
      },
    });
  const ports = [{ name: 'metrics', containerPort: METRICS_PORT, protocol: 'TCP' }];
  if (o.webhook) ports.push({ name: 'webhook', containerPort: WEBHOOK_PORT, protocol: 'TCP' });
  objects.push(
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(),
      spec: {
        replicas: 2,
        selector: { matchLabels: labels },
        template: {
          metadata: {
            labels,
            // A new certificate (install run again) changes the template, so the pods restart with it.
            ...(o.webhook
              ? {
                  annotations: {
                    'portguard.dev/tls-sha256': createHash('sha256')
                      .update(o.webhook.cert)
                      .digest('hex'),
                  },
                }
              : {}),
          },
          spec: {
            serviceAccountName: NAME,
            automountServiceAccountToken: true,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: 65532,
              runAsGroup: 65532,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name: 'serve',
                image: o.image,
                args,
                ports,
                readinessProbe: { httpGet: { path: '/readyz', port: 'metrics' }, periodSeconds: 5 },
                livenessProbe: {
                  httpGet: { path: '/healthz', port: 'metrics' },
                  periodSeconds: 10,
                },
                resources: {
                  requests: { cpu: '50m', memory: '128Mi' },
                  limits: { memory: '512Mi' },
                },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  runAsNonRoot: true,
                  capabilities: { drop: ['ALL'] },
                },
                ...(o.webhook
                  ? { volumeMounts: [{ name: 'tls', mountPath: '/tls', readOnly: true }] }
                  : {}),
              },
            ],
            ...(o.webhook
              ? { volumes: [{ name: 'tls', secret: { secretName: TLS_SECRET } }] }
              : {}),
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta({
        annotations: {
          'prometheus.io/scrape': 'true',
          'prometheus.io/port': String(METRICS_PORT),
          'prometheus.io/path': '/metrics',
        },
      }),
      spec: {
        type: 'ClusterIP',
        selector: labels,
        ports: [
          { name: 'metrics', port: METRICS_PORT, targetPort: 'metrics', protocol: 'TCP' },
          ...(o.webhook
            ? [{ name: 'webhook', port: 443, targetPort: 'webhook', protocol: 'TCP' }]
            : []),
        ],
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta(),
      spec: { maxUnavailable: 1, selector: { matchLabels: labels } },
    },
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: meta(),
      spec: { groups: alertGroups() },
    },
  );
  if (o.webhook)
    objects.push({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: NAME, labels },
      webhooks: [
        {
          name: WEBHOOK_NAME,
          admissionReviewVersions: ['v1'],
          sideEffects: 'None',
          timeoutSeconds: 2,
          failurePolicy: o.mode === 'deny' ? 'Fail' : 'Ignore',
          matchPolicy: 'Equivalent',
          clientConfig: {
            service: { namespace: ns, name: NAME, path: '/validate', port: 443 },
            caBundle: b64(o.webhook.caCert),
          },
          namespaceSelector: {
            matchExpressions: [
              { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: [ns] },
            ],
          },
          rules: Object.entries(WEBHOOK_RESOURCES).map(([group, resources]) => ({
            operations: ['CREATE', 'UPDATE'],
            apiGroups: [group],
            apiVersions: API_VERSIONS[group] ?? ['v1'],
            resources,
            scope: 'Namespaced',
          })),
        },
      ],
    });
  return objects;
}

/** One YAML stream, `---` between documents: the manifests printed once, by one writer. */
export function printManifests(objects: readonly Record<string, any>[]): string {
  return objects
    .map((o) => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false }))
    .join('---\n');
}
