import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter';
import { EbsVolume } from '@cdktf/provider-aws/lib/ebs-volume';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Instance } from '@cdktf/provider-aws/lib/instance';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VolumeAttachment } from '@cdktf/provider-aws/lib/volume-attachment';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { TerraformStack, Token } from 'cdktf';
// The logical-id function cdktf itself uses: the former address of a rule is computed, not copied by hand.
import { makeUniqueId } from 'cdktf/lib/private/unique';
import { Construct } from 'constructs';
import { isIpv4Cidr, parseCidr } from '../model/cidr';
import { SAFE_SERVER_PROPERTIES } from '../analysis/durability';
import {
  KRAFT_PORTS,
  nodeServerProperties,
  normalizeSha512,
  serverPropertiesDigest,
  type KafkaPrincipal,
  type KraftNode,
} from '../analysis/kraft';
import { DATA_DEVICE, nodeCloudInit, type NodeMetrics } from './kraft-boot';
import { resourceName } from '../model/naming';
import type { KafkaNetwork } from './network';
import { ConstructError } from '../construct-error';
import { cloudWatchLogsKeyUse, kmsKeyPolicy } from './kms-key-policy';

export interface KraftSiteProps {
  readonly env: string;
  readonly site: string;
  readonly clusterId: string;
  readonly region: string;
  readonly network: KafkaNetwork;
  /** Every node of the cluster (all sites), from analysis/kraft.ts; this construct builds its own site's. */
  readonly nodes: readonly KraftNode[];
  /** Kafka's cluster.id, the same in every site. */
  readonly kafkaClusterId: string;
  /** Address spaces of every site of the cluster (and of sites that replicate from it): the only peers admitted. */
  readonly peerCidrs: readonly string[];
  /** Networks of clients admitted to the SCRAM listener. @default the site CIDR */
  readonly clientCidrs?: readonly string[];
  /**
   * Kafka distribution in an S3 bucket of this site's region (the gateway endpoint serves
   * same-region buckets only) and its SHA-512 as Apache publishes it; never downloaded from the internet.
   */
  readonly artifact: { readonly location: string; readonly sha512: string };
  /** SCRAM users and ACLs the brokers create from their secrets (`<env>/<cluster>/scram/<user>`). @default none */
  readonly principals?: readonly KafkaPrincipal[];
  /**
   * Where the nodes publish the metrics their alarms read (CloudWatch namespace and
   * dimensions, kinds/self-managed/alarms.ts). @default - no publisher
   */
  readonly metrics?: NodeMetrics;
  /** @default m7i.xlarge */
  readonly brokerInstanceType?: string;
  /** @default m7i.large */
  readonly controllerInstanceType?: string;
  /** Data volume per broker, GiB. @default 500 */
  readonly brokerStorageGiB?: number;
  /** Metadata volume per controller, GiB. @default 50 */
  readonly controllerStorageGiB?: number;
  /** Extra broker settings; the durability settings cannot be overridden. */
  readonly serverProperties?: Readonly<Record<string, string>>;
  /**
   * AMI. @default Amazon Linux 2023 from the public SSM parameter, read at plan time;
   * a new image never replaces running nodes (see `Instance` lifecycle below).
   */
  readonly imageId?: string;
  /** Retention of the nodes' Kafka logs in CloudWatch, days. @default 365 */
  readonly logRetentionDays?: number;
}

/**
 * The nodes of one site of a self-managed KRaft cluster on EC2: per node a fixed
 * private address, an instance from the role's launch template (IMDSv2 only, no
 * public address, encrypted root), and a separate encrypted gp3 data volume with
 * prevent_destroy that outlives the instance. Security groups admit the controller,
 * replication and client ports from the cluster's sites only.
 *
 * Instances ignore later changes of their launch template and user data: replacing
 * every node of a site at once is a site loss, so nodes are replaced deliberately, one
 * at a time (`terraform apply -replace=...`), and each mounts its predecessor's volume.
 */
