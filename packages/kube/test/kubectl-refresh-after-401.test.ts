// The real kubectl and portguard's scan side by side, with an exec plugin whose token the API server revokes mid-run.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import type { ApiServer } from '@portguard/apiserver';
import { defaultConfig } from '@portguard/core';
import { scanLiveCluster } from '../src/scan-live.js';
import { writeTemp } from './fixtures.js';
import { FIRST, issuingPlugin, SECOND, startPluginServer } from './issuing-plugin.js';

const STATE = `
apiVersion: v1
kind: Pod
metadata: {name: probe, namespace: web}
spec: {hostNetwork: true, containers: [{name: p, image: p}]}
`;

interface Outcome {
  ok: boolean;
  /** The last line of stderr on failure. */
  error?: string;
  runs: number;
  /** 401 answers the server sent. */
  refused: number;
}

interface Case {
  name: string;
  /** Where the token is revoked: as the first request arrives, or the list of pods. */
  at: 'first request' | '/api/v1/pods';
  /** Whether the plugin hands out a new token once the old one is revoked. */
  reissues: boolean;
  kubectl: (o: Outcome) => void;
  portguard: (o: Outcome) => void;
}

const UNAUTHORIZED = /rejected the credentials \(401 Unauthorized\)$/;
const cases: Case[] = [
  {
    name: 'revoked as the first request arrives, then reissued',
    at: 'first request',
    reissues: true,
    // Both: that request is refused, the plugin runs again, the rest use the new token.
    kubectl: (o) => assert.deepEqual([o.ok, o.runs, o.refused], [true, 2, 1], o.error),
    portguard: (o) => assert.deepEqual([o.ok, o.runs, o.refused], [true, 2, 1], o.error),
  },
  {
    name: 'revoked as the list of pods arrives, then reissued',
    at: '/api/v1/pods',
    reissues: true,
    // kubectl runs the plugin again but fails the refused list; portguard sends it again (and
    // the lists it had in flight with the old token: one plugin run for all of them).
    kubectl: (o) => {
      assert.deepEqual([o.ok, o.runs, o.refused], [false, 2, 1]);
      assert.match(o.error!, /^error: You must be logged in to the server \(Unauthorized\)$/);
    },
    portguard: (o) => {
      assert.deepEqual([o.ok, o.runs], [true, 2], o.error);
      assert.ok(o.refused >= 1);
    },
  },
  {
    name: 'revoked at once, and the plugin keeps handing it out',
    at: 'first request',
    reissues: false,
    // kubectl runs the plugin again for each refused request until its retries end;
    // portguard runs it again once.
    kubectl: (o) => {
      assert.equal(o.ok, false);
      assert.ok(o.refused > 1);
      assert.equal(o.runs, o.refused + 1);
      assert.match(o.error!, /^error: You must be logged in to the server/);
    },
    portguard: (o) => {
      assert.deepEqual([o.ok, o.runs], [false, 2]);
      assert.match(o.error!, UNAUTHORIZED);
    },
  },
];

function kubectl(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', args, { env });
    let stderr = '';
    child.stdout.resume();
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

describe('refresh after 401: the real kubectl and portguard', function () {
  this.timeout(30_000);
  let server: ApiServer;
  let n = 0;
  beforeEach(async () => {
    server = await startPluginServer(STATE);
  });
  afterEach(() => server.close());

  /** Sets the case up on a fresh plugin; returns its kubeconfig and how to read the outcome. */
  const arrange = (c: Case) => {
    const p = issuingPlugin(FIRST);
    const off = server.onRequest((r) => {
      if (c.at !== 'first request' && r.path !== c.at) return;
      off();
      server.rotateToken('plugin', SECOND);
      if (c.reissues) p.issue(SECOND);
    });
    const from = server.requests.length;
    const kubeconfig = writeTemp(
      `kubectl-401-${++n}/config`,
      server.kubeconfig('plugin', { exec: { command: p.script } }),
    );
    const outcome = (ok: boolean, error?: string): Outcome => ({
      ok,
      error,
      runs: p.runs(),
      refused: server.requests.slice(from).filter((r) => r.status === 401).length,
    });
    return { kubeconfig, outcome };
  };

  for (const c of cases) {
    it(`kubectl: ${c.name}`, async () => {
      const { kubeconfig, outcome } = arrange(c);
      // A fresh HOME: no discovery cache, so kubectl asks the server as a first run does.
      const env = { PATH: process.env.PATH, HOME: dirname(kubeconfig), KUBECONFIG: kubeconfig };
      const run = await kubectl(['get', 'pods', '-A'], env);
      c.kubectl(outcome(run.status === 0, run.stderr.trim().split('\n').at(-1)));
    });

    it(`portguard: ${c.name}`, async () => {
      const { kubeconfig, outcome } = arrange(c);
      const error = await scanLiveCluster(
        { kubeconfig, allNamespaces: true, env: {} },
        { config: defaultConfig(), trustObjectAnnotations: false },
      ).then(
        () => undefined,
        (e: Error) => e.message,
      );
      c.portguard(outcome(error === undefined, error));
    });
  }
});
