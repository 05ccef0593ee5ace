// One-line, plain-words messages for the YAML parser's errors.
import { visit, type Document, type YAMLError } from 'yaml';

/** The parser's message, first line only, with the common cases named in plain words. */
export function describeYamlError(err: YAMLError, text: string): string {
  switch (err.code) {
    case 'DUPLICATE_KEY': {
      const key = /^[^:\n]*/.exec(text.slice(err.pos[0]))?.[0].trim();
      return key ? `duplicate key "${key}"` : 'duplicate key';
    }
    case 'TAB_AS_INDENT':
      return 'tab used for indentation (YAML allows only spaces)';
    default:
      return `invalid YAML: ${firstLine(err.message)}`;
  }
}

export function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}

/**
 * Where to point for `err`: the parser puts an unclosed quote's error at the end of the text it
 * swallowed; the line where the quoted string opens is the one to fix.
 */
export function errorOffset(err: YAMLError, document: Document): number {
  if (err.code !== 'MISSING_CHAR' || !/quote/.test(err.message)) return err.pos[0];
  let best = err.pos[0];
  visit(document, {
    Scalar(_, node) {
      const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
      if (quoted && node.range && node.range[0] < best && node.range[1] >= err.pos[0]) {
        best = node.range[0];
      }
    },
  });
  return best;
}
