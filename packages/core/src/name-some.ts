// Names the first few objects of a conflict, so a port shared by thousands stays one readable line.

/** A finding lists at most this many related locations (the other sides of a conflict). */
export const MAX_RELATED = 10;

const MAX_NAMED = 3;

/**
 * `A, B` + ` of another tenant`, or `A, B, C and 7 more workloads of other tenants`
 * when there are more than three.
 */
export function nameSome(names: readonly string[], morePlural: string, suffix: string): string {
  return nameFirst(names.slice(0, MAX_NAMED), names.length, morePlural, suffix);
}

/** `nameSome` given only the first three names and how many there are in all. */
export function nameFirst(
  first: readonly string[],
  total: number,
  morePlural: string,
  suffix: string,
): string {
  const shown = first.slice(0, MAX_NAMED).join(', ');
  const more = total - MAX_NAMED;
  if (more > 0) return `${shown} and ${more} more ${morePlural}`;
  return suffix ? `${shown} ${suffix}` : shown;
}

export const NAMED = MAX_NAMED;
