import { App } from 'cdktf';
import { writeFileSync } from 'fs';
import { join } from 'path';
import { environmentFiles, loadEnvironments, type LoadedEnvironment } from '../../../constructs/model/environment-file';
import { ESTATE_CHECKS } from '../../../stacks/checks';
import { enforcePolicy, policyReport, ruleCatalogue } from '../../../constructs/policy';
import { buildEstate } from '../../../stacks/estate';
import { planEstate, type EstatePlan } from '../../../constructs/analysis/plan';
import { sharedOutput } from '../../shared-output';

export const ROOT = join(__dirname, '..', '..', '..');

/**
 * The reference environments synthesized as main.ts does (policy report included), in a
 * fresh folder of the caller's, with the plans they were rendered from, one per
 * environment. The synth is made once per Jest run and copied (test/shared-output.ts);
 * the environments are loaded and planned here, from the same files.
 */
export function synthReferenceEstates(): { outdir: string; environments: LoadedEnvironment[]; plans: EstatePlan[] } {
  const { environments, problems } = loadEnvironments(environmentFiles(join(ROOT, 'environments')), ESTATE_CHECKS);
  const errors = problems.filter((p) => p.severity !== 'warning');
  if (errors.length > 0) throw new Error(`reference environments do not validate: ${errors.map((p) => p.message).join('; ')}`);
  const plans = environments.map(({ env }) => planEstate(env));
  const outdir = sharedOutput('reference-synth', (dir) => {
    const app = new App({ outdir: dir });
    for (const plan of plans) buildEstate(app, plan);
    enforcePolicy(app, plans);
    app.synth();
    writeFileSync(join(dir, 'policy.json'), JSON.stringify({ rules: ruleCatalogue(), stacks: policyReport(app) }));
  });
  return { outdir, environments, plans };
}
