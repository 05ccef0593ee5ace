// Who may do what: bearer tokens and client certificates mapped to users, each limited to namespaces and resources.
import { StatusError } from './status.js';
import type { ResourceType } from './resources.js';

/** A user of the test cluster and what RBAC would let them list, get and watch. */
export interface UserSpec {
  /** The user name (also the client certificate's CN). */
  name: string;
  /** Groups (a client certificate's O); `system:authenticated` is always added. */
  groups?: string[];
  /** May use Impersonate-User; default: a user without any limit below may, others may not. */
  impersonate?: boolean;
  /** Bearer token; omit for a certificate-only user. */
  token?: string;
  /** An expired token: every request answers 401, as an API server does for a stale token. */
  expired?: boolean;
  /** Only these namespaces (a RoleBinding in each); cluster-wide lists of namespaced kinds are then forbidden. */
  namespaces?: string[];
  /** Every namespace except these; cluster-wide lists of namespaced kinds are then forbidden too. */
  forbiddenNamespaces?: string[];
  /** Resources (plural, e.g. `nodes`, or `group/plural`) this user may not read anywhere. */
  forbiddenResources?: string[];
  /**
   * API groups this user has no RBAC rule for, nor a discovery rule (as without the
   * system:discovery binding): each resource of the group and `/apis/<group>[/<version>]` answer 403.
   */
  forbiddenGroups?: string[];
  /** May read but not create, update or delete (403). */
  readOnly?: boolean;
  /**
   * Cluster-wide lists succeed but leave out the namespaces this user may not read, as some
   * API stand-ins do (kube-apiserver answers 403 instead).
   */
  filterClusterWide?: boolean;
}

/** What a request wants: verb, resource type and namespace (undefined for cluster scope). */
export interface Access {
  verb: 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';
  resource: ResourceType;
  namespace?: string;
  /** The object's name, for a GET of one object. */
  name?: string;
}

export function unauthorized(): StatusError {
  return new StatusError(401, 'Unauthorized');
}

/** Throws 403 Forbidden, worded as RBAC words it, when `user` may not do `access`. */
export function authorize(user: UserSpec, access: Access): void {
  const { resource: t, namespace, verb } = access;
  const where =
    namespace !== undefined ? `in the namespace "${namespace}"` : 'at the cluster scope';
  const deny = () =>
    new StatusError(
      403,
      `${t.plural}${t.group ? `.${t.group}` : ''} is forbidden: User "${user.name}" cannot ${verb} resource "${t.plural}" in API group "${t.group}" ${where}`,
      { kind: t.plural, group: t.group },
    );
  if (user.readOnly && !['get', 'list', 'watch'].includes(verb)) throw deny();
  const fr = user.forbiddenResources ?? [];
  if (fr.includes(t.plural) || fr.includes(`${t.group}/${t.plural}`)) throw deny();
  if (user.forbiddenGroups?.includes(t.group)) throw deny();
  const limited = user.namespaces !== undefined || (user.forbiddenNamespaces?.length ?? 0) > 0;
  if (!t.namespaced) {
    // A RoleBinding in a namespace lets its user GET that Namespace object, not list the others.
    const ownNamespace =
      t.group === '' && t.plural === 'namespaces' && verb === 'get' && access.name !== undefined;
    if (ownNamespace && user.namespaces?.includes(access.name!)) return;
    if (user.namespaces !== undefined) throw deny();
    return;
  }
  if (namespace === undefined) {
    if (limited && !user.filterClusterWide) throw deny();
    return;
  }
  if (user.namespaces !== undefined && !user.namespaces.includes(namespace)) throw deny();
  if (user.forbiddenNamespaces?.includes(namespace)) throw deny();
}

/** Throws 403, worded as RBAC words it for a non-resource URL, for a forbidden group's discovery. */
export function authorizeDiscovery(user: UserSpec, path: string): void {
  const segs = path.split('/').filter(Boolean);
  if (segs[0] !== 'apis' || segs.length < 2 || !user.forbiddenGroups?.includes(segs[1])) return;
  throw new StatusError(403, `forbidden: User "${user.name}" cannot get path "${path}"`);
}

/** Whether `user` may see objects of namespace `ns` in a cluster-wide answer. */
export function seesNamespace(user: UserSpec, ns: string | undefined): boolean {
  if (ns === undefined) return true;
  if (user.namespaces !== undefined && !user.namespaces.includes(ns)) return false;
  return !user.forbiddenNamespaces?.includes(ns);
}
