import { stringify } from 'yaml';
import type { Environment } from '../../../constructs/model/schema';
import { assessEnvironment, type Outcome } from '../../../constructs/analysis/resilience';
import { lossTable, placementOf, quorumFindings } from '../../../constructs/analysis/quorum';
import { kraftNodes, type KraftNode } from '../../../constructs/analysis/kraft';
import { KNOWN_DIFFERENCES } from './known-differences';
import {
  modelEnvironment,
  underFailure,
  type Failure,
  type Loss,
  type ModelReport,
  type Node,
  type Verdict,
} from '../../../tools/resilience-model';

/**
 * Holds the product's resilience claims (analysis/resilience.ts outcomes, the quorum
 * claims of analysis/quorum.ts, the node plan of analysis/kraft.ts) against the
 * independent model in tools/resilience-model. Each mismatch is a Disagreement that
 * names the claim, the failure and both answers.
 */
export interface Disagreement {
  /** What is compared: `outcome`, `coverage`, `quorum`, `loss-table`, `placement`. */
  readonly what: string;
  readonly cluster: string;
  readonly topic?: string;
  readonly failure: string;
  readonly claim: string;
  readonly model: string;
  /** The claim and the verdicts compared, for known-differences.ts. */
  readonly outcome?: Outcome;
  readonly verdicts?: readonly Verdict[];
}

const RANK: Record<Loss, number> = { none: 0, lag: 1, all: 2 };

/** The class of an RPO the brief asks to agree on: 0, a lag bound (finite or not), or everything not copied. */
function claimedLoss(o: Outcome): Loss {
  if (o.rpoIsLagBound) return 'lag';
  return o.rpoSeconds === 0 ? 'none' : 'all';
}

/** The failures of the model an outcome speaks about: a site's loss is its region's loss; a zone, every zone of the region; a region or provider, itself. */
function failuresOfOutcome(o: Outcome, report: ModelReport): Failure[] {
  const placeOf = (site: string) => report.estate.places.get(site) ?? report.estate.edgeSites.find((e) => e.id === site)?.place;
  const site = /^site (.+) lost$/.exec(o.failure)?.[1];
  if (site !== undefined) return report.failures.filter((f) => f.id === `region:${placeOf(site)?.region}`);
  const zoneOf = /^(?:a|one) zone of (.+) lost$/.exec(o.failure)?.[1];
  if (zoneOf !== undefined) return report.failures.filter((f) => f.kind === 'zone' && f.id.startsWith(`zone:${placeOf(zoneOf)?.region}/`));
  // Domains wider than a site (analysis/failure-domains.ts): `region aws/eu-central-1 lost (...)`, `provider aws lost (...)`.
  const region = /^region ([^/\s]+)\/(\S+) lost/.exec(o.failure);
  if (region) return report.failures.filter((f) => f.id === `region:${region[1]}:${region[2]}`);
  const provider = /^provider (\S+) lost/.exec(o.failure)?.[1];
  if (provider !== undefined) return report.failures.filter((f) => f.id === `cloud:${provider}`);
  const uplink = /^uplink of (\S+) lost/.exec(o.failure)?.[1];
  if (uplink !== undefined) return report.failures.filter((f) => f.id === `uplink:${uplink}`);
  return [];
}

/** Worst verdict over several failures (a zone claim covers every zone). */
function worst(vs: readonly Verdict[]): { writes: boolean; loss: Loss; lagBound: number; leadership?: number } {
  return {
    writes: vs.every((v) => v.writesContinue),
    loss: vs.reduce<Loss>((l, v) => (RANK[v.loss] > RANK[l] ? v.loss : l), 'none'),
    lagBound: Math.max(...vs.filter((v) => v.loss === 'lag').map((v) => v.lagBoundSeconds ?? Infinity), 0),
    leadership: Math.max(...vs.map((v) => v.leadershipMovesSeconds ?? 0)),
  };
}

function describe(w: ReturnType<typeof worst>): string {
  return `writes ${w.writes ? 'continue' : 'stop'}, loss ${w.loss}${w.loss === 'lag' ? ` (bound ${w.lagBound}s)` : ''}`;
}

