// Code actions from the core fix engine: fix-this, fix-all-of-rule, the ignore annotation, fixAll.
import {
  fixesFor,
  ignoreAnnotationFix,
  rules as allRules,
  type FixSuggestion,
  type PortguardConfig,
} from '@portguard/core';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionKind,
  CodeActionTriggerKind,
  type CodeAction,
  type Diagnostic,
  type WorkspaceEdit,
} from 'vscode-languageserver-types';
import { fixAllText, WHOLE_FILE_DOCUMENTS } from './fix-all.js';
import { fixInputFor } from './fix-input.js';
import type { LocatedFinding } from './findings.js';
import type { ParsedDocument } from './parsed-document.js';
import { minimalEdit, toTextEdits } from './text-edits.js';

/** The kind of the action that applies every fix of the file, as `kubectl portguard fix` does. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.portguard`;

/** What a code action carries to be resolved later: never its title. */
export interface ActionData {
  uri: string;
  /** A FixSuggestion id (`host-port/service`…), or `all-of-rule` / `all`. */
  fix: string;
  /** The finding it fixes (LocatedFinding.id). */
  finding?: string;
  /** The rule of an `all-of-rule` action. */
  rule?: string;
}

/** Everything the code actions of one document are computed from. */
export interface FixScope {
  doc: TextDocument;
  parsed: ParsedDocument;
  findings: readonly LocatedFinding[];
  config: PortguardConfig;
}

export interface CodeActionsInput extends FixScope {
  /** The client's portguard diagnostics, with the finding id each carries. */
  wanted: readonly { diagnostic: Diagnostic; id: string }[];
  only?: readonly string[];
  /** Invoked by the user, or automatic (on save, on cursor moves). */
  triggerKind?: CodeActionTriggerKind;
  /** Leave edits out, for `codeAction/resolve`. */
  lazy: boolean;
}

/** The suggestions of recent findings by uri, version and finding: a resolve follows its listing. */
const recent = new Map<string, { text: string; suggestions: FixSuggestion[] }>();
const RECENT_SIZE = 32;

/** Every way core can fix one finding, then its ignore annotation; edits as document offsets. */
function suggestionsFor(scope: FixScope, located: LocatedFinding): FixSuggestion[] {
  const gw = scope.config.gateway;
  // The config's Gateway changes what is offered, at the same document version.
  const key = `${scope.doc.uri}\u0000${scope.doc.version}\u0000${located.id}\u0000${gw?.namespace ?? ''}/${gw?.name ?? ''}`;
  const text = scope.doc.getText();
  const hit = recent.get(key);
  if (hit && hit.text === text) return hit.suggestions;
  const suggestions = computeSuggestions(scope, located);
  if (recent.size >= RECENT_SIZE) recent.delete(recent.keys().next().value!);
  recent.set(key, { text, suggestions });
  return suggestions;
}

function computeSuggestions(scope: FixScope, located: LocatedFinding): FixSuggestion[] {
  const input = fixInputFor(scope.parsed, located);
  // The HTTPRoute variant needs the shared Gateway of .portguard.yaml (`gateway:`); without it, none.
  const found = [...fixesFor(input.parsed, input.finding, { gateway: scope.config.gateway })];
  const ignore = ignoreAnnotationFix(input.parsed, input.finding);
  if (ignore) found.push(ignore);
  return found.map((s) => ({
    ...s,
    edits: s.edits.map((e) => ({
      range: [e.range[0] + input.base, e.range[1] + input.base],
      text: e.text,
    })),
  }));
}

function fixEdit(doc: TextDocument, s: FixSuggestion): WorkspaceEdit {
  return { changes: { [doc.uri]: toTextEdits(doc, s.edits) } };
}

/**
 * The file fixed as `kubectl portguard fix` fixes it (core's fixText: one fix per round,
 * re-scanned; see fix-all.ts for big files), limited to `rule` when given, sent as one edit.
 */
