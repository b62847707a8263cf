import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { stringify } from 'yaml';
import { baseEnv } from '../../helpers';

const DIST = resolve(__dirname, '..', '..', '..', 'dist');
const MAIN = join(DIST, 'main.js');

/**
 * An extender's code on the normal synth path: a preloaded module adds a raw, unhardened
 * MskCluster to every site stack once the estate is built, as a team extending the
 * constructs would. It hooks cdktf's App (a package the app requires at run time), not a
 * module of ours: `dist/main.js` is the esbuild bundle `npm run synth` runs (npm test's
 * pretest writes it too), which has our modules inside it.
 */
function extender(dir: string): string {
  const file = join(dir, 'extend.js');
  writeFileSync(
    file,
    `const { App, TerraformStack } = require(${JSON.stringify(require.resolve('cdktf'))});
const { MskCluster } = require(${JSON.stringify(require.resolve('@cdktf/provider-aws/lib/msk-cluster'))});
const synth = App.prototype.synth;
App.prototype.synth = function () {
  for (const s of this.node.children.filter((c) => TerraformStack.isStack(c) && !c.node.id.endsWith('-topics'))) {
    new MskCluster(s, 'extra', { clusterName: 'extra', kafkaVersion: '3.9.x', numberOfBrokerNodes: 3,
      brokerNodeGroupInfo: { instanceType: 'kafka.m5.large', clientSubnets: ['a', 'b', 'c'], securityGroups: ['sg'] } });
  }
  return synth.call(this);
};
`,
  );
  return file;
}

function run(env: Record<string, string>, preload?: string) {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build (npm test does it first)`);
  const args = preload ? ['-r', preload, MAIN] : [MAIN];
  const r = spawnSync(process.execPath, args, {
    cwd: resolve(__dirname, '..', '..', '..'),
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("npm run synth with an extender's unencrypted MskCluster", () => {
  const dir = mkdtempSync(join(tmpdir(), 'policy-main-'));
  const e = baseEnv();
  e.sites.push({ id: 'par', cloud: 'aws', region: 'eu-west-3', role: 'dr', cidr: '10.1.0.0/16' });
  const file = join(dir, 'estate.yaml');
  writeFileSync(file, stringify(e));
  const out = join(dir, 'out');
  mkdirSync(out);
  writeFileSync(join(out, 'previous-run.txt'), 'kept');
  const r = run({ ENV_FILE: file, CDKTF_OUTDIR: out }, extender(dir));

  it('exits 1 and writes nothing', () => {
    expect(r.code).toBe(1);
    expect(readdirSync(out)).toEqual(['previous-run.txt']);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('lists every error finding of every stack with rule id, stack, address and fix, without a stack trace', () => {
    expect(r.stderr).toMatch(/^error: \d+ policy findings; nothing was written\./);
    expect(r.stderr).toContain(
      '  - KAF-001 test-fra aws_msk_cluster.extra: encryption_info.encryption_at_rest_kms_key_arn is not set, so MSK encrypts with the AWS-managed key aws/kafka. Fix: set encryption_info.encryption_at_rest_kms_key_arn to a customer-managed aws_kms_key',
    );
    expect(r.stderr).toContain('  - KAF-001 test-par aws_msk_cluster.extra:');
    expect(r.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
  });
});

describe('npm run synth with a suppression in the environment file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'policy-main-ok-'));
  const e = baseEnv();
  e.policy = {
    suppressions: [{ rule: 'KAF-020', scope: 'test-fra/nothing-here', reason: 'kept for the migration of the old cluster next quarter' }],
  };
  const file = join(dir, 'estate.yaml');
  writeFileSync(file, stringify(e));
  const out = join(dir, 'out');
  const r = run({ ENV_FILE: file, CDKTF_OUTDIR: out });

  it('synthesizes and warns that the suppression waived nothing', () => {
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      '  ! suppression of KAF-020 at test-fra/nothing-here (environment) waived nothing; remove it or fix its scope.',
    );
  });

  it("writes policy.json with the rule catalogue, each stack's findings and the suppression with its reason", () => {
    const report = JSON.parse(readFileSync(join(out, 'policy.json'), 'utf8'));
    expect(report.rules.length).toBeGreaterThanOrEqual(25);
    expect(report.stacks.map((s: { stack: string }) => s.stack)).toEqual(['test-fra', 'test-fra-topics']);
    expect(report.stacks[0].suppressions).toEqual([
      expect.objectContaining({
        rule: 'KAF-020',
        reason: 'kept for the migration of the old cluster next quarter',
        source: 'environment',
        matched: 0,
      }),
    ]);
    const stack = JSON.parse(readFileSync(join(out, 'stacks', 'test-fra', 'cdk.tf.json'), 'utf8'));
    expect(stack['//'].policy.suppressions[0].rule).toBe('KAF-020');
  });
});
