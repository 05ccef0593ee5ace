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
const EXPOSURE = /host(?:Port|Network|PID|IPC)|NodePort|LoadBalancer|externalIPs/;

/** What a write line says without parsing it all, when it certainly holds no finding. */
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
 * For a candidate line that names none of the fields exposure rules read and holds an object
 * (not level Metadata, not a JSON patch): its facts, read from the small objectRef alone. Else
 * undefined, and the line is parsed and judged in full.
 */
export function quietWrite(line: string): QuietWrite | undefined {
  if (EXPOSURE.test(line)) return undefined;
  if (!line.includes('"kind":"Event"') || !line.includes('"apiVersion":"audit.k8s.io/'))
    return undefined;
  if (rawField(line, 'level') === 'Metadata') return undefined;
  const verb = rawField(line, 'verb');
  const hasResponse = line.includes('"responseObject":{');
  const hasRequest = line.includes('"requestObject":{');
  if (!hasResponse && !hasRequest) return undefined;
  const refAt = line.indexOf('"objectRef":{');
  if (refAt < 0) return undefined;
  const refEnd = line.indexOf('}', refAt);
  let ref: Record<string, string>;
  try {
    ref = JSON.parse(line.slice(refAt + '"objectRef":'.length, refEnd + 1));
  } catch {
    return undefined;
  }
  if (typeof ref.resource !== 'string') return undefined;
  const statusAt = line.indexOf('"responseStatus":{');
  const code =
    statusAt < 0 ? NaN : Number(/"code":(\d+)/.exec(line.slice(statusAt, statusAt + 2000))?.[1]);
  const admitted = !(code >= 400);
  return {
    objectKey: `${ref.apiGroup ?? ''}/${ref.resource}/${ref.namespace ?? ''}/${ref.name ?? ''}`,
    admitted,
    certain: admitted && (hasResponse || verb !== 'patch'),
    time: rawField(line, 'requestReceivedTimestamp'),
    subresource: ref.subresource !== undefined && ref.subresource !== '',
  };
}
