import { EventhubNamespaceDisasterRecoveryConfig } from '@cdktf/provider-azurerm/lib/eventhub-namespace-disaster-recovery-config';
import { MskReplicator } from '@cdktf/provider-aws/lib/msk-replicator';
import { GoogleManagedKafkaConnector } from '@cdktf/provider-google-beta/lib/google-managed-kafka-connector';
import { Testing } from 'cdktf';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { flowObjectives, replicationFlows } from '../../constructs/analysis/replication-link';
import { envOf, estateStacks } from '../helpers';

const dir = join(__dirname, '..', '..', 'environments');
const estates = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => envOf(readFileSync(join(dir, f), 'utf8')));
const flows = estates.flatMap((env) => replicationFlows(env).map((f) => ({ env, f })));

describe('reference estates exercise the replication implementations', () => {
  it.each(['msk-replicator', 'mm2-msk-connect', 'mm2-managed-kafka-connect', 'event-hubs-geo-dr'])('%s', (impl) => {
    expect(flows.some(({ f }) => f.implementation === impl)).toBe(true);
  });

  it('never claims RPO 0 for a copy', () => {
    for (const { env, f } of flows) expect(flowObjectives(f, env).rpoSeconds).toBeGreaterThan(0);
  });
});

describe('public-sector: MSK Replicator between the AWS hub regions, Geo-DR between the Azure hubs', () => {
  const env = estates.find((e) => e.name === 'pubsec')!;
  const stacks = estateStacks(env);
  const awsDr = Testing.synth(stacks.get('pubsec-hub-aws-dr')!, true);
  const azureDr = Testing.synth(stacks.get('pubsec-hub-azure-dr')!, true);

  it('copies directives from London to Ireland with identical names and synced offsets', () => {
    expect(awsDr).toHaveResourceWithProperties(MskReplicator, {
      replication_info_list: expect.objectContaining({
        topic_replication: [
          expect.objectContaining({ topics_to_replicate: ['^directives$'], topic_name_configuration: { type: 'IDENTICAL' } }),
        ],
        consumer_group_replication: [expect.objectContaining({ synchronise_consumer_group_offsets: true })],
      }),
    });
  });

  it('pairs the Azure hub namespaces under one alias', () => {
    expect(azureDr).toHaveResourceWithProperties(EventhubNamespaceDisasterRecoveryConfig, {
      name: 'pubsec-hub-az-geo-alias',
      namespace_name: 'pubsec-hub-azure-hub-az',
    });
  });
});

describe('retail: MirrorMaker 2 on Managed Kafka Connect into the DR region', () => {
  const env = estates.find((e) => e.name === 'retail')!;
  const dr = Testing.synth(estateStacks(env).get('retail-hub-dr')!, true);

  it('runs the three MirrorMaker connectors', () => {
    for (const cls of ['MirrorSourceConnector', 'MirrorCheckpointConnector', 'MirrorHeartbeatConnector']) {
      expect(dr).toHaveResourceWithProperties(GoogleManagedKafkaConnector, {
        configs: expect.objectContaining({ 'connector.class': `org.apache.kafka.connect.mirror.${cls}` }),
      });
    }
  });
});
