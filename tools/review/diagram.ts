import { formatSeconds } from '../../constructs/model/duration';
import type { Site } from '../../constructs/model/schema';
import type { ReplicationFlow } from '../../constructs/analysis/replication-link';
import { flowObjectivesOf, type EstatePlan } from '../../constructs/analysis/plan';
import { kindModel } from '../../constructs/kinds/registry';
import { hybridLinks } from './seams';

/**
 * The topology of one environment as Graphviz DOT: clouds contain regions, regions
 * contain sites, sites contain the clusters (a stretched cluster shows once per site,
 * tied by a synchronous edge), replication is an arrow labelled with its mode and RPO,
 * and edge fleets larger than EDGE_FLEET_COLLAPSE collapse into one counted node.
 * Graphviz does the layout; nothing is placed by hand.
 */
export const EDGE_FLEET_COLLAPSE = 4;

const CLOUD_STYLE: Record<string, { label: string; fill: string; line: string }> = {
  aws: { label: 'AWS', fill: '#fff4e6', line: '#e8912d' },
  azure: { label: 'Azure', fill: '#eaf3fc', line: '#2f7fd1' },
  gcp: { label: 'Google Cloud', fill: '#ebf7ee', line: '#34a853' },
  onprem: { label: 'On premises', fill: '#f2f2f2', line: '#777777' },
  edge: { label: 'Edge', fill: '#f4effa', line: '#8a5cc2' },
};

