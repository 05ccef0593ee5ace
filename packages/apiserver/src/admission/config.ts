// ValidatingWebhookConfiguration objects: the defaults kube-apiserver stores and the checks it makes on create/update.
import { StatusError } from '../status.js';
import type { KubeObject } from '../store.js';

export const WEBHOOK_GROUP = 'admissionregistration.k8s.io';

/** Fills what kube-apiserver defaults in a v1 ValidatingWebhookConfiguration (in place). */
export function defaultWebhookConfiguration(obj: KubeObject): void {
  for (const h of Array.isArray(obj.webhooks) ? obj.webhooks : []) {
    if (!h || typeof h !== 'object') continue;
    h.failurePolicy ??= 'Fail';
    h.matchPolicy ??= 'Equivalent';
    h.namespaceSelector ??= {};
    h.objectSelector ??= {};
    h.timeoutSeconds ??= 10;
    for (const r of Array.isArray(h.rules) ? h.rules : [])
      if (r && typeof r === 'object') r.scope ??= '*';
    if (h.clientConfig?.service && typeof h.clientConfig.service === 'object')
      h.clientConfig.service.port ??= 443;
  }
}

/** Throws the 422 kube-apiserver answers for an invalid v1 ValidatingWebhookConfiguration. */
export function validateWebhookConfiguration(obj: KubeObject): void {
  const errors: string[] = [];
  const name = obj.metadata?.name;
  const hooks = Array.isArray(obj.webhooks) ? obj.webhooks : [];
  const seen = new Set<string>();
  hooks.forEach((h: KubeObject, i: number) => {
    const at = `webhooks[${i}]`;
    if (typeof h?.name !== 'string' || !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(h.name))
      errors.push(
        `${at}.name: Invalid value: ${JSON.stringify(h?.name ?? '')}: should be a domain with at least three segments separated by dots`,
      );
    else if (seen.has(h.name))
      errors.push(`${at}.name: Duplicate value: ${JSON.stringify(h.name)}`);
    else seen.add(h.name);
    if (!['None', 'NoneOnDryRun'].includes(h?.sideEffects))
      errors.push(
        h?.sideEffects === undefined
          ? `${at}.sideEffects: Required value: must specify one of None, NoneOnDryRun`
          : `${at}.sideEffects: Unsupported value: ${JSON.stringify(h.sideEffects)}: supported values: "None", "NoneOnDryRun"`,
      );
    if (!Array.isArray(h?.admissionReviewVersions) || h.admissionReviewVersions.length === 0)
      errors.push(`${at}.admissionReviewVersions: Required value: must specify one of v1, v1beta1`);
    const cc = h?.clientConfig ?? {};
    if ((cc.url === undefined) === (cc.service === undefined))
      errors.push(`${at}.clientConfig: Required value: exactly one of url or service is required`);
    if (typeof cc.url === 'string' && !cc.url.startsWith('https://'))
      errors.push(
        `${at}.clientConfig.url: Invalid value: ${JSON.stringify(cc.url)}: 'https' is the only allowed URL scheme`,
      );
    const t = h?.timeoutSeconds;
    if (t !== undefined && (!Number.isInteger(t) || t < 1 || t > 30))
      errors.push(
        `${at}.timeoutSeconds: Invalid value: ${t}: the timeout value must be between 1 and 30 seconds`,
      );
    if (h?.failurePolicy !== undefined && !['Ignore', 'Fail'].includes(h.failurePolicy))
      errors.push(
        `${at}.failurePolicy: Unsupported value: ${JSON.stringify(h.failurePolicy)}: supported values: "Fail", "Ignore"`,
      );
  });
  if (errors.length)
    throw new StatusError(
      422,
      `ValidatingWebhookConfiguration.admissionregistration.k8s.io "${name}" is invalid: ${errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`}`,
      { name, group: WEBHOOK_GROUP, kind: 'ValidatingWebhookConfiguration' },
    );
}
