import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EbsVolume } from '@cdktf/provider-aws/lib/ebs-volume';
import { Instance } from '@cdktf/provider-aws/lib/instance';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { VolumeAttachment } from '@cdktf/provider-aws/lib/volume-attachment';
import { Testing, TerraformStack } from 'cdktf';
import { KraftDns } from '../../../constructs/aws/kraft-dns';
import { KraftSite, type KraftSiteProps } from '../../../constructs/aws/kraft-site';
import { KafkaNetwork } from '../../../constructs/aws/network';
import { RegionPeering } from '../../../constructs/aws/region-peering';
import { kraftNodes, type KraftNode } from '../../../constructs/analysis/kraft';
import { EnvironmentSchema } from '../../../constructs/model/schema';

const env = EnvironmentSchema.parse({
  name: 'bank',
  stage: 'prod',
  owner: 'payments',
  sites: [
    { id: 'fra', cloud: 'aws', region: 'eu-central-1', cidr: '10.10.0.0/16' },
    { id: 'par', cloud: 'aws', region: 'eu-west-3', cidr: '10.20.0.0/16' },
    { id: 'mil', cloud: 'aws', region: 'eu-south-1', cidr: '10.30.0.0/16' },
  ],
  clusters: [{ id: 'core', kind: 'self-managed', sites: ['fra', 'par', 'mil'], brokersPerSite: 2, controllersPerSite: 1 }],
});
const nodes = kraftNodes(env, env.clusters[0]);
const artifact = { location: 's3://bank-artifacts/kafka/kafka_2.13-4.1.1.tgz', sha512: 'a'.repeat(128) };

function build(over: Partial<KraftSiteProps> = {}, dnsNodes: readonly KraftNode[] = nodes): string {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new AwsProvider(stack, 'aws', { region: 'eu-central-1' });
  const network = new KafkaNetwork(stack, 'Network', { namePrefix: 'bank-fra', cidr: '10.10.0.0/16', clientAuth: [] });
  new KraftDns(stack, 'Dns', { zoneName: 'core.bank.kafka.internal', vpcId: network.vpc.id, nodes: dnsNodes });
  new KraftSite(stack, 'core', {
    env: 'bank',
    site: 'fra',
    clusterId: 'core',
    region: 'eu-central-1',
    network,
    nodes,
    kafkaClusterId: 'AAAAAAAAAAAAAAAAAAAAAA',
    peerCidrs: ['10.10.0.0/16', '10.20.0.0/16', '10.30.0.0/16'],
    clientCidrs: ['10.10.0.0/16'],
    artifact,
    ...over,
  });
  return Testing.synth(stack, true);
}

describe('KraftSite', () => {
  const out = build();
  const json = JSON.parse(out);

  it('builds only its own site: one controller and two brokers', () => {
    expect(Object.keys(json.resource.aws_instance)).toHaveLength(3);
  });

  it('puts every node on a fixed address, never a public one', () => {
    for (const i of Object.values<any>(json.resource.aws_instance)) {
      expect(i.associate_public_ip_address).toBe(false);
      expect(i.private_ip).toMatch(/^10\.10\./);
    }
    expect(out).toHaveResourceWithProperties(Instance, { private_ip: '10.10.0.10' });
  });

  it('requires IMDSv2 in the launch templates', () => {
    expect(out).toHaveResourceWithProperties(LaunchTemplate, {
      metadata_options: expect.objectContaining({ http_tokens: 'required', http_put_response_hop_limit: 1 }),
    });
  });

  it('keeps data on encrypted gp3 volumes with prevent_destroy, apart from the instance', () => {
    const volumes = Object.values<any>(json.resource.aws_ebs_volume);
    expect(volumes).toHaveLength(3);
    for (const v of volumes) expect(v).toMatchObject({ type: 'gp3', encrypted: true, lifecycle: { prevent_destroy: true } });
    expect(out).toHaveResourceWithProperties(EbsVolume, { size: 500 });
    expect(out).toHaveResourceWithProperties(VolumeAttachment, { device_name: '/dev/sdf', stop_instance_before_detaching: true });
  });

  it('keeps node logs for a bounded time, encrypted with the cluster key', () => {
    expect(out).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/kafka/bank-fra-core',
      retention_in_days: 365,
      kms_key_id: expect.stringContaining('aws_kms_key'),
    });
  });

  it('replaces nodes only deliberately: template and user data changes are ignored', () => {
    expect(out).toHaveResourceWithProperties(Instance, { lifecycle: { ignore_changes: ['launch_template', 'user_data', 'ami'] } });
  });

  it('escapes Kafka config-provider placeholders for Terraform', () => {
    const userData: string = Object.values<any>(json.resource.aws_instance)[0].user_data;
    expect(userData).toContain('ssl.keystore.password=$${file:/etc/kafka/tls/passwords.properties:keystore}');
    expect(userData).not.toMatch(/[^$]\$\{file:/);
  });

  it('admits only the site CIDRs, on the Kafka ports', () => {
    const ingress = Object.values<any>(json.resource.aws_vpc_security_group_ingress_rule).filter((r) =>
      [9093, 9094, 9096].includes(r.from_port),
    );
    expect(new Set(ingress.map((r) => r.cidr_ipv4))).toEqual(new Set(['10.10.0.0/16', '10.20.0.0/16', '10.30.0.0/16']));
    expect(out).not.toContain('0.0.0.0/0');
  });

  it('writes a DNS record per node of the cluster into a private zone', () => {
    expect(out).toHaveResourceWithProperties(Route53Zone, {
      name: 'core.bank.kafka.internal',
      vpc: [expect.objectContaining({ vpc_id: expect.any(String) })],
    });
    expect(Object.keys(json.resource.aws_route53_record)).toHaveLength(9);
    expect(out).toHaveResourceWithProperties(Route53Record, { name: 'mil-b1', type: 'A', records: ['10.30.16.40'] });
  });
});

