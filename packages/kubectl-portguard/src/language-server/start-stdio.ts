// Starts portguard's language server on a connection: loaded only by `language-server`, it carries vscode-languageserver.
import { createConnection, ProposedFeatures, type Connection } from 'vscode-languageserver/node.js';
import { startServer } from 'portguard-vscode';

/**
 * Serves LSP on `input`/`output` (the process's stdin and stdout; the process exits when input
 * ends), or, without them, on the transport process.argv names (`--node-ipc`, `--socket=N`).
 */
export function startLanguageServer(
  input?: NodeJS.ReadableStream,
  output?: NodeJS.WritableStream,
): Connection {
  const connection =
    input && output
      ? createConnection(ProposedFeatures.all, input, output)
      : createConnection(ProposedFeatures.all);
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
  return connection;
}
