// A list answer decoded as it streams: each item parsed and converted alone, so a page's text is never whole in memory.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** The list without its items (kind, metadata.continue, metadata.resourceVersion), and its items converted. */
export interface DecodedList<T> {
  list: Record<string, any>;
  items: T[];
}

/**
 * Reads a Kubernetes list (`{"kind": "PodList", "metadata": {…}, "items": [{…}, …]}`) from its
 * byte stream. Each element of the top-level `items` is parsed on its own as soon as its last
 * byte arrives and handed to `convert`, which keeps what it needs of it; the rest of the list is
 * parsed at the end. Memory follows the largest item and the converted items, not the page.
 * Text that is not JSON throws a SyntaxError, as JSON.parse does.
 */
export async function decodeListStream<T>(
  body: AsyncIterable<Buffer | string>,
  convert: (item: any) => T,
): Promise<DecodedList<T>> {
  const skeleton: Buffer[] = [];
  let item: Buffer[] = [];
  const items: T[] = [];
  /** Where the bytes go: the skeleton, the current item, or nowhere (between items). */
  let mode: 'skeleton' | 'item' | 'between' = 'skeleton';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let inItems = false;
  /** The last string read at depth 1 (a key, or a value): only short ones are kept. */
  let key = '';
  let keyStart = -1;
  for await (const piece of body) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    const len = chunk.length;
    let start = 0;
    let nextQuote = -1;
    let nextBackslash = -1;
    let i = 0;
    while (i < len) {
      if (inString) {
        if (escaped) {
          escaped = false;
          i++;
          continue;
        }
        if (nextQuote < i) nextQuote = indexOr(chunk, QUOTE, i, len);
        if (nextBackslash < i) nextBackslash = indexOr(chunk, BACKSLASH, i, len);
        const j = Math.min(nextQuote, nextBackslash);
        if (j >= len) break;
        if (j === nextBackslash) {
          escaped = true;
          i = j + 1;
          continue;
        }
        inString = false;
        if (keyStart >= 0) {
          if (key.length < 16)
            key += chunk.toString('latin1', keyStart, Math.min(j, keyStart + 16));
          keyStart = -1;
        }
        i = j + 1;
        continue;
      }
      const b = chunk[i];
      if (b === QUOTE) {
        inString = true;
        if (depth === 1) {
          key = '';
          keyStart = i + 1;
        }
      } else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
        if (inItems && depth === 2 && mode === 'between') {
          mode = 'item';
          start = i;
        }
        depth++;
        if (b === OPEN_ARRAY && depth === 2 && key === 'items') {
          inItems = true;
          skeleton.push(chunk.subarray(start, i + 1));
          mode = 'between';
        }
      } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
        depth--;
        if (mode === 'item' && depth === 2) {
          item.push(chunk.subarray(start, i + 1));
          items.push(convert(JSON.parse(Buffer.concat(item).toString('utf8'))));
          item = [];
          mode = 'between';
        } else if (inItems && depth === 1) {
          inItems = false;
          mode = 'skeleton';
          start = i;
        }
      }
      i++;
    }
    if (inString && keyStart >= 0) {
      if (key.length < 16) key += chunk.toString('latin1', keyStart, Math.min(len, keyStart + 16));
      keyStart = 0;
    }
    if (mode === 'skeleton') skeleton.push(chunk.subarray(start, len));
    else if (mode === 'item') item.push(chunk.subarray(start, len));
  }
  const list = JSON.parse(Buffer.concat(skeleton).toString('utf8'));
  if (list !== null && typeof list === 'object' && !Array.isArray(list)) list.items = items;
  return { list, items };
}

function indexOr(chunk: Buffer, byte: number, from: number, len: number): number {
  const at = chunk.indexOf(byte, from);
  return at < 0 ? len : at;
}
