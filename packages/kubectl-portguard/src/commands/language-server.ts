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
      const lsp = await import('vscode-languageserver/node.js');
      const { startServer } = await import('portguard-vscode');
      // --stdio with the injected streams (the process exits when stdin ends); the other
      // transports are read from process.argv by createConnection.
      const connection = argv.stdio
        ? lsp.createConnection(lsp.ProposedFeatures.all, io.stdin, io.stdout)
        : lsp.createConnection(lsp.ProposedFeatures.all);
      // stdout is the protocol: a stray console.log from any library must go to the client's log.
      console.log = console.info = (...a: unknown[]) => connection.console.info(a.join(' '));
      console.warn = (...a: unknown[]) => connection.console.warn(a.join(' '));
      console.error = (...a: unknown[]) => connection.console.error(a.join(' '));
      // Whatever a person types must not kill the server: log and keep serving.
      process.on('uncaughtException', (e) =>
        connection.console.error(`portguard: ${e.stack ?? e.message}`),
      );
      process.on('unhandledRejection', (e) => connection.console.error(`portguard: ${String(e)}`));
      startServer(connection);
      await new Promise<never>(() => {});
    },
  );
