// The CLI as a function: parses argv with yargs, runs one command, returns the exit code.
import yargs, { type Argv } from 'yargs';
import { ConfigError } from '@portguard/core';
import { EXIT, UserError, type MainIO } from './io.js';
import { scanCommand } from './commands/scan.js';
import { rulesCommand } from './commands/rules.js';
import { explainCommand } from './commands/explain.js';

export type { MainIO } from './io.js';

/** A command module: registers itself on yargs and reports its exit code through `done`. */
export type CommandFactory = (io: MainIO, done: (code: number) => void) => (y: Argv) => Argv;

const COMMANDS: CommandFactory[] = [scanCommand, rulesCommand, explainCommand];

/** Runs `kubectl portguard …` with injected I/O and resolves to the exit status. */
export async function main(io: MainIO): Promise<number> {
  let code: number = EXIT.OK;
  const done = (c: number) => {
    code = c;
  };
  let parser = yargs(io.argv)
    .scriptName('kubectl portguard')
    .usage(
      '$0 <command> [options]\n\nFind and fix hostPort, hostNetwork, NodePort and externalIPs exposures.',
    )
    .strict()
    .exitProcess(false)
    .demandCommand(1, 'name a command: scan, fix, tui, policy, rules or explain')
    .recommendCommands()
    .showHelpOnFail(false)
    .help()
    .alias('h', 'help')
    .version(false)
    .wrap(Math.min(100, io.stdout.columns ?? 100))
    .fail((msg, err) => {
      throw err ?? new UserError(msg);
    });
  for (const register of COMMANDS) parser = register(io, done)(parser);
  try {
    let helpText = '';
    await parser.parseAsync(io.argv, {}, (_err, _argv, output) => {
      helpText = output;
    });
    if (helpText) io.stdout.write(helpText.endsWith('\n') ? helpText : `${helpText}\n`);
    return code;
  } catch (e) {
    io.stderr.write(`error: ${describeError(e)}\n`);
    return EXIT.ERROR;
  }
}

function describeError(e: unknown): string {
  if (e instanceof UserError || e instanceof ConfigError) return e.message;
  if (e instanceof Error && e.name === 'YError') return e.message;
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0];
}
