// Cross-package tests run from sources; the "source" condition resolves workspace packages to src.
module.exports = {
  'node-option': ['conditions=source', 'import=tsx'],
  spec: ['e2e/**/*.test.ts'],
  timeout: 60000,
};
