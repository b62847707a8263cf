import { execFileSync } from 'child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { runReview } from '../../../tools/review';
import { compareAddresses, parseAck } from '../../../tools/review/address-guard';
import { parseStack, type SynthStack } from '../../../tools/review/synth-output';
import { ROOT } from './reference-synth';

const meta = (path: string) => ({ '//': { metadata: { path, uniqueId: path } } });

/** A stack in cdk.tf.json shape: an MSK cluster, its key, a subnet; names are the construct ids. */
function stackJson(clusterId: string, opts: { moved?: Array<{ from: string; to: string }>; subnetCidr?: string } = {}) {
  return {
    resource: {
      aws_msk_cluster: {
        [clusterId]: { ...meta(`dev-fra/${clusterId}/Resource`), cluster_name: 'dev-fra-main', lifecycle: { prevent_destroy: true } },
      },
      aws_kms_key: { key_1: { ...meta('dev-fra/main/Key'), lifecycle: { prevent_destroy: true } } },
      aws_subnet: { subnet_a: { ...meta('dev-fra/Network/Private0'), cidr_block: opts.subnetCidr ?? '10.0.0.0/24' } },
    },
    ...(opts.moved ? { moved: opts.moved } : {}),
  };
}

const stack = (json: object, name = 'dev-fra'): SynthStack => parseStack(name, [], json);

describe('compareAddresses', () => {
  const base = [stack(stackJson('main_7AD10839'))];

  it('finds nothing when the addresses are the same', () => {
    const d = compareAddresses(base, [stack(stackJson('main_7AD10839'))]);
    expect(d.stacks).toEqual([]);
    expect(d.dangers).toEqual([]);
  });

  it('reports a changed argument as changed, not as danger', () => {
    const d = compareAddresses(base, [stack(stackJson('main_7AD10839', { subnetCidr: '10.0.1.0/24' }))]);
    expect(d.stacks[0].changed.map((r) => r.address)).toEqual(['aws_subnet.subnet_a']);
    expect(d.dangers).toEqual([]);
  });

  it('flags a renamed cluster as readdressed, naming old and new address', () => {
    const d = compareAddresses(base, [stack(stackJson('main-renamed_1234ABCD'))]);
    expect(d.stacks[0].added.map((r) => r.address)).toEqual(['aws_msk_cluster.main-renamed_1234ABCD']);
    expect(d.stacks[0].removed.map((r) => r.address)).toEqual(['aws_msk_cluster.main_7AD10839']);
    expect(d.unacknowledged).toEqual([
      {
        stack: 'dev-fra',
        address: 'aws_msk_cluster.main_7AD10839',
        kind: 'cluster',
        what: 'readdressed',
        newAddress: 'aws_msk_cluster.main-renamed_1234ABCD',
        acknowledged: undefined,
      },
    ]);
  });

  it('accepts a rename with a declared moved block', () => {
    const moved = [{ from: 'aws_msk_cluster.main_7AD10839', to: 'aws_msk_cluster.main-renamed_1234ABCD' }];
    const d = compareAddresses(base, [stack(stackJson('main-renamed_1234ABCD', { moved }))]);
    expect(d.dangers).toEqual([]);
    expect(d.stacks[0]).toMatchObject({ added: [], removed: [], moved });
  });

  it('flags every stateful resource of a stack that disappears, but not its stateless ones', () => {
    const d = compareAddresses(base, []);
    expect(d.unacknowledged.map((x) => [x.address, x.what])).toEqual([
      ['aws_kms_key.key_1', 'removed'],
      ['aws_msk_cluster.main_7AD10839', 'removed'],
    ]);
    expect(d.stacks[0].removed).toHaveLength(3);
  });

  it('moves an acknowledged loss out of danger, keeps its reason, and reports stale acks', () => {
    const acks = [
      { target: 'dev-fra/aws_msk_cluster.main_7AD10839', reason: 'dev cluster is rebuilt empty on purpose' },
      { target: 'aws_kms_key.other', reason: 'left over from an earlier change' },
    ];
    const d = compareAddresses(base, [stack({ resource: { aws_kms_key: stackJson('x').resource.aws_kms_key } })], acks);
    expect(d.unacknowledged).toEqual([]);
    expect(d.dangers[0].acknowledged).toBe('dev cluster is rebuilt empty on purpose');
    expect(d.unusedAcks).toEqual([acks[1]]);
  });

  it('treats a kubernetes_manifest by its kind: KafkaTopic is stateful, a Deployment is not', () => {
    const k8s = (kind: string) => ({
      resource: { kubernetes_manifest: { m: { ...meta('edge/m'), manifest: { apiVersion: 'v1', kind } } } },
    });
    expect(compareAddresses([stack(k8s('KafkaTopic'), 'edge')], []).dangers.map((d) => d.kind)).toEqual(['topic']);
    expect(compareAddresses([stack(k8s('Deployment'), 'edge')], []).dangers).toEqual([]);
  });

  it('parses acks and rejects ones without a reason', () => {
    expect(parseAck('aws_msk_cluster.a=a reason of twenty characters')).toEqual({
      target: 'aws_msk_cluster.a',
      reason: 'a reason of twenty characters',
    });
    expect(parseAck('aws_msk_cluster.a=')).toMatch(/is 0 characters/);
  });
});

