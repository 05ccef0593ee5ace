// Builds real scan results from inline manifests, through core's own parser and rules.
import {
  loadConfig,
  refOf,
  scanFiles,
  scanObjects,
  summarize,
  type FileInput,
  type KubeObject,
  type ManifestObject,
  type ScanResult,
} from '@portguard/core';

/** Scans `files` as `scan -f` would (annotations on objects count), with an optional config text. */
export function scanTexts(files: FileInput[], configText?: string): ScanResult {
  const config = configText === undefined ? undefined : loadConfig(configText, '.portguard.yaml');
  return scanFiles(files, { config, trustObjectAnnotations: true });
}

/** Scans plain objects as a live cluster would hand them over: no file, no range. */
export function scanClusterObjects(values: KubeObject[], podCount?: number): ScanResult {
  const objects: ManifestObject[] = values.map((value) => ({
    value,
    ref: refOf(value),
    origin: 'cluster',
    ...(podCount !== undefined ? { podCount } : {}),
  }));
  const { findings, suppressed } = scanObjects(objects);
  return {
    findings,
    suppressed,
    objects,
    errors: [],
    skipped: [],
    summary: summarize(objects.length, findings, suppressed),
  };
}

export const TEAM_A_WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: team-a
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx
          ports:
            - containerPort: 80
              hostPort: 8080
`;

export const TEAM_B_AGENT = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: team-b
  annotations:
    portguard.dev/ignore: host-port
    portguard.dev/ignore-reason: "approved in SEC-42"
spec:
  template:
    spec:
      containers:
        - name: agent
          image: busybox
          ports:
            - containerPort: 8080
              hostPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: legacy
  namespace: team-b
spec:
  type: NodePort
  ports:
    - port: 80
`;

/** Exempts team-b's Service from nodeport-service through the config file (an `external` suppression). */
export const EXEMPT_LEGACY = `exemptions:
  - namespace: team-b
    name: legacy
    rules: [nodeport-service]
    reason: "migrating to an Ingress"
`;