function q(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function isEdge(site: Site): boolean {
  return site.role === 'edge' || site.cloud === 'edge';
}

/** Node id of a cluster's part in a site, or of the fleet node standing for the site. */
type Placement = Map<string, string>;

/** RPO words for an arrow, from the plan's flow objectives: lag-bound, unbounded, or events not copied. Never 0. */
export function replicationRpo(f: ReplicationFlow, plan: EstatePlan): string {
  const fo = flowObjectivesOf(plan, f.id);
  if (!fo.eventsCopied) return 'metadata only: events not copied';
  return Number.isFinite(fo.rpoSeconds) ? `RPO ≤ ${formatSeconds(Math.max(1, Math.round(fo.rpoSeconds)))} (lag)` : 'RPO > 0, lag unbounded';
}

export function topologyDot(plan: EstatePlan): string {
  const { env } = plan;
  const lines: string[] = [];
  const out = (s: string, depth = 1) => lines.push(`${'  '.repeat(depth)}${s}`);
  lines.push(`digraph ${q(env.name)} {`);
  out(
    `graph [rankdir=LR, compound=true, fontname="Helvetica", fontsize=13, labelloc=t, labeljust=l, nodesep=0.35, ranksep=1.1, pad=0.3, label=${q(`${env.name} (${env.stage}) — owner ${env.owner}`)}];`,
  );
  out(
    'node [shape=box, style="rounded,filled", fillcolor="#ffffff", color="#444444", fontname="Helvetica", fontsize=11, margin="0.15,0.08"];',
  );
  out('edge [fontname="Helvetica", fontsize=10, color="#333333"];');

  const edgeSites = env.sites.filter(isEdge);
  const collapse = edgeSites.length > EDGE_FLEET_COLLAPSE;
  const placement: Placement = new Map();
  const topicCount = (c: string) => plan.clusters.find((k) => k.id === c)?.topics.length ?? 0;

  const links = hybridLinks(plan);
  const plans = plan.edgeSites;
  const fleetSiteIds = new Set(plans.map((p) => p.site));
  // Sites that are also edge fleet sites are drawn in their fleet below.
  const clouds = [...new Set(env.sites.filter((s) => !fleetSiteIds.has(s.id)).map((s) => s.cloud))];
  let n = 0;
  for (const cloud of clouds) {
    const style = CLOUD_STYLE[cloud] ?? { label: cloud, fill: '#ffffff', line: '#999999' };
    out(`subgraph ${q(`cluster_cloud_${cloud}`)} {`);
    out(
      `label=${q(style.label)}; style="rounded,filled"; fillcolor=${q(style.fill)}; color=${q(style.line)}; penwidth=1.5; fontsize=14;`,
      2,
    );
    const sites = env.sites.filter((s) => s.cloud === cloud && !fleetSiteIds.has(s.id));
    const fleet = collapse ? sites.filter(isEdge) : [];
    const shown = sites.filter((s) => !fleet.includes(s));
    const regions = [...new Set(shown.map((s) => s.region))];
    for (const region of regions) {
      out(`subgraph ${q(`cluster_region_${cloud}_${region}`)} {`, 2);
      out(`label=${q(region)}; style="rounded,dashed,filled"; fillcolor="#ffffffaa"; color=${q(style.line)};`, 3);
      for (const site of shown.filter((s) => s.region === region)) {
        out(`subgraph ${q(`cluster_site_${site.id}`)} {`, 3);
        out(`label=${q(`site ${site.id} · ${site.role}\n${site.cidr}`)}; style="rounded,filled"; fillcolor="#ffffff"; color="#888888";`, 4);
        const clusters = plan.clusters.filter((c) => c.sites.includes(site.id));
        // A site with hybrid links gets its gateway as a node, so links end at the gateway, not at a cluster.
        if (links.some((l) => l.from === site.id || l.to === site.id)) {
          const gw = `gw_${site.id}`;
          placement.set(`gw:${site.id}`, gw);
          out(
            `${q(gw)} [shape=hexagon, style="filled", fillcolor="#f7f7f7", fontsize=10, label=${q(site.cloud === 'onprem' || site.cloud === 'edge' ? 'VPN device' : 'VPN gateway')}];`,
            4,
          );
        }
        if (clusters.length === 0) {
          const id = `site_${site.id}`;
          placement.set(`site:${site.id}`, id);
          out(`${q(id)} [label="no cluster", shape=plaintext, style="", fontcolor="#777777"];`, 4);
        }
        for (const c of clusters) {
          const id = `c_${c.id}_${site.id}`;
          placement.set(`${c.id}@${site.id}`, id);
          placement.set(`site:${site.id}`, placement.get(`site:${site.id}`) ?? id);
          // Nodes the estate runs: this site's share from the planned placement (a witness holds controllers only).
          const here = c.placement?.find((p) => p.site === site.id);
          const brokers = here
            ? here.brokers
            : c.sites.length > 1
              ? env.clusters.find((k) => k.id === c.id)?.brokersPerSite
              : c.sizing.brokers;
          const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
          const detail = [
            kindModel(c.kind)?.label ?? c.kind,
            brokers ? `${plural(brokers, 'broker')}${c.sites.length > 1 ? ' here' : ''}` : undefined,
            here?.controllers ? plural(here.controllers, 'controller') : undefined,
          ]
            .filter(Boolean)
            .join(' · ');
          const topics = topicCount(c.id);
          out(`${q(id)} [label=${q(`${c.id}\n${detail}${topics ? `\n${topics} topic${topics === 1 ? '' : 's'}` : ''}`)}];`, 4);
        }
        // Connectors beside the site's clusters, with the external system they read or write.
        for (const k of plan.connectors.filter((x) => x.site === site.id && x.edgeSite === undefined)) {
          const id = `k_${k.id}`;
          const cluster = placement.get(`${k.cluster}@${site.id}`);
          out(`${q(id)} [shape=cds, fillcolor="#fff7e6", fontsize=10, label=${q(`${k.id}\n${k.runtimeLabel}\n${k.system.url}`)}];`, 4);
          if (cluster)
            out(k.direction === 'sink' ? `${q(cluster)} -> ${q(id)} [style=dotted];` : `${q(id)} -> ${q(cluster)} [style=dotted];`, 4);
        }
        out('}', 3);
      }
      out('}', 2);
    }
    if (fleet.length > 0) {
      const id = `fleet_${cloud}_${n++}`;
      const clusterIds = new Set(plan.clusters.filter((c) => c.sites.some((s) => fleet.some((f) => f.id === s))).map((c) => c.id));
      for (const s of fleet) {
        placement.set(`site:${s.id}`, id);
        for (const c of plan.clusters.filter((c) => c.sites.includes(s.id))) placement.set(`${c.id}@${s.id}`, id);
      }
      out(
        `${q(id)} [shape=box3d, fillcolor="#ffffff", label=${q(
          `edge fleet ×${fleet.length}\n${clusterIds.size} cluster${clusterIds.size === 1 ? '' : 's'}, e.g. ${fleet
            .slice(0, 2)
            .map((s) => s.id)
            .join(', ')}`,
        )}];`,
        2,
      );
    }
    out('}');
  }

  // Edge fleets (analysis/edge plans): a cluster of their own, each site a node, or one counted node past the threshold.
  for (const fleet of env.edgeFleets ?? []) {
    const sites = plans.filter((p) => p.fleet === fleet.id);
    const hub = plan.clusters.find((c) => c.id === fleet.hub);
    const target = hub ? placement.get(`${hub.id}@${hub.sites[0]}`) : undefined;
    const style = CLOUD_STYLE.edge;
    out(`subgraph ${q(`cluster_fleet_${fleet.id}`)} {`);
    out(
      `label=${q(`edge fleet ${fleet.id}`)}; style="rounded,filled"; fillcolor=${q(style.fill)}; color=${q(style.line)}; penwidth=1.5; fontsize=14;`,
      2,
    );
    // Arrow sources with the offline window (the RPO bound core gives a site loss) they carry.
    const sources: Array<{ id: string; windowSeconds: number; count: number }> = [];
    if (sites.length > EDGE_FLEET_COLLAPSE) {
      const nodes = [...new Set(sites.map((p) => p.nodes))].sort((a, b) => a - b);
      const id = `fleet_${fleet.id}`;
      sources.push({ id, windowSeconds: Math.max(...sites.map((p) => p.offlineWindowSeconds)), count: sites.length });
      for (const p of sites) placement.set(`site:${p.site}`, id);
      out(
        `${q(id)} [shape=box3d, label=${q(
          `${sites.length} edge sites\n${nodes.join(' or ')} Kafka node${nodes.length === 1 && nodes[0] === 1 ? '' : 's'} each\ne.g. ${sites
            .slice(0, 2)
            .map((p) => p.site)
            .join(', ')}`,
        )}];`,
        2,
      );
    } else {
      for (const p of sites) {
        const id = `edge_${p.site}`;
        sources.push({ id, windowSeconds: p.offlineWindowSeconds, count: 1 });
        placement.set(`site:${p.site}`, id);
        out(
          `${q(id)} [label=${q(`site ${p.site}\n${p.nodes} Kafka node${p.nodes === 1 ? '' : 's'} · offline ≤ ${formatSeconds(p.offlineWindowSeconds)}`)}];`,
          2,
        );
      }
    }
    out('}');
    if (!target) continue;
    for (const src of sources) {
      const label =
        src.count > 1
          ? `MirrorMaker 2 push (sites dial out)\nRPO ≤ ${formatSeconds(src.windowSeconds)} offline window\n×${src.count} sites`
          : `MM2 push · RPO ≤ ${formatSeconds(src.windowSeconds)}`;
      out(`${q(src.id)} -> ${q(target)} [style=dashed, color="#8a5cc2", fontcolor="#8a5cc2", label=${q(label)}];`);
    }
  }

  // A stretched cluster: its parts are one cluster, replicated synchronously.
  for (const c of plan.clusters.filter((c) => c.sites.length > 1)) {
    const parts = c.sites.map((s) => placement.get(`${c.id}@${s}`)).filter((p): p is string => !!p);
    for (let i = 1; i < parts.length; i++) {
      out(
        `${q(parts[i - 1])} -> ${q(parts[i])} [dir=both, style=bold, color="#2b8a3e", fontcolor="#2b8a3e", label=${q(i === 1 ? `${c.id}: synchronous stretch` : '')}];`,
      );
    }
  }

  // One arrow per (from node, to node, mode, RPO): a fleet's flows to the hub fold into one counted arrow.
  const arrows = new Map<string, { a: string; b: string; label: string; sites: Set<string>; both: boolean }>();
  for (const f of plan.replication) {
    if (f.direction === 'reverse') continue; // active-active: one two-headed arrow
    const from = plan.clusters.find((c) => c.id === f.from);
    const to = plan.clusters.find((c) => c.id === f.to);
    if (!from || !to) continue;
    const label = `${f.mode} · ${f.implementation}\n${replicationRpo(f, plan)}`;
    const b = placement.get(`${to.id}@${f.targetSite}`) ?? placement.get(`${to.id}@${to.sites[0]}`);
    const a = placement.get(`${from.id}@${f.sourceSite}`) ?? placement.get(`${from.id}@${from.sites[0]}`);
    if (!a || !b) continue;
    const key = `${a}->${b}|${label}`;
    const arrow = arrows.get(key) ?? { a, b, label, sites: new Set<string>(), both: f.mode === 'active-active' };
    arrow.sites.add(f.sourceSite);
    arrows.set(key, arrow);
  }
  for (const { a, b, label, sites, both } of arrows.values()) {
    const text = a.startsWith('fleet_') && sites.size > 1 ? `${label}\n×${sites.size} sites` : label;
    out(`${q(a)} -> ${q(b)} [style=dashed, color="#c0392b", fontcolor="#c0392b", label=${q(text)}${both ? ', dir=both' : ''}];`);
  }

  const seen = new Set<string>();
  for (const l of links) {
    const a = placement.get(`gw:${l.from}`) ?? placement.get(`site:${l.from}`);
    const b = placement.get(`gw:${l.to}`) ?? placement.get(`site:${l.to}`);
    if (!a || !b || seen.has(`${a}-${b}`)) continue;
    seen.add(`${a}-${b}`);
    out(`${q(a)} -> ${q(b)} [dir=none, style=dotted, penwidth=2, color="#555555", fontcolor="#555555", label=${q(`${l.kind} ${l.id}`)}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** Renders DOT to SVG with Graphviz compiled to WebAssembly. */
export async function renderSvg(dot: string): Promise<string> {
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  return viz.renderString(dot, { format: 'svg', engine: 'dot' });
}
