import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { MskCluster } from '@cdktf/provider-aws/lib/msk-cluster';
import { MskConfiguration } from '@cdktf/provider-aws/lib/msk-configuration';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import { KafkaNetwork } from '../../../constructs/aws/network';
import { MskRegionalCluster, type MskRegionalClusterProps } from '../../../constructs/aws/msk-regional-cluster';
import { SAFE_SERVER_PROPERTIES } from '../../../constructs/analysis/durability';
import { baseEnv, envOf, estateStacks, synthJson } from '../../helpers';

describe('MskRegionalCluster in the site stack', () => {
  const stack = estateStacks(envOf(baseEnv())).get('test-fra')!;
  const { synth, json } = synthJson(stack);

  it('encrypts in transit between clients and brokers and inside the cluster', () => {
    expect(synth).toHaveResourceWithProperties(MskCluster, {
      encryption_info: expect.objectContaining({
        encryption_in_transit: { client_broker: 'TLS', in_cluster: true },
        encryption_at_rest_kms_key_arn: expect.stringMatching(/^\$\{aws_kms_key\.main_Key_[A-F0-9]+\.arn\}$/),
      }),
    });
  });

  it('allows authenticated clients only (IAM), never unauthenticated', () => {
    expect(synth).toHaveResourceWithProperties(MskCluster, {
      client_authentication: { unauthenticated: false, sasl: { iam: true, scram: false } },
    });
  });

  it('keeps brokers off the internet and on three private subnets', () => {
    const cluster = Object.values(json.resource.aws_msk_cluster)[0] as any;
    expect(cluster.broker_node_group_info.connectivity_info.public_access.type).toBe('DISABLED');
    expect(cluster.broker_node_group_info.client_subnets).toHaveLength(3);
    expect(Object.values(json.resource.aws_subnet).every((s: any) => s.map_public_ip_on_launch === false)).toBe(true);
    expect(json.resource.aws_internet_gateway).toBeUndefined();
  });

  it('ships broker logs to an encrypted log group with retention and enables enhanced monitoring', () => {
    expect(synth).toHaveResourceWithProperties(MskCluster, {
      enhanced_monitoring: 'PER_TOPIC_PER_BROKER',
      logging_info: { broker_logs: { cloudwatch_logs: { enabled: true, log_group: expect.stringContaining('aws_cloudwatch_log_group') } } },
    });
    expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, {
      retention_in_days: 365,
      kms_key_id: expect.stringContaining('aws_kms_key'),
    });
  });

  it('uses its own configuration with every safe durability setting', () => {
    const config = Object.values(json.resource.aws_msk_configuration)[0] as any;
    for (const [k, v] of Object.entries(SAFE_SERVER_PROPERTIES)) expect(config.server_properties).toContain(`${k}=${v}\n`);
    expect(synth).toHaveResourceWithProperties(MskCluster, {
      configuration_info: expect.objectContaining({ arn: expect.stringContaining('aws_msk_configuration') }),
    });
  });

  it('rotates a customer-managed key that CloudWatch Logs may use', () => {
    expect(synth).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true, deletion_window_in_days: 30 });
    // The site stack also holds the alert topics' key; this is the cluster's.
    const key = Object.values(json.resource.aws_kms_key).find((k: any) => String(k.description).startsWith('MSK cluster')) as any;
    expect(key.policy).toContain('logs.${data.aws_region');
  });

  it('protects the cluster, its configuration and its key from destroy', () => {
    for (const type of [MskCluster, MskConfiguration, KmsKey]) {
      expect(synth).toHaveResourceWithProperties(type, { lifecycle: { prevent_destroy: true } });
    }
  });

  it('sizes brokers from the environment', () => {
    expect(synth).toHaveResourceWithProperties(MskCluster, {
      cluster_name: 'test-fra-main',
      number_of_broker_nodes: 3,
      kafka_version: '3.9.x',
      broker_node_group_info: expect.objectContaining({
        instance_type: 'kafka.m5.large',
        storage_info: { ebs_storage_info: { volume_size: 100 } },
      }),
    });
  });

  it('opens only the IAM listener, from the site CIDR, and no 0.0.0.0/0', () => {
    const ingress = Object.values(json.resource.aws_vpc_security_group_ingress_rule) as any[];
    expect(ingress).toEqual([expect.objectContaining({ from_port: 9098, to_port: 9098, cidr_ipv4: '10.0.0.0/16', ip_protocol: 'tcp' })]);
    expect(synth).toHaveResourceWithProperties(VpcSecurityGroupEgressRule, { cidr_ipv4: '10.0.0.0/16' });
    expect(synth).not.toContain('0.0.0.0/0');
    expect(synth).toHaveResourceWithProperties(SecurityGroup, { name: 'test-fra-brokers' });
  });

  it('cuts /20 subnets out of the site CIDR, one per zone', () => {
    const cidrs = (Object.values(json.resource.aws_subnet) as any[]).map((s) => s.cidr_block);
    expect(cidrs).toEqual(['10.0.0.0/20', '10.0.16.0/20', '10.0.32.0/20']);
    expect(synth).toHaveResourceWithProperties(Subnet, { availability_zone: expect.stringContaining('data.aws_availability_zones') });
  });
});

