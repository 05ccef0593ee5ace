// One list-then-watch loop for one kind in one scope: relists on 410 Gone, re-watches with backoff on failures.
import type { ManifestObject } from '@portguard/core';
import { ApiError, type KubeClient, type WatchEvent } from './kube-client.js';
import { listPages } from './list-pages.js';
import { collectionPath, type ResourceKind } from './resource-kinds.js';
import { toManifestObject } from './to-manifest-object.js';

export interface InformerCallbacks {
  /** The informer's objects changed (after a list, or an event). */
  onChange(): void;
  /** Objects listed so far in the current listing, for progress. */
  onListProgress(listed: number): void;
  /** The first listing is complete (called once). */
  onSynced(): void;
  /** The list or watch failed; the informer retries after `retryInMs`. */
  onError(reason: string, retryInMs: number): void;
  /** The watch is open again after an error. */
  onRecovered(): void;
  /** The API server forbids this kind in this scope (403): the informer stops. */
  onForbidden(e: ApiError): void;
}

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

/** Thrown inside the watch when the server says our resourceVersion is too old. */
class Gone extends Error {}

const keyOf = (o: ManifestObject) => `${o.ref.namespace ?? ''}/${o.ref.name}`;

/** Keeps `objects` equal to the server's set of `kind` in `namespace` (all when undefined). */
export class Informer {
  readonly objects = new Map<string, ManifestObject>();
  private synced = false;
  private failing = false;

  constructor(
    private readonly client: KubeClient,
    readonly kind: ResourceKind,
    readonly namespace: string | undefined,
    private readonly cb: InformerCallbacks,
    private readonly backoff: BackoffOptions,
    private readonly signal: AbortSignal,
  ) {}

  /** Runs until the signal aborts or the kind is forbidden. */
  async run(): Promise<void> {
    let rv: string | undefined;
    let delay = this.backoff.initialMs;
    while (!this.signal.aborted) {
      try {
        if (rv === undefined) rv = await this.list();
        rv = await this.watchOnce(rv, () => {
          delay = this.backoff.initialMs;
          if (this.failing) {
            this.failing = false;
            this.cb.onRecovered();
          }
        });
      } catch (e) {
        if (this.signal.aborted) return;
        if (e instanceof Gone) {
          rv = undefined; // relist at once: the server cannot replay what we missed
          continue;
        }
        if (e instanceof ApiError && e.code === 403) {
          this.cb.onForbidden(e);
          return;
        }
        if (e instanceof ApiError && e.code === 410) {
          rv = undefined;
          continue;
        }
        this.failing = true;
        this.cb.onError(e instanceof Error ? e.message : String(e), delay);
        await this.sleep(delay);
        delay = Math.min(delay * 2, this.backoff.maxMs);
      }
    }
  }

  private async list(): Promise<string> {
    const fresh = new Map<string, ManifestObject>();
    const rv = await listPages(
      this.client,
      this.kind,
      this.namespace,
      (page) => {
        for (const o of page) fresh.set(keyOf(o), o);
        this.cb.onListProgress(fresh.size);
      },
      { signal: this.signal, onRestart: () => fresh.clear() },
    );
    this.objects.clear();
    for (const [k, o] of fresh) this.objects.set(k, o);
    if (!this.synced) {
      this.synced = true;
      this.cb.onSynced();
    } else this.cb.onChange();
    return rv;
  }

  /** Watches from `rv` until the stream ends; resolves to the last resourceVersion seen. */
  private async watchOnce(rv: string, onOpen: () => void): Promise<string> {
    let last = rv;
    let gone = false;
    let stop = false;
    // Events can arrive before watch() resolves with the handle to close.
    const conn: { close?: () => void } = {};
    const path = `${collectionPath(this.kind, this.namespace)}?watch=true&allowWatchBookmarks=true&timeoutSeconds=300&resourceVersion=${encodeURIComponent(rv)}`;
    const handle = await this.client.watch(
      path,
      (e: WatchEvent) => {
        if (e.type === 'ERROR') {
          if (e.object?.code === 410) gone = true;
          stop = true;
          conn.close?.();
          return;
        }
        const eventRv = e.object?.metadata?.resourceVersion;
        if (eventRv) last = String(eventRv);
        if (e.type === 'BOOKMARK') return;
        const o = toManifestObject(e.object, this.kind);
        if (e.type === 'DELETED') this.objects.delete(keyOf(o));
        else this.objects.set(keyOf(o), o);
        this.cb.onChange();
      },
      this.signal,
    );
    conn.close = handle.close;
    if (stop) handle.close();
    else onOpen();
    await handle.ended;
    if (gone) throw new Gone();
    return last;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.signal.removeEventListener('abort', done);
        resolve();
      };
      const t = setTimeout(done, ms);
      this.signal.addEventListener('abort', done, { once: true });
    });
  }
}
