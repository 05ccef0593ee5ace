// `HOST:PORT` flags (`:9090`, `127.0.0.1:0`, `[::1]:8443`) as node's listen() takes them, and listening on one.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ListenAddress {
  /** undefined: every interface (`:9090`). */
  host?: string;
  port: number;
}

/** Parses `HOST:PORT`; throws an Error whose message names the flag's value and the problem. */
export function parseListenAddress(value: string): ListenAddress {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(value);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535)
    throw new Error(`"${value}" is not HOST:PORT (e.g. :9090 or 127.0.0.1:9090)`);
  const host = m[1] ?? m[2];
  return { host: host === '' ? undefined : host, port };
}

/** `http://HOST:PORT` of a listening server's address, with a loopback host for `::`/`0.0.0.0`. */
export function urlOf(
  scheme: 'http' | 'https',
  address: { address: string; port: number },
): string {
  const host =
    address.address === '::' || address.address === '0.0.0.0'
      ? '127.0.0.1'
      : address.address.includes(':')
        ? `[${address.address}]`
        : address.address;
  return `${scheme}://${host}:${address.port}`;
}

/** A server listening on its address, its URL, and a close that also drops kept-alive connections. */
export interface Listening<S extends Server> {
  server: S;
  url: string;
  close(): Promise<void>;
}

/** Starts `server` on `address`; a busy port or a bad host rejects with node's error. */
export async function listenOn<S extends Server>(
  server: S,
  address: ListenAddress,
  scheme: 'http' | 'https',
): Promise<Listening<S>> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    url: urlOf(scheme, server.address() as AddressInfo),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