describe('KraftSite validation', () => {
  it('fails for a site without nodes in the plan', () => {
    expect(() => build({ site: 'sto' })).toThrow(/no node of the plan is in site "sto"/);
  });
  it('fails on an open peer CIDR', () => {
    expect(() => build({ peerCidrs: ['0.0.0.0/0'] })).toThrow(/"0.0.0.0\/0" admits every address/);
  });
  it('fails on an artifact outside S3', () => {
    expect(() => build({ artifact: { ...artifact, location: 'https://downloads.apache.org/kafka/4.1.1/kafka_2.13-4.1.1.tgz' } })).toThrow(
      /must be an s3:\/\/ object; brokers have no internet egress/,
    );
  });
  it('fails on a malformed checksum', () => {
    expect(() => build({ artifact: { ...artifact, sha512: 'a'.repeat(64) } })).toThrow(/artifact.sha512 "a{64}" is not a SHA-512/);
  });
  it('fails on an undersized volume', () => {
    expect(() => build({ brokerStorageGiB: 5 })).toThrow(/brokerStorageGiB must be 10 to 16384, got 5/);
  });
  it('fails on zero log retention', () => {
    expect(() => build({ logRetentionDays: 0 })).toThrow(/logRetentionDays must be at least 1, got 0/);
  });
  it('refuses to override durability settings', () => {
    expect(() => build({ serverProperties: { 'min.insync.replicas': '1' } })).toThrow(
      /may not override the durability settings min.insync.replicas/,
    );
  });
  it('fails when DNS records fall outside the zone', () => {
    expect(() => build({}, [{ ...nodes[0], dns: 'fra-c0.other.internal' }])).toThrow(
      /fra-c0.other.internal is not inside zone core.bank.kafka.internal/,
    );
  });
});

describe('RegionPeering', () => {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'peering');
  const end = (site: string, region: string, cidr: string) => ({
    site,
    region,
    cidr,
    vpcName: `bank-${site}-kafka`,
    provider: new AwsProvider(stack, `aws-${site}`, { alias: site, region }),
  });
  new RegionPeering(stack, 'fra-par', {
    requester: end('fra', 'eu-central-1', '10.10.0.0/16'),
    accepter: end('par', 'eu-west-3', '10.20.0.0/16'),
  });
  const out = Testing.synth(stack, true);

  it('finds both VPCs by planned name, requests from one region and accepts in the other', () => {
    const json = JSON.parse(out);
    expect(
      Object.values<any>(json.data.aws_vpc)
        .map((v) => v.tags.Name)
        .sort(),
    ).toEqual(['bank-fra-kafka', 'bank-par-kafka']);
    expect(Object.values<any>(json.resource.aws_vpc_peering_connection)[0]).toMatchObject({ peer_region: 'eu-west-3' });
    expect(Object.values<any>(json.resource.aws_vpc_peering_connection_accepter)[0]).toMatchObject({
      auto_accept: true,
      provider: 'aws.par',
    });
    expect(
      Object.values<any>(json.resource.aws_route)
        .map((r) => r.destination_cidr_block)
        .sort(),
    ).toEqual(['10.10.0.0/16', '10.20.0.0/16']);
  });

  it('fails when both ends are the same site', () => {
    const s = new TerraformStack(Testing.app(), 'same');
    const p = new AwsProvider(s, 'aws', { region: 'eu-central-1' });
    const end = { site: 'fra', region: 'eu-central-1', cidr: '10.10.0.0/16', vpcName: 'fra', provider: p };
    expect(() => new RegionPeering(s, 'x', { requester: end, accepter: { ...end, cidr: '10.20.0.0/16' } })).toThrow(
      /both ends are site "fra"/,
    );
  });

  it('fails on overlapping address spaces', () => {
    const s = new TerraformStack(Testing.app(), 'bad');
    const p = new AwsProvider(s, 'aws', { region: 'eu-central-1' });
    expect(
      () =>
        new RegionPeering(s, 'x', {
          requester: { site: 'a', region: 'eu-central-1', cidr: '10.0.0.0/16', vpcName: 'a', provider: p },
          accepter: { site: 'b', region: 'eu-west-3', cidr: '10.0.128.0/17', vpcName: 'b', provider: p },
        }),
    ).toThrow(/10.0.0.0\/16 \(a\) overlaps 10.0.128.0\/17 \(b\)/);
  });
});
