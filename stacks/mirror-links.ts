import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import type { Construct } from 'constructs';
import { MirrorMakerConnect, MirrorSourceAuth } from '../constructs/aws/mirror-maker-connect';
import { MskRegionalCluster } from '../constructs/aws/msk-regional-cluster';
import { KafkaNetwork } from '../constructs/aws/network';
import { KraftDns } from '../constructs/aws/kraft-dns';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import {
  clientBootstrap,
  CLUSTER_CA_KEY,
  clusterCaSecretName,
  KRAFT_PORTS,
  kraftZoneName,
  scramSecretName,
} from '../constructs/analysis/kraft';
import type { Environment, Replication } from '../constructs/model/schema';
import type { Problem } from '../constructs/model/problems';
import { resourceName } from '../constructs/model/naming';
import { linkId } from '../constructs/analysis/replication-link';
import { kindModel } from '../constructs/kinds/registry';
import type { SiteContext } from './context';

/**
 * Whether this path builds a copy between the two kinds: a source read by its planned
 * node names over SCRAM (a stretched cluster) into a target MSK Connect runs beside.
 */
export function builtByMirrorLinks(sourceKind: string, targetKind: string): boolean {
  return (
    kindModel(sourceKind)?.replicationEnd.mirrorSource === 'planned-nodes-scram' &&
    (kindModel(targetKind)?.replicationEnd.mskConnectTarget ?? false)
  );
}

/** Replication entries this path builds (builtByMirrorLinks). */
function mirrorLinks(env: Environment): Array<{ r: Replication; i: number }> {
  const kindOf = (id: string) => env.clusters.find((c) => c.id === id)?.kind ?? '';
  return env.replication.map((r, i) => ({ r, i })).filter(({ r }) => builtByMirrorLinks(kindOf(r.from), kindOf(r.to)));
}

/**
 * Whether MirrorMaker 2 copies into this site build their Secrets Manager endpoint here.
 * Private DNS of an interface endpoint associates a private hosted zone for the service's
 * default name with the VPC (CreateVpcEndpoint, PrivateDnsEnabled), so the VPC takes one
 * such endpoint per service: the site's MSK Connect connectors use this one then.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpcEndpoint.html
 */
export function mirrorSecretsEndpointIn(ctx: SiteContext): boolean {
  return mirrorLinks(ctx.env).some(
    ({ r }) => r.mirrorMakerPlugin !== undefined && ctx.env.clusters.find((c) => c.id === r.to)?.sites.includes(ctx.site.id),
  );
}

/**
 * Whether MSK Connect connectors of this site (in the site stack or its connectors stack)
 * read secrets through the site's Secrets Manager endpoint: decided from the plan, so it
 * does not depend on which part of the site stack is built first.
 */
export function mskConnectWorkersIn(ctx: SiteContext): boolean {
  return ctx.plan.connectors.some((c) => c.site === ctx.site.id && c.edgeSite === undefined && c.runtime === 'msk-connect');
}

/** The secret MirrorMaker reads its SCRAM credentials from: the source's principal, replicated into the target's region. */
export function mirrorSecretName(env: string, source: string, target: string): string {
  return scramSecretName(env, source, `mirror-maker-${target}`);
}

/**
 * Builds, in the target site's stack, MirrorMaker 2 on MSK Connect for copies from a
 * stretched cluster into MSK: a copy of the source's private DNS zone (so the workers
 * resolve the brokers' planned names), a security group that reaches the source sites'
 * SCRAM listener and the MSK cluster only, and the connectors. The source bootstrap
 * comes from the plan, never from another stack.
 */
