// The CLI as a function: parses argv with yargs, runs one command, returns the exit code.
import yargs, { type Argv } from 'yargs';
import { describeError, describeYargsMessage } from './describe-error.js';
import { EXIT, UserError, type MainIO } from './io.js';
import { printable } from './reporters/printable.js';
import { normalizeStdinArgs } from './stdin-arg.js';
import { packageVersion } from './version.js';

export type { MainIO } from './io.js';

/** A command module: registers itself on yargs and reports its exit code through `done`. */
export type CommandFactory = (io: MainIO, done: (code: number) => void) => (y: Argv) => Argv;

/**
 * The commands, each loaded only when it runs: `scan -f` need not pay for the Kubernetes client
 * and Ink (about a second of start-up) that other commands import. Help and unknown commands
 * load them all. Add a command with one more line here.
 */
const COMMANDS: { name: string; load: () => Promise<CommandFactory> }[] = [
  { name: 'scan', load: async () => (await import('./commands/scan.js')).scanCommand },
  { name: 'rules', load: async () => (await import('./commands/rules.js')).rulesCommand },
  { name: 'explain', load: async () => (await import('./commands/explain.js')).explainCommand },
  { name: 'fix', load: async () => (await import('./commands/fix.js')).fixCommand },
  { name: 'policy', load: async () => (await import('./commands/policy.js')).policyCommand },
  { name: 'tui', load: async () => (await import('./commands/tui.js')).tuiCommand },
  { name: 'serve', load: async () => (await import('./commands/serve.js')).serveCommand },
  { name: 'install', load: async () => (await import('./commands/install.js')).installCommand },
  { name: 'version', load: async () => (await import('./commands/version.js')).versionCommand },
  {
    name: 'completion',
    load: async () => (await import('./commands/completion.js')).completionCommand,
  },
  {
    name: 'language-server',
    load: async () => (await import('./commands/language-server.js')).languageServerCommand,
  },
  { name: 'audit', load: async () => (await import('./commands/audit.js')).auditCommand },
];

/** Every command module, for help and for completion (which reads their yargs definitions). */
export function loadAllCommands(): Promise<CommandFactory[]> {
  return Promise.all(COMMANDS.map((c) => c.load()));
}

/** The commands argv can run: the one it names, or all of them (help, typos, no command). */
async function commandsFor(argv: readonly string[]): Promise<CommandFactory[]> {
  const first = argv.find((a) => !a.startsWith('-'));
  const named = COMMANDS.filter((c) => c.name === first);
  return named.length ? Promise.all(named.map((c) => c.load())) : loadAllCommands();
}

/** Runs `kubectl portguard …` with injected I/O and resolves to the exit status. */
export async function main(io: MainIO): Promise<number> {
  let code: number = EXIT.OK;
  const done = (c: number) => {
    code = c;
  };
  const argv = normalizeStdinArgs(io.argv);
  let parser = yargs(argv)
    .scriptName('kubectl portguard')
    .usage(
      '$0 <command> [options]\n\nFind and fix hostPort, hostNetwork, NodePort and externalIPs exposures.',
    )
    .strict()
    .exitProcess(false)
    .demandCommand(1, 'name a command: scan, fix, tui, policy, serve, install, rules or explain')
    .recommendCommands()
    .showHelpOnFail(false)
    .help()
    .alias('h', 'help')
    // The same number as `version` prints first (which adds the commit and Node.js).
    .version(packageVersion())
    // cliui's wrapping cuts words in half ("NodeP / ort"); unwrapped help reads better, as kubectl's does.
    .wrap(null)
    .fail((msg, err) => {
      throw err ?? new UserError(describeYargsMessage(msg, io.argv));
    });
  try {
    for (const register of await commandsFor(argv)) parser = register(io, done)(parser);
    let helpText = '';
    await parser.parseAsync(argv, {}, (_err, _argv, output) => {
      helpText = output;
    });
    if (helpText) io.stdout.write(helpText.endsWith('\n') ? helpText : `${helpText}\n`);
    return code;
  } catch (e) {
    io.stderr.write(`error: ${printable(describeError(e, io.argv))}\n`);
    // A bug, not a user error: the stack is there for whoever asks, never by default.
    if (io.env.PORTGUARD_DEBUG && e instanceof Error && e.stack) io.stderr.write(`${e.stack}\n`);
    return EXIT.ERROR;
  }
}
