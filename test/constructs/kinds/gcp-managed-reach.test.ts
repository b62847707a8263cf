import { readFileSync } from 'fs';
import { join } from 'path';
import { reachSubnet, reachSubnetCidr } from '../../../constructs/kinds/gcp-managed/facts';
import { envOf } from '../../helpers';

const env = envOf(readFileSync(join(__dirname, '..', '..', 'fixtures', 'replication.yaml'), 'utf8'));

describe('the subnet a Managed Kafka copy between Google Cloud sites needs (reachSubnet)', () => {
  it('is the last /22 of the target range: clear of the site subnet cut from the front', () => {
    expect(reachSubnetCidr('10.110.0.0/16')).toBe('10.110.252.0/22');
    expect(reachSubnetCidr('10.0.0.0/21')).toBe('10.0.4.0/22');
    // A /22 range is all one /22: it would hold the site subnet too.
    expect(reachSubnetCidr('10.0.0.0/22')).toBeUndefined();
  });

  it("names the target site's subnet in the source site's VPC, in the target region, by ids (never positions)", () => {
    const reach = reachSubnet(env, 'bel', 'ams');
    expect(reach).toEqual({
      name: 'repl-ams-in-bel',
      region: 'europe-west4',
      cidr: '10.51.252.0/22',
      network: 'repl-bel-kafka',
      sourceSubnet: 'repl-bel-private',
      sourceRegion: 'europe-west1',
    });
    // Reordering the sites changes nothing.
    expect(reachSubnet({ ...env, sites: [...env.sites].reverse() }, 'bel', 'ams')).toEqual(reach);
  });

  it('is not needed inside one site', () => {
    expect(reachSubnet(env, 'ams', 'ams')).toBeUndefined();
  });
});
