// The shape of a rule and the helper that gives it types and its docs URL.
import type { AllowanceLookup } from '../allowances/lookup.js';
import type { AllowanceNote, ManifestObject, PathSegment, Severity } from '../types.js';

/** Every rule's doc lives at docs/rules/<name>.md; this is the one place its URL is built. */
export const DOCS_BASE_URL = 'https://github.com/portguard/portguard/blob/main/docs/rules/';

export function docsUrl(rule: string): string {
  return `${DOCS_BASE_URL}${rule}.md`;
}

export interface RuleMeta {
  /** Stable ID, kebab-case, the same as the file name. */
  name: string;
  severity: Severity;
  /** One line, shown by `kubectl portguard rules`. */
  description: string;
  /** Why it matters in a multi-tenant cluster. */
  rationale: string;
  /** CIS / Pod Security Standards / CVE references. */
  references: string[];
  /** True when the fix engine has a remediation for this rule. */
  fixable: boolean;
}

/** A place in another object that takes part in a finding (the other side of a conflict). */
export interface RelatedReport {
  object: ManifestObject;
  path: PathSegment[];
  message: string;
}

/** What a rule reports: one object, never positional arguments. */
export interface Report {
  object: ManifestObject;
  path: PathSegment[];
  message: string;
  related?: RelatedReport[];
  /** Facts for fixers and UIs (port, container name…). */
  data?: Record<string, unknown>;
  /** The tenant allowance the rule judged this against; `inside` makes it a suppressed finding. */
  allowance?: AllowanceNote;
  /** `cluster`: about the whole cluster (admission control), so no tenant and no system shift. */
  scope?: 'cluster';
}

export interface RuleContext {
  report(report: Report): void;
  /** The tenant that owns a namespace (the namespace itself when no tenant label says otherwise). */
  tenantOf(namespace: string | undefined): string | undefined;
  /** True for the platform's own namespaces (config `systemNamespaces`). */
  isSystemNamespace?(namespace: string | undefined): boolean;
  /** Tenant port allowances (`allow:` in the config, Capsule Tenants); absent means none. */
  allowances?: AllowanceLookup;
  /** The name of the cluster scanned (the kubeconfig context; `-` for files). */
  clusterName?: string;
}

interface RuleBase {
  meta: RuleMeta & { docsUrl: string };
}

/** Looks at one object at a time. */
export interface ObjectRule extends RuleBase {
  scope: 'object';
  check(object: ManifestObject, context: RuleContext): void;
}

/** Looks at the whole set of objects at once (conflicts between tenants). */
export interface SetRule extends RuleBase {
  scope: 'set';
  checkAll(objects: readonly ManifestObject[], context: RuleContext): void;
}

export type Rule = ObjectRule | SetRule;

type RuleInput =
  | { meta: RuleMeta; check(object: ManifestObject, context: RuleContext): void }
  | { meta: RuleMeta; checkAll(objects: readonly ManifestObject[], context: RuleContext): void };

/** Declares a rule; the docs URL comes from its name. */
export function defineRule(input: RuleInput): Rule {
  const meta = { ...input.meta, docsUrl: docsUrl(input.meta.name) };
  if ('check' in input) return { meta, scope: 'object', check: input.check };
  return { meta, scope: 'set', checkAll: input.checkAll };
}
