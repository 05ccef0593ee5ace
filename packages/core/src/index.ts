// Public API of @portguard/core: parse, scan, rules, config. Knows nothing of CLI, TUI or editor.
export * from './types.js';
export { atLeast, compareSeverity, isSeverity, shiftSeverity } from './severity.js';
export { formatPath, getAt } from './path.js';
export { parseManifests, isTemplate, type ParsedFile } from './parse/parse-manifests.js';
export { parseAfter } from './parse/parse-after.js';
export { scanManifests, type ScannedFile } from './parse/scan-manifests.js';
export { TRIGGER_WORDS } from './parse/prefilter.js';
export { rangeOf, offsetsOf, nodeAt, findPair, toSourceRange } from './parse/source-range.js';
export {
  refOf,
  findPodSpec,
  containersOf,
  isObject,
  labelsOf,
  annotationsOf,
  type PodSpecLocation,
} from './objects.js';
export { hostPortsOf, nodesCanOverlap } from './host-ports.js';
export { rules, exposureRules, postureRules, findRule } from './rules/index.js';
export { CLUSTER_API_VERSION, clusterObject, isClusterObject } from './cluster-object.js';
export {
  defineRule,
  docsUrl,
  DOCS_BASE_URL,
  type Rule,
  type RuleMeta,
  type Report,
  type RuleContext,
} from './rules/define-rule.js';
export {
  scanObjects,
  scanFiles,
  summarize,
  isContextObject,
  type ScanOptions,
  type FileInput,
} from './engine.js';
export {
  defaultConfig,
  DEFAULT_SYSTEM_NAMESPACES,
  DEFAULT_TENANT_LABELS,
  type PortguardConfig,
  type Exemption,
  type Allowance,
} from './config/config.js';
export { loadConfig, ConfigError } from './config/load-config.js';
export { allowanceSubject, ALLOW_KEYS } from './config/read-allowances.js';
export {
  parsePortRange,
  formatPortRange,
  formatPort,
  rangeContains,
  PORT_PROTOCOLS,
  PortRangeError,
  type PortRange,
  type PortProtocol,
} from './allowances/port-range.js';
export { cidrContains } from './allowances/cidr.js';
export { globsOverlap } from './allowances/glob-overlap.js';
export {
  capsuleTenantsByNamespace,
  isCapsuleTenant,
  CAPSULE_GROUP,
  CAPSULE_TENANT_LABEL,
  type CapsuleTenant,
} from './allowances/capsule.js';
export { allowanceLookup, type AllowanceLookup } from './allowances/lookup.js';
export { parseGatewayRef } from './config/gateway-ref.js';
export { findConfigFile, resolveConfig, CONFIG_FILE_NAMES } from './config/find-config.js';
export { IGNORE_ANNOTATION, IGNORE_REASON_ANNOTATION, annotationCovers } from './suppression.js';
export {
  tenantResolver,
  tenantFromLabels,
  hncRoot,
  HNC_TREE_LABEL,
  type TenantResolver,
} from './tenants.js';
export { isSystemNamespace, namespaceOf } from './posture/system-namespaces.js';
export { networkPoliciesByNamespace, BYPASSING_RULES } from './posture/network-policies.js';
export {
  serviceExposureBlockers,
  PORTGUARD_WEBHOOK_NAME,
  type Blocker,
  type ServiceExposureBlockers,
} from './posture/admission-control.js';
export { PSA_ENFORCE_LABEL, PSA_LEVELS, BLOCKING_LEVELS } from './posture/pod-security.js';
export {
  fixesFor,
  whyNoFix,
  ignoreAnnotationFix,
  applyEdits,
  fixText,
  FIXABLE_RULES,
  NO_PORTS_REASON,
  NO_GATEWAY_REASON,
  REMEDIATION_TARGETS,
  type TextEdit,
  type RemediationTarget,
  type FixSuggestion,
  type FixOptions,
  type GatewayRef,
  type FixTextOptions,
  type FixTextResult,
} from './fix/index.js';
export * from './rendered/index.js';
