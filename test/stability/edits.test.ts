import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { planEstate, type EstatePlan } from '../../constructs/analysis/plan';
import { loadEnvironmentFile } from '../../constructs/model/environment-file';
import type { Environment } from '../../constructs/model/schema';
import { ESTATE_CHECKS } from '../../stacks/checks';
import { envOf } from '../helpers';

/**
 * The stability suite: realistic edits to every reference estate, compared at plan
 * level with the unedited estate (its committed allocations loaded, as synth does). An
 * edit may add or drop what it concerns; it must not re-address, renumber or move
 * anything else: no recorded allocation changes, no surviving topic, site, link or
 * node changes its address, id or stack. Full synths of a few edits are in
 * synth-edits.test.ts.
 */
const ENVIRONMENTS = join(__dirname, '..', '..', 'environments');
const FILES = ['automotive.yaml', 'banking.yaml', 'dev.yaml', 'public-sector.yaml', 'retail.yaml'];

type Data = Record<string, any>;
type Edit = { name: string; apply: (d: Data) => void };

const reference = (file: string): Environment => {
  const r = loadEnvironmentFile(join(ENVIRONMENTS, file), ESTATE_CHECKS);
  if (!r.env) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.env;
};
const at = <T>(list: T[], where: 'front' | 'middle' | 'end', item: T) =>
  list.splice(where === 'front' ? 0 : where === 'end' ? list.length : Math.floor(list.length / 2), 0, item);
const middle = <T>(list: T[]) => Math.floor((list.length - 1) / 2);
const valid = (d: Data) => {
  try {
    envOf(d);
    return true;
  } catch {
    return false;
  }
};

/** Edits that apply to an estate's data; each returns nothing when it does not apply. */
function editsOf(d: Data): Edit[] {
  const edits: Edit[] = [
    { name: 'reverse the sites', apply: (x) => x.sites.reverse() },
    { name: 'move the first site to the end', apply: (x) => x.sites.push(x.sites.shift()) },
    { name: 'reverse the topics', apply: (x) => x.topics.reverse() },
    { name: 'reverse the clusters', apply: (x) => x.clusters.reverse() },
  ];
  for (const where of ['front', 'middle', 'end'] as const) {
    const cloudSite = d.sites.find((s: Data) => s.cloud === 'aws' || s.cloud === 'gcp' || s.cloud === 'azure');
    edits.push({
      name: `add an unused ${cloudSite.cloud} site at the ${where}`,
      apply: (x) => at(x.sites, where, { ...cloudSite, id: `new-${where}`, cidr: '10.251.0.0/16', role: 'dr', alerts: undefined }),
    });
    const topic = d.topics[0];
    if (topic)
      edits.push({
        name: `add a topic at the ${where}`,
        apply: (x) => at(x.topics, where, { name: `added-${where}`, cluster: topic.cluster, partitions: topic.partitions ?? 3 }),
      });
  }
  // A topic that producers, pipelines or replication name cannot go; take the nearest one nothing names.
  const removable = (from: number) => {
    const order = d.topics
      .map((_: unknown, i: number) => i)
      .sort((a: number, b: number) => Math.abs(a - from) - Math.abs(b - from) || a - b);
    return order.find((i: number) => {
      const x = structuredClone(d);
      x.topics.splice(i, 1);
      return valid(x);
    });
  };
  for (const [name, from] of [
    ['first', 0],
    ['middle', middle(d.topics)],
    ['last', d.topics.length - 1],
  ] as const) {
    const i = d.topics.length > 1 ? removable(from) : undefined;
    if (i !== undefined)
      edits.push({ name: `remove the ${name} removable topic (${d.topics[i].name})`, apply: (x) => x.topics.splice(i, 1) });
  }
  edits.push({
    name: 'raise partitions and retention of the first topic',
    apply: (x) => {
      x.topics[0].partitions = (x.topics[0].partitions ?? 3) * 2;
      x.topics[0].retention = '30d';
    },
  });
  if ((d.links ?? []).length > 0) {
    edits.push({ name: 'reverse the links', apply: (x) => x.links.reverse() });
    edits.push({ name: 'remove the first link', apply: (x) => x.links.shift() });
    if (d.links.length > 2) edits.push({ name: 'remove the middle link', apply: (x) => x.links.splice(middle(x.links), 1) });
    const hub = d.links[0].between.find((id: string) => ['aws', 'gcp', 'azure'].includes(d.sites.find((s: Data) => s.id === id).cloud));
    for (const where of ['front', 'middle', 'end'] as const)
      edits.push({
        name: `add an onprem site and its link at the ${where}`,
        apply: (x) => {
          at(x.sites, where, { id: `plant-${where}`, cloud: 'onprem', region: 'onprem', role: 'dr', cidr: '10.252.0.0/24' });
          at(x.links, where, {
            id: `plant-${where}`,
            between: [hub, `plant-${where}`],
            publicIps: { [`plant-${where}`]: ['198.51.100.7'] },
          });
        },
      });
  }
  d.clusters.forEach((c: Data, i: number) => {
    if (c.sites.length > 1) edits.push({ name: `reverse the sites of cluster ${c.id}`, apply: (x) => x.clusters[i].sites.reverse() });
    if (c.kind === 'self-managed')
      edits.push({
        name: `brokers per site of ${c.id} 3 -> 4`,
        apply: (x) => (x.clusters[i].brokersPerSite = (c.brokersPerSite ?? 3) + 1),
      });
    if (c.kind === 'msk' && typeof c.brokers === 'number')
      edits.push({ name: `brokers of ${c.id} +3`, apply: (x) => (x.clusters[i].brokers = c.brokers + 3) });
  });
  (d.edgeFleets ?? []).forEach((f: Data, i: number) => {
    if (f.sites.length < 2) return;
    edits.push({ name: `reverse the sites of fleet ${f.id}`, apply: (x) => x.edgeFleets[i].sites.reverse() });
    edits.push({
      name: `remove the middle site of fleet ${f.id}`,
      apply: (x) => {
        const [gone] = x.edgeFleets[i].sites.splice(middle(f.sites), 1);
        // Its connectors go with it.
        if (x.connectors) x.connectors = x.connectors.filter((c: Data) => c.edgeSite !== gone.id);
      },
    });
    for (const where of ['front', 'end'] as const)
      edits.push({
        name: `add a site to fleet ${f.id} at the ${where}`,
        apply: (x) => {
          at(x.edgeFleets[i].sites, where, { ...f.sites[0], id: `n-${where}`, location: 'new site' });
          // A directly delivered site is also a site of the estate, with its own network.
          const declared = x.sites.find((s: Data) => s.id === f.sites[0].id);
          if (declared) at(x.sites, where, { ...declared, id: `n-${where}`, cidr: '10.253.0.0/24' });
        },
      });
  });
  return edits;
}

