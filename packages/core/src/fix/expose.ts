// Shared by host-port and host-network: expose a pod's ports through a Service (and Ingress) instead.
import { isMap, isSeq, stringify, type Node, type Pair, type YAMLMap } from 'yaml';
import { findPair, nodeAt } from '../parse/source-range.js';
import { isObject, type PodSpecLocation } from '../objects.js';
import { getAt } from '../path.js';
import type { KubeObject, ManifestObject } from '../types.js';
import { freeName, mapAt, neighbours, type FixContext } from './context.js';
import { httpFront } from './http-front.js';
import { buildService, renderDocuments, renderJson } from './render-objects.js';
import type { ServicePortSpec } from './render-objects.js';
import { insertDocumentsAfter, insertJsonItems, insertPair } from './yaml-edit.js';
import type { RemediationTarget, TextEdit } from './types.js';

/** A container port the pod listened on at the node, and the Service port that replaces it. */
export interface WantedPort {
  /** The container port's name, used as targetPort and as the Service port's name. */
  name?: string;
  containerPort: number;
  /** The port clients used on the node (the old hostPort), kept as the Service port. */
  port: number;
  protocol: string;
}

/** The label a pod template without labels gets, so a Service can select it. */
export const ADDED_LABEL = 'app.kubernetes.io/name';

/** Ports whose names or numbers say HTTP; only those get an Ingress. */
const HTTP_PORTS = new Set([80, 3000, 5000, 8000, 8008, 8080, 8081, 8888, 9080]);

export function isHttpLike(name: string | undefined, port: number, protocol: string): boolean {
  if (protocol !== 'TCP') return false;
  if (name && /https|tls|grpc/i.test(name)) return false;
  if (name && /^(http|web)/i.test(name)) return true;
  return HTTP_PORTS.has(port);
}

export function podLabels(obj: KubeObject, pod: PodSpecLocation): Record<string, string> {
  const labels = getAt(obj, [...pod.metadataPath, 'labels']);
  if (!isObject(labels)) return {};
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)]));
}

/** The controller's own selector when it picks a subset of the template's labels, else the labels. */
function selectorFor(obj: KubeObject, labels: Record<string, string>): Record<string, string> {
  const sel = obj.spec?.selector;
  const own = isObject(sel?.matchLabels)
    ? sel.matchExpressions
      ? undefined
      : sel.matchLabels
    : obj.kind === 'ReplicationController' && isObject(sel)
      ? sel
      : undefined;
  if (own && Object.keys(own).length > 0) {
    const picked = Object.fromEntries(Object.entries(own).map(([k, v]) => [k, String(v)]));
    if (Object.entries(picked).every(([k, v]) => labels[k] === v)) return picked;
  }
  return labels;
}

/** The Service of the same file and namespace that already selects these pods on this port. */
export function coveringService(
  ctx: FixContext,
  labels: Record<string, string>,
  p: WantedPort,
): ManifestObject | undefined {
  return neighbours(ctx, 'Service').find((svc) => {
    const spec = svc.value.spec;
    if (!isObject(spec) || spec.type === 'ExternalName' || !isObject(spec.selector)) return false;
    const sel = Object.entries(spec.selector);
    if (sel.length === 0 || !sel.every(([k, v]) => labels[k] === String(v))) return false;
    return (
      Array.isArray(spec.ports) &&
      spec.ports.filter(isObject).some((q) => {
        if ((q.protocol ?? 'TCP') !== p.protocol) return false;
        const target = q.targetPort ?? q.port;
        return typeof target === 'string' && !/^\d+$/.test(target)
          ? target === p.name
          : Number(target) === p.containerPort;
      })
    );
  });
}

