import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { MskconnectConnector } from '@cdktf/provider-aws/lib/mskconnect-connector';
import { MskconnectCustomPlugin } from '@cdktf/provider-aws/lib/mskconnect-custom-plugin';
import { MskconnectWorkerConfiguration } from '@cdktf/provider-aws/lib/mskconnect-worker-configuration';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import {
  MIRROR_CONNECTOR_CLASSES,
  MirrorMakerConnect,
  MirrorSourceAuth,
  type MirrorMakerConnectProps,
} from '../../../constructs/aws/mirror-maker-connect';

const base: MirrorMakerConnectProps = {
  namePrefix: 'bank-sto',
  linkId: 'core-vault',
  region: 'eu-north-1',
  source: {
    alias: 'core',
    bootstrapServers: 'b0.fra.core.bank.kafka.internal:9094,b0.par.core.bank.kafka.internal:9094',
    auth: MirrorSourceAuth.scram('arn:aws:secretsmanager:eu-north-1:111122223333:secret:mm2-core'),
  },
  target: {
    alias: 'vault',
    bootstrapServers: 'b-1.vault:9098',
    clusterArn: 'arn:aws:kafka:eu-north-1:111122223333:cluster/bank-sto-vault/abc-1',
  },
  subnetIds: ['subnet-1', 'subnet-2'],
  securityGroupIds: ['sg-1'],
  topics: ['payments', 'ledger'],
  plugin: { bucketArn: 'arn:aws:s3:::bank-artifacts', fileKey: 'mm2/connect-mirror-3.7.2.zip' },
};

function synth(props: Partial<MirrorMakerConnectProps> = {}): string {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new AwsProvider(stack, 'aws', { region: 'eu-north-1' });
  new MirrorMakerConnect(stack, 'Mirror', { ...base, ...props });
  return Testing.synth(stack, true);
}

describe('MirrorMakerConnect: active-passive from a SCRAM source', () => {
  const out = synth();
  const json = JSON.parse(out) as {
    resource: { aws_mskconnect_connector: Record<string, { connector_configuration: Record<string, string> }> };
  };
  const configs = Object.values(json.resource.aws_mskconnect_connector).map((c) => c.connector_configuration);

  it('creates the plugin from the S3 artifact', () => {
    expect(out).toHaveResourceWithProperties(MskconnectCustomPlugin, {
      content_type: 'ZIP',
      location: { s3: expect.objectContaining({ bucket_arn: 'arn:aws:s3:::bank-artifacts', file_key: 'mm2/connect-mirror-3.7.2.zip' }) },
    });
  });

  it('runs the three MirrorMaker connectors, IAM and TLS to the target', () => {
    expect(configs.map((c) => c['connector.class']).sort()).toEqual(Object.values(MIRROR_CONNECTOR_CLASSES).sort());
    expect(out).toHaveResourceWithProperties(MskconnectConnector, {
      kafka_cluster_client_authentication: { authentication_type: 'IAM' },
      kafka_cluster_encryption_in_transit: { encryption_type: 'TLS' },
      log_delivery: { worker_log_delivery: { cloudwatch_logs: expect.objectContaining({ enabled: true }) } },
    });
  });

  it('syncs consumer group offsets with the checkpoint connector', () => {
    const checkpoint = configs.find((c) => c['connector.class'] === MIRROR_CONNECTOR_CLASSES.checkpoint) as Record<string, string>;
    expect(checkpoint).toMatchObject({ 'sync.group.offsets.enabled': 'true', groups: '.*' });
  });

  it('keeps topic names (identity policy) and copies the named topics', () => {
    const source = configs.find((c) => c['connector.class'] === MIRROR_CONNECTOR_CLASSES.source) as Record<string, string>;
    expect(source).toMatchObject({
      topics: 'payments,ledger',
      'replication.policy.class': 'org.apache.kafka.connect.mirror.IdentityReplicationPolicy',
      'source.cluster.sasl.mechanism': 'SCRAM-SHA-512',
      'target.cluster.sasl.mechanism': 'AWS_MSK_IAM',
    });
    // Terraform's `$${` escape: the secret placeholder reaches MSK Connect, the password never enters the plan.
    expect(source['source.cluster.sasl.jaas.config']).toContain(
      'password="$${secretsmanager:arn:aws:secretsmanager:eu-north-1:111122223333:secret:mm2-core:password}"',
    );
  });

  it('configures the Secrets Manager config provider on the workers', () => {
    expect(out).toHaveResourceWithProperties(MskconnectWorkerConfiguration, {
      properties_file_content: expect.stringContaining(
        'config.providers.secretsmanager.class=com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider',
      ),
    });
  });

  it('keeps worker logs a year under a customer key (KAF-038, KAF-039)', () => {
    expect(out).toHaveResourceWithProperties(CloudwatchLogGroup, {
      retention_in_days: 365,
      kms_key_id: expect.stringContaining('aws_kms_key.'),
    });
  });

  it('scopes the role to the target cluster and the source secret', () => {
    // The statements live in a policy document data source, readable by the policy check (KAF-027).
    const policy = JSON.stringify(
      Object.values((JSON.parse(out) as { data: { aws_iam_policy_document: Record<string, unknown> } }).data.aws_iam_policy_document)[0],
    );
    expect(policy).toContain('arn:aws:kafka:eu-north-1:111122223333:cluster/bank-sto-vault/abc-1');
    expect(policy).toContain('secretsmanager:GetSecretValue');
    expect(policy).not.toContain('"*"');
    expect(out).toHaveResource(IamRolePolicy);
  });
});

