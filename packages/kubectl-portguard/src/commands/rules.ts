// `kubectl portguard rules`: the rule table.
import { rules } from '@portguard/core';
import type { CommandFactory } from '../main.js';
import { EXIT } from '../io.js';

export const rulesCommand: CommandFactory = (io, done) => (y) =>
  y.command(
    'rules',
    'List the rules portguard runs',
    (b) =>
      b.option('output', { alias: 'o', choices: ['table', 'json'] as const, default: 'table' }),
    (argv) => {
      if (argv.output === 'json') {
        io.stdout.write(
          `${JSON.stringify(
            rules.map((r) => r.meta),
            null,
            2,
          )}\n`,
        );
      } else {
        const w = Math.max(...rules.map((r) => r.meta.name.length));
        io.stdout.write(`${'RULE'.padEnd(w)}  SEVERITY  FIX  DESCRIPTION\n`);
        for (const { meta } of rules) {
          io.stdout.write(
            `${meta.name.padEnd(w)}  ${meta.severity.padEnd(8)}  ${meta.fixable ? 'yes' : 'no '}  ${meta.description}\n`,
          );
        }
      }
      done(EXIT.OK);
    },
  );
