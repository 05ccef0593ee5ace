// IPv4 and IPv6 addresses inside CIDR blocks, for Capsule's `externalIPs.allowed`.

/** The address as a number and its width in bits, or undefined when it is not an IP. */
function parseIp(text: string): { value: bigint; bits: 32 | 128 } | undefined {
  const s = text.trim();
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (v4) {
    const parts = v4.slice(1).map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    return { value: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n), bits: 32 };
  }
  if (!s.includes(':') || !/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (g.includes('.')) {
        const tail = parseIp(g);
        if (!tail || tail.bits !== 32) return undefined;
        out.push(Number(tail.value >> 16n), Number(tail.value & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) out.push(parseInt(g, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return { value: all.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n), bits: 128 };
}

/**
 * True when `ip` lies in `cidr` (`10.0.0.0/24`, `2001:db8::/32`; a bare address is a /32 or
 * /128). Addresses of the other family, and text that is not an address, are never inside.
 */
export function cidrContains(cidr: string, ip: string): boolean {
  const [base, lenText] = cidr.trim().split('/');
  const net = parseIp(base);
  const addr = parseIp(ip);
  if (!net || !addr || net.bits !== addr.bits) return false;
  const len = lenText === undefined ? net.bits : Number(lenText);
  if (!Number.isInteger(len) || len < 0 || len > net.bits) return false;
  const shift = BigInt(net.bits - len);
  return net.value >> shift === addr.value >> shift;
}