describe('MirrorMakerConnect: active-active from MSK with IAM', () => {
  const out = synth({
    source: {
      alias: 'east',
      bootstrapServers: 'b-1.east:9098',
      auth: MirrorSourceAuth.iam('arn:aws:kafka:eu-west-1:111122223333:cluster/east/x'),
    },
    replicationPolicy: 'prefixed',
    topics: undefined,
    topicsRegex: 'orders\\..*',
  });

  it('prefixes copied topics so two-way replication cannot loop', () => {
    expect(out).toHaveResourceWithProperties(MskconnectConnector, {
      connector_configuration: expect.objectContaining({
        'replication.policy.class': 'org.apache.kafka.connect.mirror.DefaultReplicationPolicy',
        topics: 'orders\\..*',
        'source.cluster.sasl.mechanism': 'AWS_MSK_IAM',
      }),
    });
  });

  it('grants read on the source cluster', () => {
    expect(out).toContain('cluster/east/x');
  });
});

describe('MirrorMakerConnect: validation', () => {
  it('fails without topics or regex', () => {
    expect(() => synth({ topics: [] })).toThrow(/give exactly one of topics \(a non-empty list\) or topicsRegex/);
  });
  it('fails with both topics and regex', () => {
    expect(() => synth({ topicsRegex: '.*' })).toThrow(/give exactly one of topics/);
  });
  it('fails when both ends share an alias', () => {
    expect(() => synth({ target: { ...base.target, alias: 'core' } })).toThrow(/source and target aliases must differ, both are "core"/);
  });
  it('fails on a malformed bootstrap list', () => {
    expect(() => synth({ source: { ...base.source, bootstrapServers: 'b0 b1' } })).toThrow(/"b0 b1" is not a host:port list/);
  });
  it('fails on an MSK Connect version that does not exist', () => {
    expect(() => synth({ kafkaConnectVersion: '4.0.0' })).toThrow(/kafkaConnectVersion "4.0.0" is not offered by MSK Connect/);
  });
  it('fails on inverted capacity', () => {
    expect(() => synth({ capacity: { minWorkers: 3, maxWorkers: 2 } })).toThrow(/1 <= minWorkers <= maxWorkers <= 10, got 3..2/);
  });
  it('fails outside a VPC', () => {
    expect(() => synth({ subnetIds: [] })).toThrow(/subnetIds and securityGroupIds must not be empty/);
  });
  it('fails on zero log retention', () => {
    expect(() => synth({ logRetentionDays: 0 })).toThrow(/logRetentionDays must be at least 1, got 0/);
  });
});
