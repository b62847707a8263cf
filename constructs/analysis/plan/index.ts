import { parseCidr, subnet } from '../../model/cidr';
import { topicsOf } from '../../model/defaults';
import { stackId } from '../../model/naming';
import type { Cluster, EdgeFleet, Environment, Site } from '../../model/schema';
import { bootstrapStores, describeStore, stackBackend, stateHome, storeOf } from './state';
import { planStateCopies, stretchedTopicsHome } from './state-copies';
import { planAllocations } from '../allocations';
import { alertsFor, planAlarms, watchObjectives } from '../alarms';
import { planConnectors, renderConnectorRunbook } from '../connectors';
import { kindModel } from '../../kinds/registry';
import { edgeHubBinding, edgeSitePlans } from '../edge';
import { edgeSiteRunbookPath, renderEdgeSiteRunbook } from '../edge-runbook';
import { planFlows } from '../flows';
import {
  CLUSTER_CA_KEY,
  clusterCaSecretName,
  KRAFT_PORTS,
  kraftNodes,
  peeringPairs,
  principalHomeSite,
  scramSecretName,
  siteSubnets,
  stretchedClientGuide,
} from '../kraft';
import { isCloud, linkDeployOrder, linksOfSite, planLinks, siteAsns } from '../links';
import { placementOf, siteLosses } from '../quorum';
import { flowObjectives, flowsOf, replicationDeployOrder, replicationFlows, type FlowObjectives } from '../replication-link';
import { renderRunbook, runbookPath } from '../replication-runbook';
import { assessEnvironment, evaluateObjectives } from '../resilience';
import { clusterSizing, STANDARD_REPLICAS } from './sizing';
import type {
  ClusterPart,
  ClusterPlan,
  DataPath,
  EstatePlan,
  FilePlan,
  PeeringPlan,
  SitePlan,
  StackRunner,
  StackDependency,
  StackPlan,
} from './types';

export type * from './types';
export { stretchedTopicClusters, topicStackClusters } from './topic-stacks';
import { stretchedTopicClusters, topicStackClusters } from './topic-stacks';

/** The hub cluster of a fleet and the site it runs in (its first). */
export function fleetHub(env: Environment, fleet: EdgeFleet): { cluster?: Cluster; site?: Site } {
  const cluster = env.clusters.find((c) => c.id === fleet.hub);
  return { cluster, site: env.sites.find((s) => s.id === cluster?.sites[0]) };
}

/** Whether a fleet's site ACLs live in their own stack: MSK takes ACLs over the Kafka admin API only. */
export function fleetNeedsAclStack(env: Environment, fleet: EdgeFleet): boolean {
  return edgeHubBinding(env, fleet.hub) === 'msk-scram';
}

export { planStateCopies, stateCopyTargets, stretchedTopicsHome, tfbackendText } from './state-copies';
export {
  bootstrapStackId,
  bootstrapStores,
  describeStore,
  REQUIRED_TERRAFORM,
  stackBackend,
  stateHome,
  stateKeyAlias,
  storeOf,
} from './state';

/**
 * Decides the whole estate of one validated environment, once: its stacks in build
 * order with their dependencies and why, every allocation, where each cluster part
 * goes, the data paths, topics, sizing, alarms, rendered files, the resilience
 * outcomes and the policy's inputs. Stacks render the result; the review, the policy
 * and the bench read it. Pure: the same environment gives a deep-equal plan.
 */
