import { readFileSync, rmSync } from 'fs';
import { join } from 'path';
import type { LoadedEnvironment } from '../../../constructs/core/environment-file';
import { assessEnvironment, evaluateObjectives } from '../../../constructs/core/resilience';
import { runReview, parseArgs } from '../../../tools/review';
import { statefulKind } from '../../../tools/review/stateful';
import { readSynthOutput, deployWaves } from '../../../tools/review/synth-output';
import { ROOT, synthReferenceEstates } from './reference-synth';

let outdir: string;
let environments: LoadedEnvironment[];
let report: string;
let code: number;
const log: string[] = [];

/** The markdown of one environment's section. */
function section(env: string): string {
  const start = report.indexOf(`## Environment ${env}\n`);
  const next = report.indexOf('\n## Environment ', start + 1);
  return report.slice(start, next < 0 ? undefined : next);
}

function subsection(md: string, title: string): string {
  const start = md.indexOf(`### ${title}`);
  if (start < 0) throw new Error(`no "### ${title}" section`);
  const next = md.indexOf('\n### ', start + 1);
  return md.slice(start, next < 0 ? undefined : next);
}

beforeAll(async () => {
  ({ outdir, environments } = synthReferenceEstates());
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
        const after = s.dependencies.length ? s.dependencies.map((d) => `\`${d}\``).join(', ') : '—';
        expect(md).toContain(`| ${wave} | \`${s.name}\` | ${after} | ${s.resources.length} | ${s.backend.replace(/\|/g, '\\|')} |`);
      }
    }
  });

  it('dev: the topics stack deploys after the cluster stack, backend is local', () => {
    const md = subsection(section('dev'), 'Stacks and deploy order');
    expect(md).toContain('| 1 | `dev-fra` | — | 12 | local (../../../state/dev-fra.tfstate) |');
    expect(md).toContain('| 2 | `dev-fra-topics` | `dev-fra` | 3 |');
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
      for (const o of evaluateObjectives(env).filter((x) => x.topics.length > 0)) {
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
    expect(subsection(md, 'When a site or a link is lost')).toContain('| site fra | main: lost with the site | stop: orders, orders-dlq, inventory | everything not copied elsewhere: orders, orders-dlq, inventory |');
    const env = environments.find((e) => e.env.name === 'dev')!.env;
    for (const o of assessEnvironment(env)) expect(md).toContain(`| ${o.topic} | ${o.cluster} | ${o.failure} |`);
  });
});

describe('review arguments', () => {
  it('reads --base and --ack', () => {
    const a = parseArgs(['--base', 'origin/main', '--ack', 'dev-fra/aws_msk_cluster.main_1=cluster rebuilt in the maintenance window']);
    expect(a).toEqual({ base: 'origin/main', acks: [{ target: 'dev-fra/aws_msk_cluster.main_1', reason: 'cluster rebuilt in the maintenance window' }], errors: [] });
    expect(parseArgs(['--base=HEAD~1']).base).toBe('HEAD~1');
  });

  it('fails an ack without a reason, a short reason, a bad address, an unknown flag, a bare --base', () => {
    expect(parseArgs(['--ack', 'dev-fra/aws_msk_cluster.main_1']).errors[0]).toMatch(/needs the form <stack>\/<type>\.<name>=<reason>/);
    expect(parseArgs(['--ack', 'dev-fra/aws_msk_cluster.main_1=because']).errors[0]).toMatch(/reason for dev-fra\/aws_msk_cluster\.main_1 is 7 characters; .* at least 20/);
    expect(parseArgs(['--ack', 'not an address=a long enough reason for the test']).errors[0]).toMatch(/target "not an address" is not a Terraform address/);
    expect(parseArgs(['--bsae', 'x']).errors[0]).toMatch(/unknown argument "--bsae"/);
    expect(parseArgs(['--base']).errors).toContain('--base needs a git ref, e.g. --base origin/main.');
  });
});
