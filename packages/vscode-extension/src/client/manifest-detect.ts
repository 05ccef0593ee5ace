// Tells a Kubernetes manifest from other YAML (workflows, compose files) so the extension starts only for one.

/** `apiVersion:` and `kind:` keys at the top level of some document of the text (or a List's items). */
const API_VERSION = /^(?:- )?apiVersion:[ \t]*["']?[\w.-]+(?:\/[\w.-]+)?["']?[ \t]*(?:#.*)?$/m;
const KIND = /^(?:- )?kind:[ \t]*["']?[A-Z]\w*["']?[ \t]*(?:#.*)?$/m;

/** How much of a document is looked at: manifests say what they are near the top. */
const HEAD_CHARS = 64 * 1024;

/**
 * True when the text looks like Kubernetes objects: a top-level `apiVersion: group/version` and a
 * `kind: CamelCase`. GitHub workflows, compose files and plain config do not start the server.
 * @example looksLikeManifest('apiVersion: v1\nkind: Pod\n') // true
 */
export function looksLikeManifest(text: string): boolean {
  const head = text.length > HEAD_CHARS ? text.slice(0, HEAD_CHARS) : text;
  return API_VERSION.test(head) && KIND.test(head);
}

/** portguard's own config file, which the server must see too. */
export function isPortguardConfig(path: string): boolean {
  return /(^|[\\/])\.portguard\.ya?ml$/.test(path);
}