function describeClaim(o: Outcome): string {
  return `writes ${o.writesContinue ? 'continue' : 'stop'}, loss ${claimedLoss(o)}${o.rpoIsLagBound ? ` (bound ${o.rpoSeconds}s)` : ''}, RTO ${o.rtoSeconds}s`;
}

/** Every outcome of assessEnvironment against the model's verdicts, both ways. */
export function compareOutcomes(env: Environment, report: ModelReport = modelEnvironment(env)): Disagreement[] {
  const out: Disagreement[] = [];
  const outcomes = assessEnvironment(env);
  const claimed = new Set<string>();
  const byTopic = new Map<string, Verdict[]>();
  for (const v of report.verdicts) byTopic.set(`${v.cluster}|${v.topic}`, [...(byTopic.get(`${v.cluster}|${v.topic}`) ?? []), v]);
  for (const o of outcomes) {
    const failures = failuresOfOutcome(o, report);
    for (const f of failures) claimed.add(`${f.id}|${o.cluster}|${o.topic}`);
    const vs = (byTopic.get(`${o.cluster}|${o.topic}`) ?? []).filter((v) => failures.includes(v.failure));
    const at = { what: 'outcome', cluster: o.cluster, topic: o.topic, failure: o.failure, claim: describeClaim(o) };
    if (vs.length === 0) {
      out.push({ ...at, model: `no failure the claim speaks about touches the topic (${failures.map((f) => f.id).join(', ') || 'none'})` });
      continue;
    }
    const w = worst(vs);
    const model = `${describe(w)}, leaders back after ${w.leadership}s: ${vs.map((v) => v.why).join(' | ')}`;
    const lagAgrees = claimedLoss(o) !== 'lag' || Number.isFinite(o.rpoSeconds) === Number.isFinite(w.lagBound);
    const rtoAgrees = o.writesContinue === Number.isFinite(o.rtoSeconds) && (w.leadership ?? 0) <= o.rtoSeconds;
    if (o.writesContinue !== w.writes || claimedLoss(o) !== w.loss || !lagAgrees || !rtoAgrees)
      out.push({ ...at, model, outcome: o, verdicts: vs });
  }
  // And the other way: a zone, region or uplink failure that touches a topic has a claim.
  for (const v of report.verdicts) {
    if (!['zone', 'region', 'uplink'].includes(v.failure.kind)) continue;
    if (claimed.has(`${v.failure.id}|${v.cluster}|${v.topic}`)) continue;
    out.push({
      what: 'coverage',
      cluster: v.cluster,
      topic: v.topic,
      failure: v.failure.id,
      claim: 'no outcome',
      model: `${v.writesContinue ? 'writes continue' : 'writes stop'}, loss ${v.loss}: ${v.why}`,
    });
  }
  return out;
}

/** Voter failures a quorum of `n` survives: the model's count, by trying. */
function tolerated(n: number): number {
  let k = 0;
  while (k < n && (n - (k + 1)) * 2 > n) k++;
  return k;
}

const plans = new Map<string, string[]>();

/** The node plan's nodes as keys; the plan depends only on the cluster and its sites, so equal shapes share it. */
function plannedNodes(env: Environment, c: Environment['clusters'][number], key: (n: KraftNode) => string): string[] {
  const shape = JSON.stringify([c, c.sites.map((id) => env.sites.find((s) => s.id === id))]);
  let keys = plans.get(shape);
  if (!keys) plans.set(shape, (keys = kraftNodes(env, c).map(key).sort()));
  return keys;
}

