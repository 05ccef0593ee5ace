// Decides whether a finding is suppressed by an annotation or the config file.
import type { PortguardConfig } from './config/config.js';
import { annotationsOf } from './objects.js';
import type { ManifestObject, Suppression } from './types.js';

export const IGNORE_ANNOTATION = 'portguard.dev/ignore';
export const IGNORE_REASON_ANNOTATION = 'portguard.dev/ignore-reason';

export interface SuppressionContext {
  config: PortguardConfig;
  /** Namespace objects by name, whose annotations always count. */
  namespaces: Map<string, ManifestObject>;
  /** Cluster objects' own annotations count only when the admin says so. */
  trustObjectAnnotations: boolean;
}

/** True when an annotation value (`host-port, nodeport-service` or `all`) names `rule`. */
export function annotationCovers(value: unknown, rule: string): boolean {
  if (typeof value !== 'string') return false;
  return value
    .split(',')
    .map((s) => s.trim())
    .some((s) => s === 'all' || s === rule);
}

function fromAnnotations(obj: ManifestObject, rule: string): Suppression | undefined {
  const a = annotationsOf(obj.value);
  if (!annotationCovers(a[IGNORE_ANNOTATION], rule)) return undefined;
  const reason = a[IGNORE_REASON_ANNOTATION];
  return { kind: 'inSource', reason: typeof reason === 'string' && reason ? reason : undefined };
}

/** `*` matches any run of characters; everything else is literal. */
export function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map(escapeRe).join('.*')}$`);
  return re.test(value);
}

function escapeRe(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The annotation or config exemption that suppresses `rule` on `object`, if any. `image` is
 * the container image of a finding about one container; exemptions by image need it.
 */
export function suppressionFor(
  object: ManifestObject,
  rule: string,
  ctx: SuppressionContext,
  image?: string,
): Suppression | undefined {
  if (object.origin === 'file' || ctx.trustObjectAnnotations) {
    const own = fromAnnotations(object, rule);
    if (own) return own;
  }
  // A Namespace's own annotations are namespace annotations: they count on live clusters too.
  const nsName =
    object.ref.namespace ?? (object.value.kind === 'Namespace' ? object.ref.name : undefined);
  const ns = nsName ? ctx.namespaces.get(nsName) : undefined;
  if (ns) {
    const fromNs = fromAnnotations(ns, rule);
    if (fromNs) return fromNs;
  }
  for (const ex of ctx.config.exemptions) {
    if (ex.rules && !ex.rules.includes(rule)) continue;
    if (ex.namespace && !globMatch(ex.namespace, nsName ?? '')) continue;
    if (ex.kind && ex.kind !== object.ref.kind) continue;
    if (ex.name && !globMatch(ex.name, object.ref.name)) continue;
    if (ex.image && (image === undefined || !globMatch(ex.image, image))) continue;
    return { kind: 'external', reason: ex.reason };
  }
  return undefined;
}
