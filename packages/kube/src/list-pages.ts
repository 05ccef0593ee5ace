// One paginated list (limit/continue): each page is converted and dropped before the next is fetched.
import type { ManifestObject } from '@portguard/core';
import { ClusterError } from './errors.js';
import { ApiError, type KubeClient } from './kube-client.js';
import { collectionPath, type ResourceKind } from './resource-kinds.js';
import { toManifestObject } from './to-manifest-object.js';

export const PAGE_SIZE = 500;

/**
 * Lists `kind` (in `namespace`, or cluster-wide) page by page, handing each page's converted
 * objects to `onPage`; resolves to the list's resourceVersion, where a watch can start.
 */
export async function listPages(
  client: KubeClient,
  kind: ResourceKind,
  namespace: string | undefined,
  onPage: (objects: ManifestObject[]) => void,
  options: { pageSize?: number; signal?: AbortSignal } = {},
): Promise<string> {
  const base = collectionPath(kind, namespace);
  const limit = options.pageSize ?? PAGE_SIZE;
  let next: string | undefined;
  let resourceVersion = '';
  do {
    const query = `limit=${limit}${next ? `&continue=${encodeURIComponent(next)}` : ''}`;
    const page = await client.getJson(`${base}?${query}`, options.signal).catch((e: unknown) => {
      // 403 and 404 are the caller's to judge (warnings); any other refusal stops the scan.
      if (e instanceof ApiError && e.code !== 403 && e.code !== 404 && e.code !== 410)
        throw new ClusterError(
          `the cluster at ${client.server} answered ${e.code} to listing ${base}: ${e.message}`,
        );
      throw e;
    });
    const items: any[] = Array.isArray(page?.items) ? page.items : [];
    onPage(items.map((item) => toManifestObject(item, kind)));
    next = page?.metadata?.continue || undefined;
    resourceVersion = page?.metadata?.resourceVersion ?? resourceVersion;
  } while (next);
  return resourceVersion;
}
