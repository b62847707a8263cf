import { MskReplicator as MskReplicatorResource } from '@cdktf/provider-aws/lib/msk-replicator';
import { Testing } from 'cdktf';
import { exactTopic, MskReplicator, type MskReplicatorProps } from '../../../constructs/aws/msk-replicator';

const base: MskReplicatorProps = {
  namePrefix: 'bank-sto',
  linkId: 'core-to-vault',
  source: {
    clusterArn: 'arn:aws:kafka:eu-central-1:111122223333:cluster/bank-fra-core/a',
    subnetIds: ['subnet-s'],
    securityGroupIds: ['sg-s'],
  },
  target: {
    clusterArn: 'arn:aws:kafka:eu-north-1:111122223333:cluster/bank-sto-vault/b',
    subnetIds: ['subnet-t'],
    securityGroupIds: ['sg-t'],
  },
  topics: ['orders', 'orders.v2'],
};
const synth = (p: Partial<MskReplicatorProps>) => Testing.synthScope((s) => new MskReplicator(s, 'r', { ...base, ...p }));

describe('MskReplicator', () => {
  const prefixed = synth({ topicNames: 'prefixed', startingPosition: 'latest', consumerGroups: ['payments-.*'] });

  it('prefixes with the source alias for active-active, from latest when asked', () => {
    expect(prefixed).toHaveResourceWithProperties(MskReplicatorResource, {
      replication_info_list: expect.objectContaining({
        topic_replication: [
          expect.objectContaining({
            topic_name_configuration: { type: 'PREFIXED_WITH_SOURCE_CLUSTER_ALIAS' },
            starting_position: { type: 'LATEST' },
          }),
        ],
        consumer_group_replication: [
          expect.objectContaining({ consumer_groups_to_replicate: ['payments-.*'], synchronise_consumer_group_offsets: true }),
        ],
      }),
    });
  });

  it('matches each topic exactly, dots escaped', () => {
    expect(prefixed).toHaveResourceWithProperties(MskReplicatorResource, {
      replication_info_list: expect.objectContaining({
        topic_replication: [expect.objectContaining({ topics_to_replicate: ['^orders$', '^orders\\.v2$'] })],
      }),
    });
    expect(new RegExp(`^${exactTopic('orders')}$`).test('orders-dlq')).toBe(false);
  });

  it("places network interfaces in both clusters' subnets", () => {
    expect(prefixed).toHaveResourceWithProperties(MskReplicatorResource, {
      kafka_cluster: [
        expect.objectContaining({ vpc_config: { subnet_ids: ['subnet-s'], security_groups_ids: ['sg-s'] } }),
        expect.objectContaining({ vpc_config: { subnet_ids: ['subnet-t'], security_groups_ids: ['sg-t'] } }),
      ],
    });
  });

  it.each([
    [{ topics: [] }, /topics must name at least one topic to copy/],
    [{ source: { ...base.source, subnetIds: [] } }, /source\.subnetIds and source\.securityGroupIds must not be empty/],
    [{ target: { ...base.target, securityGroupIds: [] } }, /target\.subnetIds and target\.securityGroupIds must not be empty/],
    [{ consumerGroups: [] }, /consumerGroups must not be empty: failover needs the consumers' offsets on the target/],
  ])('rejects %p', (bad, message) => {
    expect(() => synth(bad as Partial<MskReplicatorProps>)).toThrow(message);
  });
});
