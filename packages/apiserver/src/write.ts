// Writes: create (POST), update (PUT), patch (PATCH: strategic, merge, JSON, apply) and delete, each through validating admission.
import { randomBytes } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import type { AdmissionAttributes, Operation } from './admission/attributes.js';
import { operationOptions } from './admission/attributes.js';
import {
  defaultWebhookConfiguration,
  validateWebhookConfiguration,
  WEBHOOK_GROUP,
} from './admission/config.js';
import type { ValidatingAdmission } from './admission/validating.js';
import { authorize } from './auth.js';
import { jsonPatch, mergePatch } from './patch/json-patch.js';
import { strategicMerge } from './patch/strategic-merge.js';
import type { RequestContext } from './request-context.js';
import { apiVersionOf, type ResourceType } from './resources.js';
import { StatusError } from './status.js';
import type { KubeObject, Store } from './store.js';

/** What a write is about: the resource type of its URL, its namespace and (but for POST) name. */
export interface WriteTarget {
  resource: ResourceType;
  namespace?: string;
  name?: string;
}

/** kube-apiserver's limit on a request body (3 MiB). */
const MAX_BODY = 3 * 1024 * 1024;

const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
];

/** Reads the request body, at most 3 MiB (413 beyond, as kube-apiserver answers). */
export function readBody(ctx: RequestContext): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    ctx.req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new StatusError(413, 'Request entity too large: limit is 3145728'));
        ctx.req.destroy();
      } else chunks.push(c);
    });
    ctx.req.on('end', () => resolve(Buffer.concat(chunks)));
    ctx.req.on('error', reject);
  });
}

function parseJson(body: Buffer): KubeObject {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new StatusError(400, 'the request body is not JSON');
  }
}

/** Serves one write request; resolves once it has answered (errors are thrown as StatusError). */
export async function serveWrite(
  ctx: RequestContext,
  target: WriteTarget,
  store: Store,
  admission: ValidatingAdmission,
): Promise<void> {
  const method = ctx.req.method ?? 'GET';
  const verb =
    method === 'POST'
      ? 'create'
      : method === 'PUT'
        ? 'update'
        : method === 'PATCH'
          ? 'patch'
          : 'delete';
  ctx.verb = verb;
  if ((verb === 'create') !== (target.name === undefined))
    throw new StatusError(405, 'the server does not allow this method on the requested resource');
  const identity = ctx.identity!;
  authorize(identity.access, { verb, resource: target.resource, namespace: target.namespace });
  const dryRun = ctx.query.getAll('dryRun').includes('All');
  const unknownDryRun = ctx.query.getAll('dryRun').find((d) => d !== 'All');
  if (unknownDryRun !== undefined)
    throw new StatusError(
      400,
      `Invalid dry run value: ${JSON.stringify(unknownDryRun)}; the only valid value is "All"`,
    );
  const t = target.resource;
  const attrs = (
    operation: Operation,
    name: string,
    object: KubeObject | undefined,
    oldObject: KubeObject | undefined,
    optionsFor: Operation | 'PATCH' = operation,
  ): AdmissionAttributes => ({
    operation,
    resource: t,
    namespace: t.namespaced ? target.namespace : undefined,
    name,
    object,
    oldObject,
    userInfo: identity.impersonatedUser ?? identity.user,
    dryRun,
    options: operationOptions(optionsFor, ctx.query),
  });
  const admit = (a: AdmissionAttributes) => admission.admit(a, (w) => ctx.warn(w));

  if (verb === 'delete') {
    const body = await readBody(ctx);
    if (body.length) ctx.requestObject = parseJson(body);
    const old = store.get(t, t.namespaced ? target.namespace : undefined, target.name!);
    await admit(attrs('DELETE', target.name!, undefined, old));
    if (dryRun) return ctx.send(200, old);
    return ctx.send(
      200,
      store.delete({
        apiVersion: apiVersionOf(t),
        kind: t.kind,
        metadata: { name: target.name!, namespace: target.namespace },
      }),
    );
  }

  const body = await readBody(ctx);
  if (verb === 'patch') return patch(ctx, target, store, body, attrs, admit, dryRun);

  const obj = parseJson(body);
  ctx.requestObject = obj;
  checkBody(obj, target);
  if (verb === 'create') return create(ctx, obj, store, attrs, admit, dryRun, 'CREATE');
  if (target.name !== undefined && obj.metadata.name !== target.name)
    throw new StatusError(400, 'the name of the object does not match the name on the URL');
  const { object, old } = store.prepareUpdate(obj, { checkVersion: true });
  beforeStore(object);
  await admit(attrs('UPDATE', object.metadata.name, object, old));
  ctx.send(200, dryRun ? object : store.update(object));
}

type Attrs = (
  operation: Operation,
  name: string,
  object: KubeObject | undefined,
  oldObject: KubeObject | undefined,
  optionsFor?: Operation | 'PATCH',
) => AdmissionAttributes;

