// XML text and attribute escaping for the JUnit reporter.

/**
 * Escapes text for an XML attribute or element, dropping characters XML 1.0 cannot carry at all
 * (control characters other than tab, newline and carriage return, lone surrogates).
 */
export function escapeXml(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

/** Escapes element text: like attributes, but newlines stay readable. */
export function escapeXmlText(s: string): string {
  return escapeXml(s).replace(/&#10;/g, '\n').replace(/&#9;/g, '\t');
}

/** `<name a="1" b="x">`: attributes in the order given, undefined ones left out. */
export function openTag(
  name: string,
  attrs: Record<string, string | number | undefined>,
  selfClose = false,
): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
  return `<${name}${a}${selfClose ? '/>' : '>'}`;
}
