// `kubectl portguard explain RULE`: what a rule catches, why, and where its doc is.
import { findRule, rules } from '@portguard/core';
import type { CommandFactory } from '../main.js';
import { EXIT, UserError } from '../io.js';
import { wrapWords } from '../reporters/wrap.js';

export const explainCommand: CommandFactory = (io, done) => (y) =>
  y.command(
    'explain <rule>',
    'Explain a rule: what it catches, why it matters, how to fix and suppress it',
    (b) =>
      b.positional('rule', {
        type: 'string',
        demandOption: true,
        describe: 'Rule name, e.g. host-port',
      }),
    (argv) => {
      const rule = findRule(String(argv.rule));
      if (!rule) {
        throw new UserError(
          `unknown rule "${argv.rule}" (known: ${rules.map((r) => r.meta.name).join(', ')})`,
        );
      }
      const m = rule.meta;
      const width = Math.max(60, io.stdout.columns || 80);
      const para = (text: string) => wrapWords(text, width).join('\n');
      io.stdout.write(
        [
          `${m.name} (default severity: ${m.severity})`,
          '',
          para(m.description),
          '',
          para(`Why: ${m.rationale}`),
          '',
          para(`References: ${m.references.join('; ')}`),
          `Fix: ${m.fixable ? `kubectl portguard fix -f FILE (see the doc)` : 'by hand, see the doc'}`,
          `Suppress: annotate the object or its namespace with portguard.dev/ignore: "${m.name}"`,
          `Docs: ${m.docsUrl}`,
          '',
        ].join('\n'),
      );
      done(EXIT.OK);
    },
  );
