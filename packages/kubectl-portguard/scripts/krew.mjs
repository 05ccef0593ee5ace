// The krew `Plugin` manifest (dist/portguard.yaml) for the single executable's archive.
import { stringify } from 'yaml';

/** Where a release's archive is downloaded from: the GitHub release of the tag `v<version>`. */
export function releaseUrl(version, archive) {
  return `https://github.com/portguard/portguard/releases/download/v${version}/${archive}`;
}

/**
 * The manifest as krew's index checks it (krew `pkg/index/validation`): `metadata.name` is the
 * file's name, `spec.version` a `v`-semver, a selector per platform, `uri`, `sha256`, `files`, `bin`.
 */
export function krewManifest({ version, archive, sha256, uri = releaseUrl(version, archive) }) {
  return {
    apiVersion: 'krew.googlecontainertools.github.com/v1alpha2',
    kind: 'Plugin',
    metadata: { name: 'portguard' },
    spec: {
      version: `v${version}`,
      homepage: 'https://github.com/portguard/portguard',
      shortDescription: 'Find and fix hostPort and NodePort exposures',
      description: [
        'Finds the ports that tenants open on the nodes of a shared cluster: hostPort,',
        'hostNetwork, hostPID and hostIPC, Services of type NodePort (and LoadBalancer',
        'Services that still allocate node ports) and externalIPs (CVE-2020-8554), and',
        'tenants colliding on the same host or node port. Scans manifests (-f), rendered',
        'Kustomize and Helm output, or live clusters; prints table, JSON, SARIF or JUnit;',
        'fixes manifests (a hostPort becomes a ClusterIP Service, an Ingress or a',
        'Gateway API HTTPRoute); generates admission policies (ValidatingAdmissionPolicy,',
        'Kyverno, Gatekeeper, Pod Security); and serves an interactive TUI and a',
        'language server for editors.',
        '',
      ].join('\n'),
      caveats: [
        'Scan the current cluster, or the built-in demo cluster, or manifests:',
        '  kubectl portguard scan -A',
        '  kubectl portguard scan --demo',
        '  kubectl portguard scan -f deploy/ -R',
        '',
        'Reading a cluster needs get/list on the workloads, Services and Namespaces.',
        'The language server for editors is `kubectl-portguard language-server --stdio`.',
        'The executable unpacks its code once into ~/.cache/portguard.',
        '',
      ].join('\n'),
      platforms: [
        {
          selector: { matchLabels: { os: 'linux', arch: 'amd64' } },
          uri,
          sha256,
          files: [
            { from: 'kubectl-portguard', to: '.' },
            { from: 'kubectl_complete-portguard', to: '.' },
            { from: 'LICENSE', to: '.' },
          ],
          bin: 'kubectl-portguard',
        },
      ],
    },
  };
}

export function krewManifestYaml(options) {
  return stringify(krewManifest(options), { lineWidth: 0 });
}
