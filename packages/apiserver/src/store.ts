// The cluster state: objects by resource type, a resourceVersion counter, and the event history watches replay.
import { randomUUID } from 'node:crypto';
import {
  BUILTIN_TYPES,
  apiVersionOf,
  typeFromCrd,
  typeFromObject,
  typeKey,
  type ResourceType,
} from './resources.js';
import { StatusError } from './status.js';
import { Allocators } from './defaults.js';

export type KubeObject = Record<string, any>;
export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change, as a watch sends it. `object` carries the resourceVersion of the change. */
export interface StoreEvent {
  rv: number;
  type: EventType;
  resource: ResourceType;
  object: KubeObject;
}

interface Bucket {
  type: ResourceType;
  objects: Map<string, KubeObject>;
  /** Keys in `namespace/name` order; rebuilt lazily after an add or delete. */
  sorted?: string[];
}

/** One page of a list: items in key order and the key to continue after, if there is more. */
export interface Page {
  items: KubeObject[];
  next?: string;
}

const objectKey = (namespace: string | undefined, name: string) => `${namespace ?? ''}/${name}`;

/** How many events a watch can be behind before it gets 410 Gone. */
const HISTORY_LIMIT = 5000;

export class Store {
  /** The latest resourceVersion handed out. */
  rv = 1;
  /** Watches asking for a resourceVersion older than this get 410 Gone. */
  oldestRv = 1;
  private readonly buckets = new Map<string, Bucket>();
  private readonly byKind = new Map<string, ResourceType>();
  private history: StoreEvent[] = [];
  private readonly listeners = new Set<(e: StoreEvent) => void>();
  private readonly allocators = new Allocators();

  constructor() {
    for (const t of BUILTIN_TYPES) this.register(t);
  }

  register(t: ResourceType): void {
    const key = typeKey(t);
    if (!this.buckets.has(key)) this.buckets.set(key, { type: t, objects: new Map() });
    this.byKind.set(`${apiVersionOf(t)}|${t.kind}`, t);
  }

  types(): ResourceType[] {
    return [...this.buckets.values()].map((b) => b.type);
  }

  /** The resource type of a URL: `group`, `version`, `plural` (or a short name, as kubectl never sends). */
  typeOf(group: string, version: string, plural: string): ResourceType | undefined {
    return this.buckets.get(`${group}/${version}/${plural}`)?.type;
  }

  /** The resource type of an object; unknown kinds become CRDs, as if their definition were installed. */
  typeForObject(obj: KubeObject): ResourceType {
    const known = this.byKind.get(`${obj.apiVersion}|${obj.kind}`);
    if (known) return known;
    const t = typeFromObject(obj);
    this.register(t);
    return t;
  }

  /** Reserves the node ports of objects about to be loaded, so allocation never reuses them. */
  reserve(objects: KubeObject[]): void {
    for (const o of objects) this.allocators.reserve(o);
  }

  /**
   * The object as `create` would store it (uid, creationTimestamp, allocations) without storing
   * it: what admission judges. `undo` gives back what it allocated, when the create does not happen.
   */
  prepareCreate(input: KubeObject): { object: KubeObject; undo(): void } {
    const obj = this.prepare(input);
    const { bucket, key } = this.locate(obj);
    if (bucket.objects.has(key))
      throw new StatusError(
        409,
        `${bucket.type.plural}${bucket.type.group ? `.${bucket.type.group}` : ''} "${obj.metadata.name}" already exists`,
        { name: obj.metadata.name, group: bucket.type.group, kind: bucket.type.plural },
      );
    obj.metadata.uid ??= randomUUID();
    obj.metadata.creationTimestamp ??= new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    obj.metadata.generation ??= 1;
    const undo = this.allocators.apply(obj);
    return { object: obj, undo };
  }

  /**
   * The object as `update` would store it (uid, creationTimestamp, generation kept), and the one
   * it replaces. With `checkVersion`, a resourceVersion other than the stored one is a 409 Conflict.
   */
  prepareUpdate(
    input: KubeObject,
    options: { checkVersion?: boolean } = {},
  ): { object: KubeObject; old: KubeObject } {
    const obj = this.prepare(input);
    const { bucket, key } = this.locate(obj);
    const old = bucket.objects.get(key);
    if (!old) throw this.notFound(bucket.type, obj.metadata.name);
    const rv = obj.metadata.resourceVersion;
    if (
      options.checkVersion &&
      rv !== undefined &&
      rv !== '' &&
      rv !== old.metadata.resourceVersion
    )
      throw new StatusError(
        409,
        `Operation cannot be fulfilled on ${bucket.type.plural}${bucket.type.group ? `.${bucket.type.group}` : ''} "${obj.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`,
        { name: obj.metadata.name, group: bucket.type.group, kind: bucket.type.plural },
        'Conflict',
      );
    obj.metadata.uid = old.metadata.uid;
    obj.metadata.creationTimestamp = old.metadata.creationTimestamp;
    obj.metadata.generation = old.metadata.generation ?? 1;
    if (JSON.stringify(obj.spec) !== JSON.stringify(old.spec)) obj.metadata.generation++;
    obj.metadata.resourceVersion = old.metadata.resourceVersion;
    if (obj.kind === 'Service' && obj.apiVersion === 'v1' && old.spec?.clusterIP)
      (obj.spec ??= {}).clusterIP ??= old.spec.clusterIP;
    this.allocators.apply(obj);
    return { object: obj, old };
  }

