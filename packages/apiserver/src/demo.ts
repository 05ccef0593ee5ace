// The built-in multi-tenant demo cluster that `kubectl portguard scan --demo` serves on loopback.
import { fileURLToPath } from 'node:url';
import { readState } from './state.js';
import type { KubeObject } from './store.js';

/** The demo state file; `demo/` sits beside both `src/` and `dist/`, so this works from either. */
export const DEMO_STATE_FILE = fileURLToPath(new URL('../demo/demo-cluster.yaml', import.meta.url));

/** The demo cluster's objects (a fresh copy each call). */
export function demoState(): KubeObject[] {
  return readState(DEMO_STATE_FILE);
}
