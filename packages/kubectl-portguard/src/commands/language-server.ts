// `kubectl portguard language-server --stdio`: the language server of the VS Code extension, for any LSP editor.
import type { CommandFactory } from '../main.js';
import { UserError } from '../io.js';

export const languageServerOptions = {
  stdio: { type: 'boolean', describe: 'Speak LSP on stdin and stdout' },
  'node-ipc': { type: 'boolean', describe: 'Speak LSP over the Node.js IPC channel' },
  socket: { type: 'number', requiresArg: true, describe: 'Speak LSP on this TCP port' },
  pipe: { type: 'string', requiresArg: true, describe: 'Speak LSP on this named pipe' },
  clientProcessId: {
    type: 'number',
    requiresArg: true,
    hidden: true,
    describe: 'Exit when this process does (vscode-languageclient passes it)',
  },
} as const;

/**
 * Serves until the client says `exit` or closes the stream (vscode-languageserver then ends the
 * process), so the returned promise only settles on a bad transport.
 */
export const languageServerCommand: CommandFactory = (io) => (y) =>
  y.command(
    'language-server',
    'Run the language server (diagnostics and quick-fixes in any LSP editor)',
    (b) => b.options(languageServerOptions),
    async (argv) => {
      if (!argv.stdio && !argv['node-ipc'] && argv.socket === undefined && !argv.pipe)
        throw new UserError('say how to talk: --stdio, --node-ipc, --socket=PORT or --pipe=NAME');
      // On a small machine, once again with one V8 worker (see portguard-vscode's v8-pool.ts).
      const { restartWithServerFlags } = await import('portguard-vscode');
      const own = io.stdin === process.stdin && io.stdout === process.stdout;
      if (own && restartWithServerFlags(!!argv.stdio)) return new Promise<never>(() => {});
      const { startLanguageServer } = await import('../language-server/start-stdio.js');
      // --stdio on the injected streams; the other transports are read from process.argv.
      if (argv.stdio) startLanguageServer(io.stdin, io.stdout);
      else startLanguageServer();
      await new Promise<never>(() => {});
    },
  );
