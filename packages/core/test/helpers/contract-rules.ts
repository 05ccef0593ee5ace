// The nine rules of the contract's rule table (../shared/contract.md), which these tests pin down;
// meta.test.ts checks that core's exposure rules are exactly that table.
import { exposureRules } from '../../src/index.js';

export const CONTRACT_RULES: readonly string[] = exposureRules.map((r) => r.meta.name);
