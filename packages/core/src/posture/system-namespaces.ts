// The platform's own namespaces (ingress controllers, CNIs): findings there are reported apart.
import type { PortguardConfig } from '../config/config.js';
import { globMatch } from '../suppression.js';
import type { ManifestObject } from '../types.js';

/** True when `namespace` is one of `config.systemNamespaces` (`*` globs allowed, e.g. `ingress-*`). */
export function isSystemNamespace(
  namespace: string | undefined,
  config: Pick<PortguardConfig, 'systemNamespaces'>,
): boolean {
  if (!namespace) return false;
  return config.systemNamespaces.some((p) => globMatch(p, namespace));
}

/** The namespace an object lives in; a Namespace object is its own. */
export function namespaceOf(object: ManifestObject): string | undefined {
  if (object.ref.namespace) return object.ref.namespace;
  return object.value.kind === 'Namespace' && object.ref.name ? object.ref.name : undefined;
}
