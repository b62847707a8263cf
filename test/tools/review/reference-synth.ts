import { App } from 'cdktf';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { environmentFiles, loadEnvironments, type LoadedEnvironment } from '../../../constructs/model/environment-file';
import { ESTATE_CHECKS } from '../../../stacks/checks';
import { enforcePolicy, policyReport, ruleCatalogue } from '../../../constructs/policy';
import { buildEstate } from '../../../stacks/estate';
import { planEstate, type EstatePlan } from '../../../constructs/analysis/plan';

export const ROOT = join(__dirname, '..', '..', '..');

/**
 * Synthesizes every reference environment into a fresh folder as main.ts does (policy
 * report included) and returns it with the plans it rendered, one per environment.
 */
export function synthReferenceEstates(): { outdir: string; environments: LoadedEnvironment[]; plans: EstatePlan[] } {
  const { environments, problems } = loadEnvironments(environmentFiles(join(ROOT, 'environments')), ESTATE_CHECKS);
  const errors = problems.filter((p) => p.severity !== 'warning');
  if (errors.length > 0) throw new Error(`reference environments do not validate: ${errors.map((p) => p.message).join('; ')}`);
  const outdir = mkdtempSync(join(tmpdir(), 'review-ref-'));
  const app = new App({ outdir });
  const plans = environments.map(({ env }) => planEstate(env));
  for (const plan of plans) buildEstate(app, plan);
  enforcePolicy(app, plans);
  app.synth();
  writeFileSync(join(outdir, 'policy.json'), JSON.stringify({ rules: ruleCatalogue(), stacks: policyReport(app) }));
  return { outdir, environments, plans };
}
