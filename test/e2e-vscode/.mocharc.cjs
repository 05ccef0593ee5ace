// The code-server end-to-end test runs on its own (pnpm test:e2e-vscode): it installs code-server once.
// exit: a leaked handle after a failure must fail CI, not hang it until its time limit.
module.exports = {
  exit: true,
  'node-option': ['conditions=source', 'import=tsx'],
  spec: ['e2e-vscode/**/*.test.ts'],
  timeout: 600000,
};
