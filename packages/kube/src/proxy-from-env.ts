// Which proxy a request to the API server goes through: the kubeconfig's proxy-url, else HTTPS_PROXY/HTTP_PROXY unless NO_PROXY or loopback, as Go's net/http decides.
import { isIP } from 'node:net';

const get = (env: NodeJS.ProcessEnv, name: string) => env[name] ?? env[name.toLowerCase()];

/** Whether NO_PROXY (`host`, `.domain`, `*.domain`, `10.0.0.0/8`, `host:port`, `*`) exempts `url`. */
export function noProxyMatches(noProxy: string, url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const raw of noProxy.split(',')) {
    let entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    if (entry.includes('/') && isIP(host) === 4 && inCidr(host, entry)) return true;
    const m = /^(.*?)(?::(\d+))?$/.exec(entry)!;
    if (m[2] !== undefined && m[2] !== port) continue;
    entry = m[1].replace(/^\*\./, '.');
    if (entry === host) return true;
    if (entry.startsWith('.') ? host.endsWith(entry) : host.endsWith(`.${entry}`)) return true;
  }
  return false;
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  if (isIP(base) !== 4) return false;
  const n = (a: string) => a.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  const size = 2 ** (32 - Number(bits));
  return Math.floor(n(ip) / size) === Math.floor(n(base) / size);
}

/**
 * The proxy URL from the environment for `server`, or undefined: HTTPS_PROXY for https, HTTP_PROXY
 * for http, never for localhost or a loopback address, never when NO_PROXY matches.
 */
export function proxyFromEnv(server: string, env: NodeJS.ProcessEnv): string | undefined {
  const url = new URL(server);
  const proxy = get(env, url.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY');
  if (!proxy) return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.startsWith('127.') || host === '::1') return undefined;
  const noProxy = get(env, 'NO_PROXY');
  if (noProxy && noProxyMatches(noProxy, url)) return undefined;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}
