// Where the rule docs are installed (beside the running server bundle) and the links editors get to them.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { findRule } from '@portguard/core';

/** A file every docs folder holds: how a candidate folder is recognised. */
const MARKER = join('rules', 'host-port.md');

/** The folders the server runs from: its module (or bundle), the script node ran, the executable. */
function startingPoints(): string[] {
  const out: string[] = [];
  try {
    out.push(dirname(fileURLToPath(import.meta.url)));
  } catch {
    // Bundled to CommonJS without an import.meta.url: the bundle's own folder.
    if (typeof __dirname === 'string') out.push(__dirname);
  }
  if (process.argv[1]) out.push(dirname(process.argv[1]));
  // A Node single executable: docs shipped next to (or above) the binary.
  out.push(dirname(process.execPath));
  return out;
}

let cached: { dir: string | undefined } | undefined;

/**
 * The installed `docs/` folder: the nearest `docs/` at or above the running server. One function
 * for every way the server ships: the .vsix (`dist/bundle/docs` beside `dist/bundle/server.cjs`),
 * the npm package and the single executable (a `docs/` beside or above the bundle or binary), and
 * the repository (its top-level `docs/`, for the sources and tsc's build). Undefined when none is
 * found.
 * @example docsDir() // '/home/me/.vscode/extensions/portguard.portguard-vscode-0.1.0/dist/bundle/docs'
 */
export function docsDir(): string | undefined {
  if (cached) return cached.dir;
  let found: string | undefined;
  for (const start of startingPoints()) {
    for (let dir = start; !found; dir = dirname(dir)) {
      found = [join(dir, 'docs'), join(dir, 'dist', 'docs')].find((d) =>
        existsSync(join(d, MARKER)),
      );
      if (dirname(dir) === dir) break;
    }
    if (found) break;
  }
  cached = { dir: found };
  return found;
}

/** For tests: forget the folder found, so the next call looks again. */
export function resetDocsDir(): void {
  cached = undefined;
  ruleLinks.clear();
}

/** Links by rule: asked once per diagnostic, thousands per edit of a big file. */
const ruleLinks = new Map<string, string | undefined>();

/**
 * The link to a rule's page: a `file:` URI of the installed docs, which any editor opens (VS Code's
 * client turns it into its Markdown preview); the rule's web URL when no docs are installed.
 */
export function ruleDocUri(rule: string): string | undefined {
  if (ruleLinks.has(rule)) return ruleLinks.get(rule);
  const dir = docsDir();
  const file = dir && join(dir, 'rules', `${rule}.md`);
  const link = file && existsSync(file) ? pathToFileURL(file).href : findRule(rule)?.meta.docsUrl;
  ruleLinks.set(rule, link);
  return link;
}

/** The link to the page on `.portguard.yaml`, for config errors. */
export function configDocUri(): string | undefined {
  const dir = docsDir();
  const file = dir && join(dir, 'configuration.md');
  return file && existsSync(file) ? pathToFileURL(file).href : undefined;
}

const sections = new Map<string, string | undefined>();

/**
 * The first paragraph under the first of `headings` in a rule's installed doc (`How to fix`…),
 * as Markdown; undefined without docs. Read once per rule and heading.
 */
export function ruleDocParagraph(rule: string, headings: readonly string[]): string | undefined {
  const key = `${rule}\u0000${headings.join('\u0000')}`;
  if (sections.has(key)) return sections.get(key);
  const dir = docsDir();
  let text: string | undefined;
  try {
    text = dir ? readFileSync(join(dir, 'rules', `${rule}.md`), 'utf8') : undefined;
  } catch {
    text = undefined;
  }
  const paragraph = text === undefined ? undefined : firstParagraphUnder(text, headings);
  sections.set(key, paragraph);
  return paragraph;
}

/** Prose kept from a section for a hover: whole paragraphs and lists, up to about this long. */
const SECTION_CHARS = 600;

/**
 * The prose under the first of `headings` (`## How to fix`) of a Markdown page up to its first
 * code block (a leading one is skipped), in whole paragraphs up to about SECTION_CHARS, less a
 * last paragraph that introduces the example (`…does this for you:`); undefined without the heading.
 */
export function firstParagraphUnder(
  markdown: string,
  headings: readonly string[],
): string | undefined {
  const lines = markdown.split(/\r?\n/);
  for (const heading of headings) {
    const at = lines.findIndex((l) => l.trim() === `## ${heading}`);
    if (at < 0) continue;
    const blocks: string[][] = [[]];
    let fenced = false;
    for (const line of lines.slice(at + 1)) {
      if (/^\s*```/.test(line)) {
        // Prose up to the first example: what follows the example refers to it.
        if (!fenced && blocks.some((b) => b.length > 0)) break;
        fenced = !fenced;
        continue;
      }
      if (fenced) continue;
      if (line.startsWith('#')) break;
      if (line.trim() === '') blocks.push([]);
      else blocks[blocks.length - 1].push(line.trimEnd());
    }
    const kept: string[] = [];
    let length = 0;
    const prose = blocks.filter((x) => x.length > 0);
    if (prose.length > 1 && prose[prose.length - 1].join(' ').endsWith(':')) prose.pop();
    for (const b of prose) {
      if (kept.length > 0 && length + b.join('\n').length > SECTION_CHARS) break;
      kept.push(b.join('\n'));
      length += b.join('\n').length;
    }
    if (kept.length > 0) return kept.join('\n\n');
  }
  return undefined;
}
