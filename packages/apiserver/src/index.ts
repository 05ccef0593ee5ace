// Public API of @portguard/apiserver: a small Kubernetes API server for tests and the --demo cluster.
export {
  startApiServer,
  type ApiServer,
  type ApiServerOptions,
  type Fault,
  type RequestRecord,
} from './server.js';
export type { UserSpec } from './auth.js';
export { Faults, verbOf, type FaultSpec, type FaultVerb } from './faults.js';
export { generateTls, type KeyPair, type TlsMaterial } from './tls.js';
export type { ServiceRef, ServiceResolver } from './admission/call.js';
export type { AdmissionAttributes, UserInfo } from './admission/attributes.js';
export type { KubeconfigOptions } from './kubeconfig.js';
export { microTime, type AuditLevel, type AuditOptions, type AuditRequest } from './audit-log.js';
export { Store, type KubeObject, type StoreEvent } from './store.js';
export { parseState, readState, StateError } from './state.js';
export { BUILTIN_TYPES, type ResourceType } from './resources.js';
export { demoState, DEMO_STATE_FILE } from './demo.js';
export { syntheticCluster, type SyntheticOptions } from './synthetic-cluster.js';
