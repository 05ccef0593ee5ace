// Who created each object, from audit logs: the TUI's "created by … at …" (`tui --audit-log FILE`).
import { forEachLine } from './read-lines.js';
import { classifyRawBytes, rawField } from './raw-filter.js';
import { kindOfResource } from './judge-event.js';
import type { AuditUser } from './types.js';

/** The admitted create of an object: who sent it (and as whom), and when it was received. */
export interface Creation {
  user: AuditUser;
  impersonatedUser?: AuditUser;
  time: string;
}

/** Looks up the creation of an object by its identity, as findings name objects. */
export type CreatedBy = (object: {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}) => Creation | undefined;

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');
const keyOf = (group: string, kind: string, namespace: string | undefined, name: string) =>
  `${group}/${kind}/${namespace ?? ''}/${name}`;

/**
 * Reads `files` (oldest first) and remembers each object's latest admitted create. Lines that
 * are not creates are looked at as bytes only; bad lines are passed over (`audit` lists them).
 * Rejects when a file cannot be read at all.
 */
export async function createdByFromAudit(files: readonly string[]): Promise<CreatedBy> {
  const created = new Map<string, Creation>();
  for (const path of files) {
    await forEachLine(path, (bytes) => {
      if (classifyRawBytes(bytes) !== 'candidate') return;
      const text = bytes.toString('utf8');
      if (rawField(text, 'verb') !== 'create') return;
      let e: Record<string, any>;
      try {
        e = JSON.parse(text);
      } catch {
        return;
      }
      const ref = e.objectRef;
      if (!ref || typeof ref.resource !== 'string' || ref.subresource) return;
      if (Number(e.responseStatus?.code ?? 0) >= 400) return;
      const name = ref.name ?? e.responseObject?.metadata?.name ?? e.requestObject?.metadata?.name;
      if (typeof name !== 'string' || typeof e.user?.username !== 'string') return;
      const kind =
        typeof e.responseObject?.kind === 'string' && e.responseObject.kind !== 'Status'
          ? e.responseObject.kind
          : typeof e.requestObject?.kind === 'string'
            ? e.requestObject.kind
            : kindOfResource(ref.resource);
      const c: Creation = {
        user: { username: e.user.username, groups: e.user.groups },
        time: String(e.requestReceivedTimestamp ?? ''),
      };
      if (e.impersonatedUser?.username)
        c.impersonatedUser = {
          username: e.impersonatedUser.username,
          groups: e.impersonatedUser.groups,
        };
      created.set(keyOf(ref.apiGroup ?? '', kind, ref.namespace, name), c);
    });
  }
  return (o) => created.get(keyOf(groupOf(o.apiVersion), o.kind, o.namespace, o.name));
}

/** `alice (as carol) at 2026-11-30T10:00:00Z`: the details pane's line, seconds precision. */
export function creationText(c: Creation): string {
  const who = c.impersonatedUser
    ? `${c.user.username} (as ${c.impersonatedUser.username})`
    : c.user.username;
  return `created by ${who} at ${c.time.replace(/\.\d+Z$/, 'Z')}`;
}
