// Tests run from TypeScript sources: tsx compiles, the "source" condition resolves workspace packages to src.
module.exports = {
  'node-option': ['conditions=source', 'import=tsx'],
  spec: ['test/**/*.test.ts'],
  timeout: 10000,
};
