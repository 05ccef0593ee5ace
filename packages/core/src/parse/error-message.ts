// One-line, plain-words messages for the YAML parser's errors.
import type { YAMLError } from 'yaml';

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