describe('MskRegionalCluster with SCRAM and declared clients', () => {
  const e = baseEnv();
  e.clusters[0].clientAuth = ['iam', 'scram'];
  e.sites[0].clientCidrs = ['10.0.0.0/16', '192.168.10.0/24'];
  const { synth, json } = synthJson(estateStacks(envOf(e)).get('test-fra')!);

  it('enables SCRAM beside IAM', () => {
    expect(synth).toHaveResourceWithProperties(MskCluster, {
      client_authentication: expect.objectContaining({ sasl: { iam: true, scram: true } }),
    });
  });

  it('opens IAM and SCRAM ports for each client network', () => {
    const rules = (Object.values(json.resource.aws_vpc_security_group_ingress_rule) as any[])
      .map((r) => `${r.cidr_ipv4}:${r.from_port}`)
      .sort();
    expect(rules).toEqual(['10.0.0.0/16:9096', '10.0.0.0/16:9098', '192.168.10.0/24:9096', '192.168.10.0/24:9098']);
    expect(synth).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, { cidr_ipv4: '192.168.10.0/24', from_port: 9096 });
  });
});

describe('MskRegionalCluster rejects unsafe props', () => {
  function build(overrides: Partial<MskRegionalClusterProps>, netProps: Partial<ConstructorParameters<typeof KafkaNetwork>[2]> = {}) {
    const stack = new TerraformStack(Testing.app(), 's');
    new AwsProvider(stack, 'aws', { region: 'eu-central-1' });
    const network = new KafkaNetwork(stack, 'Network', { namePrefix: 'dev-fra', cidr: '10.0.0.0/16', ...netProps });
    return new MskRegionalCluster(stack, 'main', { clusterName: 'dev-fra-main', network, ...overrides });
  }

  it('fails when brokers is not a multiple of the zones', () => {
    expect(() => build({ brokers: 4 })).toThrow(/brokers must be a positive multiple of 3 \(one per zone\), got 4/);
  });
  it('fails when brokers is zero', () => {
    expect(() => build({ brokers: 0 })).toThrow(/got 0/);
  });
  it('fails on an unknown instance type', () => {
    expect(() => build({ instanceType: 'm5.large' })).toThrow(/instanceType "m5.large" is not an MSK broker type/);
  });
  it('fails on storage out of range', () => {
    expect(() => build({ storageGiB: 0 })).toThrow(/storageGiB must be 1 to 16384, got 0/);
  });
  it('fails without client authentication', () => {
    expect(() => build({ clientAuth: [] })).toThrow(/unauthenticated clients are not allowed/);
  });
  it('fails when extra properties override a durability setting', () => {
    expect(() => build({ serverProperties: { 'unclean.leader.election.enable': 'true', 'num.io.threads': '8' } })).toThrow(
      /may not override the durability settings unclean.leader.election.enable/,
    );
  });
  it('lists every problem at once', () => {
    expect(() => build({ brokers: 4, storageGiB: 0 })).toThrow(/got 4.*storageGiB/);
  });
  it('fails when the network admits every address', () => {
    expect(() => build({}, { clientCidrs: ['0.0.0.0/0'] })).toThrow(/admits every address/);
  });
  it('fails when the network CIDR is malformed', () => {
    expect(() => build({}, { cidr: '10.0.0.0/33' })).toThrow(/is not an IPv4 CIDR/);
  });
  it('passes extra non-durability properties through', () => {
    const c = build({ serverProperties: { 'num.io.threads': '8' } });
    const json = JSON.parse(Testing.synth(c.node.scope as TerraformStack, true));
    const config = Object.values(json.resource.aws_msk_configuration)[0] as any;
    expect(config.server_properties).toContain('num.io.threads=8\n');
  });
});