  /** Adds an object; fills uid, creationTimestamp, resourceVersion, the default namespace, and
   * what the API server allocates (a Service's clusterIP and node ports). */
  create(input: KubeObject, options: { record?: boolean } = {}): KubeObject {
    const { object: obj } = this.prepareCreate(input);
    const { bucket, key } = this.locate(obj);
    this.commit(bucket, key, obj, 'ADDED', options.record ?? true);
    if (obj.kind === 'CustomResourceDefinition') for (const t of typeFromCrd(obj)) this.register(t);
    return obj;
  }

  /** Replaces an existing object (same namespace and name). */
  update(input: KubeObject): KubeObject {
    const { object: obj } = this.prepareUpdate(input);
    const { bucket, key } = this.locate(obj);
    this.commit(bucket, key, obj, 'MODIFIED', true);
    return obj;
  }

  /** Removes an object by apiVersion, kind, namespace and name. */
  delete(ref: {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string };
  }): KubeObject {
    const t = this.typeForObject(ref);
    const bucket = this.buckets.get(typeKey(t))!;
    const key = objectKey(
      t.namespaced ? (ref.metadata.namespace ?? 'default') : undefined,
      ref.metadata.name,
    );
    const old = bucket.objects.get(key);
    if (!old) throw this.notFound(t, ref.metadata.name);
    bucket.objects.delete(key);
    bucket.sorted = undefined;
    const gone = { ...old, metadata: { ...old.metadata, resourceVersion: String(++this.rv) } };
    this.record({ rv: this.rv, type: 'DELETED', resource: t, object: gone });
    return gone;
  }

  get(t: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const obj = this.buckets.get(typeKey(t))?.objects.get(objectKey(namespace, name));
    if (!obj) throw this.notFound(t, name);
    return obj;
  }

  /**
   * One page of `t` in `namespace` (all when undefined), `limit` matching items after the key
   * `after`. Keys are `namespace/name`, so pages come in the order `kubectl get` shows.
   */
  page(
    t: ResourceType,
    namespace: string | undefined,
    filter: (o: KubeObject) => boolean,
    limit: number,
    after?: string,
  ): Page {
    const bucket = this.buckets.get(typeKey(t))!;
    bucket.sorted ??= [...bucket.objects.keys()].sort();
    const keys = bucket.sorted;
    const prefix = namespace !== undefined ? `${namespace}/` : '';
    let i = lowerBound(keys, after !== undefined ? `${after}\u0000` : prefix);
    const items: KubeObject[] = [];
    for (; i < keys.length; i++) {
      const key = keys[i];
      if (prefix && !key.startsWith(prefix)) break;
      const obj = bucket.objects.get(key)!;
      if (!filter(obj)) continue;
      if (limit > 0 && items.length === limit) return { items, next: keys[i - 1] };
      items.push(obj);
    }
    return { items };
  }

  count(t: ResourceType): number {
    return this.buckets.get(typeKey(t))?.objects.size ?? 0;
  }

  /** Events after `rv`, or undefined when the history no longer reaches back that far (410 Gone). */
  eventsSince(rv: number): StoreEvent[] | undefined {
    if (rv < this.oldestRv) return undefined;
    return this.history.filter((e) => e.rv > rv);
  }

  /** Forgets the event history, as etcd compaction does: older watches and continue tokens expire. */
  compact(): void {
    this.history = [];
    this.oldestRv = this.rv;
  }

  subscribe(listener: (e: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private prepare(input: KubeObject): KubeObject {
    if (!input || typeof input !== 'object' || !input.apiVersion || !input.kind)
      throw new StatusError(400, 'object has no apiVersion or kind');
    if (!input.metadata?.name) throw new StatusError(422, `${input.kind} has no metadata.name`);
    const obj: KubeObject = structuredClone(input);
    const t = this.typeForObject(obj);
    if (t.namespaced) obj.metadata.namespace ??= 'default';
    else delete obj.metadata.namespace;
    return obj;
  }

  private locate(obj: KubeObject): { bucket: Bucket; key: string } {
    const t = this.typeForObject(obj);
    return {
      bucket: this.buckets.get(typeKey(t))!,
      key: objectKey(obj.metadata.namespace, obj.metadata.name),
    };
  }

  private commit(bucket: Bucket, key: string, obj: KubeObject, type: EventType, record: boolean) {
    obj.metadata.resourceVersion = String(++this.rv);
    if (!bucket.objects.has(key)) bucket.sorted = undefined;
    bucket.objects.set(key, obj);
    if (record) this.record({ rv: this.rv, type, resource: bucket.type, object: obj });
    else this.oldestRv = this.rv;
  }

  private record(e: StoreEvent): void {
    this.history.push(e);
    if (this.history.length > HISTORY_LIMIT) {
      const dropped = this.history.splice(0, this.history.length - HISTORY_LIMIT);
      this.oldestRv = dropped[dropped.length - 1].rv;
    }
    for (const l of this.listeners) l(e);
  }

  private notFound(t: ResourceType, name: string): StatusError {
    return new StatusError(404, `${t.plural}${t.group ? `.${t.group}` : ''} "${name}" not found`, {
      name,
      group: t.group,
      kind: t.plural,
    });
  }
}

/** First index whose key is >= `key`. */
function lowerBound(keys: string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
