// Port ranges as `.portguard.yaml` writes them: `8080`, `9000-9100`, `53/UDP`, `30000-30100/SCTP`.

export const PORT_PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export type PortProtocol = (typeof PORT_PROTOCOLS)[number];

/** An inclusive range of ports of one protocol; a single port has `from === to`. */
export interface PortRange {
  from: number;
  to: number;
  protocol: PortProtocol;
}

/** Why a written range cannot be used, in words that follow the key in a config error. */
export class PortRangeError extends Error {}

const SHAPE = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?(?:\/\s*([A-Za-z]+)\s*)?$/;

/**
 * Reads `9000-9100/UDP`. A port is 1–65535, a range's start is not above its end, the protocol
 * is TCP (the default), UDP or SCTP in any case. Numbers alone (`8080` unquoted in YAML) work too.
 */
export function parsePortRange(written: string | number): PortRange {
  const text = String(written);
  const m = SHAPE.exec(text);
  if (!m)
    throw new PortRangeError(
      `bad port range ${JSON.stringify(text)} (expected a port, a range like 9000-9100, optionally with /TCP, /UDP or /SCTP)`,
    );
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  for (const p of [from, to])
    if (p < 1 || p > 65535)
      throw new PortRangeError(`port ${p} in ${JSON.stringify(text)} is outside 1-65535`);
  if (from > to)
    throw new PortRangeError(
      `range ${JSON.stringify(text)} starts above its end (${from} > ${to})`,
    );
  const protocol = (m[3] ?? 'TCP').toUpperCase();
  if (!(PORT_PROTOCOLS as readonly string[]).includes(protocol))
    throw new PortRangeError(
      `unknown protocol ${JSON.stringify(m[3])} in ${JSON.stringify(text)} (expected TCP, UDP or SCTP)`,
    );
  return { from, to, protocol: protocol as PortProtocol };
}

/** `9000-9100`, `53/UDP`: TCP is left unsaid, as in the config. */
export function formatPortRange(r: PortRange): string {
  const ports = r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`;
  return r.protocol === 'TCP' ? ports : `${ports}/${r.protocol}`;
}

/** `9200`, `53/UDP`: a port the way messages name it. */
export function formatPort(port: number, protocol: string): string {
  return protocol === 'TCP' ? `${port}` : `${port}/${protocol}`;
}

export function rangeContains(r: PortRange, port: number, protocol: string): boolean {
  return r.protocol === protocol && port >= r.from && port <= r.to;
}

export function rangesOverlap(a: PortRange, b: PortRange): boolean {
  return a.protocol === b.protocol && a.from <= b.to && b.from <= a.to;
}