/** The body's kind must be the URL's; its namespace defaults to the URL's. */
function checkBody(obj: KubeObject, target: WriteTarget): void {
  const t = target.resource;
  if (!obj || typeof obj !== 'object' || Array.isArray(obj))
    throw new StatusError(400, 'the request body is not an object');
  if (obj.apiVersion !== apiVersionOf(t) || obj.kind !== t.kind)
    throw new StatusError(400, `the body is a ${obj.kind}, not a ${t.kind}`);
  obj.metadata = { ...obj.metadata };
  if (t.namespaced) {
    if (
      obj.metadata.namespace !== undefined &&
      target.namespace !== undefined &&
      obj.metadata.namespace !== target.namespace
    )
      throw new StatusError(
        400,
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    obj.metadata.namespace ??= target.namespace;
  }
}

/** What kube-apiserver does to some kinds before storing them: defaults and validation. */
function beforeStore(obj: KubeObject): void {
  if (obj.kind === 'ValidatingWebhookConfiguration' && obj.apiVersion === `${WEBHOOK_GROUP}/v1`) {
    defaultWebhookConfiguration(obj);
    validateWebhookConfiguration(obj);
  }
}

async function create(
  ctx: RequestContext,
  obj: KubeObject,
  store: Store,
  attrs: Attrs,
  admit: (a: AdmissionAttributes) => Promise<void>,
  dryRun: boolean,
  optionsFor: Operation | 'PATCH',
): Promise<void> {
  if (!obj.metadata.name && typeof obj.metadata.generateName === 'string')
    obj.metadata.name = `${obj.metadata.generateName}${randomBytes(3).toString('hex').slice(0, 5)}`;
  beforeStore(obj);
  const { object, undo } = store.prepareCreate(obj);
  try {
    await admit(
      attrs(
        'CREATE',
        object.metadata.name,
        object,
        undefined,
        optionsFor === 'PATCH' ? 'CREATE' : optionsFor,
      ),
    );
  } catch (e) {
    undo();
    throw e;
  }
  if (dryRun) {
    undo();
    return ctx.send(201, object);
  }
  ctx.send(201, store.create(object));
}

async function patch(
  ctx: RequestContext,
  target: WriteTarget,
  store: Store,
  body: Buffer,
  attrs: Attrs,
  admit: (a: AdmissionAttributes) => Promise<void>,
  dryRun: boolean,
): Promise<void> {
  const t = target.resource;
  const type = (ctx.req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (!PATCH_TYPES.includes(type))
    throw new StatusError(
      415,
      `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.join(', ')}`,
    );
  let patchBody: unknown;
  if (type === 'application/apply-patch+yaml') {
    try {
      patchBody = parseYaml(body.toString('utf8'));
    } catch {
      throw new StatusError(400, 'error decoding YAML: the apply patch is not YAML');
    }
  } else patchBody = parseJson(body);
  ctx.requestObject = patchBody;
  const namespace = t.namespaced ? target.namespace : undefined;
  let old: KubeObject | undefined;
  try {
    old = store.get(t, namespace, target.name!);
  } catch (e) {
    // Server-side apply creates what does not exist yet.
    if (!(type === 'application/apply-patch+yaml' && e instanceof StatusError && e.code === 404))
      throw e;
  }
  if (old === undefined) {
    if (ctx.query.get('fieldManager') === null)
      throw new StatusError(
        422,
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      );
    const obj = structuredClone(patchBody) as KubeObject;
    checkBody(obj, target);
    return create(ctx, obj, store, attrs, admit, dryRun, 'PATCH');
  }
  let patched: KubeObject;
  switch (type) {
    case 'application/json-patch+json':
      patched = jsonPatch(old, patchBody);
      break;
    case 'application/merge-patch+json':
      patched = mergePatch(old, patchBody) as KubeObject;
      break;
    default: {
      if (!patchBody || typeof patchBody !== 'object' || Array.isArray(patchBody))
        throw new StatusError(400, 'the patch is not an object');
      patched = strategicMerge(old, patchBody as KubeObject);
    }
  }
  if (!patched || typeof patched !== 'object')
    throw new StatusError(422, 'the patched object is not an object');
  patched.apiVersion ??= old.apiVersion;
  patched.kind ??= old.kind;
  patched.metadata = { ...patched.metadata };
  if (patched.apiVersion !== old.apiVersion || patched.kind !== old.kind)
    throw new StatusError(400, 'a patch may not change the apiVersion or kind of an object');
  if (
    patched.metadata.name !== old.metadata.name ||
    (patched.metadata.namespace ?? namespace) !== namespace
  )
    throw new StatusError(400, 'a patch may not change the name or namespace of an object');
  const { object } = store.prepareUpdate(patched, { checkVersion: true });
  beforeStore(object);
  await admit(attrs('UPDATE', object.metadata.name, object, old, 'PATCH'));
  ctx.send(200, dryRun ? object : store.update(object));
}
