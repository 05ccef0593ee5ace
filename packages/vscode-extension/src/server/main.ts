// Entry point of portguard-language-server: --stdio (or --node-ipc, --socket=N, as vscode-languageserver reads argv).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { startServer } from './server.js';
import { restartWithServerFlags } from './restart-with-flags.js';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(
    'usage: portguard-language-server --stdio | --node-ipc | --socket=PORT\n' +
      'Speaks the Language Server Protocol; diagnostics and quick-fixes for Kubernetes manifests.\n',
  );
  process.exit(0);
}
if (
  !args.some(
    (a) =>
      a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'),
  )
) {
  process.stderr.write(
    'portguard-language-server: say how to talk: --stdio, --node-ipc or --socket=PORT\n',
  );
  process.exit(2);
}

if (!restartWithServerFlags(args.includes('--stdio'))) {
  const connection = createConnection(ProposedFeatures.all);
  // Whatever a person types must not kill the server: log and keep serving.
  process.on('uncaughtException', (e) =>
    connection.console.error(`portguard: ${e.stack ?? e.message}`),
  );
  process.on('unhandledRejection', (e) => connection.console.error(`portguard: ${String(e)}`));
  startServer(connection);
}
