// Keeps rules, docs, tests and the contract in sync: one name, three files, one registry entry.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { docsUrl, loadConfig, rules, scanFiles, type Rule } from '../src/index.js';
import { CONTRACT_RULES } from './helpers/contract-rules.js';

const CORE = join(dirname(fileURLToPath(import.meta.url)), '..');
const REPO = join(CORE, '..', '..');
const DOCS = join(REPO, 'docs');
const CONTRACT = join(REPO, '..', 'shared', 'contract.md');

/** Set rules need more than their own findings: a conflict is also a hostPort, a NodePort. */
const IMPLIED: Record<string, string[]> = {
  'host-port-conflict': ['host-port', 'host-network'],
  'node-port-conflict': ['nodeport-service', 'loadbalancer-node-ports'],
};

/** The rows of the contract's `## Rules` table: rule name and default severity. */
function contractRules(markdown: string): Array<{ name: string; severity: string }> {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('Rules'));
  assert.ok(section, 'the contract has a "## Rules" section');
  const rows: Array<{ name: string; severity: string }> = [];
  for (const line of section.split('\n')) {
    const m = /^\|\s*`([a-z0-9-]+)`\s*\|.*\|\s*(\w+)\s*\|\s*$/.exec(line);
    if (m) rows.push({ name: m[1], severity: m[2] });
  }
  return rows;
}

/** The first ```yaml block after the heading `## <title>`, or undefined. */
function exampleUnder(markdown: string, title: string): string | undefined {
  const section = markdown.split(/^## /m).find((s) => s.split('\n')[0].trim() === title);
  return section ? /```ya?ml\n([\s\S]*?)```/.exec(section)?.[1] : undefined;
}

function firingRules(text: string, file: string): { rules: string[]; errors: string[] } {
  const result = scanFiles([{ file, text }]);
  return {
    rules: [...new Set(result.findings.map((f) => f.rule))].sort(),
    errors: result.errors.map((e) => `${e.line}: ${e.message}`),
  };
}

const ruleFiles = readdirSync(join(CORE, 'src', 'rules'))
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'define-rule.ts')
  .map((f) => basename(f, '.ts'));

