// `kubectl portguard version [-o json]`: version, git commit and Node.js version.
import type { CommandFactory } from '../main.js';
import { EXIT } from '../io.js';
import { buildInfo, type BuildInfo } from '../version.js';

export const versionOptions = {
  output: {
    alias: 'o',
    choices: ['text', 'json'] as const,
    default: 'text' as 'text' | 'json',
    requiresArg: true,
    describe: 'Output format',
  },
} as const;

/** `kubectl-portguard 0.1.0 (commit 1a2b3c4d5e6f, Node.js v20.19.0)` */
export function versionText(info: BuildInfo): string {
  return `kubectl-portguard ${info.version} (commit ${info.commit}, Node.js ${info.node})\n`;
}

export const versionCommand: CommandFactory = (io, done) => (y) =>
  y.command(
    'version',
    'Print the version, the git commit and the Node.js version',
    (b) => b.options(versionOptions),
    (argv) => {
      const info = buildInfo();
      io.stdout.write(
        argv.output === 'json' ? `${JSON.stringify(info, null, 2)}\n` : versionText(info),
      );
      done(EXIT.OK);
    },
  );
