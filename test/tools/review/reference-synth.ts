import { App } from 'cdktf';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { environmentFiles, loadEnvironments, type LoadedEnvironment } from '../../../constructs/model/environment-file';
import { ESTATE_CHECKS } from '../../../stacks/checks';
import { enforcePolicy, policyReport, ruleCatalogue } from '../../../constructs/policy';
import { buildEstate } from '../../../stacks/estate';
import { planEstate } from '../../../constructs/analysis/plan';

export const ROOT = join(__dirname, '..', '..', '..');

/** Synthesizes every reference environment into a fresh folder as main.ts does (policy report included) and returns it. */
export function synthReferenceEstates(): { outdir: string; environments: LoadedEnvironment[] } {
  const { environments, problems } = loadEnvironments(environmentFiles(join(ROOT, 'environments')), ESTATE_CHECKS);
  const errors = problems.filter((p) => p.severity !== 'warning');
  if (errors.length > 0) throw new Error(`reference environments do not validate: ${errors.map((p) => p.message).join('; ')}`);
  const outdir = mkdtempSync(join(tmpdir(), 'review-ref-'));
  const app = new App({ outdir });
  for (const { env } of environments) buildEstate(app, planEstate(env));
  enforcePolicy(
    app,
    environments.map(({ env }) => env),
  );
  app.synth();
  writeFileSync(join(outdir, 'policy.json'), JSON.stringify({ rules: ruleCatalogue(), stacks: policyReport(app) }));
  return { outdir, environments };
}
