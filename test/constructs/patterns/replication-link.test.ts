import { EventhubNamespaceDisasterRecoveryConfig } from '@cdktf/provider-azurerm/lib/eventhub-namespace-disaster-recovery-config';
import { DataAwsMskCluster } from '@cdktf/provider-aws/lib/data-aws-msk-cluster';
import { MskReplicator } from '@cdktf/provider-aws/lib/msk-replicator';
import { MskconnectConnector } from '@cdktf/provider-aws/lib/mskconnect-connector';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import { ManagedKafkaCluster as ManagedKafkaClusterResource } from '@cdktf/provider-google/lib/managed-kafka-cluster';
import { GoogleManagedKafkaConnectCluster } from '@cdktf/provider-google-beta/lib/google-managed-kafka-connect-cluster';
import { GoogleManagedKafkaConnector } from '@cdktf/provider-google-beta/lib/google-managed-kafka-connector';
import { Testing, TerraformStack } from 'cdktf';
import { readFileSync } from 'fs';
import { join } from 'path';
import { RenderedFile } from '../../../constructs/rendered-file';
import { ReplicationLink } from '../../../constructs/patterns/replication-link';
import { flowObjectives, replicationDeployOrder, replicationFlows } from '../../../constructs/analysis/replication-link';
import { envOf, estateStacks, problemsOf } from '../../helpers';

const text = readFileSync(join(__dirname, '..', '..', 'fixtures', 'replication.yaml'), 'utf8');
const env = envOf(text);
/** Errors only: the replication estate also warns about unwatched alarms, which these tests are not about. */
const errorsOf = (data: string) => problemsOf(data).filter((p) => p.severity !== 'warning');
const stacks = estateStacks(env);
const synth = (id: string) => Testing.synth(stacks.get(id)!, true);
const sto = synth('repl-sto');
const dub = synth('repl-dub');
const fra = synth('repl-fra');
const ams = synth('repl-ams');
const neu = synth('repl-neu');
// What a link promises is analysis of the flow (the construct only builds it).
const objectivesOf = (id: string) =>
  flowObjectives(
    replicationFlows(env).find((f) => f.id === id)!,
    env,
  );
const runbooks = new Map([...stacks.values()].flatMap((s) => RenderedFile.all(s)).map((f) => [f.path, f.content]));

describe('MSK -> MSK: MSK Replicator in the target region', () => {
  it('copies the topics with identical names from earliest, with configs and ACLs', () => {
    expect(sto).toHaveResourceWithProperties(MskReplicator, {
      replicator_name: 'repl-sto-vault-dr-replicator',
      replication_info_list: expect.objectContaining({
        target_compression_type: 'NONE',
        topic_replication: [
          expect.objectContaining({
            topics_to_replicate: ['^payments$', '^ledger$'],
            copy_topic_configurations: true,
            copy_access_control_lists_for_topics: true,
            starting_position: { type: 'EARLIEST' },
            topic_name_configuration: { type: 'IDENTICAL' },
          }),
        ],
      }),
    });
  });

  it('syncs consumer group offsets', () => {
    expect(sto).toHaveResourceWithProperties(MskReplicator, {
      replication_info_list: expect.objectContaining({
        consumer_group_replication: [
          expect.objectContaining({ consumer_groups_to_replicate: ['.*'], synchronise_consumer_group_offsets: true }),
        ],
      }),
    });
  });

  it("finds the source by its planned name in the source region, not by another stack's token", () => {
    expect(sto).toHaveDataSourceWithProperties(DataAwsMskCluster, { cluster_name: 'repl-fra-core', region: 'eu-central-1' });
    const json = JSON.parse(sto) as { resource: Record<string, unknown> };
    expect(JSON.stringify(json.resource)).not.toMatch(/terraform_remote_state|repl-fra\./);
  });

  it('scopes the replicator role to the two clusters', () => {
    const doc = Object.values(
      (JSON.parse(sto) as { data: { aws_iam_policy_document: Record<string, { statement: Array<{ sid: string; resources: string[] }> }> } })
        .data.aws_iam_policy_document,
    ).find((d) => d.statement.some((s) => s.sid === 'Clusters'))!;
    expect(doc.statement.map((s) => s.sid)).toEqual(['Clusters', 'SourceTopics', 'TargetTopics', 'Groups']);
    expect(JSON.stringify(doc)).not.toContain('"*"');
  });

  it('reports RPO bounded by lag (never 0), the declared RTO and following offsets', () => {
    expect(objectivesOf('vault-dr')).toMatchObject({
      rpoSeconds: 30,
      rpoIsLagBound: true,
      rtoSeconds: 600,
      offsetsFollow: true,
      rpo: '> 0, bounded by replication lag (alarm at 30s)',
    });
  });
});

