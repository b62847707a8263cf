import fc from 'fast-check';
import { join } from 'path';
import { environmentFiles, loadEnvironmentFile } from '../../../constructs/model/environment-file';
import { EnvironmentSchema, type Environment } from '../../../constructs/model/schema';
import { allDisagreements, disagreements, explain } from './agreement';
import { KNOWN_DIFFERENCES } from './known-differences';
import { MODEL_RUNS, MODEL_SEED, MODEL_SHRINK, randomEstate } from './random-estates';

/**
 * The product's resilience claims against the independent model (tools/resilience-model):
 * every reference estate, then random estates. `MODEL_RUNS=100000 npx jest
 * test/tools/resilience-model/agreement` runs a hundred times more; `MODEL_SEED=<n>`
 * explores other estates. A failure prints the estate and each disagreement.
 */

const ROOT = join(__dirname, '..', '..', '..');
const references = environmentFiles(join(ROOT, 'environments')).map((f) => loadEnvironmentFile(f, []).env as Environment);

function agree(env: Environment): void {
  const found = disagreements(env);
  if (found.length > 0) throw new Error(explain(env, found));
}

describe('the model agrees with the analysis', () => {
  it.each(references.map((e) => [e.name, e] as const))('on reference estate %s, with no known difference needed', (_name, env) => {
    expect(allDisagreements(env)).toEqual([]);
  });

  it(`on ${MODEL_RUNS} random estates (seed ${MODEL_SEED})`, () => {
    fc.assert(fc.property(randomEstate, agree), { seed: MODEL_SEED, numRuns: MODEL_RUNS, endOnFailure: MODEL_SHRINK === false });
  });
});

/** Two MSK clusters and a stretched cluster whose site `fra2` shares eu-central-1 with the MSK source. */
const copyInTheFailedRegion = EnvironmentSchema.parse({
  name: 'shop',
  stage: 'dev',
  owner: 'o',
  sites: [
    { id: 'fra', cloud: 'aws', region: 'eu-central-1', cidr: '10.0.0.0/16' },
    { id: 'fra2', cloud: 'aws', region: 'eu-central-1', cidr: '10.1.0.0/16' },
    { id: 'dub', cloud: 'aws', region: 'eu-west-1', cidr: '10.2.0.0/16' },
    { id: 'par', cloud: 'aws', region: 'eu-west-3', cidr: '10.3.0.0/16' },
  ],
  clusters: [
    { id: 'main', kind: 'msk', sites: ['fra'] },
    { id: 'wide', kind: 'self-managed', sites: ['fra2', 'dub', 'par'], brokersPerSite: 2 },
  ],
  topics: [{ name: 'orders', cluster: 'main', partitions: 6 }],
  replication: [{ from: 'main', to: 'wide', mode: 'active-passive', topics: ['orders'], maxLag: '30s' }],
});

describe('known differences, each with an estate that shows it', () => {
  const witnesses: Record<string, Environment> = { 'copy-in-the-failed-region': copyInTheFailedRegion };

  it.each(KNOWN_DIFFERENCES.map((k) => [k.id, k] as const))('%s still differs, and only as explained', (id, k) => {
    const env = witnesses[id];
    const found = allDisagreements(env);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((d) => k.explains(d, env))).toBe(true);
    expect(disagreements(env)).toEqual([]);
  });

  it('copy-in-the-failed-region: the analysis stays with the cluster, the model fails over to the stretch that survives', () => {
    const [d] = allDisagreements(copyInTheFailedRegion);
    expect(d).toMatchObject({ what: 'outcome', topic: 'orders', failure: 'site fra lost' });
    expect(d.claim).toBe('writes stop, loss all, RTO Infinitys');
    expect(d.model).toMatch(/^writes continue, loss lag \(bound 30s\)/);
  });

  it('every known difference has a witness', () => {
    expect(Object.keys(witnesses).sort()).toEqual(KNOWN_DIFFERENCES.map((k) => k.id).sort());
  });
});
