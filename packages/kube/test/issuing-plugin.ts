// An exec credential plugin for tests: prints the token its issuer file holds, and counts its runs.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { startApiServer, type ApiServer } from '@portguard/apiserver';
import { writeTemp } from './fixtures.js';

/** The token the plugin's user starts with, and the one an issuer hands out after revoking it. */
export const FIRST = 'first-token-0123456789';
export const SECOND = 'second-token-9876543210';

/** The API server over HTTPS with `state` and one user, `plugin`, whose token is FIRST. */
export function startPluginServer(state: string): Promise<ApiServer> {
  return startApiServer({ state, https: true, users: [{ name: 'plugin', token: FIRST }] });
}

let plugins = 0;
/**
 * An exec plugin that prints the token in its `issuer` file (as a cloud CLI asks its identity
 * service each run) and counts its runs. `expiry: false` sends no expirationTimestamp.
 */
export function issuingPlugin(token: string, expiry = true) {
  const id = `plugin-${++plugins}`;
  const issuer = writeTemp(`${id}.issuer`, token);
  const count = writeTemp(`${id}.count`, '');
  const exp = expiry
    ? `,"expirationTimestamp":"${new Date(Date.now() + 3600_000).toISOString()}"`
    : '';
  const script = writeTemp(
    `${id}.sh`,
    `#!/bin/sh
echo run >> '${count}'
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"${exp.replace(/%/g, '%%')}}}' "$(cat '${issuer}')"
`,
  );
  chmodSync(script, 0o755);
  return {
    script,
    issue: (t: string) => writeFileSync(issuer, t),
    runs: () => readFileSync(count, 'utf8').split('\n').filter(Boolean).length,
  };
}
