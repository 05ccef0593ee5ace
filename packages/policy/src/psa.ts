// The `kubectl label` commands that turn on Pod Security Admission at baseline in tenant namespaces.
import { BLOCKING_LEVELS } from '@portguard/core';
import type { Action, PolicyOptions } from './options.js';

/** PSA's three modes; `deny` is `enforce`. */
const MODE: Record<Action, string> = { deny: 'enforce', warn: 'warn', audit: 'audit' };

/** A namespace to label; `labels` when its current labels are known (from a file or the cluster). */
export interface NamespaceInfo {
  name: string;
  labels?: Record<string, unknown>;
}

const EFFECT: Record<Action, string> = {
  deny: 'refuses',
  warn: 'warns the user about',
  audit: 'records in the audit log',
};

/** baseline is the lowest level that refuses hostPort, hostNetwork, hostPID and hostIPC. */
const LEVEL = 'baseline';

/**
 * One command per tenant namespace that does not already refuse host exposure in that mode.
 * A namespace at `restricted` is left alone (labelling it would weaken it). Where the labels are
 * unknown, the command has no `--overwrite`, so kubectl refuses rather than replaces a level.
 * Without namespaces: one command whose label selector picks every non-exempt namespace not
 * already at baseline or restricted (`notin` also matches namespaces without the label).
 */
export function generatePsaCommands(
  options: PolicyOptions,
  namespaces?: readonly NamespaceInfo[],
): string {
  const mode = MODE[options.action];
  const label = `pod-security.kubernetes.io/${mode}`;
  const lines = [
    `# Pod Security Admission at ${LEVEL}, ${mode} mode: ${EFFECT[options.action]} pods with hostPort, hostNetwork, hostPID or hostIPC.`,
    '# It does not cover Services: use --engine vap, kyverno or gatekeeper against NodePort Services and externalIPs.',
  ];
  if (!namespaces) {
    lines.push(
      `kubectl label --overwrite ns -l 'kubernetes.io/metadata.name notin (${options.exemptNamespaces.join(',')}),${label} notin (${BLOCKING_LEVELS.join(',')})' ${label}=${LEVEL}`,
    );
    return `${lines.join('\n')}\n`;
  }
  const seen = new Set<string>();
  let count = 0;
  for (const ns of namespaces) {
    if (seen.has(ns.name) || options.exemptNamespaces.includes(ns.name)) continue;
    seen.add(ns.name);
    const current = ns.labels?.[label];
    if (typeof current === 'string' && BLOCKING_LEVELS.includes(current)) continue;
    const overwrite = ns.labels ? ' --overwrite' : '';
    lines.push(`kubectl label${overwrite} ns ${ns.name} ${label}=${LEVEL}`);
    count++;
  }
  if (count === 0)
    lines.push(`# every tenant namespace already has ${label}=baseline or restricted`);
  return `${lines.join('\n')}\n`;
}
