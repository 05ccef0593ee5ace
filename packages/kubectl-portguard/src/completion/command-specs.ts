// Reads the commands, options and positionals out of the yargs command modules, for completion.
import yargs, { type Argv } from 'yargs';
import type { CommandFactory } from '../main.js';
import type { MainIO } from '../io.js';

/** One option as yargs knows it. */
export interface OptionSpec {
  /** The long name, e.g. `output`. */
  name: string;
  /** Every other name: `o` for `-o`. */
  aliases: string[];
  /** false for a boolean or count flag: the next word is not its value. */
  takesValue: boolean;
  /** May be given more than once (`-f a -f b`). */
  repeatable: boolean;
  choices?: string[];
  describe?: string;
}

/** One command: its name, what it says of itself, and what it takes. */
export interface CommandSpec {
  name: string;
  aliases: string[];
  describe: string;
  /** `explain <rule>` → `[{ name: 'rule' }]`, in order; a variadic one takes every word left. */
  positionals: { name: string; variadic: boolean; choices?: string[] }[];
  options: OptionSpec[];
  subcommands: CommandSpec[];
}

type Builder = ((y: Argv) => unknown) | Record<string, unknown> | undefined;

interface RecordedCommand {
  command: string | readonly string[];
  describe: unknown;
  builder: Builder;
}

/** yargs' parsed option tables (`getOptions()` is what its own completion reads). */
interface YargsOptions {
  key: Record<string, unknown>;
  alias: Record<string, string[]>;
  choices: Record<string, string[]>;
  boolean: string[];
  count: string[];
  array: string[];
  hiddenOptions: string[];
}

interface Introspectable {
  getOptions(): YargsOptions;
  getInternalMethods(): {
    getUsageInstance(): { getDescriptions(): Record<string, string | undefined> };
  };
}

/** A real yargs instance whose `.command()` records instead of registering. */
function recordingYargs(): { y: Argv; recorded: RecordedCommand[] } {
  const y = yargs([]).exitProcess(false);
  const recorded: RecordedCommand[] = [];
  const record = (...args: unknown[]): Argv => {
    const [first] = args;
    if (typeof first === 'object' && first !== null && !Array.isArray(first)) {
      const m = first as Record<string, unknown>;
      recorded.push({
        command: (m.command as string | string[]) ?? '',
        describe: m.describe ?? m.description ?? m.desc,
        builder: m.builder as Builder,
      });
    } else {
      recorded.push({
        command: first as string | string[],
        describe: args[1],
        builder: args[2] as Builder,
      });
    }
    return y;
  };
  (y as unknown as { command: typeof record }).command = record;
  return { y, recorded };
}

const HIDDEN_GLOBALS = new Set(['help', 'version', '$0', '_']);

function optionsOf(y: Argv): OptionSpec[] {
  const intro = y as unknown as Introspectable;
  const o = intro.getOptions();
  const descriptions = intro.getInternalMethods().getUsageInstance().getDescriptions();
  const aliasNames = new Set<string>();
  for (const [key, aliases] of Object.entries(o.alias)) {
    // yargs lists aliases both ways; a key is an alias when a longer name lists it.
    for (const a of aliases) if (a.length > key.length) aliasNames.add(key);
  }
  const specs: OptionSpec[] = [];
  for (const name of Object.keys(o.key)) {
    if (aliasNames.has(name) || HIDDEN_GLOBALS.has(name) || o.hiddenOptions.includes(name))
      continue;
    specs.push({
      name,
      aliases: (o.alias[name] ?? []).filter((a) => a !== name),
      takesValue: !o.boolean.includes(name) && !o.count.includes(name),
      repeatable: o.array.includes(name),
      choices: o.choices[name]?.map(String),
      describe: descriptions[name]?.replace(/^__yargsString__:/, ''),
    });
  }
  return specs;
}

/** `explain <rule> [more..]` → name `explain`, positionals rule and more (variadic). */
function parseCommandString(cmd: string): {
  name: string;
  positionals: CommandSpec['positionals'];
} {
  const [name = '', ...rest] = cmd.trim().split(/\s+/);
  const positionals = rest
    .map((w) => /^[<[]([^\]>|.]+)(\.\.)?(?:\|[^\]>]*)?[\]>]$/.exec(w))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[1], variadic: m[2] === '..' }));
  return { name, positionals };
}

function specOf(rec: RecordedCommand): CommandSpec | undefined {
  const names = typeof rec.command === 'string' ? [rec.command] : [...rec.command];
  const { name, positionals } = parseCommandString(names[0] ?? '');
  // `describe: false` hides a command from help; completion hides it too.
  if (!name || name === '$0' || rec.describe === false) return undefined;
  const { y, recorded } = recordingYargs();
  if (typeof rec.builder === 'function') rec.builder(y);
  else if (rec.builder) y.options(rec.builder as Record<string, never>);
  const choices = (y as unknown as Introspectable).getOptions().choices;
  return {
    name,
    aliases: names.slice(1).map((n) => parseCommandString(n).name),
    describe: typeof rec.describe === 'string' ? rec.describe : '',
    positionals: positionals.map((p) => ({ ...p, choices: choices[p.name]?.map(String) })),
    options: optionsOf(y),
    subcommands: recorded.map(specOf).filter((s): s is CommandSpec => s !== undefined),
  };
}

/**
 * The command tree of the given command modules, read from their yargs definitions: a command
 * added to main.ts completes without anyone listing it again.
 */
export function commandSpecs(factories: readonly CommandFactory[], io: MainIO): CommandSpec[] {
  const { y, recorded } = recordingYargs();
  for (const register of factories) register(io, () => {})(y);
  return recorded.map(specOf).filter((s): s is CommandSpec => s !== undefined);
}