describe('meta: rules, docs and tests in sync', () => {
  it('each rule file exports, as default, the rule of its own name, and it is registered', async () => {
    const registered = new Set(rules.map((r) => r.meta.name));
    for (const name of ruleFiles) {
      const mod = (await import(pathToFileURL(join(CORE, 'src', 'rules', `${name}.ts`)).href)) as {
        default?: Rule;
      };
      assert.equal(mod.default?.meta.name, name, `src/rules/${name}.ts`);
      assert.ok(registered.has(name), `${name} is not in the registry (src/rules/index.ts)`);
    }
    assert.deepEqual([...registered].sort(), [...ruleFiles].sort());
  });

  it('rule names are unique kebab-case and their docs URL is derived from the name', () => {
    const names = rules.map((r) => r.meta.name);
    assert.equal(new Set(names).size, names.length);
    for (const r of rules) {
      assert.match(r.meta.name, /^[a-z]+(-[a-z]+)*$/);
      assert.equal(r.meta.docsUrl, docsUrl(r.meta.name));
      assert.ok(r.meta.docsUrl.endsWith(`docs/rules/${r.meta.name}.md`));
      assert.ok(r.meta.description.length > 0 && !r.meta.description.includes('\n'));
      assert.ok(r.meta.references.length > 0, `${r.meta.name} has references`);
    }
  });

  it('every rule has a test file and a doc', () => {
    for (const r of rules) {
      const name = r.meta.name;
      assert.ok(
        existsSync(join(CORE, 'test', 'rules', `${name}.test.ts`)),
        `test/rules/${name}.test.ts`,
      );
      assert.ok(existsSync(join(DOCS, 'rules', `${name}.md`)), `docs/rules/${name}.md`);
    }
  });

  it('every doc belongs to a rule', () => {
    const names = new Set(rules.map((r) => r.meta.name));
    for (const f of readdirSync(join(DOCS, 'rules'))) {
      assert.ok(names.has(basename(f, '.md')), `docs/rules/${f} has no rule`);
    }
  });

  it("the contract's rule table is in the registry with the same default severity", function () {
    if (!existsSync(CONTRACT)) {
      this.skip(); // The contract lives beside the repository; without it there is nothing to compare.
    }
    const table = contractRules(readFileSync(CONTRACT, 'utf8'));
    assert.ok(table.length >= 9, `read ${table.length} rows from ${CONTRACT}`);
    assert.deepEqual(
      table.map(
        (row) => `${row.name} ${rules.find((r) => r.meta.name === row.name)?.meta.severity}`,
      ),
      table.map((row) => `${row.name} ${row.severity}`),
    );
    assert.deepEqual(
      CONTRACT_RULES,
      table.map((row) => row.name),
      'exposureRules is the contract table',
    );
  });

  it('docs/README.md lists every rule with its severity and fixability', () => {
    const index = readFileSync(join(DOCS, 'README.md'), 'utf8');
    for (const r of rules) {
      const row = `| [${r.meta.name}](rules/${r.meta.name}.md) | ${r.meta.severity} | ${r.meta.fixable ? 'yes' : 'no'} |`;
      assert.ok(index.includes(row), `docs/README.md lacks the row ${row}`);
    }
  });

  for (const r of rules) {
    const name = r.meta.name;
    describe(`docs/rules/${name}.md`, () => {
      const doc = () => readFileSync(join(DOCS, 'rules', `${name}.md`), 'utf8');

      it('opens with the rule name and states its default severity', () => {
        const text = doc();
        assert.equal(text.split('\n')[0], `# ${name}`);
        assert.ok(text.includes(`Default severity: **${r.meta.severity}**`));
      });

      it('its Bad example triggers the rule and no other exposure rule', () => {
        const bad = exampleUnder(doc(), 'Bad');
        assert.ok(bad, 'a ```yaml block under "## Bad"');
        const { rules: fired, errors } = firingRules(bad, `${name}-bad.yaml`);
        assert.deepEqual(errors, []);
        assert.ok(fired.includes(name), `fired: ${fired.join(', ')}`);
        // Posture rules look at the whole set; the contract's rules stay out of each other's examples.
        const others = fired.filter(
          (f) => f !== name && CONTRACT_RULES.includes(f) && !(IMPLIED[name] ?? []).includes(f),
        );
        assert.deepEqual(others, []);
      });

      it('its Good example does not trigger the rule', () => {
        const good = exampleUnder(doc(), 'Good');
        assert.ok(good, 'a ```yaml block under "## Good"');
        const { rules: fired, errors } = firingRules(good, `${name}-good.yaml`);
        assert.deepEqual(errors, []);
        assert.ok(!fired.includes(name), `fired: ${fired.join(', ')}`);
      });

      it('its .portguard.yaml snippets are valid config', () => {
        for (const m of doc().matchAll(/```ya?ml\n([\s\S]*?)```/g)) {
          if (!/^(rules|exemptions|tenantLabels?|systemNamespaces):/m.test(m[1])) continue;
          if (/^(apiVersion|kind|metadata):/m.test(m[1])) continue;
          assert.doesNotThrow(() => loadConfig(m[1], `${name}.md`));
        }
      });
    });
  }

  it('docs/configuration.md: its complete example loads', () => {
    const text = readFileSync(join(DOCS, 'configuration.md'), 'utf8');
    const example = exampleUnder(text, 'A complete example');
    assert.ok(example);
    const config = loadConfig(example, 'configuration.md');
    assert.equal(config.rules['loadbalancer-node-ports'], 'off');
    assert.equal(config.exemptions.length, 2);
  });
});
