// Text written inside another file (an inline patch in kustomization.yaml) with its offsets mapped out.
import { isScalar, Scalar, type Node } from 'yaml';

/** A YAML text to parse, and how its offsets map back into the file that holds it. */
export interface EmbeddedText {
  text: string;
  /** Offset in the holding file of an offset in `text`. */
  outer: (offset: number) => number;
  /** Whether offsets map exactly (a literal block scalar) or all land on the holder's key. */
  exact: boolean;
}

/**
 * The text of a string node and its offset map. A literal block (`patch: |-`) maps every
 * character back to its line and column; any other string (quoted, folded) maps to its start.
 */
export function embeddedText(node: Node, fileText: string): EmbeddedText | undefined {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  const start = node.range[0];
  const end = node.range[1];
  if (node.type === Scalar.BLOCK_LITERAL) {
    const headerEnd = fileText.indexOf('\n', start);
    if (headerEnd >= 0 && headerEnd < end) {
      const header = fileText.slice(start, headerEnd);
      const explicit = /[1-9]/.exec(header);
      const lineStarts: number[] = [];
      for (let at = headerEnd + 1; at < end;) {
        lineStarts.push(at);
        const nl = fileText.indexOf('\n', at);
        if (nl < 0 || nl >= end) break;
        at = nl + 1;
      }
      const lines = lineStarts.map((s) => {
        const nl = fileText.indexOf('\n', s);
        return fileText.slice(s, nl < 0 || nl > end ? end : nl);
      });
      const firstContent = lines.find((l) => l.trim() !== '');
      const indent = explicit
        ? lineIndent(fileText, start) + Number(explicit[0])
        : (firstContent?.match(/^ */)?.[0].length ?? 0);
      const inner = lines.map((l) => l.slice(Math.min(indent, l.match(/^ */)?.[0].length ?? 0)));
      const innerStarts: number[] = [];
      let acc = 0;
      for (const l of inner) {
        innerStarts.push(acc);
        acc += l.length + 1;
      }
      const text = inner.join('\n');
      return {
        text,
        exact: true,
        outer(offset) {
          let k = innerStarts.length - 1;
          while (k > 0 && innerStarts[k] > offset) k--;
          const dropped = lines[k].length - inner[k].length;
          return lineStarts[k] + dropped + (offset - innerStarts[k]);
        },
      };
    }
  }
  return { text: node.value, exact: false, outer: () => start };
}

function lineIndent(text: string, offset: number): number {
  const ls = text.lastIndexOf('\n', offset - 1) + 1;
  return text.slice(ls).match(/^ */)?.[0].length ?? 0;
}