describe('active-active MSK <-> MSK over MirrorMaker 2 on MSK Connect', () => {
  it('builds both directions, each in its target stack, with prefixed names', () => {
    for (const out of [dub, fra]) {
      expect(out).toHaveResourceWithProperties(MskconnectConnector, {
        connector_configuration: expect.objectContaining({
          'replication.policy.class': 'org.apache.kafka.connect.mirror.DefaultReplicationPolicy',
          topics: 'payments',
        }),
      });
      expect(out).toHaveResourceWithProperties(MskconnectConnector, {
        connector_configuration: expect.objectContaining({
          'connector.class': 'org.apache.kafka.connect.mirror.MirrorCheckpointConnector',
          'sync.group.offsets.enabled': 'true',
        }),
      });
    }
    expect(dub).toHaveResourceWithProperties(MskconnectConnector, {
      connector_configuration: expect.objectContaining({ 'source.cluster.alias': 'core', 'target.cluster.alias': 'edge' }),
    });
    expect(fra).toHaveResourceWithProperties(MskconnectConnector, {
      connector_configuration: expect.objectContaining({ 'source.cluster.alias': 'edge', 'target.cluster.alias': 'core' }),
    });
  });
});

describe('Google Managed Kafka -> Managed Kafka: MirrorMaker 2 on Managed Kafka Connect', () => {
  it('attaches a Connect cluster to the target cluster, its workers in the source network, resolving both domains', () => {
    expect(ams).toHaveResourceWithProperties(GoogleManagedKafkaConnectCluster, {
      connect_cluster_id: 'repl-ams-lake-to-lake-dr-mm2',
      location: 'europe-west4',
      gcp_config: {
        access_config: {
          network_configs: [
            {
              // The target site's subnet in the source's VPC (its own region), plus the source's subnet in its region.
              primary_subnet: 'projects/repl-streaming-dev/regions/europe-west4/subnetworks/repl-ams-in-bel',
              additional_subnets: ['projects/repl-streaming-dev/regions/europe-west1/subnetworks/repl-bel-private'],
              dns_domain_names: [
                'repl-bel-lake.europe-west1.managedkafka.repl-streaming-dev.cloud.goog',
                'repl-ams-lake-dr.europe-west4.managedkafka.repl-streaming-dev.cloud.goog',
              ],
            },
          ],
        },
      },
      depends_on: expect.arrayContaining([expect.stringMatching(/^google_compute_subnetwork\.SubnetIn-bel_/)]),
    });
  });

  it("makes the subnet in the source site's VPC, in the target's region, from the last /22 of the target's range", () => {
    expect(ams).toHaveResourceWithProperties(ComputeSubnetwork, {
      name: 'repl-ams-in-bel',
      network: 'projects/repl-streaming-dev/global/networks/repl-bel-kafka',
      region: 'europe-west4',
      ip_cidr_range: '10.51.252.0/22',
      private_ip_google_access: true,
    });
  });

  it("gives the target cluster a second network config on that subnet, so its endpoints are in the workers' network", () => {
    expect(ams).toHaveResourceWithProperties(ManagedKafkaClusterResource, {
      cluster_id: 'repl-ams-lake-dr',
      gcp_config: expect.objectContaining({
        access_config: {
          network_configs: [
            { subnet: expect.stringContaining('google_compute_subnetwork.GcpNetwork_Private') },
            { subnet: 'projects/repl-streaming-dev/regions/europe-west4/subnetworks/repl-ams-in-bel' },
          ],
        },
      }),
      depends_on: expect.arrayContaining([expect.stringMatching(/^google_compute_subnetwork\.SubnetIn-bel_/)]),
    });
  });

  it('copies with identity names from the planned source bootstrap, with Google IAM on both ends', () => {
    expect(ams).toHaveResourceWithProperties(GoogleManagedKafkaConnector, {
      configs: expect.objectContaining({
        'connector.class': 'org.apache.kafka.connect.mirror.MirrorSourceConnector',
        'source.cluster.bootstrap.servers': 'bootstrap.repl-bel-lake.europe-west1.managedkafka.repl-streaming-dev.cloud.goog:9092',
        'replication.policy.class': 'org.apache.kafka.connect.mirror.IdentityReplicationPolicy',
        'source.cluster.sasl.mechanism': 'OAUTHBEARER',
        'target.cluster.sasl.mechanism': 'OAUTHBEARER',
        'consumer.auto.offset.reset': 'earliest',
        topics: 'clicks',
      }),
    });
    expect(ams).toHaveResourceWithProperties(GoogleManagedKafkaConnector, {
      configs: expect.objectContaining({
        'connector.class': 'org.apache.kafka.connect.mirror.MirrorCheckpointConnector',
        'sync.group.offsets.enabled': 'true',
      }),
    });
  });

  it('never reports RPO 0: no maxLag means an unknown bound', () => {
    expect(objectivesOf('lake-to-lake-dr').rpoSeconds).toBe(Infinity);
    expect(objectivesOf('lake-to-lake-dr').rpo).toMatch(/^> 0, bounded by replication lag/);
  });
});

