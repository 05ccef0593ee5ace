// The transport-free language service: validate, hover and code actions over TextDocuments.
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CodeAction,
  CodeActionContext,
  Diagnostic,
  Hover,
  Position,
  Range,
} from 'vscode-languageserver-types';
import { codeActionsFor, resolveAction, type FixScope } from './code-actions.js';
import { ConfigResolver, type ResolvedConfig } from './config-resolver.js';
import { dataOf, DiagnosticBuilder, SOURCE } from './diagnostics.js';
import { FindingsCache, type LocatedFinding } from './findings.js';
import { hoverFor } from './hover.js';
import { DocumentParser, type ParsedDocument, type Segment } from './parsed-document.js';
import { defaultSettings, type Settings } from './settings.js';

/** The file path of a `file:` URI; undefined for unsaved buffers and other schemes. */
export function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** The part of LSP's CodeActionParams the service reads. */
export interface CodeActionQuery {
  range: Range;
  context: CodeActionContext;
}

interface CachedFindings {
  parsed: ParsedDocument;
  generation: number;
  findings: LocatedFinding[];
}

/**
 * Knows every manifest of the workspace (open buffers win over the disk) and answers for one
 * document at a time. Every answer is for the document's current version; parses are cached
 * per uri and version, findings until any file or setting changes.
 */
export class LanguageService {
  readonly parser = new DocumentParser();
  readonly configs = new ConfigResolver();
  private settings: Settings = defaultSettings();
  /** Bumped when any file, setting or config changes: findings of every file may change with it. */
  private generation = 0;
  private readonly cache = new Map<string, CachedFindings>();
  private readonly pieces = new FindingsCache();
  private readonly diagnostics = new DiagnosticBuilder();
  private readonly textDocuments = new WeakMap<ParsedDocument, TextDocument>();

  setSettings(settings: Settings): void {
    this.settings = settings;
    this.configs.setSettings(settings);
    this.generation++;
  }

  getSettings(): Settings {
    return this.settings;
  }

  setWorkspaceFolders(folders: readonly string[]): void {
    this.configs.setWorkspaceFolders(folders);
    this.generation++;
  }

  /** A config file changed on disk or in a buffer (`text`), or went away. */
  configChanged(path?: string, text?: string): void {
    if (path) this.configs.setOverride(path, text);
    this.configs.invalidate();
    this.generation++;
  }

  /** A manifest on disk (not open in the editor) with this text; conflicts with it are found. */
  setFile(uri: string, text: string, version = -1): void {
    this.update(uri, version, text);
  }

  removeFile(uri: string): void {
    if (!this.parser.get(uri)) return;
    this.parser.delete(uri);
    this.cache.delete(uri);
    this.generation++;
  }

  /** Uris of every file known to hold Kubernetes objects. */
  manifestUris(): string[] {
    return this.parser.uris().filter((u) => (this.parser.get(u)?.objects.length ?? 0) > 0);
  }

  /** The config in effect for a document (and its config file's error, if any). */
  configOf(uri: string): ResolvedConfig {
    return this.configs.configFor(pathOf(uri));
  }

  /** Findings of the document's current text, against the whole workspace. */
  findings(doc: TextDocument): LocatedFinding[] {
    const parsed = this.update(doc.uri, doc.version, doc.getText());
    const cached = this.cache.get(doc.uri);
    if (cached && cached.parsed === parsed && cached.generation === this.generation)
      return cached.findings;
    const findings = this.pieces.findingsOf(parsed, this.parser, this.configOf(doc.uri).config);
    this.cache.set(doc.uri, { parsed, generation: this.generation, findings });
    return findings;
  }

