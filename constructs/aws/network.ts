import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { isIpv4Cidr, parseCidr, siteSubnetPrefix, subnet } from '../model/cidr';
import { resourceName } from '../model/naming';
import { ConstructError } from '../construct-error';
import { LogKey } from './log-key';
import { policyDocument } from './policy-document';

/** Kafka listener ports MSK opens per client authentication. Plaintext 9092 is never opened. */
export const MSK_PORTS = { mtls: 9094, scram: 9096, iam: 9098 } as const;

/** Private subnets (one per availability zone) a KafkaNetwork makes unless told otherwise. */
export const DEFAULT_ZONES = 3;

/**
 * The names a KafkaNetwork gives its private subnets (their Name tags) and its brokers'
 * security group, for stacks that find the network by name (data sources), never by
 * another stack's token. Exact names, not a `<prefix>-private-*` pattern: resourceName()
 * shortens a name longer than 63 characters with a hash, and the pattern would then match
 * no subnet.
 */
export function kafkaNetworkNames(namePrefix: string, zones = DEFAULT_ZONES): { privateSubnets: string[]; brokersSecurityGroup: string } {
  const name = (component: string) => resourceName({ env: namePrefix, component });
  return { privateSubnets: Array.from({ length: zones }, (_, i) => name(`private-${i}`)), brokersSecurityGroup: name('brokers') };
}

/**
 * Where brokers and their clients' network interfaces go: a VPC, private subnets (one per
 * zone) and the security groups the brokers carry. A `KafkaNetwork` is one; a network a
 * team already has is one through `KafkaNetwork.fromNetworkAttributes`.
 */
export interface IKafkaNetwork {
  readonly vpcId: string;
  /** Private subnets, one per availability zone, in zone order. */
  readonly subnetIds: readonly string[];
  /** Security groups attached to the brokers (and to replicators and connectors reaching them). */
  readonly securityGroupIds: readonly string[];
}

/** An existing network, by id. */
export interface KafkaNetworkAttributes {
  readonly vpcId: string;
  /** At least two private subnets in different zones (MSK places one broker per subnet's zone). */
  readonly subnetIds: readonly string[];
  /** At least one security group admitting the Kafka ports from the clients. */
  readonly securityGroupIds: readonly string[];
}

export interface KafkaNetworkProps {
  /**
   * Prefix of every resource name (`<namePrefix>-kafka`, `<namePrefix>-private-0`,
   * `<namePrefix>-brokers`); lowercase letters, digits and dashes.
   */
  readonly namePrefix: string;
  /** Address space of the VPC, an IPv4 CIDR such as 10.10.0.0/16. */
  readonly cidr: string;
  /** Networks allowed to reach the brokers. @default the VPC CIDR only */
  readonly clientCidrs?: string[];
  /** Client authentications whose ports are opened. @default ['iam'] */
  readonly clientAuth?: ReadonlyArray<keyof typeof MSK_PORTS>;
  /** Private subnets, one per availability zone. @default DEFAULT_ZONES (3) */
  readonly zones?: number;
  /**
   * Days the VPC flow logs are kept. Fewer than 365 fails KAF-039 unless the stage
   * suppresses it with its reason. @default 365
   */
  readonly flowLogRetentionDays?: number;
  /**
   * Tags on every resource of the network (the `Name` tag is always set here). Policy
   * KAF-020 needs environment, owner and data-class, here or in the provider default_tags.
   * @default - none beyond Name; the provider's default_tags apply
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A VPC with private subnets only (no internet gateway, no public IPs) and a security
 * group that admits the Kafka TLS/SASL ports from the declared client networks and
 * nothing else. 0.0.0.0/0 is refused.
 */
export class KafkaNetwork extends Construct implements IKafkaNetwork {
  /**
   * A network this construct does not create (no resources are made). Fails when a
   * literal list is too short for a Kafka cluster.
   */
  public static fromNetworkAttributes(attrs: KafkaNetworkAttributes): IKafkaNetwork {
    const problems: string[] = [];
    if (!Token.isUnresolved(attrs.subnetIds) && attrs.subnetIds.length < 2)
      problems.push(
        `subnetIds has ${attrs.subnetIds.length} subnet(s) [${attrs.subnetIds.join(', ')}]; give at least 2 private subnets in different zones.`,
      );
    if (!Token.isUnresolved(attrs.securityGroupIds) && attrs.securityGroupIds.length === 0)
      problems.push('securityGroupIds is empty; give the security group that admits the Kafka ports from the clients.');
    // No construct exists yet to name; the VPC id says which network was given.
    if (problems.length > 0) throw new Error(`KafkaNetwork.fromNetworkAttributes(${attrs.vpcId}): ${problems.join(' ')}`);
    return { vpcId: attrs.vpcId, subnetIds: [...attrs.subnetIds], securityGroupIds: [...attrs.securityGroupIds] };
  }