/** The stretched-cluster claims of analysis/quorum.ts and the node plan of analysis/kraft.ts, per self-managed cluster. */
export function compareQuorum(env: Environment, report: ModelReport = modelEnvironment(env)): Disagreement[] {
  const out: Disagreement[] = [];
  for (const c of env.clusters.filter((x) => x.kind === 'self-managed')) {
    const mc = report.estate.clusters.find((x) => x.id === c.id);
    if (!mc) continue;
    const at = { cluster: c.id };
    // Placement: the product's node plan and the model's nodes, by role, site and zone.
    const key = (role: string, site: string, zone: number) => `${role}@${site}/${zone}`;
    const planned = plannedNodes(env, c, (n) => key(n.role, n.site, n.zone));
    const modelled = [...mc.brokers, ...mc.voters].map((n) => key(n.role, n.site, Number(n.zone?.split('zone-')[1]))).sort();
    if (planned.join() !== modelled.join())
      out.push({ ...at, what: 'placement', failure: '-', claim: planned.join(' '), model: modelled.join(' ') });

    const placement = placementOf(env, c);
    const findings = quorumFindings(placement).map((f) => f.message);
    const voters = mc.voters.length;
    if (voters === 0) {
      if (!findings.includes('the cluster has no KRaft controllers.'))
        out.push({ ...at, what: 'quorum', failure: '-', claim: findings.join(' '), model: 'no voters' });
      continue;
    }
    const even = findings.some((m) => m.includes('is an even number'));
    if (even !== (voters % 2 === 0) || (even && tolerated(voters) !== tolerated(voters - 1)))
      out.push({
        ...at,
        what: 'quorum',
        failure: 'voter count',
        claim: findings.join(' '),
        model: `${voters} voters tolerate ${tolerated(voters)}`,
      });
    if (placement.length > 1) {
      const regionOf = (site: string) => report.estate.places.get(site)?.region;
      for (const site of c.sites) {
        // "site fra holds ..." or "sites fra, fra2 share region ...": the finding names the site.
        const flagged = findings.some((m) => /^sites? ([a-z0-9, -]+?) (holds|share) /.exec(m)?.[1].split(', ').includes(site));
        const lost = !underFailure(mc, 1, 1, (n) => n.region === regionOf(site)).quorum;
        if (flagged !== lost)
          out.push({
            ...at,
            what: 'quorum',
            failure: `site ${site}`,
            claim: flagged ? 'quorum lost' : 'quorum holds',
            model: lost ? 'quorum lost' : 'quorum holds',
          });
      }
    }
    // The loss table (RF 3, min ISR 2) the README and the review print, when such a topic can exist.
    for (const row of mc.brokers.length >= 3 ? lossTable(env, c) : []) {
      const downs: Array<(n: Node) => boolean> =
        row.domain === 'one broker'
          ? mc.brokers.map((b) => (n) => n.id === b.id)
          : row.domain === 'one controller'
            ? mc.voters.map((v) => (n) => n.id === v.id)
            : [(n) => n.region === report.estate.places.get(row.site ?? '')?.region];
      const runs = downs.map((down) => underFailure(mc, 3, 2, down));
      const model = {
        quorum: runs.every((r) => r.quorum),
        dataLoss: runs.some((r) => r.ackedWriteLost),
        writes: runs.every((r) => r.writesContinue),
      };
      const claim = { quorum: row.quorumSurvives, dataLoss: row.dataLoss, writes: row.writesContinue };
      if (JSON.stringify(model) !== JSON.stringify(claim))
        out.push({ ...at, what: 'loss-table', failure: row.domain, claim: JSON.stringify(claim), model: JSON.stringify(model) });
    }
  }
  return out;
}

/** Every disagreement, the known differences (known-differences.ts) included. */
export function allDisagreements(env: Environment): Disagreement[] {
  const report = modelEnvironment(env);
  return [...compareOutcomes(env, report), ...compareQuorum(env, report)];
}

/** The disagreements no known difference explains: any is a failure. */
export function disagreements(env: Environment): Disagreement[] {
  return allDisagreements(env).filter((d) => !KNOWN_DIFFERENCES.some((k) => k.explains(d, env)));
}

/** A failure message that shows the estate and every disagreement. */
export function explain(env: Environment, found: readonly Disagreement[]): string {
  const lines = found.map(
    (d) => `- ${d.what} ${d.cluster}${d.topic ? `/${d.topic}` : ''} when ${d.failure}:\n    claim: ${d.claim}\n    model: ${d.model}`,
  );
  return `${found.length} disagreement(s) between analysis and the model:\n${lines.join('\n')}\n\nestate:\n${stringify(env)}`;
}