  /** Diagnostics for a document: one per finding; none for other YAML or Helm templates. */
  validate(doc: TextDocument): Diagnostic[] {
    const lineOf = (segment: Segment) => {
      if (this.parser.segment(segment.name) !== segment) return undefined; // no longer current
      if (segment.uri === doc.uri) return doc.positionAt(segment.start).line;
      const parsed = this.parser.get(segment.uri);
      return parsed && this.textDocumentOf(parsed).positionAt(segment.start).line;
    };
    const segmentOf = (name: string | undefined) => this.parser.segment(name);
    return this.findings(doc).map((f) => this.diagnostics.build(f, lineOf, segmentOf));
  }

  /** Diagnostics of a workspace file that is not open, from its text on disk. */
  validateFile(uri: string): Diagnostic[] {
    const parsed = this.parser.get(uri);
    if (!parsed) return [];
    return this.validate(this.textDocumentOf(parsed));
  }

  hover(doc: TextDocument, position: Position): Hover | null {
    return hoverFor(this.findings(doc), doc.offsetAt(position), (f) => this.rangeOf(doc, f));
  }

  /**
   * Quick-fixes for the portguard diagnostics in `params.context`, fix-all-of-rule, and
   * `source.fixAll.portguard` when asked for. With `lazy`, edits are left to `resolveCodeAction`.
   */
  codeActions(doc: TextDocument, params: CodeActionQuery, lazy = false): CodeAction[] {
    const scope = this.fixScope(doc);
    const wanted: { diagnostic: Diagnostic; id: string }[] = [];
    for (const diagnostic of params.context.diagnostics) {
      const id = dataOf(diagnostic)?.id ?? this.idByCodeAndRange(doc, scope.findings, diagnostic);
      if (id) wanted.push({ diagnostic, id });
    }
    // A minimal client that sends no diagnostics still gets the fixes of the findings it points at.
    if (params.context.diagnostics.length === 0 && !params.context.only) {
      const from = doc.offsetAt(params.range.start);
      const to = doc.offsetAt(params.range.end);
      for (const diagnostic of this.validate(doc)) {
        const id = dataOf(diagnostic)!.id;
        const f = scope.findings.find((x) => x.id === id);
        if (f && f.start <= to && from <= f.end) wanted.push({ diagnostic, id });
      }
    }
    const { only, triggerKind } = params.context;
    return codeActionsFor({ ...scope, wanted, only, triggerKind, lazy });
  }

  /** For clients that drop `data`: our diagnostic is the finding of its rule (code) at its range. */
  private idByCodeAndRange(
    doc: TextDocument,
    findings: readonly LocatedFinding[],
    d: Diagnostic,
  ): string | undefined {
    if (d.source !== SOURCE || typeof d.code !== 'string') return undefined;
    const start = doc.offsetAt(d.range.start);
    const end = doc.offsetAt(d.range.end);
    return findings.find((f) => f.finding.rule === d.code && f.start === start && f.end === end)
      ?.id;
  }

  /** Fills in the edit of a code action returned by a lazy `codeActions`. */
  resolveCodeAction(doc: TextDocument, action: CodeAction): CodeAction {
    return resolveAction(this.fixScope(doc), action);
  }

  private fixScope(doc: TextDocument): FixScope {
    const findings = this.findings(doc);
    const parsed = this.parser.get(doc.uri)!;
    return { doc, parsed, findings, config: this.configOf(doc.uri).config };
  }

  rangeOf(doc: TextDocument, f: LocatedFinding): Range {
    return { start: doc.positionAt(f.start), end: doc.positionAt(f.end) };
  }

  private update(uri: string, version: number, text: string): ParsedDocument {
    const before = this.parser.get(uri);
    const parsed = this.parser.parse(uri, version, text);
    if (parsed !== before) this.generation++;
    return parsed;
  }

  private textDocumentOf(parsed: ParsedDocument): TextDocument {
    let td = this.textDocuments.get(parsed);
    if (!td) {
      td = TextDocument.create(parsed.uri, 'yaml', parsed.version, parsed.text);
      this.textDocuments.set(parsed, td);
    }
    return td;
  }
}