  public readonly vpc: Vpc;
  public readonly subnets: Subnet[];
  public readonly securityGroup: SecurityGroup;
  public readonly subnetCidrs: string[];
  /** Where the VPC's flow logs go (all traffic, encrypted with the network's own log key). */
  public readonly flowLogGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: KafkaNetworkProps) {
    super(scope, id);
    const zones = props.zones ?? DEFAULT_ZONES;
    const clientCidrs = props.clientCidrs ?? [props.cidr];
    const problems: string[] = [];
    if (!Token.isUnresolved(props.cidr) && !isIpv4Cidr(props.cidr))
      problems.push(`cidr "${props.cidr}" is not an IPv4 CIDR; write it like 10.10.0.0/16.`);
    for (const c of clientCidrs) {
      if (Token.isUnresolved(c)) continue;
      if (!isIpv4Cidr(c)) problems.push(`clientCidrs entry "${c}" is not an IPv4 CIDR.`);
      else if (parseCidr(c).prefix === 0) problems.push(`clientCidrs entry "${c}" admits every address; name the client networks instead.`);
    }
    if (zones < 2 || zones > 6) problems.push(`zones must be 2 to 6, got ${zones}.`);
    // Environment files: checkSites (CIDRs, 0.0.0.0/0) and checkConstructLimits (room for the zone subnets) report these first.
    if (problems.length > 0) throw new ConstructError(this, problems);

    const name = (component: string) => resourceName({ env: props.namePrefix, component });
    const names = kafkaNetworkNames(props.namePrefix, zones);
    const tags = props.tags;
    const azs = new DataAwsAvailabilityZones(this, 'Zones', { state: 'available' });

    this.vpc = new Vpc(this, 'Resource', {
      cidrBlock: props.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { ...tags, Name: name('kafka') },
    });

    // The VPC's default group, where an interface placed without a group lands, is managed
    // with no rules: such a mistake fails closed (KAF-037, CIS AWS 5.3).
    new DefaultSecurityGroup(this, 'DefaultSecurityGroup', { vpcId: this.vpc.id, tags: { ...tags, Name: name('default-closed') } });
    this.flowLogGroup = this.flowLogs(name, props.flowLogRetentionDays ?? 365, tags);

    // Four bits more than the VPC leaves room for later subnets (endpoints, connectors).
    const prefix = siteSubnetPrefix(parseCidr(props.cidr).prefix);
    this.subnetCidrs = Array.from({ length: zones }, (_, i) => subnet(props.cidr, prefix, i));
    this.subnets = this.subnetCidrs.map(
      (cidr, i) =>
        new Subnet(this, `Private${i}`, {
          vpcId: this.vpc.id,
          cidrBlock: cidr,
          availabilityZone: Fn.element(azs.names, i),
          mapPublicIpOnLaunch: false,
          tags: { ...tags, Name: names.privateSubnets[i], tier: 'private' },
        }),
    );

    this.securityGroup = new SecurityGroup(this, 'Brokers', {
      name: names.brokersSecurityGroup,
      description: 'Kafka brokers: TLS/SASL listeners from declared client networks only',
      vpcId: this.vpc.id,
      tags: { ...tags, Name: names.brokersSecurityGroup },
    });
    const ports = [...new Set<keyof typeof MSK_PORTS>(props.clientAuth ?? ['iam'])].map((a) => MSK_PORTS[a]).sort();
    clientCidrs.forEach((cidr, i) => {
      for (const port of ports) {
        new VpcSecurityGroupIngressRule(this, `Client${i}Port${port}`, {
          securityGroupId: this.securityGroup.id,
          ipProtocol: 'tcp',
          fromPort: port,
          toPort: port,
          cidrIpv4: cidr,
          description: `Kafka clients from ${cidr}`,
          tags,
        });
      }
    });
    // Brokers talk to each other and to VPC endpoints only; no route leaves the VPC.
    new VpcSecurityGroupEgressRule(this, 'EgressInsideVpc', {
      securityGroupId: this.securityGroup.id,
      ipProtocol: '-1',
      cidrIpv4: props.cidr,
      description: 'inside the VPC only',
      tags,
    });
  }

