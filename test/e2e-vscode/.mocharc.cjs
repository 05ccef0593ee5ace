// The code-server end-to-end test runs on its own (pnpm test:e2e-vscode): it installs code-server once.
module.exports = {
  'node-option': ['conditions=source', 'import=tsx'],
  spec: ['e2e-vscode/**/*.test.ts'],
  timeout: 600000,
};
