// Cross-package tests run from sources; the "source" condition resolves workspace packages to src.
// exit: a leaked handle after a failure must fail CI, not hang it until its time limit.
module.exports = {
  exit: true,
  'node-option': ['conditions=source', 'import=tsx'],
  spec: ['e2e/**/*.test.ts'],
  timeout: 60000,
};
