// Turns a manifest file's bytes into text: UTF-8, or UTF-16 with a byte order mark; else a clear error.

export type Decoded = { text: string } | { error: string; line: number };

/**
 * UTF-16 files (what Windows PowerShell's `>` writes) are decoded by their byte order mark; a
 * NUL byte elsewhere means binary data; bytes that are not UTF-8 are an error at their line
 * rather than silently turned into U+FFFD. A UTF-8 byte order mark is dropped.
 */
export function decodeManifest(buf: Buffer): Decoded {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    return { text: buf.subarray(2).toString('utf16le') };
  }
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const body = Buffer.from(buf.subarray(2, 2 + ((buf.length - 2) & ~1)));
    return { text: body.swap16().toString('utf16le') };
  }
  const nul = buf.indexOf(0);
  if (nul >= 0) {
    return {
      error: 'binary data (a NUL byte), not a YAML or JSON manifest',
      line: lineAt(buf, nul),
    };
  }
  try {
    return { text: stripBom(new TextDecoder('utf-8', { fatal: true }).decode(buf)) };
  } catch {
    const loose = buf.toString('utf8');
    const bad = loose.indexOf('\uFFFD');
    const line = loose.slice(0, Math.max(0, bad)).split('\n').length;
    return { error: 'not UTF-8 text (save the file as UTF-8)', line };
  }
}

export function stripBom(text: string): string {
  return text.replace(/^\uFEFF/, '');
}

function lineAt(buf: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (buf[i] === 0x0a) line++;
  return line;
}
