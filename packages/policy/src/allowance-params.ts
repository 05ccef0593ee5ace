// The tenant allowances as admission sees them: a small cluster-scoped params CRD and the one object of it.
import type { Allowance, KubeObject, PortRange } from '@portguard/core';
import { POLICY_NAME, type PolicyOptions } from './options.js';

export const PARAMS_GROUP = 'portguard.dev';
export const PARAMS_VERSION = 'v1alpha1';
export const PARAMS_KIND = 'PortAllowances';
export const PARAMS_PLURAL = 'portallowances';

/** `team-*` → `^team-.*$`: the config's `*` globs as the RE2 regexes CEL's matches() takes. */
export function globToRegex(glob: string): string {
  return `^${glob
    .split('*')
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*')}$`;
}

/** One range as the params hold it: `min`/`max` as Gatekeeper's host-network-ports names them. */
export interface RangeParam {
  min: number;
  max: number;
  protocol: string;
}

/** One allowance as the params hold it: both the glob as written and the regex CEL matches. */
export interface AllowanceParam {
  tenant?: string;
  tenantRegex?: string;
  namespace?: string;
  namespaceRegex?: string;
  hostPorts: RangeParam[];
  nodePorts: RangeParam[];
  reason: string;
}

const range = (r: PortRange): RangeParam => ({ min: r.from, max: r.to, protocol: r.protocol });

export function allowanceParams(allow: readonly Allowance[]): AllowanceParam[] {
  return allow.map((a) => ({
    ...(a.tenant !== undefined
      ? { tenant: a.tenant, tenantRegex: globToRegex(a.tenant) }
      : { namespace: a.namespace, namespaceRegex: globToRegex(a.namespace!) }),
    hostPorts: a.hostPorts.map(range),
    nodePorts: a.nodePorts.map(range),
    reason: a.reason,
  }));
}

const rangeSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['min', 'max', 'protocol'],
    properties: {
      min: { type: 'integer', minimum: 1, maximum: 65535 },
      max: { type: 'integer', minimum: 1, maximum: 65535 },
      protocol: { type: 'string', enum: ['TCP', 'UDP', 'SCTP'] },
    },
  },
};

/** The CustomResourceDefinition of the params: cluster-scoped, so no tenant can write its own. */
export function paramsCrd(): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${PARAMS_PLURAL}.${PARAMS_GROUP}`,
      labels: { 'app.kubernetes.io/managed-by': 'portguard' },
    },
    spec: {
      group: PARAMS_GROUP,
      scope: 'Cluster',
      names: {
        kind: PARAMS_KIND,
        plural: PARAMS_PLURAL,
        singular: PARAMS_KIND.toLowerCase(),
        listKind: `${PARAMS_KIND}List`,
      },
      versions: [
        {
          name: PARAMS_VERSION,
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              description:
                'Host ports and node ports tenants may use, read by the portguard ValidatingAdmissionPolicy (kubectl portguard policy --engine vap).',
              properties: {
                spec: {
                  type: 'object',
                  properties: {
                    allow: {
                      type: 'array',
                      items: {
                        type: 'object',
                        required: ['reason'],
                        properties: {
                          tenant: { type: 'string' },
                          tenantRegex: { type: 'string' },
                          namespace: { type: 'string' },
                          namespaceRegex: { type: 'string' },
                          hostPorts: rangeSchema,
                          nodePorts: rangeSchema,
                          reason: { type: 'string' },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      ],
    },
  };
}

/** The one params object the binding names, holding every allowance of the config. */
export function paramsObject(options: PolicyOptions): KubeObject {
  return {
    apiVersion: `${PARAMS_GROUP}/${PARAMS_VERSION}`,
    kind: PARAMS_KIND,
    metadata: { name: POLICY_NAME, labels: { 'app.kubernetes.io/managed-by': 'portguard' } },
    spec: { allow: allowanceParams(options.allow ?? []) },
  };
}
