import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { MskReplicator as MskReplicatorResource } from '@cdktf/provider-aws/lib/msk-replicator';
import { Construct } from 'constructs';
import { MSK_COPY_ACTIONS, mskChildArns } from './msk-iam';
import { policyDocument, type IamStatement } from './policy-document';
import { resourceName } from '../model/naming';
import { ConstructError } from '../construct-error';

/** An MSK cluster end of a replicator: the replicator places network interfaces in its subnets. */
export interface ReplicatorClusterEnd {
  readonly clusterArn: string;
  readonly subnetIds: string[];
  readonly securityGroupIds: string[];
}

export interface MskReplicatorProps {
  /** Prefix of every resource name (`<namePrefix>-<linkId>-...`). @default - none: names start with the link id */
  readonly namePrefix?: string;
  /** Link id; part of the replicator and role names. */
  readonly linkId: string;
  readonly source: ReplicatorClusterEnd;
  readonly target: ReplicatorClusterEnd;
  /** Topic names to copy (matched exactly). */
  readonly topics: string[];
  /**
   * `identical` keeps names (active-passive, migration; MSK marks copies with a header
   * so nothing flows back); `prefixed` writes `<source alias>.topic` (active-active).
   * @default 'identical'
   */
  readonly topicNames?: 'identical' | 'prefixed';
  /** Where a new copy starts on each source partition. @default 'earliest' */
  readonly startingPosition?: 'earliest' | 'latest';
  /** Consumer groups (regexes) whose offsets are synchronised. @default ['.*'] */
  readonly consumerGroups?: string[];
  readonly tags?: Record<string, string>;
}

/** A regex that matches exactly one topic name (Kafka names allow dots, which are regex wildcards). */
export function exactTopic(name: string): string {
  return name.replace(/[.]/g, '\\.');
}

/**
 * Amazon MSK Replicator from one MSK cluster to another (usually in another region):
 * topics with their configuration and ACLs, consumer groups with synchronised
 * offsets, identical or prefixed names, and an execution role scoped to the two
 * clusters' topics and groups. Both clusters must have IAM client auth enabled.
 * The copy is asynchronous: RPO > 0 (analysis/replication-link.ts), never 0.
 */
export class MskReplicator extends Construct {
  public readonly replicator: MskReplicatorResource;
  public readonly role: IamRole;
  public readonly replicatorName: string;

  constructor(scope: Construct, id: string, props: MskReplicatorProps) {
    super(scope, id);
    const problems: string[] = [];
    if (props.topics.length === 0) problems.push('topics must name at least one topic to copy.');
    for (const [end, c] of [
      ['source', props.source],
      ['target', props.target],
    ] as const) {
      if (c.subnetIds.length === 0 || c.securityGroupIds.length === 0)
        problems.push(
          `${end}.subnetIds and ${end}.securityGroupIds must not be empty: the replicator reaches each cluster from inside its VPC.`,
        );
    }
    const groups = props.consumerGroups ?? ['.*'];
    if (groups.length === 0)
      problems.push(
        'consumerGroups must not be empty: failover needs the consumers\' offsets on the target; the default ".*" syncs every group.',
      );
    if (problems.length > 0) throw new ConstructError(this, problems);

    // MSK limits replicator names to 128 characters; role names to 64.
    this.replicatorName = resourceName({ env: props.namePrefix ?? '', component: `${props.linkId}-replicator` }, 128);
    this.role = new IamRole(this, 'Role', {
      name: resourceName({ env: props.namePrefix ?? '', component: `${props.linkId}-replicator` }, 64),
      description: `MSK Replicator ${props.linkId}: reads the source cluster, writes the target cluster`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'kafka.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
      tags: props.tags,
    });
    new IamRolePolicy(this, 'RolePolicy', {
      role: this.role.name,
      name: 'clusters',
      policy: policyDocument(this, 'RolePolicyDocument', replicatorStatements(props.source.clusterArn, props.target.clusterArn)).json,
    });

    const end = (c: ReplicatorClusterEnd) => ({
      amazonMskCluster: { mskClusterArn: c.clusterArn },
      vpcConfig: { subnetIds: c.subnetIds, securityGroupsIds: c.securityGroupIds },
    });
    this.replicator = new MskReplicatorResource(this, 'Resource', {
      replicatorName: this.replicatorName,
      description: `${props.linkId}: ${props.topicNames === 'prefixed' ? 'prefixed' : 'identical'} topic names`,
      serviceExecutionRoleArn: this.role.arn,
      kafkaCluster: [end(props.source), end(props.target)],
      replicationInfoList: {
        sourceKafkaClusterArn: props.source.clusterArn,
        targetKafkaClusterArn: props.target.clusterArn,
        targetCompressionType: 'NONE',
        topicReplication: [
          {
            topicsToReplicate: props.topics.map((t) => `^${exactTopic(t)}$`),
            copyTopicConfigurations: true,
            copyAccessControlListsForTopics: true,
            detectAndCopyNewTopics: false,
            startingPosition: { type: (props.startingPosition ?? 'earliest').toUpperCase() },
            topicNameConfiguration: { type: props.topicNames === 'prefixed' ? 'PREFIXED_WITH_SOURCE_CLUSTER_ALIAS' : 'IDENTICAL' },
          },
        ],
        consumerGroupReplication: [
          {
            consumerGroupsToReplicate: groups,
            synchroniseConsumerGroupOffsets: true,
            detectAndCopyNewConsumerGroups: true,
          },
        ],
      },
      tags: props.tags,
    });
  }
}

/** IAM statements for a replicator: cluster, topic and group access on exactly the two clusters. */
export function replicatorStatements(sourceArn: string, targetArn: string): IamStatement[] {
  const under = mskChildArns;
  return [
    {
      Sid: 'Clusters',
      Effect: 'Allow',
      Action: [...MSK_COPY_ACTIONS.cluster, 'kafka-cluster:AlterCluster'],
      Resource: [sourceArn, targetArn],
    },
    {
      Sid: 'SourceTopics',
      Effect: 'Allow',
      Action: [...MSK_COPY_ACTIONS.readTopics],
      Resource: [under(sourceArn, 'topic')],
    },
    {
      Sid: 'TargetTopics',
      Effect: 'Allow',
      Action: [...MSK_COPY_ACTIONS.writeTopics],
      Resource: [under(targetArn, 'topic')],
    },
    {
      Sid: 'Groups',
      Effect: 'Allow',
      Action: [...MSK_COPY_ACTIONS.groups],
      Resource: [under(sourceArn, 'group'), under(targetArn, 'group')],
    },
  ];
}