function servicePorts(wanted: readonly WantedPort[]): ServicePortSpec[] {
  const seen = new Set<string>();
  const unique = wanted.filter((p) => {
    const key = `${p.port}/${p.protocol}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const names = new Set<string>();
  return unique.map((p) => {
    let name = unique.length === 1 ? p.name : (p.name ?? `${p.protocol.toLowerCase()}-${p.port}`);
    if (name) {
      let n = name;
      for (let i = 2; names.has(n); i++) n = `${name}-${i}`;
      names.add(n);
      name = n;
    }
    return { name, port: p.port, targetPort: p.name ?? p.containerPort, protocol: p.protocol };
  });
}

export type ExposeResult =
  | { kind: 'reused'; service: string }
  /** `front`: the Ingress or HTTPRoute added with the Service, by name. */
  | { kind: 'added'; service: string; front?: string; edits: TextEdit[] }
  | { kind: 'none'; reason: string };

/**
 * Plans how `primary` (one of `wanted`) is reached once the pod stops listening on the node:
 * through a Service of the file that already selects the pods on it, or a new Service (plus an
 * Ingress or HTTPRoute for `target: 'ingress'`/`'gateway'` when a port is HTTP-like) inserted
 * right after the workload. A StatefulSet's new Service never takes `spec.serviceName`: that is
 * the governing (headless) Service giving its pods their DNS names, wherever it is defined.
 */
export function planExposure(
  ctx: FixContext,
  pod: PodSpecLocation,
  wanted: readonly WantedPort[],
  primary: WantedPort,
  target: RemediationTarget,
): ExposeResult {
  const obj = ctx.object.value;
  const name = ctx.object.ref.name;
  if (!name || name.endsWith('*'))
    return { kind: 'none', reason: 'the workload has no metadata.name' };
  let labels = podLabels(obj, pod);
  const edits: TextEdit[] = [];
  if (Object.keys(labels).length > 0) {
    const existing = coveringService(ctx, labels, primary);
    if (existing) return { kind: 'reused', service: existing.ref.name };
  } else {
    const labelEdit = addLabelEdit(ctx, pod, name);
    if (typeof labelEdit === 'string') return { kind: 'none', reason: labelEdit };
    edits.push(labelEdit);
    labels = { [ADDED_LABEL]: name };
  }
  const uncovered = wanted.filter((p) => p === primary || !coveringService(ctx, labels, p));
  const namespace = ctx.object.ref.namespace;
  const serviceName = freeName(ctx, 'Service', name, governingService(obj));
  const ports = servicePorts(uncovered);
  const objects: KubeObject[] = [
    buildService({
      name: serviceName,
      namespace,
      selector: selectorFor(obj, labels),
      ports,
      loadBalancer: target === 'loadbalancer',
    }),
  ];
  let front: string | undefined;
  if (target === 'ingress' || target === 'gateway') {
    const http = ports.find((p) =>
      uncovered.some(
        (w) =>
          w.port === p.port &&
          w.protocol === p.protocol &&
          isHttpLike(w.name, w.containerPort, w.protocol),
      ),
    );
    const made = httpFront(ctx, target, serviceName, http);
    if (typeof made === 'string') return { kind: 'none', reason: made };
    front = made.name;
    objects.push(made.object);
  }
  const insert = insertObjects(
    ctx,
    objects,
    `added by portguard: replaces ${describeExposure(ctx)} of ${ctx.object.ref.kind}/${name}`,
  );
  if (typeof insert === 'string') return { kind: 'none', reason: insert };
  edits.push(insert);
  return { kind: 'added', service: serviceName, front, edits };
}

/** The name a StatefulSet's governing Service has (`spec.serviceName`), else nothing. */
function governingService(obj: KubeObject): string[] {
  const name = obj.kind === 'StatefulSet' ? obj.spec?.serviceName : undefined;
  return typeof name === 'string' && name ? [name] : [];
}

function describeExposure(ctx: FixContext): string {
  return ctx.finding.rule === 'host-network'
    ? 'hostNetwork'
    : `hostPort ${ctx.finding.data?.hostPort ?? ''}`.trim();
}

/**
 * New objects go into new YAML documents right after the workload's document. A JSON file holds
 * one document: objects are appended to the `items` of its `kind: List`, and a lone JSON object
 * gets no such fix (there is nowhere valid to put a second object).
 */
export function insertObjects(
  ctx: FixContext,
  objects: readonly KubeObject[],
  comment: string,
): TextEdit | string {
  const { text, style, document } = ctx;
  if (!style.json) {
    return (
      insertDocumentsAfter(text, style, document, renderDocuments(objects, style, comment)) ??
      'cannot find where the workload document ends'
    );
  }
  const node = ctx.object.source.node;
  const items = isMap(document.contents) ? document.contents.get('items', true) : undefined;
  if (node === document.contents || !isSeq(items)) {
    return 'a JSON file holds a single object; convert it to YAML or a List to add a Service';
  }
  return (
    insertJsonItems(
      text,
      style,
      node,
      objects.map((o) => renderJson(o, style)),
    ) ?? 'cannot find where the List item ends'
  );
}

function scalar(ctx: FixContext, v: string): string {
  return ctx.style.json ? JSON.stringify(v) : stringify(v, { lineWidth: 0 }).trimEnd();
}

/** Gives a pod template without labels `app.kubernetes.io/name: <workload>`. */
function addLabelEdit(ctx: FixContext, pod: PodSpecLocation, name: string): TextEdit | string {
  const unit = ' '.repeat(ctx.style.indent);
  const label = `${scalar(ctx, ADDED_LABEL)}: ${scalar(ctx, name)}`;
  const labelsKey = scalar(ctx, 'labels');
  const metadata = mapAt(ctx, pod.metadataPath);
  const fail = 'cannot add a label to the pod template here';
  if (metadata) {
    const existing = findPair(metadata, 'labels') as Pair<Node, Node | null> | undefined;
    if (existing) {
      const v = existing.value;
      if (isMap(v) && v.flow && v.items.length === 0 && v.range) {
        return { range: [v.range[0], v.range[1]], text: `{${label}}` };
      }
      return fail;
    }
    const items = metadata.items as Pair<Node, Node | null>[];
    const anchor =
      (findPair(metadata, 'namespace') as Pair<Node, Node | null> | undefined) ??
      (findPair(metadata, 'name') as Pair<Node, Node | null> | undefined);
    return (
      insertPair(
        ctx.text,
        ctx.style,
        metadata,
        { block: [`${labelsKey}:`, `${unit}${label}`], flow: `${labelsKey}: {${label}}` },
        anchor ? { after: anchor } : { before: items[0] },
      ) ?? fail
    );
  }
  const parentPath = pod.metadataPath.slice(0, -1);
  const parent = mapAt(ctx, parentPath);
  if (!parent || nodeAt(ctx.object.source.node, pod.metadataPath)) return fail;
  const specPair = findPair(parent, String(pod.path[pod.path.length - 1])) as
    Pair<Node, Node | null> | undefined;
  const md = scalar(ctx, 'metadata');
  return (
    insertPair(
      ctx.text,
      ctx.style,
      parent as YAMLMap,
      {
        block: [`${md}:`, `${unit}${labelsKey}:`, `${unit}${unit}${label}`],
        flow: `${md}: {${labelsKey}: {${label}}}`,
      },
      { before: specPair },
    ) ?? fail
  );
}
