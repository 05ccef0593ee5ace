// One paginated list (limit/continue): each page is converted and dropped before the next is fetched.
import type { ManifestObject } from '@portguard/core';
import { ClusterError } from './errors.js';
import { decodeListStream } from './decode-list-stream.js';
import { describeRequest } from './describe-request.js';
import { ApiError, type KubeClient } from './kube-client.js';
import { collectionPath, type ResourceKind } from './resource-kinds.js';
import { toManifestObject } from './to-manifest-object.js';
import type { Keep } from './trim-object.js';

export const PAGE_SIZE = 500;

/** A list restarts at most this many times when its continue token expires. */
const MAX_RESTARTS = 3;

/**
 * Lists `kind` (in `namespace`, or cluster-wide) page by page, handing each page's converted
 * objects to `onPage`; resolves to the list's resourceVersion, where a watch can start. A
 * continue token that expired (410 `Expired`: etcd compacted the list's revision) restarts the
 * list from its first page, as client-go's pager does: `onRestart` tells the caller to drop the
 * pages it got so far.
 */
export async function listPages(
  client: KubeClient,
  kind: ResourceKind,
  namespace: string | undefined,
  onPage: (objects: ManifestObject[]) => void,
  options: { pageSize?: number; signal?: AbortSignal; onRestart?: () => void; keep?: Keep } = {},
): Promise<string> {
  const base = collectionPath(kind, namespace);
  const limit = options.pageSize ?? PAGE_SIZE;
  let next: string | undefined;
  let resourceVersion = '';
  let restarts = 0;
  for (;;) {
    const query = `limit=${limit}${next ? `&continue=${encodeURIComponent(next)}` : ''}`;
    const path = `${base}?${query}`;
    let page: any;
    try {
      page = await client.getJson(path, options.signal, (body) =>
        decodeListStream(body, (item) => toManifestObject(item, kind, options.keep)).then(
          (d) => d.list,
        ),
      );
    } catch (e) {
      if (
        e instanceof ApiError &&
        e.code === 410 &&
        next !== undefined &&
        restarts < MAX_RESTARTS
      ) {
        restarts++;
        next = undefined;
        options.onRestart?.();
        continue;
      }
      // 403 and 404 are the caller's to judge (warnings); any other refusal stops the scan.
      if (e instanceof ApiError && e.code !== 403 && e.code !== 404 && e.code !== 410)
        throw new ClusterError(
          `cannot ${describeRequest(base)} on the cluster at ${client.server}: it answered ${e.code}: ${e.message}${e.attempts > 1 ? ` (${e.attempts} attempts)` : ''}`,
        );
      throw e;
    }
    const items: ManifestObject[] = Array.isArray(page?.items) ? page.items : [];
    onPage(items);
    next = page?.metadata?.continue || undefined;
    resourceVersion = page?.metadata?.resourceVersion ?? resourceVersion;
    if (!next) break;
  }
  return resourceVersion;
}
