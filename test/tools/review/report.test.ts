import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { LoadedEnvironment } from '../../../constructs/model/environment-file';
import { ESTATE_CHECKS } from '../../../stacks/checks';
import { planEstate, type EstatePlan } from '../../../constructs/analysis/plan';
import { placementOf, siteLosses } from '../../../constructs/analysis/quorum';
import { resolveEventHubs } from '../../../constructs/kinds/event-hubs/facts';
import { watchObjectives } from '../../../constructs/analysis/alarms';
import { diskGiB } from '../../../constructs/analysis/sizing';
import { durationSeconds } from '../../../constructs/model/duration';
import { topicsOf } from '../../../constructs/model/defaults';
import { clusterBrokers } from '../../../constructs/kinds/registry';
import { COMMENT_LIMIT, commentVersion, runReview, parseArgs } from '../../../tools/review';
import { statefulKind } from '../../../tools/review/stateful';
import { POLICY_RULES } from '../../../constructs/policy';
import { MAX_OUTCOME_ROWS, renderReport, renderSummary, reviewEnvironment } from '../../../tools/review/report';
import { loadEnvironmentFile } from '../../../constructs/model/environment-file';
import { readSynthOutput, deployWaves } from '../../../tools/review/synth-output';
import { crossStackReads, type CrossStackRead } from '../../../tools/review/cross-stack-reads';
import { ROOT, synthReferenceEstates } from './reference-synth';
import { FLOW_PARTS, flowProblems, planFlows, unprovenFlows } from '../../../constructs/analysis/flows';

let outdir: string;
let environments: LoadedEnvironment[];
let plans: EstatePlan[];
let report: string;
let code: number;
const log: string[] = [];

/** The markdown of one environment's section. */
function section(env: string): string {
  const start = report.indexOf(`## Environment ${env}\n`);
  const next = report.indexOf('\n## Environment ', start + 1);
  return report.slice(start, next < 0 ? undefined : next);
}

/** The plan the reference synth rendered for an environment. */
const planOf = (env: string) => plans.find((p) => p.env.name === env)!;

function subsection(md: string, title: string): string {
  const start = md.indexOf(`### ${title}`);
  if (start < 0) throw new Error(`no "### ${title}" section`);
  const next = md.indexOf('\n### ', start + 1);
  return md.slice(start, next < 0 ? undefined : next);
}