function fixAllEdit(scope: FixScope, rule?: string): WorkspaceEdit {
  const { doc, config } = scope;
  const only: PortguardConfig = rule
    ? {
        ...config,
        rules: Object.fromEntries(
          allRules
            .map((r) => [r.meta.name, r.meta.name === rule ? config.rules[rule] : 'off'])
            .filter(([, v]) => v !== undefined),
        ),
      }
    : config;
  const text = doc.getText();
  const edit = minimalEdit(text, fixAllText(text, doc.uri, only));
  return { changes: { [doc.uri]: edit ? toTextEdits(doc, [edit]) : [] } };
}

function wants(only: readonly string[] | undefined, kind: string): boolean {
  if (!only || only.length === 0) return kind === CodeActionKind.QuickFix;
  return only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

function isIgnore(s: FixSuggestion): boolean {
  return s.id.startsWith('ignore/');
}

export function codeActionsFor(input: CodeActionsInput): CodeAction[] {
  const { doc, findings, lazy } = input;
  const uri = doc.uri;
  const actions: CodeAction[] = [];
  const rulesOffered = new Set<string>();
  if (wants(input.only, CodeActionKind.QuickFix)) {
    for (const { diagnostic, id } of input.wanted) {
      const located = findings.find((f) => f.id === id);
      if (!located) continue; // a stale diagnostic: its finding is gone
      const suggestions = suggestionsFor(input, located);
      for (const s of suggestions) {
        const data: ActionData = { uri, fix: s.id, finding: id };
        actions.push({
          title: s.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          ...(s.isPreferred ? { isPreferred: true } : {}),
          ...(lazy ? {} : { edit: fixEdit(doc, s) }),
          data,
        });
      }
      const rule = located.finding.rule;
      if (rulesOffered.has(rule)) continue;
      rulesOffered.add(rule);
      const fixable = suggestions.some((s) => !isIgnore(s));
      if (!fixable || findings.filter((f) => f.finding.rule === rule).length < 2) continue;
      // Without resolve, its edit is computed now, at every request: only where that is cheap.
      if (!lazy && input.parsed.segments.length > WHOLE_FILE_DOCUMENTS) continue;
      const data: ActionData = { uri, fix: 'all-of-rule', rule };
      actions.push({
        title: `Fix all ${rule} problems in this file`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        ...(lazy ? {} : { edit: fixAllEdit(input, rule) }),
        data,
      });
    }
  }
  // Its fixes change how workloads are reached: an automatic request (VS Code's codeActionsOnSave
  // with a bare `source.fixAll`) gets it only when it names `source.fixAll.portguard` itself.
  const named = input.only?.includes(FIX_ALL_KIND) ?? false;
  const automatic = input.triggerKind === CodeActionTriggerKind.Automatic;
  if (
    input.only &&
    wants(input.only, FIX_ALL_KIND) &&
    (named || !automatic) &&
    findings.length > 0
  ) {
    const data: ActionData = { uri, fix: 'all' };
    actions.push({
      title: 'Fix all portguard problems',
      kind: FIX_ALL_KIND,
      ...(lazy ? {} : { edit: fixAllEdit(input) }),
      data,
    });
  }
  return actions;
}

/** Fills the edit of a lazy action; an action whose finding is gone comes back without one. */
export function resolveAction(scope: FixScope, action: CodeAction): CodeAction {
  const data = action.data as ActionData | undefined;
  if (!data || typeof data.fix !== 'string') return action;
  if (data.fix === 'all') return { ...action, edit: fixAllEdit(scope) };
  if (data.fix === 'all-of-rule' && typeof data.rule === 'string')
    return { ...action, edit: fixAllEdit(scope, data.rule) };
  const located = scope.findings.find((f) => f.id === data.finding);
  const suggestion = located && suggestionsFor(scope, located).find((s) => s.id === data.fix);
  return suggestion ? { ...action, edit: fixEdit(scope.doc, suggestion) } : action;
}
