import { Fn } from 'cdktf';

/**
 * MSK IAM access control vocabulary shared by everything that copies between MSK
 * clusters (MSK Replicator, MirrorMaker 2 on MSK Connect), so both grant exactly the
 * same, named actions on exactly the clusters they touch (policy KAF-027).
 */
export const MSK_COPY_ACTIONS = {
  cluster: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'],
  readTopics: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData', 'kafka-cluster:DescribeTopicDynamicConfiguration'],
  writeTopics: [
    'kafka-cluster:CreateTopic',
    'kafka-cluster:DescribeTopic',
    'kafka-cluster:AlterTopic',
    'kafka-cluster:WriteData',
    'kafka-cluster:ReadData',
    'kafka-cluster:DescribeTopicDynamicConfiguration',
    'kafka-cluster:AlterTopicDynamicConfiguration',
  ],
  groups: ['kafka-cluster:AlterGroup', 'kafka-cluster:DescribeGroup'],
} as const;

/** Every topic or group of one cluster: its ARN with `:cluster/` turned into `:topic/` or `:group/`, plus `/*`. */
export function mskChildArns(clusterArn: string, kind: 'topic' | 'group'): string {
  return `${Fn.replace(clusterArn, ':cluster/', `:${kind}/`)}/*`;
}
