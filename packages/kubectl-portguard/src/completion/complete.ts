// The completion engine: the words typed so far and the command tree in, candidates and a Cobra directive out.
import type { CommandSpec, OptionSpec } from './command-specs.js';

/** Cobra's ShellCompDirective bits, which kubectl reads from a plugin's last line (`:4`). */
export const DIRECTIVE = {
  default: 0,
  error: 1,
  noSpace: 2,
  noFileComp: 4,
  filterFileExt: 8,
  filterDirs: 16,
  keepOrder: 32,
} as const;

export interface Candidate {
  value: string;
  description?: string;
}

export interface Completion {
  candidates: Candidate[];
  directive: number;
}

/** The flags given before the word being completed (`--context prod` → `{ context: ['prod'] }`). */
export type GivenFlags = Record<string, string[]>;

/**
 * Values that the command tree cannot know (rule names, contexts, namespaces), keyed by option or
 * positional name; `undefined` when there is no source for that name.
 */
export type ValueSource = (
  name: string,
  given: GivenFlags,
) => Promise<Candidate[] | undefined> | Candidate[] | undefined;

const GLOBAL_FLAGS: OptionSpec[] = [
  { name: 'help', aliases: ['h'], takesValue: false, repeatable: false, describe: 'Show help' },
];
const TOP_FLAGS: OptionSpec[] = [
  ...GLOBAL_FLAGS,
  { name: 'version', aliases: [], takesValue: false, repeatable: false, describe: 'Show version' },
];

function flagName(name: string): string {
  return name.length === 1 ? `-${name}` : `--${name}`;
}

function findOption(options: readonly OptionSpec[], name: string): OptionSpec | undefined {
  return options.find((o) => o.name === name || o.aliases.includes(name));
}

function findCommand(list: readonly CommandSpec[], word: string): CommandSpec | undefined {
  return list.find((c) => c.name === word || c.aliases.includes(word));
}

/** Where the words typed so far leave the command line. */
interface State {
  command?: CommandSpec;
  /** The commands one may type next (top level, or a command's subcommands). */
  next: readonly CommandSpec[];
  options: readonly OptionSpec[];
  /** Positionals given to the current command. */
  positionals: number;
  /** A flag waiting for its value (`-o` just typed). */
  pending?: OptionSpec;
  given: GivenFlags;
  afterDoubleDash: boolean;
}

function walk(specs: readonly CommandSpec[], words: readonly string[]): State {
  const s: State = {
    next: specs,
    options: TOP_FLAGS,
    positionals: 0,
    given: {},
    afterDoubleDash: false,
  };
  const give = (o: OptionSpec, v: string) => (s.given[o.name] ??= []).push(v);
  for (const w of words) {
    if (s.pending) {
      give(s.pending, w);
      s.pending = undefined;
    } else if (w === '--') {
      s.afterDoubleDash = true;
    } else if (!s.afterDoubleDash && w.startsWith('-') && w !== '-') {
      const body = w.replace(/^--?/, '');
      const eq = body.indexOf('=');
      const name = eq >= 0 ? body.slice(0, eq) : body;
      const o = findOption(s.options, name) ?? findOption(s.options, name.replace(/^no-/, ''));
      if (!o) continue;
      if (eq >= 0) give(o, body.slice(eq + 1));
      else if (o.takesValue) s.pending = o;
      else give(o, 'true');
    } else {
      const sub = s.positionals === 0 ? findCommand(s.next, w) : undefined;
      if (sub) {
        s.command = sub;
        s.next = sub.subcommands;
        s.options = [...GLOBAL_FLAGS, ...sub.options];
        s.positionals = 0;
      } else {
        s.positionals++;
      }
    }
  }
  return s;
}

async function valuesOf(
  o: { name: string; choices?: string[] },
  given: GivenFlags,
  source: ValueSource,
  prefix: string,
): Promise<Completion> {
  const list = o.choices?.length
    ? o.choices.map((value) => ({ value }))
    : await source(o.name, given);
  // No list: the value is a file or free text; leave it to the shell's file completion.
  if (!list) return { candidates: [], directive: DIRECTIVE.default };
  return {
    candidates: list.filter((c) => c.value.startsWith(prefix)),
    directive: DIRECTIVE.noFileComp,
  };
}

/**
 * Completes `toComplete`, the last word of `kubectl portguard <words…> <toComplete>`, from the
 * command tree and the value sources.
 */
export async function complete(
  specs: readonly CommandSpec[],
  words: readonly string[],
  toComplete: string,
  source: ValueSource,
): Promise<Completion> {
  const s = walk(specs, words);
  if (s.pending) return valuesOf(s.pending, s.given, source, toComplete);

  if (toComplete.startsWith('-') && !s.afterDoubleDash) {
    const eq = toComplete.indexOf('=');
    if (eq >= 0) {
      const o = findOption(s.options, toComplete.slice(0, eq).replace(/^--?/, ''));
      if (!o?.takesValue) return { candidates: [], directive: DIRECTIVE.noFileComp };
      const head = toComplete.slice(0, eq + 1);
      const r = await valuesOf(o, s.given, source, toComplete.slice(eq + 1));
      return { ...r, candidates: r.candidates.map((c) => ({ ...c, value: head + c.value })) };
    }
    const candidates: Candidate[] = [];
    for (const o of s.options) {
      if (s.given[o.name] && !o.repeatable) continue;
      for (const n of [o.name, ...o.aliases]) {
        const flag = flagName(n);
        if (flag.startsWith(toComplete)) candidates.push({ value: flag, description: o.describe });
      }
    }
    return { candidates, directive: DIRECTIVE.noFileComp };
  }

  const subcommands: Candidate[] =
    s.positionals === 0
      ? s.next
          .filter((c) => c.name.startsWith(toComplete))
          .map((c) => ({ value: c.name, description: c.describe }))
      : [];
  const positionals = s.command?.positionals ?? [];
  const last = positionals[positionals.length - 1];
  const p = positionals[s.positionals] ?? (last?.variadic ? last : undefined);
  if (!p) {
    // Past the last positional (or none at all): subcommands, else files for a command.
    const files = s.command && subcommands.length === 0 && s.next.length === 0;
    return {
      candidates: subcommands,
      directive: files ? DIRECTIVE.default : DIRECTIVE.noFileComp,
    };
  }
  // A command may take a subcommand or its first positional at the same place: offer both.
  const values = await valuesOf(p, s.given, source, toComplete);
  return {
    candidates: [...subcommands, ...values.candidates],
    directive: subcommands.length ? DIRECTIVE.noFileComp : values.directive,
  };
}

/** Cobra's wire format: one `value\tdescription` a line, then `:directive`. */
export function formatCobra(c: Completion): string {
  const lines = c.candidates.map((x) =>
    x.description ? `${x.value}\t${x.description.split('\n')[0]}` : x.value,
  );
  return `${[...lines, `:${c.directive}`].join('\n')}\n`;
}
