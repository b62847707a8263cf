import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { stringify } from 'yaml';
import { checkConstructLimits } from '../../../constructs/analysis/construct-limits';
import { ESTATE_CHECKS } from '../../../stacks/checks';
import { baseEnv, envOf, problemsOf } from '../../helpers';

const ROOT = resolve(__dirname, '..', '..', '..');
const errors = (data: unknown) => problemsOf(data).filter((p) => p.severity !== 'warning');
const at = (data: unknown) => errors(data).map((p) => `${p.path}: ${p.message} Fix: ${p.fix}`);
const withSite = (site: Record<string, unknown>, cluster?: Record<string, unknown>) => {
  const e = baseEnv();
  e.sites[0] = { ...e.sites[0], ...site };
  if (cluster) e.clusters[0] = cluster;
  return e;
};
const gcp = (cidr: string) => withSite({ cloud: 'gcp', region: 'europe-west3', cidr }, { id: 'main', kind: 'gcp-managed', sites: ['fra'] });
const ARTIFACT = {
  locations: Object.fromEntries(
    ['eu-central-1', 'eu-west-3', 'eu-south-1'].map((r) => [r, `s3://lab-artifacts-${r}/kafka/kafka_2.13-4.1.1.tgz`]),
  ),
  sha512: 'ab'.repeat(64),
};
function stretched(prefix: number, extra: Record<string, unknown> = {}) {
  const e = baseEnv();
  e.sites = ['fra', 'par', 'mil'].map((id, i) => ({
    id,
    cloud: 'aws',
    region: ['eu-central-1', 'eu-west-3', 'eu-south-1'][i],
    role: 'primary',
    cidr: `10.${i}.0.0/${prefix}`,
  }));
  e.clusters[0] = {
    id: 'main',
    kind: 'self-managed',
    sites: ['fra', 'par', 'mil'],
    brokersPerSite: 1,
    controllersPerSite: 1,
    kafkaArtifact: ARTIFACT,
    ...extra,
  };
  return e;
}
const publicSector = readFileSync(join(ROOT, 'environments', 'public-sector.yaml'), 'utf8');

describe('checkConstructLimits: what the constructs would refuse, reported first with file and path', () => {
  it('is part of ESTATE_CHECKS', () => {
    expect(ESTATE_CHECKS).toContain(checkConstructLimits);
  });

  it('rejects an aws site whose range cannot hold three zone subnets, naming the range that can', () => {
    expect(at(withSite({ cidr: '10.0.0.0/27' }))).toEqual([
      'sites[0].cidr: 10.0.0.0/27 is too small: a site on aws gets 3 private subnets (one per zone) four bits longer than its range, /28 at most. Fix: give site "fra" a /26 or larger range (a /16 leaves room to grow).',
    ]);
    expect(() => envOf(withSite({ cidr: '10.0.0.0/26' }))).not.toThrow();
  });

  it('rejects a google cloud site too small for its subnet', () => {
    expect(at(gcp('10.0.0.0/29')).map((p) => p.split(':')[0])).toEqual(['sites[0].cidr']);
    expect(() => envOf(gcp('10.0.0.0/28'))).not.toThrow();
  });

  it('rejects a linked azure site whose gateway subnet would overlap its private subnet', () => {
    const hubAzure = (cidr: string) => publicSector.replace('cidr: 10.201.0.0/16', `cidr: ${cidr}`);
    expect(at(hubAzure('10.201.0.0/27'))).toEqual([
      expect.stringMatching(
        /^sites\[1\]\.cidr: 10\.201\.0\.0\/27 is too small: a site on azure with a VPN link .* Fix: give site "hub-azure" a \/26 or larger range/,
      ),
    ]);
    expect(at(hubAzure('10.201.0.0/26'))).toEqual([]);
  });

  it('rejects a self-managed site whose zone subnets cannot hold its node addresses', () => {
    expect(at(stretched(24))).toEqual(
      ['fra', 'par', 'mil'].map((site, i) =>
        expect.stringMatching(
          new RegExp(
            `^sites\\[${i}\\]\\.cidr: 10\\.${i}\\.0\\.0/24 cannot hold the 1 brokers and 1 controllers of cluster "main" .* Fix: give site "${site}" a /22 or larger range`,
          ),
        ),
      ),
    );
    expect(() => envOf(stretched(22))).not.toThrow();
    expect(at(stretched(22, { brokersPerSite: 90 }))).toContainEqual(
      expect.stringMatching(/^sites\[0\]\.cidr: .*90 brokers.* a \/21 or larger range/),
    );
  });

  it('rejects a self-managed broker volume below what KraftSite accepts', () => {
    expect(at(stretched(16, { storageGiB: 5 }))).toEqual([
      expect.stringMatching(/^clusters\[0\]\.storageGiB: 5 GiB is below the 10 GiB .* Fix: use at least 10/),
    ]);
  });
});

describe('main with a site range too small for its subnets', () => {
  const MAIN = join(ROOT, 'dist', 'main.js');
  const dir = mkdtempSync(join(tmpdir(), 'limits-'));
  const file = join(dir, 'small.yaml');
  writeFileSync(file, stringify(withSite({ cidr: '10.0.0.0/27' })));
  const out = join(dir, 'out');

  it('reports the problem with file, line and path, prints no stack trace and writes nothing', () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build (npm test does it first)`);
    const r = spawnSync(process.execPath, [MAIN], {
      env: { ...process.env, ENV_FILE: file, CDKTF_OUTDIR: out },
      encoding: 'utf8',
      timeout: 60000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/small\.yaml:\d+: sites\[0\]\.cidr: 10\.0\.0\.0\/27 is too small/);
    expect(r.stderr).not.toMatch(/synthesis failed|^\s+at .*:\d+:\d+\)?$/m);
    expect(existsSync(out)).toBe(false);
  });
});
