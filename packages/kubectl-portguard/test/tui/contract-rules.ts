// Test helper: scan with the contract's exposure rules only, so TUI tests do not move when posture rules change.
import { exposureRules, type ManifestObject } from '@portguard/core';
import { viewOf, type ClusterView } from '../../src/tui/findings-source.js';

export const EXPOSURE_RULES = exposureRules;

export function exposureView(objects: ManifestObject[]): ClusterView {
  return viewOf(objects, { rules: EXPOSURE_RULES });
}