/**
 * The guard end to end on a real two-commit repository: its cdktf.json app is a tiny
 * script writing cdk.tf.json from ids.json, so the base revision synthesizes in
 * milliseconds through the same path a real project takes.
 */
describe('npm run review -- --base on a real repository', () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe', encoding: 'utf8' });
  const synth = `
const fs = require('fs'); const path = require('path');
const out = process.env.CDKTF_OUTDIR || 'cdktf.out';
const { clusterId } = JSON.parse(fs.readFileSync('ids.json', 'utf8'));
const stack = ${JSON.stringify(stackJson('CLUSTER'))};
stack.resource.aws_msk_cluster = { [clusterId]: stack.resource.aws_msk_cluster.CLUSTER };
fs.mkdirSync(path.join(out, 'stacks', 'dev-fra'), { recursive: true });
fs.writeFileSync(path.join(out, 'stacks', 'dev-fra', 'cdk.tf.json'), JSON.stringify(stack));
fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify({ stacks: { 'dev-fra': { name: 'dev-fra', dependencies: [], synthesizedStackPath: 'stacks/dev-fra/cdk.tf.json' } } }));
`;
  const head = (clusterId: string) => {
    writeFileSync(join(repo, 'ids.json'), JSON.stringify({ clusterId }));
    git('commit', '-q', '--allow-empty', '-am', `cluster ${clusterId}`);
    execFileSync('node', ['synth.js'], { cwd: repo });
  };
  const review = async (acks: Array<{ target: string; reason: string }> = []) => {
    const log: string[] = [];
    const code = await runReview({ root: repo, outdir: join(repo, 'cdktf.out'), base: 'HEAD~1', acks, log: (l) => log.push(l) });
    return { code, log, report: readFileSync(join(repo, 'cdktf.out', 'review.md'), 'utf8') };
  };

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'review-guard-'));
    mkdirSync(join(repo, 'environments'));
    copyFileSync(join(ROOT, 'environments', 'dev.yaml'), join(repo, 'environments', 'dev.yaml'));
    writeFileSync(join(repo, 'cdktf.json'), JSON.stringify({ app: 'node synth.js' }));
    writeFileSync(join(repo, 'synth.js'), synth);
    writeFileSync(join(repo, 'ids.json'), JSON.stringify({ clusterId: 'main_7AD10839' }));
    writeFileSync(join(repo, '.gitignore'), 'cdktf.out/\n');
    git('init', '-q', '-b', 'main');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'init', '--allow-empty');
    git('config', 'user.email', 't@example.com');
    git('config', 'user.name', 'review test');
    git('add', '-A');
    git('commit', '-qm', 'dev cluster');
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('exits 0 when no address changed', async () => {
    head('main_7AD10839');
    const r = await review();
    expect(r.code).toBe(0);
    expect(r.report).toContain('## Address changes against `HEAD~1`');
    expect(r.report).toContain('No address changes.');
  });

  it('exits 2 and names the cluster when its construct id was renamed', async () => {
    head('primary_0BADF00D');
    const r = await review();
    expect(r.code).toBe(2);
    expect(r.log).toContain(
      '  DANGER dev-fra/aws_msk_cluster.main_7AD10839 (cluster) would be replaced by aws_msk_cluster.primary_0BADF00D',
    );
    expect(r.report).toContain('### DANGER: stateful resources would be destroyed');
    expect(r.report).toContain(
      '| `dev-fra` | `aws_msk_cluster.main_7AD10839` | cluster | readdressed | `aws_msk_cluster.primary_0BADF00D` |',
    );
    // the temporary worktree is gone again
    expect(git('worktree', 'list').trim().split('\n')).toHaveLength(1);
  });

  it('exits 0 when the loss is acknowledged, and writes the reason into the report', async () => {
    const reason = 'dev cluster is recreated empty in the sprint demo';
    const r = await review([{ target: 'dev-fra/aws_msk_cluster.main_7AD10839', reason }]);
    expect(r.code).toBe(0);
    expect(r.report).toContain('### Acknowledged losses of stateful resources');
    expect(r.report).toContain(`| \`dev-fra\` | \`aws_msk_cluster.main_7AD10839\` | cluster | ${reason} |`);
    expect(r.report).not.toContain('### DANGER');
  });

  it('exits 1 with the reason when the base cannot be synthesized', async () => {
    const log: string[] = [];
    const code = await runReview({ root: repo, outdir: join(repo, 'cdktf.out'), base: 'no-such-ref', acks: [], log: (l) => log.push(l) });
    expect(code).toBe(1);
    expect(log.join('\n')).toMatch(/error: .*no-such-ref/);
  });
});
