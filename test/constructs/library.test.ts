import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { MskCluster } from '@cdktf/provider-aws/lib/msk-cluster';
import { MskReplicator } from '@cdktf/provider-aws/lib/msk-replicator';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { EventhubNamespace } from '@cdktf/provider-azurerm/lib/eventhub-namespace';
import { EventhubNamespaceCustomerManagedKey } from '@cdktf/provider-azurerm/lib/eventhub-namespace-customer-managed-key';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { StreamAnalyticsJob as StreamAnalyticsJobResource } from '@cdktf/provider-azurerm/lib/stream-analytics-job';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { KmsCryptoKey } from '@cdktf/provider-google/lib/kms-crypto-key';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { KmsKeyRing } from '@cdktf/provider-google/lib/kms-key-ring';
import { ManagedKafkaCluster as ManagedKafkaClusterResource } from '@cdktf/provider-google/lib/managed-kafka-cluster';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { AzurermBackend, GcsBackend, S3Backend, Testing, TerraformStack } from 'cdktf';
import {
  applyPolicy,
  blocking,
  EdgeSite,
  type EdgeSiteProps,
  EventHubsNamespace,
  GcpNetwork,
  KafkaNetwork,
  ManagedKafkaCluster,
  MskRegionalCluster,
  policyReport,
  ReplicationLink,
  resolveStep,
  standardTags,
  StreamingPipeline,
} from '../../constructs';

const ROOT = resolve(__dirname, '..', '..');

/**
 * What a team writes without an environment file: its own provider (no default tags),
 * a network and a cluster of its own, and a copy from a cluster it already runs.
 */
function handWrittenStack() {
  const stack = new TerraformStack(Testing.app(), 'payments-dr');
  applyPolicy(stack, { stage: 'prod' });
  new AwsProvider(stack, 'aws', { region: 'eu-north-1' });
  const backend = new S3Backend(stack, { bucket: 'payments-tfstate', key: 'payments-dr.tfstate', region: 'eu-north-1', encrypt: true });
  // S3-native locking (Terraform >= 1.10); the cdktf 0.21 config type predates it.
  backend.addOverride('use_lockfile', true);
  const tags = standardTags({ env: 'payments', owner: 'team-payments', dataClass: 'confidential' });
  const network = new KafkaNetwork(stack, 'Network', { namePrefix: 'payments-sto', cidr: '10.20.0.0/16', tags });
  const cluster = new MskRegionalCluster(stack, 'Cluster', {
    clusterName: 'payments-sto',
    network,
    brokers: 6,
    logRetentionDays: 365,
    tags,
  });
  const existing = MskRegionalCluster.fromClusterArn(stack, 'Frankfurt', {
    clusterArn: 'arn:aws:kafka:eu-central-1:111122223333:cluster/payments-fra/0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6-2',
    network: { subnetIds: ['subnet-0a', 'subnet-0b', 'subnet-0c'], securityGroupIds: ['sg-0fra'] },
  });
  const link = new ReplicationLink(stack, 'FraToSto', {
    linkId: 'fra-to-sto',
    namePrefix: 'payments',
    source: existing,
    target: cluster,
    topics: ['payments.v1', 'ledger'],
    tags,
  });
  return { stack, cluster, existing, link, tags };
}