describe('Event Hubs -> Event Hubs: Geo-DR alias, metadata only', () => {
  it('pairs the planned primary namespace with the secondary of this stack', () => {
    expect(neu).toHaveResourceWithProperties(EventhubNamespaceDisasterRecoveryConfig, {
      name: 'repl-iot-geo-alias',
      namespace_name: 'repl-weu-iot',
      resource_group_name: 'repl-weu-rg',
      partner_namespace_id: expect.stringContaining('azurerm_eventhub_namespace.iot-dr'),
    });
  });

  it('reports that no events and no offsets follow', () => {
    expect(objectivesOf('iot-geo')).toMatchObject({
      rpoSeconds: Infinity,
      rpoIsLagBound: false,
      eventsCopied: false,
      offsetsFollow: false,
      rtoSeconds: 600,
    });
    expect(runbooks.get('runbooks/repl/iot-geo.md')).toContain('events are not copied (metadata only)');
  });

  it('rejects a secondary that declares its own hubs, or another tier', () => {
    const bad = text
      .replace(
        '- { id: iot-dr, kind: event-hubs, sites: [neu] }',
        '- { id: iot-dr, kind: event-hubs, sites: [neu], eventHubs: { tier: premium, customerManagedKey: false } }',
      )
      .replace(
        '- { name: telemetry, cluster: iot, partitions: 8, retention: 1d }',
        '- { name: telemetry, cluster: iot, partitions: 8, retention: 1d }\n  - { name: telemetry, cluster: iot-dr, partitions: 8, retention: 1d }',
      );
    expect(errorsOf(bad).map((p) => `${p.path}: ${p.message}`)).toEqual([
      expect.stringMatching(
        /^replication\[3\]\.to: Geo-DR pairs namespace "iot" only with an empty secondary, but cluster "iot-dr" declares topics "telemetry"/,
      ),
      expect.stringMatching(/^replication\[3\]\.to: Geo-DR pairs namespaces of the same tier; "iot" is standard and "iot-dr" is premium/),
    ]);
  });
});

describe('failback (reversed: true)', () => {
  const reversed = envOf(text.replace('maxLag: 30s, failoverTime: 10m }', 'maxLag: 30s, failoverTime: 10m, reversed: true }'));
  const rs = estateStacks(reversed);
  const fraBack = Testing.synth(rs.get('repl-fra')!, true);
  const stoBack = Testing.synth(rs.get('repl-sto')!, true);

  it("moves the replicator into the original source's stack, reading vault in eu-north-1", () => {
    expect(fraBack).toHaveResourceWithProperties(MskReplicator, { replicator_name: 'repl-fra-vault-dr-replicator' });
    expect(fraBack).toHaveDataSourceWithProperties(DataAwsMskCluster, { cluster_name: 'repl-sto-vault', region: 'eu-north-1' });
    expect(stoBack).not.toHaveResource(MskReplicator);
  });
});

