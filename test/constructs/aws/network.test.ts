import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import { KafkaNetwork, kafkaNetworkNames } from '../../../constructs/aws/network';
import { resourceName } from '../../../constructs/model/naming';

describe('kafkaNetworkNames: how other stacks find a KafkaNetwork by name', () => {
  // 58 characters: "<prefix>-private-0" is longer than 63 and resourceName() shortens it with a hash.
  const prefix = 'logistics-platform-production-north-europe-shipping-berth7';
  const stack = new TerraformStack(Testing.app(), 's');
  new AwsProvider(stack, 'aws', { region: 'eu-north-1' });
  new KafkaNetwork(stack, 'Network', { namePrefix: prefix, cidr: '10.0.0.0/16' });
  const json = JSON.parse(Testing.synth(stack, true));
  const subnetNames = Object.values<any>(json.resource.aws_subnet).map((s) => s.tags.Name);

  it('gives the exact Name tags and group name the network builds, long names included', () => {
    expect(subnetNames).toEqual(kafkaNetworkNames(prefix).privateSubnets);
    expect(Object.values<any>(json.resource.aws_security_group).map((g) => g.name)).toEqual([
      kafkaNetworkNames(prefix).brokersSecurityGroup,
    ]);
  });

  it('is needed: a "<prefix>-private-*" pattern matches none of the shortened names', () => {
    const pattern = `${resourceName({ env: prefix, component: 'private' })}-`;
    expect(subnetNames.every((n) => n.length <= 63)).toBe(true);
    expect(subnetNames.filter((n) => n.startsWith(pattern))).toEqual([]);
  });

  it('follows the number of zones', () => {
    expect(kafkaNetworkNames('dev-fra', 2).privateSubnets).toEqual(['dev-fra-private-0', 'dev-fra-private-1']);
  });
});
