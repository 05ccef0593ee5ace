// `kubectl portguard completion bash|zsh|fish`, and the hidden `__complete` that kubectl_complete-portguard runs.
import type { CommandFactory } from '../main.js';
import { loadAllCommands } from '../main.js';
import { EXIT } from '../io.js';
import { commandSpecs } from '../completion/command-specs.js';
import { complete, formatCobra } from '../completion/complete.js';
import { SHELLS, completionScript, type Shell } from '../completion/shell-scripts.js';
import { valueSources } from '../completion/value-sources.js';

export const completionCommand: CommandFactory = (io, done) => (y) =>
  y
    .command(
      'completion <shell>',
      'Print a completion script for kubectl-portguard (kubectl ≥ 1.26 completes `kubectl portguard` through kubectl_complete-portguard)',
      (b) =>
        b.positional('shell', {
          choices: SHELLS,
          demandOption: true,
          describe: 'The shell to complete in',
        }),
      (argv) => {
        io.stdout.write(completionScript(argv.shell as Shell));
        done(EXIT.OK);
      },
    )
    .command(
      '__complete [words..]',
      false,
      (b) =>
        b
          .positional('words', { type: 'string', array: true })
          // The words are the user's half-typed command line: nothing in them is ours to check.
          .strict(false)
          .parserConfiguration({ 'unknown-options-as-args': true }),
      async () => {
        // Raw words, as typed: yargs would turn `-o` into an option and drop the empty last word.
        const words = io.argv.slice(io.argv.indexOf('__complete') + 1);
        const toComplete = words.pop() ?? '';
        const specs = commandSpecs(await loadAllCommands(), io);
        const debug = io.env.PORTGUARD_DEBUG ? (m: string) => io.stderr.write(`${m}\n`) : undefined;
        io.stdout.write(
          formatCobra(await complete(specs, words, toComplete, valueSources(io.env, debug))),
        );
        done(EXIT.OK);
      },
    );