describe('Managed Kafka copies between sites: the target range holds the subnet in the source network', () => {
  it('refuses a target range with no /22 clear of its own subnet, naming the site and the size that fits', () => {
    const small = text.replace('cidr: 10.51.0.0/16', 'cidr: 10.51.0.0/22');
    expect(errorsOf(small).map((p) => `${p.path}: ${p.message} Fix: ${p.fix}`)).toContainEqual(
      expect.stringMatching(
        /^sites\[4\]\.cidr: the copy lake -> lake-dr runs on Connect workers in the bel network, on a \/22 taken from the end of site "ams"'s range 10\.51\.0\.0\/22, .* Fix: give site "ams" a \/21 or larger range/,
      ),
    );
    // A /21 is the smallest that holds it: the site subnet (/25) at the front, the /22 at the end.
    expect(errorsOf(text.replace('cidr: 10.51.0.0/16', 'cidr: 10.51.0.0/21'))).toEqual([]);
  });
});

describe('deploy order', () => {
  it('applies each source stack before the target stack that looks it up by name', () => {
    expect(replicationDeployOrder(env).map((e) => `${e.before} -> ${e.after}`)).toEqual([
      'repl-fra -> repl-sto',
      'repl-fra -> repl-dub',
      'repl-dub -> repl-fra',
      'repl-bel -> repl-ams',
      'repl-weu -> repl-neu',
    ]);
  });
});

describe('runbooks', () => {
  it('writes one per link under runbooks/<env>/<link>.md', () => {
    expect([...runbooks.keys()].sort()).toEqual([
      'runbooks/repl/core-to-edge.md',
      'runbooks/repl/iot-geo.md',
      'runbooks/repl/lake-to-lake-dr.md',
      'runbooks/repl/vault-dr.md',
    ]);
  });

  it('covers both directions of an active-active link', () => {
    const md = runbooks.get('runbooks/repl/core-to-edge.md')!;
    expect(md).toContain('## Failover: `core` lost');
    expect(md).toContain('## Failover: `edge` lost');
    expect(md).toContain('`payments` -> `core.payments`');
  });

  it('names the stacks and the file of a DR failback', () => {
    const md = runbooks.get('runbooks/repl/vault-dr.md')!;
    expect(md).toMatch(/Deploy `repl-sto` first .* then `repl-fra`/);
    expect(md).toContain('environments/repl.yaml');
  });
});

describe('what this version cannot build is rejected before synthesis', () => {
  it('names the flow and the reason', () => {
    const bad = text.replace(
      '{ from: lake, to: lake-dr, mode: migration, topics: [clicks] }',
      '{ from: core, to: lake-dr, mode: migration, topics: [ledger] }',
    );
    expect(errorsOf(bad).map((p) => `${p.path}: ${p.message}`)).toEqual([
      expect.stringMatching(
        /^replication\[2\]: core -> lake-dr \(MirrorMaker 2 on Google Managed Kafka Connect\): Managed Kafka Connect reads only Managed Kafka sources/,
      ),
    ]);
  });

  it('asks for the plugin of MirrorMaker 2 on MSK Connect', () => {
    const bad = text.replace(', mirrorMakerPlugin: s3://repl-artifacts/connect-mirror-3.7.zip', '');
    expect(errorsOf(bad).map((p) => p.path)).toEqual(['replication[1].mirrorMakerPlugin', 'replication[1].mirrorMakerPlugin']);
  });

  it('fails a link given the wrong target kind', () => {
    const stack = new TerraformStack(Testing.app(), 'x');
    const msk = { service: 'amazon-msk', clusterName: 'a', clusterArn: 'arn' } as const;
    expect(
      () =>
        new ReplicationLink(stack, 'l', {
          linkId: 'l',
          implementation: 'mm2-managed-kafka-connect',
          source: msk,
          target: msk,
          topics: ['t'],
        }),
    ).toThrow(
      /ReplicationLink x\/l: MirrorMaker 2 on Google Managed Kafka Connect writes into a google-managed-kafka cluster, but the target given is amazon-msk/,
    );
  });
});