  /**
   * Flow logs of all traffic (KAF-036) into a log group under the network's own key
   * (KAF-038), written by a role only the flow-logs service of this account may assume.
   * Role and policy as in "IAM role for publishing flow logs to CloudWatch Logs" (Amazon
   * VPC user guide), with the confused-deputy conditions on aws:SourceAccount and
   * aws:SourceArn, and the log actions scoped to the one log group.
   */
  private flowLogs(
    name: (c: string) => string,
    retentionInDays: number,
    tags: Readonly<Record<string, string>> | undefined,
  ): CloudwatchLogGroup {
    const account = new DataAwsCallerIdentity(this, 'Account');
    const partition = new DataAwsPartition(this, 'Partition');
    const region = new DataAwsRegion(this, 'Region');
    const key = new LogKey(this, 'FlowLogKey', {
      name: name('flow-logs'),
      description: `${name('kafka')}: VPC flow logs`,
      tags: { ...tags, Name: name('flow-logs') },
    });
    const group = new CloudwatchLogGroup(this, 'FlowLogs', {
      name: `/vpc/${name('kafka')}/flow-logs`,
      retentionInDays,
      kmsKeyId: key.arn,
      tags,
    });
    const role = new IamRole(this, 'FlowLogRole', {
      name: name('flow-logs'),
      description: `VPC flow logs of ${name('kafka')}`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: {
              StringEquals: { 'aws:SourceAccount': account.accountId },
              ArnLike: { 'aws:SourceArn': `arn:${partition.partition}:ec2:${region.region}:${account.accountId}:vpc-flow-log/*` },
            },
          },
        ],
      }),
      tags,
    });
    new IamRolePolicy(this, 'FlowLogRolePolicy', {
      role: role.name,
      name: 'flow-logs',
      policy: policyDocument(this, 'FlowLogRolePolicyDocument', [
        {
          Sid: 'WriteFlowLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          Resource: [group.arn, `${group.arn}:*`],
        },
        {
          Sid: 'FindLogGroup',
          Effect: 'Allow',
          Action: ['logs:DescribeLogGroups'],
          Resource: [`arn:${partition.partition}:logs:${region.region}:${account.accountId}:log-group:*`],
        },
      ]).json,
    });
    new FlowLog(this, 'FlowLog', {
      vpcId: this.vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: group.arn,
      iamRoleArn: role.arn,
      tags: { ...tags, Name: name('flow-logs') },
    });
    return group;
  }

  public get vpcId(): string {
    return this.vpc.id;
  }

  public get subnetIds(): string[] {
    return this.subnets.map((s) => s.id);
  }

  public get securityGroupIds(): string[] {
    return [this.securityGroup.id];
  }
}
