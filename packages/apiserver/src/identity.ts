// Who a request is: bearer token, client certificate or the anonymous stand-in, then Impersonate-User/-Group headers.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { UserInfo } from './admission/attributes.js';
import { unauthorized, type UserSpec } from './auth.js';
import { StatusError } from './status.js';

/** The identity of one request: who authenticated, whom it acts as, and whose rights apply. */
export interface Identity {
  /** The authenticated user, as audit events and AdmissionReviews name it. */
  user: UserInfo;
  /** Set when the request impersonates (Impersonate-User). */
  impersonatedUser?: UserInfo;
  /** The rights checked: the impersonated user's when impersonating. */
  access: UserSpec;
}

/** UserInfo of a configured user: its groups plus `system:authenticated`, as kube-apiserver adds. */
export function userInfoOf(user: UserSpec): UserInfo {
  const groups = [...(user.groups ?? [])];
  if (!groups.includes('system:authenticated')) groups.push('system:authenticated');
  return { username: user.name, groups };
}

/**
 * The user a request authenticates as, or undefined for none (anonymous stand-in unset).
 * Throws 401 for an unknown or expired token, or a certificate of no configured user.
 */
export function authenticate(
  req: IncomingMessage,
  users: UserSpec[],
  tlsOn: boolean,
  anonymous: string | undefined,
): UserSpec | undefined {
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(.+)$/i.exec(auth);
    const user = m
      ? users.find((x) => x.token !== undefined && x.token === m[1].trim())
      : undefined;
    if (!user || user.expired) throw unauthorized();
    return user;
  }
  const socket = req.socket as TLSSocket;
  if (tlsOn && socket.authorized) {
    const cn = socket.getPeerCertificate()?.subject?.CN;
    const user = users.find((x) => x.name === cn);
    if (!user) throw unauthorized();
    return user;
  }
  return anonymous !== undefined ? users.find((x) => x.name === anonymous) : undefined;
}

/** A user without limits may impersonate (as cluster-admin may); `impersonate` overrides that. */
function mayImpersonate(u: UserSpec): boolean {
  if (u.impersonate !== undefined) return u.impersonate;
  return (
    !u.readOnly &&
    u.namespaces === undefined &&
    !(u.forbiddenNamespaces?.length ?? 0) &&
    !(u.forbiddenResources?.length ?? 0) &&
    !(u.forbiddenGroups?.length ?? 0)
  );
}

/**
 * The identity of an authenticated request, after the Impersonate-* headers. Throws 403 when the
 * user may not impersonate. An impersonated user that is not configured has every right.
 */
export function identify(req: IncomingMessage, user: UserSpec, users: UserSpec[]): Identity {
  const self = userInfoOf(user);
  const as = req.headers['impersonate-user'];
  if (typeof as !== 'string' || as === '') return { user: self, access: user };
  if (!mayImpersonate(user))
    throw new StatusError(
      403,
      `users "${as}" is forbidden: User "${user.name}" cannot impersonate resource "users" in API group "" at the cluster scope`,
      { name: as, kind: 'users' },
    );
  const groups = req.headersDistinct['impersonate-group'] ?? [];
  const extra: Record<string, string[]> = {};
  for (const [h, v] of Object.entries(req.headersDistinct))
    if (h.startsWith('impersonate-extra-') && v)
      extra[decodeURIComponent(h.slice('impersonate-extra-'.length))] = v;
  const impersonatedUser: UserInfo = { username: as };
  const uid = req.headers['impersonate-uid'];
  if (typeof uid === 'string' && uid) impersonatedUser.uid = uid;
  impersonatedUser.groups = groups.includes('system:authenticated')
    ? [...groups]
    : [...groups, 'system:authenticated'];
  if (Object.keys(extra).length) impersonatedUser.extra = extra;
  const known = users.find((x) => x.name === as);
  return {
    user: self,
    impersonatedUser,
    access: { ...(known ?? { name: as }), groups },
  };
}