export function planEstate(env: Environment): EstatePlan {
  const links = planLinks(env);
  const asns = siteAsns(env);
  const replication = replicationFlows(env);
  const edgeSites = edgeSitePlans(env);
  const connectors = planConnectors(env, edgeSites);
  const alarms = planAlarms(env);
  // A year in every stage: what the scanners a bank runs expect of log groups (KAF-039, CKV_AWS_338).
  const retention = 365;
  const id = (site: string, suffix?: string) => stackId(env.name, site, suffix);

  const stacks: StackPlan[] = [];
  const byId = new Map<string, { plan: StackPlan; deps: StackDependency[] }>();
  const addStack = (s: Omit<StackPlan, 'backend' | 'dependsOn' | 'stateHome' | 'runner'>, homeSite?: string, runner?: StackRunner) => {
    const deps: StackDependency[] = [];
    const home = stateHome(env, homeSite ?? s.site);
    const plan: StackPlan = {
      ...s,
      backend: stackBackend(env, s.id, home),
      stateHome: home?.id,
      runner: runner ?? { kind: 'hosted' },
      dependsOn: deps,
    };
    stacks.push(plan);
    byId.set(s.id, { plan, deps });
  };
  // The reasons each dependency already gives: a fleet stack depends on its hub once per
  // site, and splitting the joined reason at every call grew with the square of the sites.
  const reasonsGiven = new Map<StackDependency, Set<string>>();
  const depend = (after: string, before: string, reason: string) => {
    const s = byId.get(after);
    if (!s || !byId.has(before)) return;
    const known = s.deps.findIndex((d) => d.stack === before);
    if (known < 0) {
      const dep = { stack: before, reason };
      s.deps.push(dep);
      reasonsGiven.set(dep, new Set(reason.split('; ')));
      return;
    }
    const given = reasonsGiven.get(s.deps[known])!;
    if (given.has(reason)) return;
    const dep = { stack: before, reason: `${s.deps[known].reason}; ${reason}` };
    reasonsGiven.delete(s.deps[known]);
    for (const part of reason.split('; ')) given.add(part);
    reasonsGiven.set(dep, given);
    s.deps[known] = dep;
  };
  const cloudsOf = (site: Site) => (isCloud(site.cloud) ? [site.cloud] : []);
  const inside = (site: string, why: string): StackRunner => ({ kind: 'self-hosted', label: id(site), site, why });

  // The state stores first: every stack keeping its state in one depends on the stack that creates it.
  const homes = [...env.sites.map((s) => stateHome(env, s.id)), ...env.clusters.map((c) => stateHome(env, c.sites[0]))];
  for (const b of bootstrapStores(env, homes))
    addStack({ id: b.id, role: 'bootstrap', failureDomain: b.site.id, site: b.site.id, clouds: [b.store.cloud] });

  // Site stacks and their topics stacks, site by site.
  for (const site of env.sites) {
    const privateWrites = [
      ...env.clusters.filter((c) => c.sites.includes(site.id)).map((c) => kindModel(c.kind)?.privateDataPlane?.(c)),
      ...edgeSites.filter((e) => e.site === site.id && e.delivery === 'direct').map((e) => `Kubernetes API of ${e.site} (${e.kubeApi})`),
    ].filter((x): x is string => x !== undefined);
    addStack(
      { id: id(site.id), role: 'site', failureDomain: site.id, site: site.id, clouds: cloudsOf(site) },
      undefined,
      privateWrites.length > 0 ? inside(site.id, privateWrites.join('; ')) : undefined,
    );
    if (topicStackClusters(env, site.id).length > 0) {
      addStack(
        { id: id(site.id, 'topics'), role: 'topics', failureDomain: site.id, site: site.id, clouds: ['aws'] },
        undefined,
        inside(site.id, 'Kafka admin API of the brokers (topics)'),
      );
      depend(id(site.id, 'topics'), id(site.id), 'the topics stack finds its cluster by its planned name once the site stack created it');
    }
  }
  const copies = planStateCopies(env);
  const scramTopics = (c: Cluster) => {
    const t = kindModel(c.kind)?.topics;
    return t?.by === 'topics-stack' && t.reach === 'planned-nodes-scram';
  };
  for (const c of stretchedTopicClusters(env)) {
    const sid = id(c.id, 'topics');
    // The site with the lowest node ids lends the stack its state home and its runner;
    // copies of its state in the other regions let it plan from any surviving one.
    const first = stretchedTopicsHome(env, c.id) ?? c.sites[0];
    const stateCopies = copies.filter((x) => x.stack === sid);
    addStack(
      {
        id: sid,
        role: 'topics',
        failureDomain: c.id,
        cluster: c.id,
        clouds: [],
        ...(stateCopies.length > 0 ? { stateCopies } : {}),
        ...(scramTopics(c)
          ? {
              kafkaLogin: {
                secret: scramSecretName(env.name, c.id, 'terraform'),
                caSecret: clusterCaSecretName(env.name, c.id),
                caKey: CLUSTER_CA_KEY,
                region: env.sites.find((s) => s.id === first)?.region ?? '',
              },
            }
          : {}),
      },
      first,
      inside(first, `Kafka admin API of the brokers of ${c.id} (topics)`),
    );
    // The home store's replication rules name the copies' buckets, which must exist first.
    for (const x of stateCopies)
      if (!byId.get(x.to.bootstrap)?.deps.some((d) => d.stack === x.from.bootstrap))
        depend(x.from.bootstrap, x.to.bootstrap, `copies the state of ${sid} into ${describeStore(x.to)}, which ${x.to.bootstrap} creates`);
    for (const site of c.sites) depend(sid, id(site), 'the topics stack reaches the brokers of every site of the cluster');
  }
  // Connectors that must follow the topics they write (plan connectorStack): one stack per
  // site, after the site stack (cluster, network, endpoints by planned name) and after the
  // topics stack that creates their topics.
  for (const c of connectors) {
    const sid = id(c.site, 'connectors');
    if (c.stack !== sid) continue;
    if (!byId.has(sid)) addStack({ id: sid, role: 'connectors', failureDomain: c.site, site: c.site, clouds: ['aws'] });
    depend(sid, id(c.site), 'the connectors find their cluster, its network and the connector endpoints by planned names');
    if (topicStackClusters(env, c.site).some((k) => k.id === c.cluster))
      depend(sid, id(c.site, 'topics'), `connector ${c.id} writes ${c.topics.join(', ')}, which the topics stack creates`);
  }
  // Edge fleets: the hub side, and the sites' ACLs on an MSK hub.
  for (const fleet of env.edgeFleets) {
    const hub = fleetHub(env, fleet);
    const clouds = hub.site ? cloudsOf(hub.site) : [];
    addStack({ id: id(fleet.id), role: 'edge-fleet', failureDomain: fleet.id, site: hub.site?.id, fleet: fleet.id, clouds });
    // Event Hubs: the sites' send-only rules sit on event hubs the hub's site stack creates.
    if (hub.site && edgeHubBinding(env, fleet.hub) === 'event-hubs-sas')
      depend(
        id(fleet.id),
        id(hub.site.id),
        `the sites' shared access rules sit on the event hubs of ${fleet.hub}, which the site stack creates`,
      );
    if (fleetNeedsAclStack(env, fleet))
      addStack(
        { id: id(fleet.id, 'acls'), role: 'edge-fleet-acls', failureDomain: fleet.id, site: hub.site?.id, fleet: fleet.id, clouds },
        undefined,
        hub.site ? inside(hub.site.id, `Kafka admin API of hub cluster ${fleet.hub} (ACLs)`) : undefined,
      );
  }
  // Cloud-to-cloud link ends, leader's site before follower's, in link order.
  for (const link of links.filter((l) => l.cloudToCloud)) {
    for (const end of [link.leader, 1 - link.leader]) {
      const site = link.ends[end].site;
      if (!byId.has(id(site.id, 'links')))
        addStack({ id: id(site.id, 'links'), role: 'links', failureDomain: site.id, site: site.id, clouds: cloudsOf(site) });
    }
  }
  for (const e of linkDeployOrder(env, links)) depend(e.after, e.before, e.why);
  // Peerings between AWS sites of stretched clusters and their replication partners.
  const peerings: PeeringPlan[] = peeringPairs(env).map(([a, b]) => ({
    id: `${a}-${b}`,
    sites: [a, b],
    stack: id(`${a}-${b}`, 'peering'),
  }));
  for (const p of peerings) {
    addStack({ id: p.stack, role: 'peering', failureDomain: p.id, clouds: ['aws'] }, p.sites[0]);
    for (const site of p.sites) depend(p.stack, id(site), `the peering finds the VPC of ${site} by its planned name`);
  }

  // Replication: the copy in the target's stack finds its source by planned names (the
  // cluster, its subnets and security group, a namespace, a SCRAM secret's replica), so the
  // source's site stack goes first. Of two stacks copying into each other (active-active),
  // the first edge wins: the second stack is applied before its copy back exists, and the
  // copy back is added by a second apply (its runbook says so).
  for (const e of replicationDeployOrder(env)) {
    const back = byId.get(e.before)?.deps.some((d) => d.stack === e.after);
    if (!back) depend(e.after, e.before, e.why);
  }
  // MirrorMaker reads a self-managed source with a SCRAM secret its home site's stack creates.
  for (const f of replication) {
    const source = env.clusters.find((c) => c.id === f.from);
    if (source && kindModel(source.kind)?.runsNodes)
      depend(
        id(f.targetSite),
        id(principalHomeSite(source)),
        `the copy ${f.from} -> ${f.to} reads its SCRAM secret, created by ${id(principalHomeSite(source))}`,
      );
  }
  // Edge fleets: the hub side (ACLs, service accounts) and each directly delivered site's
  // mirror find the hub cluster by its planned name.
  // A stack keeping its state in a per-region store needs the store (its bootstrap stack) first.
  for (const s of stacks) {
    const store = storeOf(
      env,
      env.sites.find((x) => x.id === s.stateHome),
    );
    if (store?.bootstrap && store.bootstrap !== s.id)
      depend(s.id, store.bootstrap, `keeps its state in ${describeStore(store)}, which ${store.bootstrap} creates`);
  }
  for (const e of edgeSites) {
    const hubSite = env.clusters.find((c) => c.id === e.hubCluster)?.sites[0];
    if (!hubSite) continue;
    const why = `the edge site ${e.site} reaches hub cluster ${e.hubCluster} by its planned name`;
    depend(id(e.fleet), id(hubSite), why);
    depend(id(e.fleet, 'acls'), id(hubSite), why);
    if (e.delivery === 'direct') depend(id(e.site), id(hubSite), why);
  }

  const sites: SitePlan[] = env.sites.map((site) => {
    const linked = linksOfSite(links, site.id).length > 0;
    const prefix = parseCidr(site.cidr).prefix;
    return {
      id: site.id,
      cloud: site.cloud,
      region: site.region,
      cidr: site.cidr,
      subnets: site.cloud === 'aws' ? siteSubnets(site.cidr) : [],
      asn: linked ? asns.get(site.id) : undefined,
      gatewaySubnet: linked && site.cloud === 'azure' ? subnet(site.cidr, 27, (1 << (27 - prefix)) - 1) : undefined,
      stacks: stacks
        .filter((s) => s.site === site.id && s.role !== 'edge-fleet' && s.role !== 'edge-fleet-acls' && s.role !== 'bootstrap')
        .map((s) => s.id),
      alerts: alertsFor(env, site.id),
      logRetentionDays: retention,
    };
  });

  const clusters: ClusterPlan[] = env.clusters.map((c) => {
    const parts: ClusterPart[] = c.sites.map((site) => ({ part: 'cluster', site, stack: id(site) }));
    const topicsSite = env.sites.find((s) => topicStackClusters(env, s.id).some((k) => k.id === c.id));
    const ownTopics = stretchedTopicClusters(env).some((k) => k.id === c.id);
    if (topicsSite) parts.push({ part: 'topics', site: topicsSite.id, stack: id(topicsSite.id, 'topics') });
    // The site with the lowest node ids (the first recorded) lends the stack its provider region, whatever the order of sites.
    else if (ownTopics) parts.push({ part: 'topics', site: kraftNodes(env, c)[0]?.site ?? c.sites[0], stack: id(c.id, 'topics') });
    for (const fleet of env.edgeFleets.filter((f) => f.hub === c.id)) {
      parts.push({ part: 'edge-hub', site: c.sites[0], stack: id(fleet.id) });
      if (fleetNeedsAclStack(env, fleet)) parts.push({ part: 'edge-acls', site: c.sites[0], stack: id(fleet.id, 'acls') });
    }
    const topics = topicsOf(env, c.id);
    const stretched = kindModel(c.kind)?.runsNodes === true;
    const placement = stretched ? placementOf(env, c) : undefined;
    return {
      id: c.id,
      kind: c.kind,
      sites: c.sites,
      parts,
      topics,
      topicsManagedIn:
        topics.length === 0 ? undefined : topicsSite ? id(topicsSite.id, 'topics') : ownTopics ? id(c.id, 'topics') : id(c.sites[0]),
      nodes: stretched ? kraftNodes(env, c) : undefined,
      ports: stretched ? { ...KRAFT_PORTS } : undefined,
      placement,
      quorum: placement ? siteLosses(placement, STANDARD_REPLICAS) : undefined,
      sizing: clusterSizing(env, c, topics, placement),
    };
  });

  const paths: DataPath[] = [
    ...replication.map((f): DataPath => ({
      id: `replication:${f.id}`,
      kind: 'replication',
      from: { site: f.sourceSite, component: f.from },
      to: { site: f.targetSite, component: f.to },
      via: f.id,
      stacks: [id(f.targetSite)],
    })),
    ...links.map((l): DataPath => ({
      id: `link:${l.id}`,
      kind: 'hybrid-link',
      from: { site: l.ends[0].site.id, component: 'gateway' },
      to: { site: l.ends[1].site.id, component: 'gateway' },
      via: l.id,
      stacks: ([0, 1] as const).flatMap((end) =>
        isCloud(l.ends[end].site.cloud) ? [l.cloudToCloud ? id(l.ends[end].site.id, 'links') : id(l.ends[end].site.id)] : [],
      ),
    })),
    ...edgeSites.flatMap((e): DataPath[] => {
      const hubSite = env.clusters.find((c) => c.id === e.hubCluster)?.sites[0] ?? '';
      const edge = { site: e.site, component: e.site };
      const hub = { site: hubSite, component: e.hubCluster };
      const where = [id(e.fleet), ...(e.delivery === 'direct' ? [id(e.site)] : [])];
      const up = e.topics.some((t) => t.direction === 'up');
      const down = e.topics.some((t) => t.direction === 'down');
      return [
        ...(up ? [{ id: `edge-up:${e.site}`, kind: 'edge-up' as const, from: edge, to: hub, via: e.fleet, stacks: where }] : []),
        ...(down ? [{ id: `edge-down:${e.site}`, kind: 'edge-down' as const, from: hub, to: edge, via: e.fleet, stacks: where }] : []),
      ];
    }),
    ...peerings.map((p): DataPath => ({
      id: `peering:${p.id}`,
      kind: 'peering',
      from: { site: p.sites[0], component: 'network' },
      to: { site: p.sites[1], component: 'network' },
      via: p.id,
      stacks: [p.stack],
    })),
    ...connectors.map((c): DataPath => {
      const system = { site: c.site, component: c.system.host };
      const cluster = { site: c.site, component: c.cluster };
      return {
        id: `connector:${c.id}`,
        kind: 'connector',
        from: c.direction === 'source' ? system : cluster,
        to: c.direction === 'source' ? cluster : system,
        via: c.id,
        stacks: [c.stack],
      };
    }),
  ];

  const files: FilePlan[] = [];
  for (const f of replication) {
    if (f.direction !== 'forward') continue;
    // The runbook always describes the link in its normal direction, also while it is reversed for failback.
    const r = env.replication[f.index];
    files.push({
      path: runbookPath(env, f.linkId),
      stack: id(f.targetSite),
      purpose: 'runbook',
      content: renderRunbook(env, flowsOf(env, { ...r, reversed: false }, f.index)),
    });
  }
  for (const c of env.clusters.filter((k) => kindModel(k.kind)?.runsNodes)) {
    files.push({
      path: `clients/${env.name}/${c.id}.md`,
      stack: id(c.sites[0]),
      purpose: 'client-guide',
      content: stretchedClientGuide(env, c),
    });
  }
  for (const c of connectors) files.push({ path: c.runbook, stack: c.stack, purpose: 'runbook', content: renderConnectorRunbook(env, c) });
  for (const e of edgeSites) {
    files.push({
      path: `edge/${env.name}/${e.site}/bundle.yaml`,
      stack: e.delivery === 'direct' ? id(e.site) : id(e.fleet),
      purpose: 'edge-bundle',
    });
    // A site holding a hub key of its own: how it moves to a new one, and what to do when it is silent.
    if (e.hubAuth === 'sas')
      files.push({
        path: edgeSiteRunbookPath(env.name, e.site),
        stack: e.delivery === 'direct' ? id(e.site) : id(e.fleet),
        purpose: 'runbook',
        content: renderEdgeSiteRunbook(env, e),
      });
  }
  for (const l of links.filter((k) => !k.cloudToCloud)) {
    const cloudEnd = l.ends.find((e) => isCloud(e.site.cloud));
    if (cloudEnd) files.push({ path: `links/${env.name}/${l.id}.md`, stack: id(cloudEnd.site.id), purpose: 'onprem-config' });
  }

  const outcomes = assessEnvironment(env);
  const resilience = {
    outcomes,
    objectives: evaluateObjectives(env, outcomes),
    watches: watchObjectives(env, alarms),
    flows: replication.map((f) => ({ flow: f.id, ...flowObjectives(f, env) })),
  };
  const policy = { stage: env.stage, suppressions: env.policy?.suppressions ?? [] };

  const allocations = planAllocations(env);
  const flows = planFlows({ env, peerings, links, replication, edgeSites, alarms, stacks, connectors });
  return {
    env,
    stacks,
    sites,
    clusters,
    links,
    peerings,
    replication,
    edgeSites,
    connectors,
    paths,
    flows,
    alarms,
    files,
    resilience,
    policy,
    allocations,
  };
}

/** A stack by id; undefined when the plan has none. */
export function stackOf(plan: EstatePlan, id: string): StackPlan | undefined {
  return plan.stacks.find((s) => s.id === id);
}

/** What a replication flow of the plan promises after a failover. */
export function flowObjectivesOf(plan: EstatePlan, flowId: string): FlowObjectives {
  const f = plan.resilience.flows.find((x) => x.flow === flowId);
  if (!f) throw new Error(`replication flow "${flowId}" is not in the plan of ${plan.env.name}`);
  return f;
}

/** The plan of one cluster. */
export function clusterPlanOf(plan: EstatePlan, clusterId: string): ClusterPlan {
  const c = plan.clusters.find((x) => x.id === clusterId);
  if (!c) throw new Error(`cluster "${clusterId}" is not in the plan of ${plan.env.name}`);
  return c;
}

/** The plan of one site. */
export function sitePlanOf(plan: EstatePlan, siteId: string): SitePlan {
  const s = plan.sites.find((x) => x.id === siteId);
  if (!s) throw new Error(`site "${siteId}" is not in the plan of ${plan.env.name}`);
  return s;
}
