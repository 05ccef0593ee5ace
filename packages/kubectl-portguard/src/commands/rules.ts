// `kubectl portguard rules`: the rule table, or the rules' metadata as JSON.
import { rules, type RuleMeta } from '@portguard/core';
import type { CommandFactory } from '../main.js';
import { EXIT } from '../io.js';
import { wrapWords } from '../reporters/wrap.js';

export const rulesCommand: CommandFactory = (io, done) => (y) =>
  y.command(
    'rules',
    'List the rules portguard runs',
    (b) =>
      b.option('output', {
        alias: 'o',
        choices: ['table', 'json'] as const,
        default: 'table',
        requiresArg: true,
        describe: 'Output format',
      }),
    (argv) => {
      const metas = rules.map((r) => r.meta);
      io.stdout.write(
        argv.output === 'json'
          ? `${JSON.stringify(metas, null, 2)}\n`
          : rulesTable(metas, io.stdout.columns),
      );
      done(EXIT.OK);
    },
  );

/**
 * `RULE  SEVERITY  FIX  DESCRIPTION`, descriptions wrapped to the terminal (80 columns on a pipe)
 * under their own column.
 */
export function rulesTable(metas: readonly RuleMeta[], columns?: number): string {
  const width = Math.max(60, columns || 80);
  const nameW = Math.max('RULE'.length, ...metas.map((m) => m.name.length));
  const start = nameW + 2 + 'SEVERITY'.length + 2 + 'FIX'.length + 2;
  const lines = [`${'RULE'.padEnd(nameW)}  SEVERITY  FIX  DESCRIPTION`];
  for (const m of metas) {
    const [first, ...rest] = wrapWords(m.description, Math.max(20, width - start));
    lines.push(
      `${m.name.padEnd(nameW)}  ${m.severity.padEnd(8)}  ${(m.fixable ? 'yes' : 'no').padEnd(3)}  ${first}`,
      ...rest.map((l) => `${' '.repeat(start)}${l}`),
    );
  }
  return `${lines.join('\n')}\n`;
}