/** What must not move: per stable key, the value. */
function identity(plan: EstatePlan): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of plan.sites) {
    out.set(`site ${s.id}`, JSON.stringify({ subnets: s.subnets, gw: s.gatewaySubnet, cidr: s.cidr }));
    // A site whose last link is removed has no gateway; its ASN stays recorded (checked above).
    if (s.asn !== undefined) out.set(`asn ${s.id}`, String(s.asn));
  }
  for (const c of plan.clusters) {
    for (const t of c.topics) out.set(`topic ${c.id}/${t.name}`, `${c.topicsManagedIn} kafka_topic.${c.id}-${t.name}`);
    for (const n of c.nodes ?? []) out.set(`node ${c.id}/${n.dns}`, JSON.stringify({ id: n.nodeId, a: n.address, z: n.zone }));
    for (const p of c.parts.filter((x) => x.part === 'cluster')) out.set(`cluster ${c.id}@${p.site}`, p.stack);
  }
  for (const l of plan.links) out.set(`link ${l.id}`, JSON.stringify(l.tunnels.map((t) => [t.insideCidr, t.ends.map((e) => e.insideIp)])));
  for (const e of plan.edgeSites) out.set(`edge ${e.site}`, e.fleet);
  for (const s of plan.stacks) out.set(`stack ${s.id}`, s.role);
  return out;
}

describe.each(FILES)('stability of %s under edits', (file) => {
  const ref = reference(file);
  const before = planEstate(ref);
  const was = identity(before);
  const data = parse(readFileSync(join(ENVIRONMENTS, file), 'utf8')) as Data;

  it.each(editsOf(data).map((e) => [e.name, e] as const))('%s', (_, edit) => {
    const d = structuredClone(data);
    edit.apply(d);
    const env: Environment = { ...envOf(d), allocations: ref.allocations };
    const after = planEstate(env);
    // Recorded allocations never change; new keys may be added.
    for (const [k, v] of Object.entries(before.allocations)) expect([k, after.allocations[k]]).toEqual([k, v]);
    // Everything that survives the edit keeps its address, value and stack.
    const now = identity(after);
    const moved = [...was].filter(([k, v]) => now.has(k) && now.get(k) !== v).map(([k, v]) => `${k}: ${v} -> ${now.get(k)}`);
    expect(moved).toEqual([]);
    // Only what the edit removes disappears: stacks of surviving sites, clusters and fleets stay.
    const gone = [...was.keys()].filter((k) => k.startsWith('stack ') && !now.has(k));
    expect(gone).toEqual([]);
  });
});
