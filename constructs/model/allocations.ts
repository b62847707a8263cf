import { existsSync, readFileSync } from 'fs';
import type { Problem } from './problems';
import type { Allocations } from './schema';

export type { AllocatedValue, Allocations } from './schema';

/**
 * Values the product allocates rather than reads from the file (BGP ASNs, tunnel inside
 * /30s, the node-id block of a stretched cluster's site), recorded per environment in
 * `environments/<file>.allocations.json` and committed, like a lockfile. Keys are ids,
 * never positions, so editing a list never moves a value: synth adds an entry the first
 * time it allocates one and reads it afterwards; an entry of a removed site or link
 * stays reserved until released with `npm run allocations -- release <key>`.
 */

/** The keys, one function per kind of value. */
export const allocationKey = {
  /** BGP ASN of a site's VPN gateway (transit gateway, Azure VPN gateway, Cloud Router). */
  asn: (site: string) => `asn/${site}`,
  /** Inside /30s of a link's tunnels, in tunnel order. */
  tunnels: (link: string) => `tunnels/${link}`,
  /** A stretched cluster's node-id block of one site: node.id = block * 1000 + role base + ordinal. */
  kraftSite: (cluster: string, site: string) => `kraft-site/${cluster}/${site}`,
  /** The site whose stack holds a cloud's estate dashboard. */
  dashboard: (cloud: string) => `dashboard/${cloud}`,
  /** Priority of the S3 replication rule that copies a stack's state into another region's store (analysis/plan/state-copies.ts). */
  stateCopy: (stack: string, site: string) => `state-copy/${stack}/${site}`,
} as const;

/** The values of one kind: `asn/fra` -> `fra`. */
export function entriesOf(
  a: Allocations | undefined,
  kind: 'asn' | 'tunnels' | 'kraft-site' | 'dashboard' | 'state-copy',
): Array<[string, Allocations[string]]> {
  return Object.entries(a ?? {})
    .filter(([k]) => k.startsWith(`${kind}/`))
    .map(([k, v]) => [k.slice(kind.length + 1), v]);
}

/** `environments/banking.yaml` -> `environments/banking.allocations.json`. */
export function allocationFileOf(environmentFile: string): string {
  return environmentFile.replace(/\.ya?ml$/, '') + '.allocations.json';
}

/** The file's text: keys sorted, one entry a line, so a new allocation is a one-line diff in review. */
export function renderAllocations(a: Allocations): string {
  const keys = Object.keys(a).sort();
  if (keys.length === 0) return '{}\n';
  return `{\n${keys.map((k) => `  ${JSON.stringify(k)}: ${JSON.stringify(a[k])}`).join(',\n')}\n}\n`;
}

/** Same entries, same values (order of keys ignored). */
export function sameAllocations(a: Allocations | undefined, b: Allocations | undefined): boolean {
  return renderAllocations(a ?? {}) === renderAllocations(b ?? {});
}

/** Keys whose value differs or that only one side has. */
export function changedKeys(before: Allocations | undefined, after: Allocations): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before?.[k]) !== JSON.stringify(after[k])).sort();
}

const KEY = /^(asn|tunnels|kraft-site|dashboard|state-copy)\/[^/\s]+(\/[^/\s]+)?$/;

/** Reads an allocation file; a missing file is an empty record (nothing allocated yet). */
export function readAllocations(file: string): { allocations: Allocations; problems: Problem[] } {
  if (!existsSync(file)) return { allocations: {}, problems: [] };
  const bad = (message: string): { allocations: Allocations; problems: Problem[] } => ({
    allocations: {},
    problems: [{ file, path: '', message, fix: 'restore the file from version control; it is written by synth, not by hand.' }],
  });
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return bad(`is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return bad('expected a JSON object of allocation entries.');
  for (const [k, v] of Object.entries(data)) {
    const ok =
      KEY.test(k) &&
      (k.startsWith('tunnels/')
        ? Array.isArray(v) && v.every((x) => typeof x === 'string')
        : k.startsWith('dashboard/')
          ? typeof v === 'string'
          : Number.isInteger(v));
    if (!ok) return bad(`entry ${JSON.stringify(k)}: ${JSON.stringify(v)} is not an allocation this version records.`);
  }
  return { allocations: data as Allocations, problems: [] };
}
