// Reads port numbers and protocols the way the API server means them, from loosely-typed objects.

/**
 * The port a field asks for, or undefined when it asks for none: integers and digit strings
 * (Helm charts often quote them: `hostPort: "8080"`) above 0. `0`, `true`, `80.5`, `http` are not
 * ports, so PSS's "hostPort 0 or unset is allowed" holds.
 */
export function portNumber(value: unknown): number | undefined {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*\d+\s*$/.test(value)
        ? Number(value)
        : NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** `TCP`, `UDP` or `SCTP`, upper-cased as the API server compares them; `TCP` when unset. */
export function protocolOf(value: unknown): string {
  return typeof value === 'string' && value.trim() ? value.trim().toUpperCase() : 'TCP';
}

/** A hostIP that binds every address (unset, empty, `0.0.0.0`, `::`) is no restriction. */
export function specificHostIP(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const ip = value.trim();
  return ip === '' || ip === '0.0.0.0' || ip === '::' ? undefined : ip;
}
