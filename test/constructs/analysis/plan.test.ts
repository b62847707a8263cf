import { join } from 'path';
import { environmentFiles, loadEnvironments } from '../../../constructs/model/environment-file';
import { ENVIRONMENT_CHECKS } from '../../../constructs/analysis/validate';
import { planEstate, type EstatePlan } from '../../../constructs/analysis/plan';
import { checkImplemented } from '../../../stacks/clusters';
import { isCloud } from '../../../constructs/analysis/links';
import { assessEnvironment, evaluateObjectives } from '../../../constructs/analysis/resilience';
import { placementOf, siteLosses } from '../../../constructs/analysis/quorum';
import { flowObjectives } from '../../../constructs/analysis/replication-link';

const { environments } = loadEnvironments(environmentFiles(join(__dirname, '..', '..', '..', 'environments')), [
  ...ENVIRONMENT_CHECKS,
  checkImplemented,
]);
const plans = new Map(environments.map(({ env }) => [env.name, planEstate(env)]));

/** Stacks in an order where each comes after its dependencies; throws on a cycle. */
function topological(plan: EstatePlan): string[] {
  const done: string[] = [];
  const visiting = new Set<string>();
  const visit = (id: string) => {
    if (done.includes(id)) return;
    if (visiting.has(id)) throw new Error(`dependency cycle through ${id}`);
    visiting.add(id);
    for (const d of plan.stacks.find((s) => s.id === id)!.dependsOn) visit(d.stack);
    visiting.delete(id);
    done.push(id);
  };
  for (const s of plan.stacks) visit(s.id);
  return done;
}

