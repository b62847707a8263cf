import { Address4 } from 'ip-address';

/** An IPv4 network as a closed integer range; parsing goes through ip-address. */
export interface Ipv4Range {
  readonly cidr: string;
  readonly first: bigint;
  readonly last: bigint;
  readonly prefix: number;
}

export function isIpv4Cidr(cidr: string): boolean {
  if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(cidr)) return false;
  return Address4.isValid(cidr);
}

/**
 * Ranges parsed so far, by CIDR text. The checks, the plan and the stacks ask about the
 * same few ranges again and again (every overlap check of every link, every subnet cut),
 * and ip-address's parsing was a sixth of the CPU time of validating and planning an
 * estate (the property tests' profile). A range is frozen, so a caller cannot change
 * what the next one reads. Bounded: cleared once it holds 10,000 ranges.
 */
const parsed = new Map<string, Ipv4Range>();

export function parseCidr(cidr: string): Ipv4Range {
  const known = parsed.get(cidr);
  if (known) return known;
  const a = new Address4(cidr);
  const range: Ipv4Range = Object.freeze({
    cidr,
    first: a.startAddress().bigInt(),
    last: a.endAddress().bigInt(),
    prefix: a.subnetMask,
  });
  if (parsed.size >= 10_000) parsed.clear();
  parsed.set(cidr, range);
  return range;
}

/** An address as dotted decimal, as ip-address's correctForm() writes an IPv4 address (no leading zeros). */
function dotted(address: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((address >> shift) & 255n)).join('.');
}

/** The network address a CIDR should be written with (10.0.0.5/16 -> 10.0.0.0/16). */
export function canonicalCidr(cidr: string): string {
  const r = parseCidr(cidr);
  return `${dotted(r.first)}/${r.prefix}`;
}

export function cidrsOverlap(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  return x.first <= y.last && y.first <= x.last;
}

export function cidrContains(outer: string, inner: string): boolean {
  const o = parseCidr(outer);
  const i = parseCidr(inner);
  return o.first <= i.first && i.last <= o.last;
}

/**
 * Prefix of the private subnets cut from the front of a cloud site's range: four bits
 * longer than the range (room for later subnets: endpoints, connectors), /28 at most.
 * KafkaNetwork, GcpNetwork, the Azure site network and the KRaft node plan all cut this.
 */
export function siteSubnetPrefix(rangePrefix: number): number {
  return Math.min(rangePrefix + 4, 28);
}

/**
 * The `index`-th subnet of `newPrefix` bits inside `cidr` (like Terraform's cidrsubnet,
 * but resolved at synth so addresses are part of the reviewed plan).
 */
export function subnet(cidr: string, newPrefix: number, index: number): string {
  const r = parseCidr(cidr);
  if (newPrefix < r.prefix || newPrefix > 32) {
    throw new Error(`cannot cut /${newPrefix} subnets out of ${cidr}; cut a prefix from ${r.prefix} to 32, or start from a larger range.`);
  }
  const size = 1n << BigInt(32 - newPrefix);
  const count = 1n << BigInt(newPrefix - r.prefix);
  if (BigInt(index) >= count || index < 0) {
    throw new Error(`${cidr} holds ${count} /${newPrefix} subnets; index ${index} is outside, so use a larger range or fewer subnets.`);
  }
  return `${dotted(r.first + size * BigInt(index))}/${newPrefix}`;
}

/** The `offset`-th host address in a CIDR (offset 0 is the network address). */
export function hostAddress(cidr: string, offset: number): string {
  const r = parseCidr(cidr);
  const addr = r.first + BigInt(offset);
  if (addr > r.last) throw new Error(`${cidr} has no host at offset ${offset}; use a range of more than ${offset + 1} addresses.`);
  return dotted(addr);
}