export function placeMirrorLinks(scope: Construct, ctx: SiteContext): void {
  const { env, site } = ctx;
  let secretsEndpoint: SecurityGroup | undefined;
  for (const { r } of mirrorLinks(env)) {
    const target = env.clusters.find((c) => c.id === r.to)!;
    if (!target.sites.includes(site.id) || !r.mirrorMakerPlugin) continue;
    const source = env.clusters.find((c) => c.id === r.from)!;
    const msk = scope.node.tryFindChild(target.id);
    const network = scope.node.tryFindChild('Network');
    if (!(msk instanceof MskRegionalCluster) || !(network instanceof KafkaNetwork)) continue;
    const id = linkId(r);
    const nodes = ctx.plan.clusters.find((c) => c.id === source.id)!.nodes ?? [];
    if (!scope.node.tryFindChild(`${source.id}-dns`)) {
      new KraftDns(scope, `${source.id}-dns`, { zoneName: kraftZoneName(env.name, source.id), vpcId: network.vpc.id, nodes });
    }
    const name = resourceName({ env: env.name, site: site.id, component: `${id}-mm2` });
    const sg = new SecurityGroup(scope, `${id}-workers`, {
      name,
      description: `MirrorMaker 2 workers ${source.id} -> ${target.id}: the source SCRAM listener and the target only`,
      vpcId: network.vpc.id,
      tags: { Name: name },
    });
    // One rule per source site, keyed by the site's id: adding, removing or reordering sites
    // touches only that site's rule. The first release with these ids moves each rule from its
    // former position-based address (moved blocks), so nothing is destroyed on the way.
    env.sites
      .filter((s) => source.sites.includes(s.id))
      .forEach((s, j) => {
        new VpcSecurityGroupEgressRule(scope, `${id}-workers-source-${s.id}`, {
          securityGroupId: sg.id,
          ipProtocol: 'tcp',
          fromPort: KRAFT_PORTS.client,
          toPort: KRAFT_PORTS.client,
          cidrIpv4: s.cidr,
          description: `source brokers in ${s.cidr}`,
        }).moveFromId(`aws_vpc_security_group_egress_rule.${id}-workers-source${j}`);
      });
    new VpcSecurityGroupEgressRule(scope, `${id}-workers-target`, {
      securityGroupId: sg.id,
      ipProtocol: 'tcp',
      fromPort: 9098,
      toPort: 9098,
      cidrIpv4: site.cidr,
      description: 'target MSK brokers (IAM)',
    });
    new VpcSecurityGroupEgressRule(scope, `${id}-workers-https`, {
      securityGroupId: sg.id,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: site.cidr,
      description: 'AWS endpoints inside the VPC',
    });
    // The workers have no internet egress: the config provider reads the secret through an
    // interface endpoint in this VPC, which admits HTTPS from the workers only. The VPC takes
    // one private-DNS endpoint per service, so the site's first copy builds it and every
    // later copy into the site admits its workers to that one.
    const first = !secretsEndpoint;
    secretsEndpoint ??= new SecurityGroup(scope, `${id}-secrets-endpoint-access`, {
      name: `${name}-secrets`,
      description: `Secrets Manager endpoint: HTTPS from the MirrorMaker 2 workers ${source.id} -> ${target.id}`,
      vpcId: network.vpc.id,
      tags: { Name: `${name}-secrets` },
    });
    new VpcSecurityGroupIngressRule(scope, `${id}-secrets-endpoint-ingress`, {
      securityGroupId: secretsEndpoint.id,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      referencedSecurityGroupId: sg.id,
      description: 'HTTPS from the MirrorMaker 2 workers',
    });
    if (first) {
      // The site's MSK Connect connector workers (the brokers' group) read their secrets through this endpoint too.
      if (mskConnectWorkersIn(ctx))
        new VpcSecurityGroupIngressRule(scope, `${id}-secrets-endpoint-connectors`, {
          securityGroupId: secretsEndpoint.id,
          ipProtocol: 'tcp',
          fromPort: 443,
          toPort: 443,
          referencedSecurityGroupId: network.securityGroup.id,
          description: 'HTTPS from the connector workers',
        });
      new VpcEndpoint(scope, `${id}-secrets-endpoint`, {
        vpcId: network.vpc.id,
        serviceName: `com.amazonaws.${site.region}.secretsmanager`,
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: network.subnets.map((s) => s.id),
        securityGroupIds: [secretsEndpoint.id],
        tags: { Name: `${name}-secrets` },
      });
    }
    const account = new DataAwsCallerIdentity(scope, `${id}-account`);
    const partition = new DataAwsPartition(scope, `${id}-partition`);
    const secretName = mirrorSecretName(env.name, source.id, target.id);
    const caName = clusterCaSecretName(env.name, source.id);
    const [bucket, ...key] = r.mirrorMakerPlugin.replace(/^s3:\/\//, '').split('/');
    new MirrorMakerConnect(scope, `mirror-${id}`, {
      namePrefix: `${env.name}-${site.id}`,
      linkId: id,
      region: site.region,
      source: {
        alias: source.id,
        bootstrapServers: clientBootstrap(nodes),
        // The replica in this region keeps the primary's name and suffix.
        auth: MirrorSourceAuth.scram(
          `arn:${partition.partition}:secretsmanager:${site.region}:${account.accountId}:secret:${secretName}-??????`,
          secretName,
          {
            secretArn: `arn:${partition.partition}:secretsmanager:${site.region}:${account.accountId}:secret:${caName}-??????`,
            secretId: caName,
            key: CLUSTER_CA_KEY,
          },
        ),
      },
      target: { alias: target.id, bootstrapServers: msk.bootstrapBrokersSaslIam, clusterArn: msk.clusterArn },
      subnetIds: network.subnets.map((s) => s.id),
      securityGroupIds: [sg.id, network.securityGroup.id],
      topics: r.topics,
      replicationPolicy: r.mode === 'active-active' ? 'prefixed' : 'identity',
      plugin: { bucketArn: `arn:aws:s3:::${bucket}`, fileKey: key.join('/') },
      // A year in every stage (KAF-039); the target cluster's key already admits CloudWatch Logs here.
      logRetentionDays: 365,
      logKmsKeyArn: msk.encryptionKeyArn,
    });
  }
}

/** Environment check: a stretched-to-MSK copy names its plugin. */
export function checkMirrorLinks(env: Environment): Problem[] {
  return mirrorLinks(env)
    .filter(({ r }) => !r.mirrorMakerPlugin)
    .map(({ r, i }) => ({
      file: '',
      path: `replication[${i}].mirrorMakerPlugin`,
      message: `the copy from "${r.from}" to "${r.to}" runs MirrorMaker 2 on MSK Connect, which needs its plugin zip.`,
      fix: 'add mirrorMakerPlugin: s3://bucket/connect-mirror.zip (the connect-mirror jars and the Secrets Manager config provider).',
    }));
}
