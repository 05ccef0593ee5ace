// A cheap look at a raw audit line, before any JSON.parse: most lines are reads, watches and leases that no rule judges.

/** What a raw line is: worth parsing, certainly not a write worth judging, or not JSON at all. */
export type RawKind = 'candidate' | 'other' | 'not-json' | 'blank';

/** Resources no exposure rule reads; their writes (leases every 2 s, events) are most of a log's writes. */
const NEVER_JUDGED = new Set([
  'leases',
  'events',
  'configmaps',
  'secrets',
  'endpoints',
  'endpointslices',
  'serviceaccounts',
  'tokenreviews',
  'subjectaccessreviews',
  'selfsubjectaccessreviews',
  'selfsubjectrulesreviews',
  'localsubjectaccessreviews',
  'roles',
  'rolebindings',
  'clusterroles',
  'clusterrolebindings',
  'certificatesigningrequests',
  'persistentvolumeclaims',
  'persistentvolumes',
  'storageclasses',
  'csinodes',
  'volumeattachments',
]);

const WRITES = new Set(['create', 'update', 'patch']);

const SPACED: Record<string, RegExp> = {};

/**
 * The first string value of `"key"` in the line, by indexOf (kube-apiserver writes compact JSON
 * with the event's own fields before the request and response bodies); a regex for spaced JSON.
 */
