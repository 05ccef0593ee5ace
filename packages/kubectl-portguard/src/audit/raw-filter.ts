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

const VERB = /"verb"\s*:\s*"(create|update|patch)"/;
const RESOURCE = /"resource"\s*:\s*"([^"]*)"/;

/**
 * Classifies a line by substring checks only. A `candidate` is a create, update or patch at the
 * ResponseComplete stage of a resource a rule may judge; everything else braced is `other`.
 * Only braces are checked for JSON: a line like `{garbage}` that is no write is counted as read.
 */
export function classifyRaw(line: string): RawKind {
  let start = 0;
  while (start < line.length && (line.charCodeAt(start) === 32 || line.charCodeAt(start) === 9))
    start++;
  if (start === line.length) return 'blank';
  let end = line.length - 1;
  while (end > start && /\s/.test(line[end])) end--;
  if (line.charCodeAt(start) !== 123 /* { */ || line.charCodeAt(end) !== 125 /* } */)
    return 'not-json';
  if (!line.includes('ResponseComplete')) return 'other';
  const verb = VERB.exec(line);
  if (!verb) return 'other';
  const resource = RESOURCE.exec(line);
  if (resource && NEVER_JUDGED.has(resource[1])) return 'other';
  return 'candidate';
}
