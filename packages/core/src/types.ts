// The data that flows through the engine: objects in, findings out.
import type { Document, LineCounter, Node } from 'yaml';

export const SEVERITIES = ['high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One step of a field path: a map key or a sequence index. */
export type PathSegment = string | number;

/** Identity of a Kubernetes object, as the contract's JSON shows it. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** A 1-based line and column, as editors and SARIF count them. */
export interface Position {
  line: number;
  column: number;
}

/** Where a node sits in its file: 1-based positions plus the 0-based offsets [start, end). */
export interface SourceRange {
  start: Position;
  end: Position;
  offset: [number, number];
}

/** The parsed text of one manifest file; ranges of every object point into `text`. */
export interface SourceFile {
  file: string;
  text: string;
  lineCounter: LineCounter;
}

/** Where an object came from when it was read from a file. */
export interface ObjectSource {
  file: SourceFile;
  /** The YAML document that holds the object (one per `---`). */
  document: Document;
  /** Index of that document in the file, 0-based. */
  documentIndex: number;
  /** The object's own node: the document root, or an item of a `kind: List`. */
  node: Node;
  /**
   * Offsets [start, end) of what a finding at `path` points at, found without building `node`
   * (documents the fast reader read); undefined where `node` must tell.
   */
  locate?(path: readonly PathSegment[]): [number, number] | undefined;
}

/** A Kubernetes object as the rules see it: the plain value, its identity and (for files) its source. */
export interface ManifestObject {
  value: KubeObject;
  ref: ObjectRef;
  source?: ObjectSource;
  /** `file` objects trust their own annotations; `cluster` objects only with --trust-object-annotations. */
  origin: 'file' | 'cluster';
  /** For a controller in a live cluster: how many pods it owns (findings are reported once on it). */
  podCount?: number;
}

/** A loosely-typed Kubernetes object; rules read it defensively. */
export type KubeObject = Record<string, any>;

/** Another place that takes part in a finding, e.g. the other side of a port conflict. */
export interface RelatedLocation {
  object: ObjectRef;
  path: string;
  message: string;
  file?: string;
  range?: SourceRange;
}

export interface Suppression {
  /** `inSource`: an annotation on the object or its namespace; `external`: the config file. */
  kind: 'inSource' | 'external';
  reason?: string;
}

/**
 * The tenant allowance a finding was judged against: inside it the finding is suppressed with
 * its reason; outside it (or where a Capsule Tenant forbids) the message says which one it missed.
 */
export interface AllowanceNote {
  /** `tenant shop's allowed 9000-9100`, `Tenant shop forbids NodePort Services`. */
  text: string;
  /** True when the port (or address) is inside the allowance, so the finding is suppressed. */
  inside: boolean;
  /** True where a Capsule Tenant forbids the kind of Service outright. */
  forbidden?: boolean;
  reason?: string;
  /** Where it is written: `.portguard.yaml:4`, or `Tenant shop` for a Capsule Tenant. */
  origin: string;
}

/** How an object was rendered before it was scanned: by kustomize (from a folder) or by helm. */
export interface RenderedBy {
  by: 'kustomize' | 'helm';
  /** The kustomization folder or chart, as the user named it. */
  from?: string;
  /** The name the rendered text was scanned under (`<stdin>`, the folder): groups an object's findings. */
  input: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  object: ObjectRef;
  /** Dotted field path, e.g. `spec.template.spec.containers[0].ports[0].hostPort`. */
  path: string;
  pathSegments: PathSegment[];
  tenant?: string;
  /** In a system namespace (kube-system, config `systemNamespaces`): reported apart, one severity lower. */
  system?: boolean;
  file?: string;
  range?: SourceRange;
  /** Set when the object was rendered: `file` and `range` then point at the source it came from. */
  rendered?: RenderedBy;
  related?: RelatedLocation[];
  podCount?: number;
  suppressed?: Suppression;
  /** The tenant allowance that decided it, inside (suppressed) or out. */
  allowance?: AllowanceNote;
  /** Rule-specific facts a fixer or UI can use (port numbers, container names…). */
  data?: Record<string, unknown>;
  /** The kubeconfig context the object was read from, in a scan of several clusters. */
  cluster?: string;
}

/** A problem reading input: the file, the 1-based line where known, and what is wrong. */
export interface InputError {
  file: string;
  line?: number;
  column?: number;
  message: string;
  /** In a scan of several clusters: the context that could not be scanned (`file` is then `cluster NAME`). */
  cluster?: string;
}

/** A file that was deliberately not scanned (a Helm template) and why. */
export interface SkippedFile {
  file: string;
  reason: string;
}

export interface ScanSummary {
  objects: number;
  findings: number;
  suppressed: number;
  bySeverity: Record<Severity, number>;
  /** In a scan of several clusters: each context's own counts, beside the totals. */
  clusters?: Record<string, Omit<ScanSummary, 'clusters'>>;
}

export interface ScanResult {
  findings: Finding[];
  suppressed: Finding[];
  objects: ManifestObject[];
  errors: InputError[];
  skipped: SkippedFile[];
  summary: ScanSummary;
}
