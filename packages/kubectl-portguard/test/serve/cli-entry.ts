// The CLI as bin/kubectl-portguard runs it, from the TypeScript sources (serve's e2e tests spawn it).
import { main } from '../../src/main.js';

process.exitCode = await main({
  argv: process.argv.slice(2),
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