beforeAll(async () => {
  ({ outdir, environments, plans } = synthReferenceEstates());
  code = await runReview({ root: ROOT, outdir, acks: [], log: (l) => log.push(l) });
  report = readFileSync(join(outdir, 'review.md'), 'utf8');
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('review of the reference estates', () => {
  it('exits 0 and prints one summary line per environment and where the report is', () => {
    expect(code).toBe(0);
    for (const { env } of environments) expect(log.some((l) => l.startsWith(`${env.name}: `))).toBe(true);
    expect(log[log.length - 1]).toMatch(/full report: .*review\.md$/);
  });

  it('lists each connector with its runtime, what it moves, its lag budget, alarms, site loss and runbook', () => {
    const rows = subsection(section('banking'), 'Connectors');
    expect(rows).toContain(
      '| ledger-archive | MSK Connect beside vault | ledger -> s3://banking-ledger-archive-111122223333/ledger/ | banking-sto | ≈ 15m | state, task-failures, lag |',
    );
    expect(rows).toContain('runbooks/banking/connector-ledger-archive.md');
    // An edge source: its hub alarm, and what only the site shows.
    expect(subsection(section('pubsec'), 'Connectors')).toMatch(
      /\| fs-coast-mqtt \| Strimzi KafkaConnect beside edge site fs-coast \| .* \| silent; 1 watched at the site or by hand \(runbook\) \|/,
    );
    expect(section('dev')).not.toContain('### Connectors');
  });

  it('has a section per environment linking its diagram', () => {
    for (const { env } of environments) {
      expect(section(env.name)).toContain(`Topology: [${env.name}.svg](./${env.name}.svg)`);
    }
  });

  it('lists every stack with its wave, dependencies and backend', () => {
    const stacks = readSynthOutput(outdir);
    for (const { env } of environments) {
      const md = subsection(section(env.name), 'Stacks and deploy order');
      const mine = stacks.filter((s) => s.name.startsWith(`${env.name}-`));
      const waves = deployWaves(mine);
      for (const s of mine) {
        const wave = waves.findIndex((w) => w.includes(s.name)) + 1;
        const row = md.split('\n').find((l) => l.startsWith(`| ${wave} | \`${s.name}\` | `));
        expect(row).toBeDefined();
        expect(row!.endsWith(` | ${s.resources.length} | ${s.backend.replace(/\|/g, '\\|')} |`)).toBe(true);
        for (const d of s.dependencies) expect(row).toContain(`\`${d}\``);
        if (s.dependencies.length === 0) expect(row).toContain(' | — | ');
      }
    }
  });

  it('dev: the topics stack deploys after the cluster stack, backend is local', () => {
    const md = subsection(section('dev'), 'Stacks and deploy order');
    expect(md).toContain('| 1 | `dev-fra` | — | 37 | local (../../../state/dev-fra.tfstate) |');
    // The reason comes from the plan the synth rendered (analysis/plan dependsOn).
    expect(md).toContain(
      '| 2 | `dev-fra-topics` | `dev-fra` (the topics stack finds its cluster by its planned name once the site stack created it) | 3 |',
    );
    expect(md).toContain('| aws_msk_cluster | 1 |');
  });

  it('lists every stateful resource with its protection', () => {
    const stacks = readSynthOutput(outdir);
    for (const { env } of environments) {
      const md = subsection(section(env.name), 'Stateful resources');
      for (const r of stacks.filter((s) => s.name.startsWith(`${env.name}-`)).flatMap((s) => s.resources)) {
        if (!statefulKind(r)) continue;
        expect(md).toContain(`| \`${r.stack}\` | \`${r.address}\` | ${statefulKind(r)} | ${r.preventDestroy ? 'yes' : '**NO**'} |`);
      }
    }
    const dev = subsection(section('dev'), 'Stateful resources');
    expect(dev).toMatch(/\| `dev-fra` \| `aws_msk_cluster\.main_[0-9A-F]+` \| cluster \| yes \|/);
    expect(dev).toContain('| `dev-fra-topics` | `kafka_topic.main-orders` | topic | yes |');
    expect(dev).toMatch(/\| `dev-fra` \| `aws_kms_key\.main_Key_[0-9A-F]+` \| key \| yes \|/);
  });

  it('puts each topic group’s declared objective beside core’s achieved one, with the reason', () => {
    for (const { env } of environments) {
      const md = subsection(section(env.name), 'Resilience: declared vs achieved');
      for (const o of planOf(env.name).resilience.objectives.filter((x) => x.topics.length > 0)) {
        const row = md.split('\n').find((l) => l.startsWith(`| ${o.group.id} (`));
        expect(row).toBeDefined();
        expect(row).toContain(`| ${o.group.rpo} / ${o.group.rto} |`);
        expect(row).toContain(o.met ? '| yes |' : '| **NO** |');
        expect(row).toContain(o.worst!.rpo.reason.replace(/\|/g, '\\|'));
      }
    }
    const dev = subsection(section('dev'), 'Resilience: declared vs achieved');
    expect(dev).toContain('| orders (orders, orders-dlq) | a zone | 0s / 5m | 0 | ≈ 30s | yes |');
    expect(dev).toContain('min.insync.replicas 2 > 1: every acknowledged write is in two zones');
    expect(dev).toContain('Topics without an objective (best effort): `inventory`.');
  });

  it('has a site-loss row for every site and a sizing row for every cluster', () => {
    for (const { env } of environments) {
      const md = section(env.name);
      for (const s of env.sites) expect(subsection(md, 'When a site or a link is lost')).toContain(`| site ${s.id} |`);
      for (const c of env.clusters) expect(subsection(md, 'Sizing')).toContain(`| ${c.id} | ${c.kind} |`);
    }
    expect(subsection(section('dev'), 'Sizing')).toContain('| main | msk | fra | 3 | kafka.t3.small | 21 | 21 / 300 (7%) | 50 GiB |');
  });

  it('dev: losing fra loses everything, and the outcomes table shows core’s outcomes', () => {
    const md = section('dev');
    expect(subsection(md, 'When a site or a link is lost')).toContain(
      '| site fra | main: lost with the site | stop: orders, orders-dlq, inventory | everything not copied elsewhere: orders, orders-dlq, inventory |',
    );
    const env = environments.find((e) => e.env.name === 'dev')!.env;
    for (const o of planOf(env.name).resilience.outcomes) expect(md).toContain(`| ${o.topic} | ${o.cluster} | ${o.failure} |`);
  });

  it('stretched clusters: quorum per lost site from analysis/quorum, produce latency in sizing', () => {
    for (const { env } of environments) {
      for (const c of env.clusters.filter((x) => x.kind === 'self-managed' && x.sites.length > 1)) {
        const md = section(env.name);
        for (const l of siteLosses(placementOf(env, c), { replicationFactor: 3, minInsyncReplicas: 2 })) {
          const row = subsection(md, 'When a site or a link is lost')
            .split('\n')
            .find((x) => x.startsWith(`| site ${l.site} |`));
          expect(row).toContain(
            `${c.id}: ${l.votersLeft} of ${l.votersLeft + l.votersLost} voters left, majority ${l.majority}: ${l.quorumSurvives ? 'survives' : 'LOST'}`,
          );
        }
        expect(subsection(md, 'Sizing')).toMatch(
          new RegExp(`\\| ${c.id} \\| self-managed \\|.*(each acks=all produce waits ≈ \\d+ ms|produce latency unknown)`),
        );
        if (c.throughput) {
          const rf = Math.max(3, ...topicsOf(env, c.id).map((t) => t.replicationFactor));
          const need = Math.ceil(
            diskGiB(c.throughput.inMBps, durationSeconds(c.throughput.retention ?? '7d'), rf) / (clusterBrokers(c) ?? 1),
          );
          if (c.throughput.retention)
            expect(subsection(md, 'Sizing')).toContain(`disk: ${need} GiB per broker needed for ${c.throughput.retention} at RF ${rf}`);
        }
      }
    }
  });

  it('lists every declared objective with the alarms analysis/alarms plans for it, or its gap', () => {
    for (const { env } of environments) {
      const md = subsection(section(env.name), 'Resilience: declared vs achieved');
      for (const w of watchObjectives(env).slice(0, MAX_OUTCOME_ROWS)) {
        const row = md.split('\n').find((l) => l.startsWith(`| ${w.objective} | \`${w.path}\` | `));
        expect(row).toBeDefined();
        if (w.alarms.length === 0) expect(row).toContain('| **nothing** |');
        else expect(row).toContain(`${w.alarms[0].title} (${w.alarms[0].severity}, ${w.alarms[0].site})`);
        if (w.gap) expect(row).toContain(w.gap.message.replace(/\|/g, '\\|'));
      }
    }
  });

  it('event hubs sizing comes from the event-hubs kind facts', () => {
    for (const { env } of environments) {
      for (const c of env.clusters.filter((x) => x.kind === 'event-hubs')) {
        const r = resolveEventHubs(c);
        expect(subsection(section(env.name), 'Sizing')).toContain(`${r.tier}: ${r.capacity} ${r.tier === 'standard' ? 'TU' : 'PU'}`);
      }
    }
  });

  it('reports the policy suite per environment from cdktf.out/policy.json', () => {
    const policy = JSON.parse(readFileSync(join(outdir, 'policy.json'), 'utf8')) as {
      stacks: Array<{ stack: string; rules: number; findings: Array<{ suppressedBy?: unknown }> }>;
    };
    for (const { env } of environments) {
      const mine = policy.stacks.filter((s) => s.stack.startsWith(`${env.name}-`));
      const md = subsection(section(env.name), 'Policy');
      expect(md).toContain(`${mine[0].rules} rules over `);
      expect(md).toContain(
        `in ${mine.length} stacks: ${mine.reduce((n, s) => n + s.findings.filter((f) => !f.suppressedBy).length, 0)} open findings`,
      );
    }
  });

  it('lists every policy rule id it checked (at least 25)', () => {
    const checked = report.slice(report.indexOf('## Policy rules checked'));
    const ids = [...checked.matchAll(/^\| (KAF-\d{3}) \| (error|warning)/gm)].map((m) => m[1]);
    expect(ids).toEqual(POLICY_RULES.map((r) => r.id));
    expect(ids.length).toBeGreaterThanOrEqual(25);
  });
});

describe('policy section', () => {
  it('lists findings with their status and every suppression with its reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'review-policy-'));
    const suppression = { rule: 'KAF-020', reason: 'lab rack without client traffic', scope: 'dev-fra/main', source: 'environment' };
    writeFileSync(
      join(dir, 'policy.json'),
      JSON.stringify({
        stacks: [
          {
            stack: 'dev-fra',
            rules: 34,
            elements: 17,
            findings: [
              {
                rule: 'KAF-009',
                severity: 'warning',
                title: 't',
                stack: 'dev-fra',
                address: 'aws_vpc.Network',
                path: 'dev-fra/Network',
                message: 'flow logs are off',
                fix: 'f',
              },
              {
                rule: 'KAF-020',
                severity: 'error',
                title: 't',
                stack: 'dev-fra',
                address: 'aws_msk_cluster.main',
                path: 'dev-fra/main',
                message: 'm',
                fix: 'f',
                suppressedBy: suppression,
              },
            ],
            suppressions: [{ ...suppression, matched: 1 }],
          },
        ],
      }),
    );
    const md = renderReport({
      reviews: [
        reviewEnvironment(
          planOf('dev'),
          readSynthOutput(outdir).filter((s) => s.name === 'dev-fra'),
        ),
      ],
      outdir: dir,
    });
    rmSync(dir, { recursive: true, force: true });
    expect(md).toContain('34 rules over 17 elements in 1 stacks: 1 open findings, 1 suppressed.');
    expect(md).toContain('| KAF-009 | warning | `dev-fra/aws_vpc.Network` | flow logs are off | — |');
    expect(md).toContain('| KAF-020 | suppressed | `dev-fra/aws_msk_cluster.main` | m | lab rack without client traffic (environment) |');
    expect(md).toContain('| KAF-020 | `dev-fra/main` | lab rack without client traffic | environment | 1 |');
  });
});

describe('pull request comment', () => {
  it('drops the collapsed detail tables and stays under GitHub’s comment limit', () => {
    const comment = readFileSync(join(outdir, 'review-comment.md'), 'utf8');
    expect(comment).not.toContain('<details>');
    expect(comment).toContain('_Every topic under every single failure: in review.md (cdktf-out artifact)._');
    expect(comment).toContain('### When a site or a link is lost');
    expect(comment.length).toBeLessThanOrEqual(COMMENT_LIMIT + 100);
    const cut = commentVersion(`# Plan review\n${'| row |\n'.repeat(20_000)}`);
    expect(cut.length).toBeLessThanOrEqual(COMMENT_LIMIT + 100);
    expect(cut).toMatch(/_Cut here: the full review is review\.md in the cdktf-out artifact\._\n$/);
  });
});

describe('review arguments', () => {
  it('reads --base and --ack', () => {
    const a = parseArgs(['--base', 'origin/main', '--ack', 'dev-fra/aws_msk_cluster.main_1=cluster rebuilt in the maintenance window']);
    expect(a).toEqual({
      base: 'origin/main',
      acks: [{ target: 'dev-fra/aws_msk_cluster.main_1', reason: 'cluster rebuilt in the maintenance window' }],
      errors: [],
    });
    expect(parseArgs(['--base=HEAD~1']).base).toBe('HEAD~1');
  });

  it('fails an ack without a reason, a short reason, a bad address, an unknown flag, a bare --base', () => {
    expect(parseArgs(['--ack', 'dev-fra/aws_msk_cluster.main_1']).errors[0]).toMatch(/needs the form <stack>\/<type>\.<name>=<reason>/);
    expect(parseArgs(['--ack', 'dev-fra/aws_msk_cluster.main_1=because']).errors[0]).toMatch(
      /reason for dev-fra\/aws_msk_cluster\.main_1 is 7 characters; .* at least 20/,
    );
    expect(parseArgs(['--ack', 'not an address=a long enough reason for the test']).errors[0]).toMatch(
      /target "not an address" is not a Terraform address/,
    );
    expect(parseArgs(['--bsae', 'x']).errors[0]).toMatch(/unknown argument "--bsae"/);
    expect(parseArgs(['--base']).errors).toContain('--base needs a git ref, e.g. --base origin/main.');
  });
});

describe('a 1,000-site edge fleet', () => {
  it('keeps the report readable: folded site-loss and sizing rows, capped detail tables', () => {
    const { env } = loadEnvironmentFile(join(ROOT, 'test', 'fixtures', 'edge-fleet-1000.yaml'), ESTATE_CHECKS);
    const sites = env!.edgeFleets.reduce((n, f) => n + f.sites.length, 0);
    expect(sites).toBe(1000);
    const review = reviewEnvironment(planEstate(env!), []);
    const md = renderReport({ reviews: [review], outdir: tmpdir() });
    expect(md.length).toBeLessThan(100_000);
    expect(md).toMatch(/\| site <site>: any of \d+ sites of fleet stores \(s0000, /);
    expect(md).toMatch(/\| any of \d+ sites \(s0000, s0001, s0002, …\) \| stores \|/);
    expect(md).toContain(`…and ${review.outcomes.length - MAX_OUTCOME_ROWS} more outcomes`);
    expect(renderSummary({ reviews: [review], outdir: tmpdir() }, 'review.md')[0]).toMatch(/writes stop if any of 1001 sites is lost/);
  });
});

describe('the review against the plan', () => {
  it('reports a synthesized stack or dependency the plan does not hold (cdktf.out older than the environment)', () => {
    const { env } = loadEnvironmentFile(join(ROOT, 'environments', 'dev.yaml'), ESTATE_CHECKS);
    const stack = (name: string, dependencies: string[]) => ({
      name,
      dependencies,
      backend: 'local',
      providers: [],
      remoteStates: [],
      resources: [],
      moved: [],
      fingerprint: '',
    });
    const review = reviewEnvironment(planEstate(env!), [
      stack('dev-fra', ['dev-fra-topics']),
      stack('dev-fra-topics', ['dev-fra']),
      stack('dev-old', []),
    ]);
    expect(review.problems).toContain('stack dev-fra depends on dev-fra-topics, which the plan does not; run `npm run synth` again.');
    expect(review.problems).toContain('stack dev-old is not in the plan of dev; run `npm run synth` again.');
    expect(review.problems.filter((p) => p.includes('dev-fra-topics depends'))).toEqual([]);
  });
});

describe('deploy waves against the cross-stack reads of the synthesized estates', () => {
  // Independent of the plan: whatever a stack looks up by name must be applied in an earlier wave.
  let reads: CrossStackRead[];
  let waveOf: Map<string, number>;
  beforeAll(() => {
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
    waveOf = new Map(deployWaves(readSynthOutput(outdir)).flatMap((w, i) => w.map((s) => [s, i] as const)));
    const all = Object.values(manifest.stacks as Record<string, { name: string; synthesizedStackPath: string }>).map((s) => ({
      name: s.name,
      json: JSON.parse(readFileSync(join(outdir, s.synthesizedStackPath), 'utf8')),
    }));
    // Per estate: names are unique within an estate, not across estates.
    reads = environments.flatMap(({ env }) => crossStackReads(all.filter((s) => planEstate(env).stacks.some((p) => p.id === s.name))));
  });

  it('finds the reads by name the estates make (MSK clusters, VPCs, subnets)', () => {
    expect(reads.map((r) => `${r.reader} <- ${r.producer}`)).toEqual(
      expect.arrayContaining([
        'pubsec-hub-aws-dr <- pubsec-hub-aws',
        'pubsec-field-aws <- pubsec-hub-aws',
        'banking-fra-sto-peering <- banking-sto',
      ]),
    );
  });

  it('puts every producer in an earlier wave than its reader', () => {
    const late = reads.filter((r) => (waveOf.get(r.producer) ?? 0) >= (waveOf.get(r.reader) ?? 0));
    expect(
      late.map(
        (r) =>
          `${r.reader} (wave ${waveOf.get(r.reader)! + 1}) reads ${r.name} of ${r.producer} (wave ${waveOf.get(r.producer)! + 1}) in ${r.via}`,
      ),
    ).toEqual([]);
  });
});

describe('flows of the reference estates, proven against their synthesized output', () => {
  // Synthesized once for the whole file (beforeAll above); each test copies what it breaks.
  const stacksOf = (plan: EstatePlan) =>
    new Map(plan.stacks.map((s) => [s.id, JSON.parse(readFileSync(join(outdir, 'stacks', s.id, 'cdk.tf.json'), 'utf8'))]));
  const without = (plan: EstatePlan, stack: string, drop: (type: string, name: string, block: any) => boolean) => {
    const stacks = stacksOf(plan);
    const json = structuredClone(stacks.get(stack));
    for (const section of ['resource', 'data'])
      for (const [type, blocks] of Object.entries((json[section] ?? {}) as Record<string, Record<string, unknown>>))
        for (const [name, block] of Object.entries(blocks)) if (drop(type, name, block)) delete blocks[name];
    stacks.set(stack, json);
    return stacks;
  };

  it('every flow of the five estates has all five parts, and every part the estate builds is in the output', () => {
    for (const plan of plans) {
      expect(plan.flows.length).toBeGreaterThan(0);
      for (const f of plan.flows)
        for (const part of FLOW_PARTS) {
          const p = f.parts[part];
          expect({ flow: f.id, part, missing: p.missing }).toEqual({ flow: f.id, part, missing: undefined });
          // A part is either proven by blocks of the output or named as another party's.
          expect({
            flow: f.id,
            part,
            grounded: p.proof.length > 0 || p.outside !== undefined,
          }).toEqual({
            flow: f.id,
            part,
            grounded: true,
          });
        }
      expect(flowProblems(plan.flows).filter((p) => p.severity !== 'warning')).toEqual([]);
      expect(unprovenFlows(plan.flows, stacksOf(plan))).toEqual([]);
    }
  });

  it('lists the paths the estates need at run and deploy time', () => {
    const ids = plans.flatMap((p) => p.flows.map((f) => f.id));
    expect(ids).toEqual(
      expect.arrayContaining([
        'core: controller quorum fra <-> par',
        'core: broker replication mil <-> par',
        'core nodes at par -> the Kafka distribution (S3)',
        'core nodes at mil -> Secrets Manager (TLS material, SCRAM principals)',
        'core nodes at fra -> CloudWatch metrics (KafkaEstate/Kafka)',
        'MirrorMaker 2 core-to-vault: reads core',
        'MirrorMaker 2 core-to-vault: writes vault',
        'MirrorMaker 2 core-to-vault workers -> Secrets Manager',
        'alarms of fra (KafkaEstate/Kafka, 6) <- publisher',
        'terraform (banking-core-topics) -> Kafka admin API of core (topics)',
        'MSK Replicator hub-dr: reads hub at hub-aws',
        'MSK Replicator hub-dr: writes hub-dr at hub-aws-dr',
        'Event Hubs Geo-DR hub-az-geo: hub-az paired with hub-az-dr',
        'edge fs-north -> hub hub',
        'edge fs-glen -> hub hub-mk',
        'terraform (pubsec-field-aws-acls) -> Kafka admin API of hub (ACLs)',
        'terraform -> Key Vault of hub-az',
        'MirrorMaker 2 hub-dr: reads hub',
        'edge store-mia -> hub hub',
        'terraform -> Kubernetes API of store-mia',
        'plant-wolfsburg produces to iiot',
        'terraform -> Key Vault of iiot',
        'terraform (dev-fra-topics) -> Kafka admin API of main (topics)',
      ]),
    );
  });

  it('removing the Secrets Manager endpoints of the vault’s VPC names each flow through them and the part', () => {
    const banking = planOf('banking');
    const stacks = without(
      banking,
      'banking-sto',
      (type, _n, b) => type === 'aws_vpc_endpoint' && String(b.service_name).endsWith('.secretsmanager'),
    );
    expect(unprovenFlows(banking.flows, stacks).map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^flow "MirrorMaker 2 core-to-vault workers -> Secrets Manager" has no network in the output: .*stack banking-sto has no aws_vpc_endpoint/,
      ),
      expect.stringMatching(/^flow "MirrorMaker 2 core-to-vault workers -> Secrets Manager" has no name in the output/),
      // The CDC source in banking-sto-connectors reads its secret through the site stack's endpoint.
      expect.stringMatching(
        /^flow "connector accounts-cdc workers -> Secrets Manager" has no network in the output: .*stack banking-sto has no/,
      ),
      expect.stringMatching(/^flow "connector accounts-cdc workers -> Secrets Manager" has no name in the output/),
    ]);
  });

  it('removing a peering names every flow that crosses it', () => {
    const banking = planOf('banking');
    const stacks = stacksOf(banking);
    stacks.delete('banking-fra-par-peering');
    const messages = unprovenFlows(banking.flows, stacks).map((p) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^flow "core: controller quorum fra <-> par" has no network in the output: VPC peering fra-par/),
        expect.stringMatching(/^flow "core: broker replication fra <-> par" has no network in the output/),
      ]),
    );
    // And in the plan itself: no peering planned, no network, synth stops before building.
    const flows = planFlows({ ...banking, peerings: banking.peerings.filter((p) => p.id !== 'fra-par') });
    expect(flowProblems(flows).map((p) => p.message)).toEqual([
      'flow "core: controller quorum fra <-> par" has no network: no network path is planned between fra and par.',
      'flow "core: broker replication fra <-> par" has no network: no network path is planned between fra and par.',
    ]);
  });

  it('removing a SCRAM user names the flows it authenticates', () => {
    const banking = planOf('banking');
    const stacks = without(
      banking,
      'banking-fra',
      (type, _n, b) => type === 'aws_secretsmanager_secret' && b.name === 'banking/core/scram/mirror-maker-vault',
    );
    expect(unprovenFlows(banking.flows, stacks).map((p) => p.message)).toEqual([
      expect.stringMatching(/^flow "MirrorMaker 2 core-to-vault: reads core" has no identity in the output: SCRAM user mirror-maker-vault/),
    ]);
  });

  it('a MirrorMaker connector without the cluster CA names the trust part', () => {
    const banking = planOf('banking');
    const stacks = stacksOf(banking);
    const sto = structuredClone(stacks.get('banking-sto'));
    for (const c of Object.values(sto.resource.aws_mskconnect_connector) as any[])
      delete c.connector_configuration['source.cluster.ssl.truststore.type'];
    stacks.set('banking-sto', sto);
    expect(unprovenFlows(banking.flows, stacks).map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^flow "MirrorMaker 2 core-to-vault: reads core" has no trust in the output: the cluster CA as a PEM truststore from banking\/core\/tls\/ca/,
      ),
    ]);
  });

  it('a metric nobody publishes, an artifact in another region only, a vault without the deployer: each names its flow', () => {
    const banking = planOf('banking');
    const fra = banking.alarms.alarms.find((a) => a.site === 'fra' && a.metric.kind === 'cloudwatch')!;
    const orphan = {
      ...fra,
      metric: { ...fra.metric, metrics: [{ ...(fra.metric as any).metrics[0], namespace: 'KafkaEstate/Nobody' }] },
    } as typeof fra;
    const env = structuredClone(banking.env) as any;
    delete env.clusters[0].kafkaArtifact.locations['eu-west-3'];
    const flows = planFlows({ ...banking, env, alarms: { alarms: [...banking.alarms.alarms, orphan] } });
    expect(flowProblems(flows).map((p) => p.message)).toEqual([
      'flow "core nodes at par -> the Kafka distribution (S3)" has no network: no copy of the Kafka distribution in eu-west-3.',
      'flow "core nodes at par -> the Kafka distribution (S3)" has no name: no bucket in eu-west-3.',
      'flow "core nodes at par -> the Kafka distribution (S3)" has no authorization: nothing to grant.',
      'flow "alarms of fra (KafkaEstate/Nobody, 1) <- publisher" has no network: nothing publishes KafkaEstate/Nobody.',
    ]);
    const automotive = planOf('automotive');
    const open = structuredClone(automotive.env) as any;
    delete open.accounts.azure.deployerCidrs;
    // The vault is reached over its private endpoint: no deployer addresses needed.
    expect(flowProblems(planFlows({ ...automotive, env: open })).map((p) => `${p.path}: ${p.message}`)).toEqual([]);
  });

  it('warns where the documentation says a provided part will not work: a hub name its certificate does not cover (declared on purpose)', () => {
    const warnings = plans.flatMap((p) => flowProblems(p.flows)).filter((p) => p.severity === 'warning');
    expect(warnings.map((w) => w.message)).toEqual([]);
    // pubsec's field stations dial the MSK brokers by their own names; a name in a private zone instead is refused by TLS.
    const env = structuredClone(planOf('pubsec').env);
    env.edgeFleets[0].hubBootstrap = 'kafka.hub-aws.pubsec.internal:9096';
    expect(flowProblems(planEstate(env).flows).map((w) => w.message)).toEqual(
      ['fs-north', 'fs-coast', 'bp-ridge', 'fs-island'].map(
        (s) =>
          `flow "edge ${s} -> hub hub": its name will not work as planned: the certificate of hub hub does not name kafka.hub-aws.pubsec.internal, so clients verifying the host name (as Kafka does by default) refuse it.`,
      ),
    );
  });

  it("retail's MirrorMaker 2 reaches hub from hub-dr through hub-dr's subnet in the hub network; without hub-dr's second network config both of its flows are named", () => {
    const retail = planOf('retail');
    const network = (id: string) => retail.flows.find((f) => f.id === id)!.parts.network;
    expect(network('MirrorMaker 2 hub-dr: reads hub').says).toMatch(
      /primary subnet retail-hub-dr-in-hub \(10\.110\.252\.0\/22, us-central1\) in the hub network, made by retail-hub-dr, with retail-hub-private \(us-east1\) as an additional subnet; retail-hub-dr-hub-dr has a second network config/,
    );
    expect(network('MirrorMaker 2 hub-dr: reads hub').doubt).toBeUndefined();
    const stacks = stacksOf(retail);
    const dr = structuredClone(stacks.get('retail-hub-dr'));
    for (const c of Object.values(dr.resource.google_managed_kafka_cluster) as any[])
      c.gcp_config.access_config.network_configs = c.gcp_config.access_config.network_configs.slice(0, 1);
    stacks.set('retail-hub-dr', dr);
    expect(unprovenFlows(retail.flows, stacks).map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^flow "MirrorMaker 2 hub-dr: reads hub" has no network in the output: .*stack retail-hub-dr has no google_managed_kafka_cluster holding "cluster_id":"retail-hub-dr-hub-dr", "subnet":"projects\/retail-streaming-prod\/regions\/us-central1\/subnetworks\/retail-hub-dr-in-hub"/,
      ),
      expect.stringMatching(
        /^flow "MirrorMaker 2 hub-dr: writes hub-dr" has no network in the output: the Connect cluster attached to hub-dr, its workers on retail-hub-dr-in-hub/,
      ),
    ]);
    // And in the plan: with no room for the subnet (checkReplicationBuildable refuses such a file) the path is doubted again.
    const small = retail.env.sites.map((x) => (x.id === 'hub-dr' ? { ...x, cidr: '10.110.0.0/22' } : x));
    expect(
      flowProblems(planFlows({ ...retail, env: { ...retail.env, sites: small } })).map((p) => `${p.severity}: ${p.message}`),
    ).toContainEqual(expect.stringMatching(/^warning: flow "MirrorMaker 2 hub-dr: reads hub": its network will not work as planned/));
  });

  it('review.md has a Flows table per environment: flow, when and the five parts', () => {
    for (const plan of plans) {
      const md = subsection(section(plan.env.name), 'Flows');
      expect(md).toContain('| flow | when | network | name | identity | authorization | trust |');
      for (const f of plan.flows) expect(md).toContain(`| ${f.id.replace(/\|/g, '\\|')} | ${f.when} | `);
    }
    expect(subsection(section('pubsec'), 'Flows')).toMatch(
      /\| edge fs-north -> hub hub \| run \| [^|]+ \| the SASL\/SCRAM bootstrap brokers of pubsec-hub-aws-hub [^|]*written into the site's bundle by the fleet stack at apply/,
    );
  });
});
