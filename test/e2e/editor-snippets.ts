// Reads the editor set-ups of docs/editors.md, so the e2e tests run exactly what users copy.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './lsp-client.js';

/** The fenced code block right after `<!-- e2e: NAME -->` in docs/editors.md. */
export function editorSnippet(name: string): string {
  const page = readFileSync(join(repoRoot, 'docs/editors.md'), 'utf8');
  const m = new RegExp(`<!-- e2e: ${name} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\`\\n`).exec(page);
  if (!m) throw new Error(`docs/editors.md has no snippet marked <!-- e2e: ${name} -->`);
  return `${m[1]}\n`;
}

/** PATH with the repository's language server first, as `npm install -g` puts it on PATH. */
export function pathWithServer(): string {
  const bin = join(repoRoot, 'packages/vscode-extension/bin');
  const rest = (process.env.PATH ?? '').split(':').filter((p) => !p.includes('node_modules/.bin'));
  return [bin, ...rest].join(':');
}
