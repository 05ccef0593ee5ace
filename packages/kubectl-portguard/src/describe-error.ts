// Turns any failure into the one line `error: …` the user sees (yargs' messages included).
import { ConfigError } from '@portguard/core';
import { UserError } from './io.js';

/**
 * One line, no stack: yargs' multi-line "Invalid values:" becomes `invalid value "xml" for
 * --output; choose from table, json`; "Unknown argument: bogus" says whether it was a flag or a
 * command. `argv` is what the user typed, to tell `--bogus` from `bogus`.
 */
export function describeError(e: unknown, argv: readonly string[]): string {
  if (e instanceof UserError || e instanceof ConfigError) return oneLine(e.message);
  const msg = e instanceof Error ? e.message : String(e);
  if (e instanceof Error && e.name === 'YError') return describeYargsMessage(msg, argv);
  return oneLine(msg.split('\n')[0]);
}

export function describeYargsMessage(msg: string, argv: readonly string[]): string {
  const invalid = /Argument: ([\w-]+), Given: (.*?), Choices: (.*)$/m.exec(msg);
  if (invalid) {
    const choices = invalid[3].replace(/"/g, '');
    return `invalid value ${invalid[2]} for --${invalid[1]}; choose from ${choices}`;
  }
  const command = argv.find((a) => !a.startsWith('-'));
  const didYouMean = /^Did you mean (.+)\?$/.exec(msg.trim());
  if (didYouMean) return `unknown command "${command}"; did you mean ${didYouMean[1]}?`;
  const unknown = /^Unknown arguments?: (.+)$/.exec(msg.trim());
  if (unknown) {
    const names = unknown[1].split(', ');
    if (names[0] === command && argv.indexOf(command) === 0) {
      return `unknown command "${command}" (see kubectl portguard --help)`;
    }
    const shown = names.map((n) => flagAsTyped(n, argv));
    return `unknown ${shown.every((s) => s.startsWith('-')) ? 'flag' : 'argument'}${shown.length > 1 ? 's' : ''} ${shown.join(', ')}`;
  }
  const needsValue = /^Not enough arguments following: ([\w-]+)$/.exec(msg.trim());
  if (needsValue) return `flag ${flagAsTyped(needsValue[1], argv)} needs a value`;
  const exclusive = /^Arguments ([\w-]+) and ([\w-]+) are mutually exclusive$/.exec(msg.trim());
  if (exclusive) return `--${exclusive[1]} and --${exclusive[2]} cannot be used together`;
  if (/^Not enough non-option arguments/.test(msg.trim())) {
    return `${command} needs an argument (see kubectl portguard ${command} --help)`;
  }
  return oneLine(msg);
}

/** `bogus` back to `--bogus` or `-b` when that is what was typed. */
function flagAsTyped(name: string, argv: readonly string[]): string {
  for (const prefix of ['--', '-']) {
    const typed = `${prefix}${name}`;
    if (argv.some((a) => a === typed || a.startsWith(`${typed}=`))) return typed;
  }
  return `"${name}"`;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}
