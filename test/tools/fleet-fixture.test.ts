import { readFileSync } from 'fs';
import { join } from 'path';
import { edgeSitePlans } from '../../constructs/analysis/edge';
import { fleetEnvironmentYaml } from '../../tools/bench/fleet';
import { envOf } from '../helpers';

describe('the 1,000-site fleet fixture', () => {
  const text = readFileSync(join(__dirname, '..', 'fixtures', 'edge-fleet-1000.yaml'), 'utf8');

  it('is what the generator writes (regenerate with npm run fixture:fleet)', () => {
    expect(text.replace(/^#.*\n/, '')).toBe(fleetEnvironmentYaml(1000));
  });

  it('is a valid environment of 1,000 edge sites with kiosks and per-site overrides', () => {
    const plans = edgeSitePlans(envOf(text));
    expect(plans).toHaveLength(1000);
    expect(plans.filter((p) => p.nodes === 1)).toHaveLength(100);
    expect(new Set(plans.map((p) => p.uplinkMbps))).toEqual(new Set([50, 20]));
  });
});