export function rawField(line: string, key: string): string | undefined {
  const tag = `"${key}":"`;
  const i = line.indexOf(tag);
  if (i >= 0) {
    const start = i + tag.length;
    const end = line.indexOf('"', start);
    return end < 0 ? undefined : line.slice(start, end);
  }
  if (line.indexOf(`"${key}"`) < 0) return undefined;
  SPACED[key] ??= new RegExp(`"${key}"\\s*:\\s*"([^"]*)"`);
  return SPACED[key].exec(line)?.[1];
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 13 || c === 10;

/**
 * Classifies a line by substring checks only. A `candidate` is a create, update or patch at the
 * ResponseComplete stage of a resource a rule may judge; everything else braced is `other`.
 * Only braces are checked for JSON: a line like `{garbage}` that is no write is counted as read.
 */
export function classifyRaw(line: string): RawKind {
  let start = 0;
  while (start < line.length && isSpace(line.charCodeAt(start))) start++;
  if (start === line.length) return 'blank';
  let end = line.length - 1;
  while (end > start && isSpace(line.charCodeAt(end))) end--;
  if (line.charCodeAt(start) !== 123 /* { */ || line.charCodeAt(end) !== 125 /* } */)
    return 'not-json';
  if (rawField(line, 'stage') !== 'ResponseComplete') return 'other';
  const verb = rawField(line, 'verb');
  if (verb === undefined || !WRITES.has(verb)) return 'other';
  const resource = rawField(line, 'resource');
  if (resource !== undefined && NEVER_JUDGED.has(resource)) return 'other';
  return 'candidate';
}

const STAGE_COMPLETE = Buffer.from('"stage":"ResponseComplete"');
const STAGE = Buffer.from('"stage"');
const VERB_TAG = Buffer.from('"verb":"');
const RESOURCE_TAG = Buffer.from('"resource":"');

/** Whether the bytes at `at` are one of create, update or patch followed by a quote. */
function writeVerbAt(b: Buffer, at: number): boolean {
  const c = b[at];
  const word = c === 0x63 ? 'create' : c === 0x75 ? 'update' : c === 0x70 ? 'patch' : undefined;
  return word !== undefined && b.toString('latin1', at, at + word.length + 1) === `${word}"`;
}

/**
 * classifyRaw on the line's bytes, without decoding it: the same answers for compact JSON, as
 * kube-apiserver writes it; a line with spaced keys is decoded and classified as text.
 */
export function classifyRawBytes(b: Buffer): RawKind {
  let start = 0;
  while (start < b.length && isSpace(b[start])) start++;
  if (start === b.length) return 'blank';
  let end = b.length - 1;
  while (end > start && isSpace(b[end])) end--;
  if (b[start] !== 123 || b[end] !== 125) return 'not-json';
  if (b.indexOf(STAGE_COMPLETE) < 0) {
    // "stage" : "ResponseComplete" with spaces, or no stage at all (not an event: parsed later).
    return b.indexOf(STAGE) < 0 ? 'other' : classifyRaw(b.toString('utf8'));
  }
  const v = b.indexOf(VERB_TAG);
  if (v < 0) return classifyRaw(b.toString('utf8'));
  if (!writeVerbAt(b, v + VERB_TAG.length)) return 'other';
  const r = b.indexOf(RESOURCE_TAG);
  if (r >= 0) {
    const from = r + RESOURCE_TAG.length;
    const to = b.indexOf(0x22, from);
    if (to > from && NEVER_JUDGED.has(b.toString('latin1', from, to))) return 'other';
  }
  return 'candidate';
}

/** Words one of the exposure rules needs in an object before it can fire. */
const HOST = Buffer.from('host');
const HOST_WORDS = ['hostPort', 'hostNetwork', 'hostPID', 'hostIPC'].map((w) => Buffer.from(w));
const OTHER_WORDS = ['NodePort', 'LoadBalancer', 'externalIPs'].map((w) => Buffer.from(w));
const tag = (t: string) => Buffer.from(t);
const EVENT_KIND = tag('"kind":"Event"');
const AUDIT_API = tag('"apiVersion":"audit.k8s.io/');
const METADATA_LEVEL = tag('"level":"Metadata"');
const PATCH_VERB = tag('"verb":"patch"');
const RESPONSE_OBJECT = tag('"responseObject":{');
const REQUEST_OBJECT = tag('"requestObject":{');
const OBJECT_REF = tag('"objectRef":{');
const RESPONSE_STATUS = tag('"responseStatus":{');
const CODE = tag('"code":');
const RECEIVED = tag('"requestReceivedTimestamp":"');

/** Whether the line names a field one of the exposure rules reads (hostPort, NodePort, …). */
export function mayExpose(b: Buffer): boolean {
  if (b.indexOf(HOST) >= 0 && HOST_WORDS.some((w) => b.indexOf(w) >= 0)) return true;
  return OTHER_WORDS.some((w) => b.indexOf(w) >= 0);
}

/** What a write line says without decoding it, when it certainly holds no finding. */
export interface QuietWrite {
  /** `group/resource/namespace/name`, as judgeEvent keys objects. */
  objectKey: string;
  admitted: boolean;
  /** The stored or requested object is in the line (not a patch alone, not level Metadata). */
  certain: boolean;
  time?: string;
  /** A subresource write (pods/status…): not a request that is judged. */
  subresource: boolean;
}

/**
 * For a candidate line (compact JSON, as kube-apiserver writes it) that names none of the fields
 * exposure rules read and holds an object (not level Metadata, not a JSON patch): its facts, read
 * from the bytes and the small objectRef alone. Else undefined, and the line is parsed and judged.
 */
export function quietWrite(b: Buffer): QuietWrite | undefined {
  if (mayExpose(b)) return undefined;
  if (b.indexOf(EVENT_KIND) < 0 || b.indexOf(AUDIT_API) < 0) return undefined;
  if (b.indexOf(METADATA_LEVEL) >= 0) return undefined;
  const hasResponse = b.indexOf(RESPONSE_OBJECT) >= 0;
  if (!hasResponse && b.indexOf(REQUEST_OBJECT) < 0) return undefined;
  const refAt = b.indexOf(OBJECT_REF);
  if (refAt < 0) return undefined;
  const refEnd = b.indexOf(0x7d /* } */, refAt);
  let ref: Record<string, string>;
  try {
    ref = JSON.parse(b.toString('utf8', refAt + OBJECT_REF.length - 1, refEnd + 1));
  } catch {
    return undefined;
  }
  if (typeof ref.resource !== 'string') return undefined;
  let code = NaN;
  const statusAt = b.indexOf(RESPONSE_STATUS);
  if (statusAt >= 0) {
    const c = b.indexOf(CODE, statusAt);
    if (c >= 0) code = parseInt(b.toString('latin1', c + CODE.length, c + CODE.length + 4), 10);
  }
  const admitted = !(code >= 400);
  let time: string | undefined;
  const t = b.indexOf(RECEIVED);
  if (t >= 0) {
    const from = t + RECEIVED.length;
    time = b.toString('latin1', from, b.indexOf(0x22, from));
  }
  return {
    objectKey: `${ref.apiGroup ?? ''}/${ref.resource}/${ref.namespace ?? ''}/${ref.name ?? ''}`,
    admitted,
    certain: admitted && (hasResponse || b.indexOf(PATCH_VERB) < 0),
    time,
    subresource: ref.subresource !== undefined && ref.subresource !== '',
  };
}