describe('planEstate over the reference estates', () => {
  it('plans all five', () => {
    expect([...plans.keys()].sort()).toEqual(['automotive', 'banking', 'dev', 'pubsec', 'retail']);
  });

  it.each([...plans.keys()])('%s: the plan is plain data (JSON round-trips) and planning twice gives the same plan', (name) => {
    const plan = plans.get(name)!;
    // An unbounded RPO or RTO is Infinity, which JSON has no literal for: carried as a string.
    const text = JSON.stringify(plan, (_k, v: unknown) => (v === Infinity ? 'Infinity' : v));
    expect(JSON.parse(text, (_k, v: unknown) => (v === 'Infinity' ? Infinity : v))).toEqual(plan);
    expect(planEstate(environments.find((e) => e.env.name === name)!.env)).toEqual(plan);
  });

  it.each([...plans.keys()])('%s: carries the resilience outcomes, objective results and flow objectives analysis computes', (name) => {
    const plan = plans.get(name)!;
    const outcomes = assessEnvironment(plan.env);
    expect(plan.resilience.outcomes).toEqual(outcomes);
    expect(plan.resilience.objectives).toEqual(evaluateObjectives(plan.env, outcomes));
    expect(plan.resilience.flows).toEqual(plan.replication.map((f) => ({ flow: f.id, ...flowObjectives(f, plan.env) })));
    expect(plan.policy).toEqual({ stage: plan.env.stage, suppressions: plan.env.policy?.suppressions ?? [] });
  });

  it.each([...plans.keys()])('%s: clusters whose nodes the estate runs carry their placement and quorum after each site loss', (name) => {
    const plan = plans.get(name)!;
    for (const c of plan.clusters) {
      const declared = plan.env.clusters.find((k) => k.id === c.id)!;
      if (!c.nodes) {
        expect(c.placement).toBeUndefined();
        continue;
      }
      expect(c.placement).toEqual(placementOf(plan.env, declared));
      expect(c.quorum).toEqual(siteLosses(placementOf(plan.env, declared), { replicationFactor: 3, minInsyncReplicas: 2 }));
      expect(c.sizing.partitions).toBe(c.topics.reduce((n, t) => n + t.partitions, 0));
    }
  });

  it.each([...plans.keys()])('%s: stacks, roles and dependencies with their reasons', (name) => {
    const plan = plans.get(name)!;
    expect(plan.stacks.map((s) => ({ id: s.id, role: s.role, domain: s.failureDomain, after: s.dependsOn }))).toMatchSnapshot();
  });

  it.each([...plans.keys()])('%s: every dependency names a stack of the plan, once, and there is no cycle', (name) => {
    const plan = plans.get(name)!;
    const ids = new Set(plan.stacks.map((s) => s.id));
    expect(ids.size).toBe(plan.stacks.length);
    for (const s of plan.stacks) {
      for (const d of s.dependsOn) {
        expect(ids).toContain(d.stack);
        expect(d.stack).not.toBe(s.id);
        expect(d.reason.length).toBeGreaterThan(10);
      }
      expect(new Set(s.dependsOn.map((d) => d.stack)).size).toBe(s.dependsOn.length);
    }
    expect(topological(plan)).toHaveLength(plan.stacks.length);
  });

  it.each([...plans.keys()])('%s: allocations for every site, link, node and cluster part', (name) => {
    const plan = plans.get(name)!;
    const ids = new Set(plan.stacks.map((s) => s.id));
    expect(plan.sites.map((s) => s.id)).toEqual(plan.env.sites.map((s) => s.id));
    for (const site of plan.sites) {
      expect(site.stacks[0]).toBe(`${name}-${site.id}`);
      for (const s of site.stacks) expect(ids).toContain(s);
      if (site.cloud === 'aws') expect(site.subnets).toHaveLength(3);
    }
    for (const link of plan.links) {
      expect(link.tunnels.length).toBeGreaterThan(0);
      for (const t of link.tunnels) expect(t.insideCidr).toMatch(/^169\.254\.\d+\.\d+\/30$/);
      for (const end of link.ends) {
        const site = plan.sites.find((s) => s.id === end.site.id)!;
        expect(site.asn).toBe(end.asn);
        if (site.cloud === 'azure') expect(site.gatewaySubnet).toMatch(/\/27$/);
      }
      const path = plan.paths.find((p) => p.id === `link:${link.id}`)!;
      expect(path.stacks).toHaveLength(link.ends.filter((e) => isCloud(e.site.cloud)).length);
      for (const s of path.stacks) expect(ids).toContain(s);
    }
    for (const c of plan.clusters) {
      for (const p of c.parts) expect(ids).toContain(p.stack);
      if (c.topics.length > 0) expect(ids).toContain(c.topicsManagedIn);
      if (c.kind === 'self-managed') {
        expect(c.nodes!.length).toBeGreaterThan(0);
        expect(new Set(c.nodes!.map((n) => n.nodeId)).size).toBe(c.nodes!.length);
        expect(new Set(c.nodes!.map((n) => n.address)).size).toBe(c.nodes!.length);
        expect(c.ports).toEqual({ controller: 9093, internal: 9094, client: 9096 });
      } else expect(c.nodes).toBeUndefined();
    }
    for (const f of plan.replication) expect(plan.paths.map((p) => p.id)).toContain(`replication:${f.id}`);
    for (const p of plan.paths) for (const s of p.stacks) expect(ids).toContain(s);
    for (const f of plan.files) expect(ids).toContain(f.stack);
    expect(new Set(plan.files.map((f) => f.path)).size).toBe(plan.files.length);
  });
});

describe('planEstate on small estates', () => {
  const base = environments.find((e) => e.env.name === 'banking')!.env;

  it('keys each stack state by its id in the declared backend', () => {
    const plan = planEstate({ ...base, backend: { type: 's3', bucket: 'state', region: 'eu-central-1' } } as typeof base);
    expect(plan.stacks[0].backend).toEqual({
      type: 's3',
      cloud: 'aws',
      bucket: 'state',
      key: `banking/${plan.stacks[0].id}.tfstate`,
      region: 'eu-central-1',
    });
    const local = planEstate({ ...base, backend: undefined });
    expect(local.stacks[0].backend).toEqual({ type: 'local', path: `../../../state/${local.stacks[0].id}.tfstate` });
  });

  it('gives a topics stack only to sites whose clusters have topics managed over the admin API', () => {
    const plan = planEstate({ ...base, topics: [] });
    expect(plan.stacks.filter((s) => s.role === 'topics')).toEqual([]);
    expect(plan.clusters.every((c) => c.topicsManagedIn === undefined && !c.parts.some((p) => p.part === 'topics'))).toBe(true);
  });
});
