// The document-local verification of a fix gives the verdict a re-parse of the whole file gives.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseManifests, scanFiles, type ParsedFile } from '../../src/index.js';
import { applyEdits } from '../../src/fix/apply-edits.js';
import type { FixContext } from '../../src/fix/context.js';
import { propose } from '../../src/fix/remediate.js';
import type { FixSuggestion } from '../../src/fix/types.js';
import { findingKey, findingKeysOf, insideDocument, unsafeBecause } from '../../src/fix/verify.js';
import { findRule } from '../../src/rules/index.js';

const fixtures = fileURLToPath(new URL('../fixtures', import.meta.url));

/** The verification as it was: the whole edited file parsed and scanned again. */
function wholeFileVerdict(ctx: FixContext, s: FixSuggestion): string | undefined {
  if (!insideDocument(ctx, s)) return 'the edits would touch another document';
  const { text, skipped } = applyEdits(ctx.text, s.edits);
  if (skipped.length > 0) return 'the edits overlap';
  const after = parseManifests(text, ctx.parsed.source.file);
  if (after.skipped || after.errors.length > ctx.parsed.errors.length)
    return 'the edited file would not parse';
  const before = findingKeysOf(ctx.parsed);
  const now = [...findingKeysOf(after)];
  if (findRule(ctx.finding.rule) && now.includes(findingKey(ctx.finding)))
    return 'the finding would still be there';
  if (now.some((k) => !before.has(k))) return 'the edit would cause a new finding';
  return undefined;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

/** Every finding of a text with its fix context, and the suggestions its remediation proposes. */
function proposals(text: string): Array<{ ctx: FixContext; suggestions: FixSuggestion[] }> {
  const parsed: ParsedFile = parseManifests(text, 'f.yaml');
  const out: Array<{ ctx: FixContext; suggestions: FixSuggestion[] }> = [];
  for (const finding of scanFiles([{ file: 'f.yaml', text }]).findings) {
    const { ctx, outcome } = propose(parsed, finding);
    if (ctx) out.push({ ctx, suggestions: outcome.suggestions });
  }
  return out;
}

/** Edits a fix could never propose but verification must still judge as the whole file would. */
function hostile(ctx: FixContext): FixSuggestion[] {
  const [start, , end] = ctx.document.range!;
  const at = ctx.text.indexOf('\n', start) + 1 || end;
  const make = (id: string, edits: FixSuggestion['edits']): FixSuggestion =>
    ({
      id,
      title: id,
      rule: ctx.finding.rule,
      edits,
    }) as FixSuggestion;
  return [
    make('unclosed quote', [{ range: [at, at], text: 'note: "open\n' }]),
    make('a tab', [{ range: [at, at], text: '\tbad: 1\n' }]),
    make('emptied', [{ range: [start, end], text: '' }]),
    make('a new conflicting document', [
      {
        range: [end, end],
        text: `${/\n$/.test(ctx.text.slice(0, end)) ? '' : '\n'}---\napiVersion: v1\nkind: Pod\nmetadata: {name: new-pod, namespace: other}\nspec:\n  containers:\n  - name: c\n    image: x\n    ports: [{containerPort: 1, hostPort: 9100}]\n`,
      },
    ]),
    make('a template', [{ range: [at, at], text: 'x: {{ .Values.x }}\n' }]),
  ];
}

describe('fix verification, one document re-parsed', () => {
  const files = [
    ...yamlFiles(join(fixtures, 'fix')),
    ...yamlFiles(join(fixtures, 'scenarios')),
    ...yamlFiles(join(fixtures, 'peers')),
  ];
  it('gives the whole-file verdict for every proposal and hostile edit of every fixture', function () {
    this.timeout(120_000);
    let judged = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const { ctx, suggestions } of proposals(text)) {
        for (const s of [...suggestions, ...(ctx.document.range ? hostile(ctx) : [])]) {
          assert.equal(unsafeBecause(ctx, s), wholeFileVerdict(ctx, s), `${file}: ${s.id}`);
          judged++;
        }
      }
    }
    assert.ok(judged > 200, `judged ${judged}`);
  });

  it('still sees a conflict with another document that the edit creates', () => {
    const text = [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: team-a}\nspec:\n  hostNetwork: true\n  containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]\n',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: b, namespace: team-b}\nspec:\n  containers: [{name: c, image: x, ports: [{containerPort: 80, hostPort: 9100}]}]\n',
    ].join('---\n');
    const [{ ctx, suggestions }] = proposals(text).filter(
      (p) => p.ctx.finding.rule === 'host-network',
    );
    const fix = suggestions.find((s) => s.id === 'host-network/service')!;
    assert.equal(unsafeBecause(ctx, fix), undefined);
    // The same fix, whose new Service comes with a pod that takes b's hostPort: its own host-port
    // finding is ignored, so only b's new conflict, in the other document, makes it unsafe.
    const pod =
      '---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: sneaky\n  namespace: team-a\n  annotations: {portguard.dev/ignore: "host-port,host-port-conflict"}\nspec:\n  containers: [{name: c, image: x, ports: [{containerPort: 1, hostPort: 9100}]}]\n';
    const last = fix.edits[fix.edits.length - 1];
    const both = { ...fix, edits: [...fix.edits.slice(0, -1), { ...last, text: last.text + pod }] };
    assert.equal(wholeFileVerdict(ctx, both), 'the edit would cause a new finding');
    assert.equal(unsafeBecause(ctx, both), 'the edit would cause a new finding');
  });
});
