// Tests run from TypeScript sources: tsx compiles, the "source" condition resolves workspace packages to src.
// exit: a leaked handle after a failure must fail CI, not hang it until its time limit.
module.exports = {
  exit: true,
  'node-option': ['conditions=source', 'import=tsx'],
  spec: ['test/**/*.test.ts'],
  timeout: 20000,
};