describe('a hand-written stack with no environment file', () => {
  const built = handWrittenStack();
  // Validations on: the policy fails synth on any blocking finding.
  const synth = Testing.synth(built.stack, true);
  const json = JSON.parse(synth) as { resource: Record<string, Record<string, Record<string, unknown>>> };

  it('passes the product policy with no blocking finding', () => {
    const [record] = policyReport(built.stack);
    expect(record.elements).toBeGreaterThan(10);
    expect(blocking(record.findings)).toEqual([]);
  });

  it('builds a hardened MSK cluster with the given size in the given network', () => {
    expect(synth).toHaveResourceWithProperties(MskCluster, {
      cluster_name: 'payments-sto',
      number_of_broker_nodes: 6,
      client_authentication: { unauthenticated: false, sasl: { iam: true, scram: false } },
      encryption_info: expect.objectContaining({ encryption_in_transit: { client_broker: 'TLS', in_cluster: true } }),
      broker_node_group_info: expect.objectContaining({
        client_subnets: expect.arrayContaining([expect.stringMatching(/^\$\{aws_subnet\.Network_Private0_/)]),
      }),
      lifecycle: { prevent_destroy: true },
    });
  });

  it('imports the existing cluster by ARN: its name and region come from the ARN, nothing is created for it', () => {
    expect(built.existing).toMatchObject({ service: 'amazon-msk', clusterName: 'payments-fra', region: 'eu-central-1' });
    expect(Object.keys(json.resource.aws_msk_cluster)).toHaveLength(1);
  });

  it('replicates from the imported cluster into the new one, topics matched exactly', () => {
    expect(synth).toHaveResourceWithProperties(MskReplicator, {
      replicator_name: 'payments-fra-to-sto-replicator',
      replication_info_list: expect.objectContaining({
        source_kafka_cluster_arn: built.existing.clusterArn,
        target_kafka_cluster_arn: expect.stringMatching(/^\$\{aws_msk_cluster\.Cluster_/),
        topic_replication: [
          expect.objectContaining({
            topics_to_replicate: ['^payments\\.v1$', '^ledger$'],
            topic_name_configuration: { type: 'IDENTICAL' },
            starting_position: { type: 'EARLIEST' },
          }),
        ],
      }),
      kafka_cluster: expect.arrayContaining([
        expect.objectContaining({ vpc_config: { subnet_ids: ['subnet-0a', 'subnet-0b', 'subnet-0c'], security_groups_ids: ['sg-0fra'] } }),
      ]),
    });
  });

  it('tags every taggable resource with the given tags (no provider default_tags here)', () => {
    const required = { environment: 'payments', owner: 'team-payments', 'data-class': 'confidential' };
    expect(synth).toHaveResourceWithProperties(MskCluster, { tags: expect.objectContaining(required) });
    expect(synth).toHaveResourceWithProperties(KmsKey, { tags: expect.objectContaining(required) });
    expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, { tags: expect.objectContaining(required) });
    expect(synth).toHaveResourceWithProperties(MskReplicator, {
      tags: expect.objectContaining({ ...required, 'replication-link': 'fra-to-sto' }),
    });
    expect(synth).toHaveResourceWithProperties(Subnet, {
      tags: expect.objectContaining({ ...required, Name: 'payments-sto-private-0', tier: 'private' }),
    });
    const tagKaf020 = policyReport(built.stack)[0].findings.filter((f) => f.rule === 'KAF-020');
    expect(tagKaf020).toEqual([]);
  });

  it('fails KAF-020 when the same stack is built without tags', () => {
    const stack = new TerraformStack(Testing.app(), 'untagged');
    applyPolicy(stack, { stage: 'prod' });
    new AwsProvider(stack, 'aws', { region: 'eu-north-1' });
    new KafkaNetwork(stack, 'Network', { namePrefix: 'x', cidr: '10.20.0.0/16' });
    expect(() => Testing.synth(stack, true)).toThrow(
      /KAF-020 untagged aws_vpc\.Network_[A-F0-9]+: tags lack environment, owner, data-class/,
    );
  });
});

describe('bring your own', () => {
  it('uses an existing key and log group instead of creating them', () => {
    const stack = new TerraformStack(Testing.app(), 'byo');
    new AwsProvider(stack, 'aws', { region: 'eu-north-1' });
    const network = KafkaNetwork.fromNetworkAttributes({ vpcId: 'vpc-1', subnetIds: ['s-a', 's-b', 's-c'], securityGroupIds: ['sg-1'] });
    new MskRegionalCluster(stack, 'Cluster', {
      clusterName: 'byo',
      network,
      encryptionKey: { arn: 'arn:aws:kms:eu-north-1:111122223333:key/abc' },
      logGroup: { name: '/team/kafka' },
    });
    const synth = Testing.synth(stack);
    expect(synth).toHaveResourceWithProperties(MskCluster, {
      encryption_info: expect.objectContaining({ encryption_at_rest_kms_key_arn: 'arn:aws:kms:eu-north-1:111122223333:key/abc' }),
      logging_info: { broker_logs: { cloudwatch_logs: { enabled: true, log_group: '/team/kafka' } } },
      broker_node_group_info: expect.objectContaining({ client_subnets: ['s-a', 's-b', 's-c'], security_groups: ['sg-1'] }),
    });
    expect(synth).not.toHaveResource(KmsKey);
    expect(synth).not.toHaveResource(CloudwatchLogGroup);
  });

  it('fails an existing network with one subnet, naming the value and the fix', () => {
    expect(() => KafkaNetwork.fromNetworkAttributes({ vpcId: 'vpc-1', subnetIds: ['s-a'], securityGroupIds: ['sg-1'] })).toThrow(
      /KafkaNetwork.fromNetworkAttributes\(vpc-1\): subnetIds has 1 subnet\(s\) \[s-a\]; give at least 2 private subnets/,
    );
  });

  it('fails an existing network with no security group', () => {
    expect(() => KafkaNetwork.fromNetworkAttributes({ vpcId: 'vpc-1', subnetIds: ['s-a', 's-b'], securityGroupIds: [] })).toThrow(
      /securityGroupIds is empty/,
    );
  });

  it('fails an ARN that is not an MSK cluster ARN', () => {
    const stack = new TerraformStack(Testing.app(), 'arn');
    expect(() => MskRegionalCluster.fromClusterArn(stack, 'X', { clusterArn: 'arn:aws:s3:::bucket' })).toThrow(
      /fromClusterArn arn\/X: "arn:aws:s3:::bucket" is not an MSK cluster ARN; expected arn:aws:kafka:/,
    );
  });

  it('fails a cluster name MSK refuses', () => {
    const stack = new TerraformStack(Testing.app(), 'names');
    const network = KafkaNetwork.fromNetworkAttributes({ vpcId: 'v', subnetIds: ['a', 'b', 'c'], securityGroupIds: ['g'] });
    expect(() => new MskRegionalCluster(stack, 'C', { clusterName: '9_bad', network })).toThrow(
      /MskRegionalCluster names\/C: clusterName "9_bad" is not a valid MSK cluster name/,
    );
  });

  it('fails a replicator end without a network, saying how to import it', () => {
    const stack = new TerraformStack(Testing.app(), 'ends');
    const a = MskRegionalCluster.fromClusterArn(stack, 'A', { clusterArn: 'arn:aws:kafka:eu-west-1:1:cluster/a/u' });
    const b = MskRegionalCluster.fromClusterArn(stack, 'B', {
      clusterArn: 'arn:aws:kafka:eu-west-1:1:cluster/b/u',
      network: { subnetIds: ['s'], securityGroupIds: ['g'] },
    });
    expect(() => new ReplicationLink(stack, 'L', { linkId: 'l', source: a, target: b, topics: ['t'] })).toThrow(
      /ReplicationLink ends\/L: MSK Replicator places interfaces in both clusters' subnets, but the source has no network/,
    );
  });

  it('fails a link with no topics', () => {
    const stack = new TerraformStack(Testing.app(), 'topics');
    const net = { subnetIds: ['s'], securityGroupIds: ['g'] };
    const a = MskRegionalCluster.fromClusterArn(stack, 'A', { clusterArn: 'arn:aws:kafka:eu-west-1:1:cluster/a/u', network: net });
    expect(() => new ReplicationLink(stack, 'L', { linkId: 'l', source: a, target: a, topics: [] })).toThrow(
      /ReplicationLink topics\/L: topics is empty; name at least one topic to copy/,
    );
  });
});

/**
 * An Azure team's stack: an Event Hubs namespace with its own topics, in a resource group,
 * subnet, DNS zone and workspace it already has, and a pipeline over it. Azure has no
 * provider-wide tags, so the tags prop is what KAF-020 sees.
 */
function azureStack(tags?: Record<string, string>) {
  const stack = new TerraformStack(Testing.app(), tags ? 'plant-telemetry' : 'plant-untagged');
  applyPolicy(stack, { stage: 'prod' });
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  new AzurermBackend(stack, { resourceGroupName: 'tfstate', storageAccountName: 'planttfstate', containerName: 'tfstate', key: 'plant' });
  const rg = '/subscriptions/0000/resourceGroups/plant-weu';
  const ws = `${rg}/providers/Microsoft.OperationalInsights/workspaces/plant-logs`;
  const ns = new EventHubsNamespace(stack, 'Telemetry', {
    namespaceName: 'plant-weu-telemetry',
    location: 'westeurope',
    resourceGroupName: 'plant-weu',
    tier: 'premium',
    networkAccess: 'trusted-services',
    privateEndpoint: { subnetId: `${rg}/providers/Microsoft.Network/virtualNetworks/plant/subnets/endpoints`, privateDnsZoneId: 'zone' },
    keyVaultEndpoint: {
      subnetId: `${rg}/providers/Microsoft.Network/virtualNetworks/plant/subnets/endpoints`,
      privateDnsZoneId: 'vault-zone',
    },
    logAnalyticsWorkspaceId: ws,
    hubs: ['readings', 'spikes'].map((name) => ({ name, partitions: 8, retentionHours: 168 })),
    tags,
  });
  new StreamingPipeline(stack, 'Spikes', {
    namePrefix: 'plant-weu',
    pipelineId: 'spikes',
    namespace: ns,
    spec: {
      pipeline: 'spikes',
      input: 'readings',
      steps: [
        resolveStep(
          { kind: 'filter', id: 'hot', where: { field: 'temperature', op: '>', value: 90 }, output: 'spikes' },
          { input: 'readings' },
        ),
      ],
    },
    location: 'westeurope',
    resourceGroupName: 'plant-weu',
    logAnalyticsWorkspaceId: ws,
    tags,
  });
  return stack;
}

describe('a hand-written Azure stack (Event Hubs and a streaming pipeline)', () => {
  const tags = standardTags({ env: 'plant', owner: 'team-ot', dataClass: 'confidential' });
  const stack = azureStack(tags);
  const synth = Testing.synth(stack, true);

  it('passes the product policy with no blocking finding', () => {
    expect(blocking(policyReport(stack)[0].findings)).toEqual([]);
  });

  it('names resources from the given names and tags every taggable one', () => {
    const required = { environment: 'plant', owner: 'team-ot', 'data-class': 'confidential' };
    expect(synth).toHaveResourceWithProperties(EventhubNamespace, { name: 'plant-weu-telemetry', tags: expect.objectContaining(required) });
    expect(synth).toHaveResourceWithProperties(KeyVault, { name: 'plantweutelemetrykv', tags: expect.objectContaining(required) });
    expect(synth).toHaveResourceWithProperties(UserAssignedIdentity, {
      name: 'plant-weu-telemetry-cmk',
      tags: expect.objectContaining(required),
    });
    expect(synth).toHaveResourceWithProperties(StreamAnalyticsJobResource, {
      name: 'plant-weu-spikes',
      tags: expect.objectContaining(required),
    });
  });

  it('fails KAF-020 when the tags are left out', () => {
    expect(() => Testing.synth(azureStack(), true)).toThrow(
      /KAF-020 plant-untagged azurerm_eventhub_namespace\.Telemetry_[A-F0-9]+: tags lack environment, owner, data-class/,
    );
  });
});

/** A Google team's stack: its network and a Managed Kafka cluster, labels given as a prop (no provider default_labels). */
function googleStack(labels?: Record<string, string>) {
  const stack = new TerraformStack(Testing.app(), labels ? 'orders-ew1' : 'orders-unlabelled');
  applyPolicy(stack, { stage: 'prod' });
  new GoogleProvider(stack, 'google', { project: 'orders-prod', region: 'europe-west1' });
  new GcsBackend(stack, { bucket: 'orders-tfstate', prefix: 'orders-ew1' });
  const network = new GcpNetwork(stack, 'Network', { namePrefix: 'orders-ew1', region: 'europe-west1', cidr: '10.40.0.0/16' });
  const cluster = new ManagedKafkaCluster(stack, 'Orders', {
    clusterName: 'orders-ew1',
    region: 'europe-west1',
    subnetId: network.subnet.id,
    labels,
  });
  cluster.addTopic({ name: 'orders.v1', partitions: 12, configs: { 'min.insync.replicas': '2' } });
  return stack;
}

describe('a hand-written Google stack (network and Managed Kafka)', () => {
  const labels = standardTags({ env: 'orders', owner: 'team-orders', dataClass: 'internal' });
  const stack = googleStack(labels);
  const synth = Testing.synth(stack, true);

  it('passes the product policy with no blocking finding, labels given as a prop', () => {
    expect(blocking(policyReport(stack)[0].findings)).toEqual([]);
    const required = { environment: 'orders', owner: 'team-orders', 'data-class': 'internal' };
    expect(synth).toHaveResourceWithProperties(ManagedKafkaClusterResource, {
      cluster_id: 'orders-ew1',
      labels: expect.objectContaining(required),
    });
    expect(synth).toHaveResourceWithProperties(KmsCryptoKey, { name: 'orders-ew1-data', labels: expect.objectContaining(required) });
    expect(synth).toHaveResourceWithProperties(ComputeNetwork, { name: 'orders-ew1-kafka' });
  });

  it('fails KAF-020 when the labels are left out', () => {
    expect(() => Testing.synth(googleStack(), true)).toThrow(
      /KAF-020 orders-unlabelled google_kms_crypto_key\.Orders_Key_[A-F0-9]+: labels lack environment, owner, data-class/,
    );
  });
});

describe('bring your own key (Azure and Google)', () => {
  it('encrypts an Event Hubs namespace with an existing Key Vault key: no vault or key is made, the identity is granted on it', () => {
    const stack = new TerraformStack(Testing.app(), 'byo-azure');
    new AzurermProvider(stack, 'azurerm', { features: [{}] });
    new EventHubsNamespace(stack, 'Ns', {
      namespaceName: 'byo-telemetry',
      location: 'westeurope',
      resourceGroupName: 'rg',
      tier: 'premium',
      networkAccess: 'trusted-services',
      logAnalyticsWorkspaceId: 'ws',
      encryptionKey: { versionlessId: 'https://team-kv.vault.azure.net/keys/eh', grantScope: '/subscriptions/0/vaults/team-kv' },
    });
    const synth = Testing.synth(stack);
    expect(synth).not.toHaveResource(KeyVault);
    expect(synth).toHaveResourceWithProperties(EventhubNamespaceCustomerManagedKey, {
      key_vault_key_ids: ['https://team-kv.vault.azure.net/keys/eh'],
    });
    expect(synth).toHaveResourceWithProperties(RoleAssignment, {
      scope: '/subscriptions/0/vaults/team-kv',
      role_definition_name: 'Key Vault Crypto Service Encryption User',
    });
  });

  it('fails an existing key on a standard namespace, which cannot use one', () => {
    const stack = new TerraformStack(Testing.app(), 'byo-standard');
    expect(
      () =>
        new EventHubsNamespace(stack, 'Ns', {
          namespaceName: 'byo-telemetry',
          location: 'westeurope',
          resourceGroupName: 'rg',
          networkAccess: 'trusted-services',
          logAnalyticsWorkspaceId: 'ws',
          encryptionKey: { versionlessId: 'k', grantScope: 's' },
        }),
    ).toThrow(/customerManagedKey needs tier premium, got standard/);
  });

  it('encrypts a Managed Kafka cluster with an existing Cloud KMS key: no key ring or key is made, the service agent may use it', () => {
    const stack = new TerraformStack(Testing.app(), 'byo-google');
    new GoogleProvider(stack, 'google', { project: 'p', region: 'europe-west1' });
    const key = 'projects/p/locations/europe-west1/keyRings/team/cryptoKeys/kafka';
    new ManagedKafkaCluster(stack, 'C', { clusterName: 'byo', region: 'europe-west1', subnetId: 'sub', encryptionKey: { id: key } });
    const synth = Testing.synth(stack);
    expect(synth).not.toHaveResource(KmsKeyRing);
    expect(synth).not.toHaveResource(KmsCryptoKey);
    expect(synth).toHaveResourceWithProperties(KmsCryptoKeyIamMember, { crypto_key_id: key });
    expect(synth).toHaveResourceWithProperties(ManagedKafkaClusterResource, { gcp_config: expect.objectContaining({ kms_key: key }) });
  });

  it('fails names the services refuse', () => {
    const stack = new TerraformStack(Testing.app(), 'names-cloud');
    expect(() => new ManagedKafkaCluster(stack, 'C', { clusterName: 'Orders_EW1', region: 'europe-west1', subnetId: 'sub' })).toThrow(
      /clusterName "Orders_EW1" must be 1-63 lowercase letters/,
    );
    expect(
      () =>
        new EventHubsNamespace(stack, 'N', {
          namespaceName: 'ns',
          location: 'westeurope',
          resourceGroupName: 'rg',
          networkAccess: 'trusted-services',
          logAnalyticsWorkspaceId: 'ws',
        }),
    ).toThrow(/namespaceName "ns" must be 6-50 letters/);
  });
});

describe('an edge site with no environment file', () => {
  // A ship that pushes its telemetry up to the hub and pulls orders down, three days offline at most.
  const ship = (over: Partial<EdgeSiteProps> = {}) => {
    const stack = new TerraformStack(Testing.app(), 'fleet-edge');
    const site = new EdgeSite(stack, 'Aurora', {
      estate: 'fleet',
      fleet: 'ships',
      site: 'aurora',
      hub: { bootstrap: 'hub.example.com:9096', identity: 'edge-fleet-aurora' },
      topics: [
        { name: 'telemetry', direction: 'up', partitions: 3, hubTopic: 'aurora.telemetry' },
        { name: 'orders', direction: 'down', partitions: 1, hubTopic: 'orders' },
      ],
      offlineWindowSeconds: 3 * 24 * 3600,
      ingressMBps: 0.5,
      ...over,
    });
    return { stack, site };
  };

  it('renders the bundle with retention covering the offline window and MirrorMaker 2 to the given hub', () => {
    const { site } = ship();
    expect(site.bundlePath).toBe('edge/fleet/aurora/bundle.yaml');
    const kafka = site.manifests.find((m) => m.kind === 'Kafka') as any;
    // Default retention: the offline window × 1.5.
    expect(kafka.spec.kafka.config['log.retention.ms']).toBe(3 * 24 * 3600 * 1.5 * 1000);
    expect(site.bundle).toContain('bootstrapServers: "hub.example.com:9096"');
    expect(site.bundle).toContain('username: edge-fleet-aurora');
  });

  it('refuses a retention shorter than the offline window, naming the value to set', () => {
    expect(() => ship({ retentionSeconds: 24 * 3600 })).toThrow(
      /retention 86400s is shorter than the offline window 259200s; set retention to at least 388800s/,
    );
  });

  it('refuses direct delivery without the site cluster provider', () => {
    expect(() => ship({ delivery: 'direct' })).toThrow(/direct delivery needs the kubernetes provider/);
  });
});

describe('the package entry', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; types: string };

  it('is the library, with declarations', () => {
    expect(pkg.main).toBe('dist/constructs/index.js');
    expect(pkg.types).toBe('dist/constructs/index.d.ts');
  });

  it('runs nothing when required: no output, no cdktf.out', () => {
    const entry = join(ROOT, pkg.main);
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build (npm test does it first)`);
    const cwd = mkdtempSync(join(tmpdir(), 'library-'));
    const r = spawnSync(
      process.execPath,
      ['-e', `const lib = require(${JSON.stringify(entry)}); if (!lib.MskRegionalCluster) process.exit(3);`],
      {
        cwd,
        encoding: 'utf8',
        timeout: 60000,
      },
    );
    expect({ code: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readdirSync(cwd)).toEqual([]);
  });
});
