// package.json of the extension: the rules setting matches the registry, commands match the code, idle activation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rules } from '@portguard/core';
import { packageJsonPath, rulesSetting } from '../scripts/rules-setting.js';

const pkg = JSON.parse(readFileSync(packageJsonPath, 'utf8'));
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('package.json', () => {
  it('portguard.rules names every rule of the registry (pnpm rules-setting regenerates it)', () => {
    const setting = pkg.contributes.configuration.properties['portguard.rules'];
    assert.deepEqual(setting, rulesSetting());
    assert.deepEqual(
      Object.keys(setting.properties),
      rules.map((r) => r.meta.name),
    );
  });

  it('declares exactly the commands the extension registers', () => {
    const source = readFileSync(join(root, 'src/client/extension.ts'), 'utf8');
    const registered = [...source.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
    const declared = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(declared, registered);
    assert.deepEqual(declared, [
      'portguard.restartServer',
      'portguard.scanWorkspace',
      'portguard.showOutput',
    ]);
  });

  it('activates on YAML only, never on whatever a workspace contains', () => {
    assert.deepEqual(pkg.activationEvents, ['onLanguage:yaml']);
  });

  it('ships the docs beside the server bundle, and opens them in the Markdown preview', () => {
    const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(ignore.includes('!dist/bundle/docs/**'));
    assert.deepEqual(pkg.contributes.configurationDefaults['workbench.editorAssociations'], {
      '**/portguard.portguard-vscode-*/dist/bundle/docs/**/*.md': 'vscode.markdown.preview.editor',
    });
  });
});
