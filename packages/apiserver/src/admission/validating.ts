// The validating admission dispatcher: every matching webhook of every ValidatingWebhookConfiguration, called in parallel.
import { randomUUID } from 'node:crypto';
import { StatusError } from '../status.js';
import type { KubeObject, Store } from '../store.js';
import { admissionReview, type AdmissionAttributes } from './attributes.js';
import { WebhookCallError, callWebhook, webhookTarget, type ServiceResolver } from './call.js';
import { WEBHOOK_GROUP } from './config.js';
import { webhookMatches } from './match.js';

/** kube-apiserver never sends the webhook configurations themselves to webhooks (no lock-out). */
const EXEMPT = new Set(['validatingwebhookconfigurations', 'mutatingwebhookconfigurations']);

/** A denial or fail-closed error of one webhook, kept in configuration order. */
type Outcome = { error?: StatusError };

export class ValidatingAdmission {
  constructor(
    private readonly store: Store,
    private readonly resolveService: ServiceResolver,
  ) {}

  /**
   * Calls each webhook that matches `a`; `warn` receives the warnings they return. Resolves when
   * all admit (or failed open), else rejects with the Status kube-apiserver answers.
   */
  async admit(a: AdmissionAttributes, warn: (text: string) => void): Promise<void> {
    if (a.resource.group === WEBHOOK_GROUP && EXEMPT.has(a.resource.plural)) return;
    const hooks = this.matching(a);
    if (hooks.length === 0) return;
    const outcomes = await Promise.all(hooks.map((h) => this.one(h, a, warn)));
    const failed = outcomes.find((o) => o.error);
    if (failed?.error) throw failed.error;
  }

  private matching(a: AdmissionAttributes): KubeObject[] {
    const t = this.store.typeOf(WEBHOOK_GROUP, 'v1', 'validatingwebhookconfigurations');
    if (!t) return [];
    const configs = this.store.page(t, undefined, () => true, 0).items;
    const namespaceLabels = (ns: string) => {
      const nsType = this.store.typeOf('', 'v1', 'namespaces')!;
      let labels: Record<string, string> = {};
      try {
        labels = this.store.get(nsType, undefined, ns).metadata?.labels ?? {};
      } catch {
        // a namespace not (yet) in the state: only the name label kube-apiserver adds
      }
      return { ...labels, 'kubernetes.io/metadata.name': ns };
    };
    return configs
      .sort((x, y) => String(x.metadata?.name).localeCompare(String(y.metadata?.name)))
      .flatMap((c) => (Array.isArray(c.webhooks) ? c.webhooks : []))
      .filter((h: KubeObject) => h && webhookMatches(h, a, namespaceLabels));
  }

  private async one(
    hook: KubeObject,
    a: AdmissionAttributes,
    warn: (text: string) => void,
  ): Promise<Outcome> {
    const name = String(hook.name);
    if (a.dryRun && !['None', 'NoneOnDryRun'].includes(hook.sideEffects))
      return {
        error: new StatusError(400, `admission webhook "${name}" does not support dry run`),
      };
    const timeoutSeconds = Number(hook.timeoutSeconds ?? 10);
    let response: KubeObject;
    try {
      const versions: unknown[] = hook.admissionReviewVersions ?? [];
      if (!versions.includes('v1'))
        throw new WebhookCallError(
          `webhook does not accept known AdmissionReview versions (this server speaks v1, the webhook accepts ${JSON.stringify(versions)})`,
        );
      const uid = randomUUID();
      const target = webhookTarget(hook.clientConfig ?? {}, timeoutSeconds, this.resolveService);
      const review = await callWebhook(
        target,
        hook.clientConfig?.caBundle,
        timeoutSeconds,
        admissionReview(a, uid),
      );
      response = verify(review, uid);
    } catch (e) {
      if (!(e instanceof WebhookCallError)) throw e;
      if (hook.failurePolicy === 'Ignore') return {};
      const message = `failed calling webhook "${name}": ${e.message}`;
      return {
        error: new StatusError(500, `Internal error occurred: ${message}`, {
          causes: [{ message }],
        }),
      };
    }
    for (const w of Array.isArray(response.warnings) ? response.warnings : [])
      if (typeof w === 'string') warn(w);
    if (response.allowed === true) return {};
    return { error: denial(name, response.status) };
  }
}

/** The `response` of a webhook's AdmissionReview, checked as kube-apiserver's VerifyAdmissionResponse does. */
function verify(review: KubeObject, uid: string): KubeObject {
  const bad = (why: string) => new WebhookCallError(`received invalid webhook response: ${why}`);
  if (review?.apiVersion !== 'admission.k8s.io/v1' || review?.kind !== 'AdmissionReview')
    throw bad(
      `expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got ${review?.apiVersion ?? ''}, Kind=${review?.kind ?? ''}`,
    );
  const r = review.response;
  if (!r || typeof r !== 'object') throw bad('the review has no response');
  if (r.uid !== uid) throw bad(`expected response.uid="${uid}", got "${r.uid ?? ''}"`);
  if (r.patch !== undefined) throw bad('validating webhooks may not return patches');
  return r;
}

/**
 * The Status of a denial, as kube-apiserver's webhook ToStatusErr builds it: the webhook's code
 * (400 when under 400), its reason (so `code: 403, reason: Forbidden` reads `Error from server
 * (Forbidden)` in kubectl) and `admission webhook "NAME" denied the request: MESSAGE`.
 */
export function denial(name: string, result: KubeObject | undefined): StatusError {
  const r = result && typeof result === 'object' ? result : {};
  const code = typeof r.code === 'number' && r.code >= 400 ? r.code : 400;
  const deniedBy = `admission webhook "${name}" denied the request`;
  const message = r.message
    ? `${deniedBy}: ${r.message}`
    : r.reason
      ? `${deniedBy}: ${r.reason}`
      : `${deniedBy} without explanation`;
  return new StatusError(code, message, r.details, typeof r.reason === 'string' ? r.reason : null);
}