export class KraftSite extends Construct {
  public readonly securityGroup: SecurityGroup;
  public readonly key: KmsKey;
  public readonly role: IamRole;
  public readonly instances: Record<string, Instance> = {};
  public readonly volumes: Record<string, EbsVolume> = {};

  constructor(scope: Construct, id: string, props: KraftSiteProps) {
    super(scope, id);
    const mine = props.nodes.filter((n) => n.site === props.site);
    const clientCidrs = props.clientCidrs ?? [props.network.vpc.cidrBlock];
    const brokerStorageGiB = props.brokerStorageGiB ?? 500;
    const controllerStorageGiB = props.controllerStorageGiB ?? 50;
    const logRetentionDays = props.logRetentionDays ?? 365;
    const problems: string[] = [];
    if (mine.length === 0)
      problems.push(`no node of the plan is in site "${props.site}"; pass the cluster's nodes from analysis/kraft.ts.`);
    if (!mine.some((n) => n.role === 'controller') && !props.nodes.some((n) => n.role === 'controller'))
      problems.push('the plan has no controllers.');
    for (const c of [...props.peerCidrs, ...clientCidrs]) {
      if (Token.isUnresolved(c)) continue;
      if (!isIpv4Cidr(c)) problems.push(`"${c}" is not an IPv4 CIDR.`);
      else if (parseCidr(c).prefix === 0) problems.push(`"${c}" admits every address; name the site and client networks instead.`);
    }
    if (!/^s3:\/\/[^/]+\/.+/.test(props.artifact.location))
      problems.push(`artifact.location "${props.artifact.location}" must be an s3:// object; brokers have no internet egress.`);
    const sha512 = normalizeSha512(props.artifact.sha512);
    if (!sha512) problems.push(`artifact.sha512 "${props.artifact.sha512}" is not a SHA-512; copy it from the release's .sha512 file.`);
    for (const [name, v] of [
      ['brokerStorageGiB', brokerStorageGiB],
      ['controllerStorageGiB', controllerStorageGiB],
    ] as const) {
      if (!Token.isUnresolved(v) && (v < 10 || v > 16384)) problems.push(`${name} must be 10 to 16384, got ${v}.`);
    }
    if (!Token.isUnresolved(logRetentionDays) && logRetentionDays < 1)
      problems.push(`logRetentionDays must be at least 1, got ${logRetentionDays}; logs are kept for a bounded time.`);
    const overridden = Object.keys(props.serverProperties ?? {}).filter((k) => k in SAFE_SERVER_PROPERTIES);
    if (overridden.length > 0) problems.push(`serverProperties may not override the durability settings ${overridden.join(', ')}.`);
    // Environment files: the schema (artifact), checkSites (CIDRs) and checkConstructLimits (volume size, node addresses) report these first.
    if (problems.length > 0 || !sha512) throw new ConstructError(this, problems);

    const name = (component?: string) =>
      resourceName({ env: props.env, site: props.site, component: component ? `${props.clusterId}-${component}` : props.clusterId });
    const protect = { preventDestroy: true };
    const account = new DataAwsCallerIdentity(this, 'Account');
    const partition = new DataAwsPartition(this, 'Partition');
    const keyAccount = { partition: partition.partition, accountId: account.accountId };
    const arn = (service: string, resource: string, region = props.region) =>
      `arn:${partition.partition}:${service}:${region}:${account.accountId}:${resource}`;

    // The key encrypts the volumes and the node logs, so CloudWatch Logs may use it in this region and account.
    this.key = new KmsKey(this, 'Key', {
      description: `Kafka ${name()}: data volumes and node logs`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: kmsKeyPolicy(keyAccount, cloudWatchLogsKeyUse(keyAccount, props.region)),
      lifecycle: protect,
    });
    new KmsAlias(this, 'KeyAlias', { name: `alias/${name()}`, targetKeyId: this.key.keyId });
    const logGroupName = `/kafka/${name()}`;
    new CloudwatchLogGroup(this, 'Logs', { name: logGroupName, retentionInDays: logRetentionDays, kmsKeyId: this.key.arn });

    // Peers and clients reach the nodes on their listeners, nothing else; egress stays inside the cluster's sites.
    this.securityGroup = new SecurityGroup(this, 'Nodes', {
      name: name('nodes'),
      description: 'Kafka KRaft nodes: controller and replication ports from the cluster sites, clients over SCRAM/TLS',
      vpcId: props.network.vpc.id,
      tags: { Name: name('nodes') },
    });
    // Rules are keyed by what they allow (port and peer range), never by position: adding,
    // removing or reordering sites touches only the rules of that site. The first release
    // with these ids moves each rule from its former position-based address (moved blocks),
    // so nothing is destroyed and re-created on the way.
    const rules: Array<[string, number, string]> = [];
    props.peerCidrs.forEach((cidr) => {
      rules.push([cidr, KRAFT_PORTS.controller, 'controller quorum']);
      rules.push([cidr, KRAFT_PORTS.internal, 'replication']);
    });
    for (const cidr of new Set([...clientCidrs, ...props.peerCidrs])) rules.push([cidr, KRAFT_PORTS.client, 'clients']);
    const stack = TerraformStack.of(this);
    const formerAddress = (type: string, id: string) => {
      const path = [...this.node.scopes.slice(this.node.scopes.indexOf(stack) + 1).map((c) => c.node.id), id];
      return `${type}.${makeUniqueId(path)}`;
    };
    // A range given as a token (a library caller's VPC attribute) has no value at synth; it keeps its place in the list.
    const cidrKey = (cidr: string, i: number) => (Token.isUnresolved(cidr) ? `ref${i}` : cidr.replace(/[./]/g, '-'));
    rules.forEach(([cidr, port, what], i) => {
      new VpcSecurityGroupIngressRule(this, `Ingress-${port}-${cidrKey(cidr, i)}`, {
        securityGroupId: this.securityGroup.id,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        cidrIpv4: cidr,
        description: `${what} from ${cidr}`,
      }).moveFromId(formerAddress('aws_vpc_security_group_ingress_rule', `Ingress${i}`));
    });
    props.peerCidrs.forEach((cidr, i) => {
      new VpcSecurityGroupEgressRule(this, `EgressPeer-${cidrKey(cidr, i)}`, {
        securityGroupId: this.securityGroup.id,
        ipProtocol: 'tcp',
        fromPort: KRAFT_PORTS.controller,
        toPort: KRAFT_PORTS.client,
        cidrIpv4: cidr,
        description: `Kafka ports of ${cidr}`,
      }).moveFromId(formerAddress('aws_vpc_security_group_egress_rule', `EgressPeer${i}`));
    });
    new VpcSecurityGroupEgressRule(this, 'EgressEndpoints', {
      securityGroupId: this.securityGroup.id,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: props.network.vpc.cidrBlock,
      description: 'VPC endpoints (Secrets Manager, CloudWatch) inside the VPC',
    });

    // No internet egress: S3 (artifact, package repository) over a gateway endpoint,
    // TLS material from Secrets Manager over an interface endpoint.
    const s3 = new VpcEndpoint(this, 'S3Endpoint', {
      vpcId: props.network.vpc.id,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: [props.network.vpc.mainRouteTableId],
      tags: { Name: name('s3') },
    });
    new VpcSecurityGroupEgressRule(this, 'EgressS3', {
      securityGroupId: this.securityGroup.id,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      prefixListId: s3.prefixListId,
      description: 'S3 gateway endpoint (artifact, package repository)',
    });
    const endpointSg = new SecurityGroup(this, 'EndpointAccess', {
      name: name('endpoints'),
      description: 'Interface endpoints: HTTPS from the Kafka nodes',
      vpcId: props.network.vpc.id,
      tags: { Name: name('endpoints') },
    });
    new VpcSecurityGroupIngressRule(this, 'EndpointIngress', {
      securityGroupId: endpointSg.id,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      referencedSecurityGroupId: this.securityGroup.id,
      description: 'HTTPS from the Kafka nodes',
    });
    new VpcEndpoint(this, 'LogsEndpoint', {
      vpcId: props.network.vpc.id,
      serviceName: `com.amazonaws.${props.region}.logs`,
      vpcEndpointType: 'Interface',
      privateDnsEnabled: true,
      subnetIds: props.network.subnets.map((s) => s.id),
      securityGroupIds: [endpointSg.id],
      tags: { Name: name('logs') },
    });
    if (props.metrics) {
      // put-metric-data goes to the monitoring endpoint; without it the alarms are blind.
      new VpcEndpoint(this, 'MonitoringEndpoint', {
        vpcId: props.network.vpc.id,
        serviceName: `com.amazonaws.${props.region}.monitoring`,
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: props.network.subnets.map((s) => s.id),
        securityGroupIds: [endpointSg.id],
        tags: { Name: name('monitoring') },
      });
    }
    new VpcEndpoint(this, 'SecretsEndpoint', {
      vpcId: props.network.vpc.id,
      serviceName: `com.amazonaws.${props.region}.secretsmanager`,
      vpcEndpointType: 'Interface',
      privateDnsEnabled: true,
      subnetIds: props.network.subnets.map((s) => s.id),
      securityGroupIds: [endpointSg.id],
      tags: { Name: name('secrets') },
    });

    const tlsSecretPrefix = `${props.env}/${props.clusterId}/tls`;
    const artifactPath = props.artifact.location.replace(/^s3:\/\//, '');
    this.role = new IamRole(this, 'NodeRole', {
      name: name('node'),
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    });
    new IamRolePolicy(this, 'NodePolicy', {
      role: this.role.name,
      name: 'boot',
      policy: new DataAwsIamPolicyDocument(this, 'NodeGrants', {
        statement: [
          {
            sid: 'KafkaArtifact',
            effect: 'Allow',
            actions: ['s3:GetObject'],
            resources: [`arn:${partition.partition}:s3:::${artifactPath}`],
          },
          {
            sid: 'NodeTls',
            effect: 'Allow',
            actions: ['secretsmanager:GetSecretValue'],
            resources: [arn('secretsmanager', `secret:${tlsSecretPrefix}/*`)],
          },
          ...((props.principals ?? []).length > 0
            ? [
                {
                  sid: 'KafkaPrincipals',
                  effect: 'Allow',
                  actions: ['secretsmanager:GetSecretValue'],
                  // Secret ARNs end in -<6 random characters>.
                  // https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html
                  resources: [arn('secretsmanager', `secret:${props.env}/${props.clusterId}/scram/*`)],
                },
              ]
            : []),
          ...(props.metrics
            ? [
                {
                  sid: 'NodeMetrics',
                  effect: 'Allow',
                  actions: ['cloudwatch:PutMetricData'],
                  // PutMetricData has no resource type; the namespace condition scopes it.
                  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html
                  resources: ['*'],
                  condition: [{ test: 'StringEquals', variable: 'cloudwatch:namespace', values: [props.metrics.namespace] }],
                },
              ]
            : []),
          {
            sid: 'NodeLogs',
            effect: 'Allow',
            actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
            resources: [arn('logs', `log-group:${logGroupName}:*`)],
          },
        ],
      }).json,
    });
    const profile = new IamInstanceProfile(this, 'NodeProfile', { name: name('node'), role: this.role.name });

    const image =
      props.imageId ??
      new DataAwsSsmParameter(this, 'Image', { name: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64' }).value;
    const template = (role: 'controller' | 'broker', instanceType: string) =>
      new LaunchTemplate(this, role === 'controller' ? 'ControllerTemplate' : 'BrokerTemplate', {
        name: name(role),
        description: `Kafka KRaft ${role}s of ${props.clusterId} in ${props.site}`,
        imageId: image,
        instanceType,
        updateDefaultVersion: true,
        iamInstanceProfile: { arn: profile.arn },
        vpcSecurityGroupIds: [this.securityGroup.id],
        metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
        monitoring: { enabled: true },
        blockDeviceMappings: [
          {
            deviceName: '/dev/xvda',
            ebs: { volumeType: 'gp3', volumeSize: 20, encrypted: 'true', kmsKeyId: this.key.arn, deleteOnTermination: 'true' },
          },
        ],
        tagSpecifications: [{ resourceType: 'instance', tags: { Name: name(role) } }],
      });
    const templates = {
      controller: template('controller', props.controllerInstanceType ?? 'm7i.large'),
      broker: template('broker', props.brokerInstanceType ?? 'm7i.xlarge'),
    };

    for (const node of mine) {
      const subnet = props.network.subnets[node.zone];
      const label = node.recordName;
      // Construct ids carry the node's record name (site, role, ordinal): stable Terraform addresses.
      const volume = new EbsVolume(this, `Data-${label}`, {
        availabilityZone: subnet.availabilityZone,
        size: node.role === 'broker' ? brokerStorageGiB : controllerStorageGiB,
        type: 'gp3',
        throughput: node.role === 'broker' ? 500 : 125,
        iops: node.role === 'broker' ? 6000 : 3000,
        encrypted: true,
        kmsKeyId: this.key.arn,
        finalSnapshot: true,
        tags: { Name: `${name(label)}-data`, 'kafka-node-id': String(node.nodeId) },
        lifecycle: protect,
      });
      const properties = nodeServerProperties(node, props.nodes, node.role === 'broker' ? props.serverProperties : {});
      const instance = new Instance(this, `Node-${label}`, {
        launchTemplate: { id: templates[node.role].id, version: Token.asString(templates[node.role].latestVersion) },
        subnetId: subnet.id,
        privateIp: node.address,
        associatePublicIpAddress: false,
        // The launch template sets these too; Checkov judges the instance alone (CKV_AWS_79,
        // CKV_AWS_126, CKV_AWS_135, CKV2_AWS_41), so the instance states them. Same values as
        // the template, so a running node sees no change.
        metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
        monitoring: true,
        ebsOptimized: true,
        iamInstanceProfile: profile.name,
        rootBlockDevice: { encrypted: true, kmsKeyId: this.key.arn, volumeType: 'gp3', volumeSize: 20 },
        // `${` is Terraform interpolation; Kafka's config-provider placeholders must reach the node verbatim.
        userData: nodeCloudInit(node, {
          artifact: { location: props.artifact.location, sha512 },
          region: props.region,
          principals: props.principals,
          metrics: props.metrics,
          tlsSecretName: `${tlsSecretPrefix}/${node.recordName}`,
          heapGiB: node.role === 'broker' ? 6 : 2,
          clusterId: props.kafkaClusterId,
          serverProperties: properties,
          logGroupName,
        }).replace(/\$\{/g, () => '$${'),
        // user_data is ignored (a new one would replace the node and its quorum vote), so a
        // configuration change (new brokers, super users, properties) would never reach a
        // running node. The digest tag is not ignored: the change shows in the plan as an
        // in-place update of exactly the nodes concerned, the cue for the rolling rollout
        // (README, "Configuration rollout").
        tags: {
          Name: name(label),
          'kafka-node-id': String(node.nodeId),
          'kafka-role': node.role,
          'kafka-config': serverPropertiesDigest(properties),
        },
        lifecycle: { ignoreChanges: ['launch_template', 'user_data', 'ami'] },
      });
      new VolumeAttachment(this, `Attach-${label}`, {
        deviceName: DATA_DEVICE,
        instanceId: instance.id,
        volumeId: volume.id,
        stopInstanceBeforeDetaching: true,
      });
      this.instances[label] = instance;
      this.volumes[label] = volume;
    }
  }
}
