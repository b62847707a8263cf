/**
 * MirrorMaker 2 connector settings, shared by every place that runs the three MM2
 * connectors as Connect connectors (MSK Connect, Google Managed Kafka Connect), so a
 * durability or offset-sync setting cannot drift between clouds.
 */
export type MirrorConnectorKind = 'source' | 'checkpoint' | 'heartbeat';

/** identity keeps topic names (active-passive, migration); prefixed adds `<source>.` (active-active, no loops). */
export type MirrorPolicy = 'identity' | 'prefixed';

export const MIRROR_CONNECTOR_CLASSES: Readonly<Record<MirrorConnectorKind, string>> = {
  source: 'org.apache.kafka.connect.mirror.MirrorSourceConnector',
  checkpoint: 'org.apache.kafka.connect.mirror.MirrorCheckpointConnector',
  heartbeat: 'org.apache.kafka.connect.mirror.MirrorHeartbeatConnector',
};

export const MIRROR_POLICY_CLASSES: Readonly<Record<MirrorPolicy, string>> = {
  identity: 'org.apache.kafka.connect.mirror.IdentityReplicationPolicy',
  prefixed: 'org.apache.kafka.connect.mirror.DefaultReplicationPolicy',
};

export interface MirrorConnectorInput {
  readonly sourceAlias: string;
  readonly targetAlias: string;
  readonly sourceBootstrap: string;
  readonly targetBootstrap: string;
  /** Client security settings of both ends (`source.cluster.*`, `target.cluster.*`). */
  readonly clientProperties: Readonly<Record<string, string>>;
  readonly policy: MirrorPolicy;
  /** Topic list or regex the source connector copies. */
  readonly topics: string;
  /** @default '.*' */
  readonly groupsRegex?: string;
  /** Where a topic without a committed position starts. @default MirrorMaker's own (earliest) */
  readonly startingPosition?: 'earliest' | 'latest';
  /** ACLs only make sense where both ends speak Kafka ACLs. @default false */
  readonly syncTopicAcls?: boolean;
}

/** The three connectors' configurations, `connector.class` included. */
export function mirrorConnectorConfigs(i: MirrorConnectorInput): Record<MirrorConnectorKind, Record<string, string>> {
  const common: Record<string, string> = {
    'source.cluster.alias': i.sourceAlias,
    'target.cluster.alias': i.targetAlias,
    'source.cluster.bootstrap.servers': i.sourceBootstrap,
    'target.cluster.bootstrap.servers': i.targetBootstrap,
    ...i.clientProperties,
    'replication.policy.class': MIRROR_POLICY_CLASSES[i.policy],
    'replication.policy.separator': '.',
    'key.converter': 'org.apache.kafka.connect.converters.ByteArrayConverter',
    'value.converter': 'org.apache.kafka.connect.converters.ByteArrayConverter',
    // Offset syncs live on the target, so the source only ever needs read access.
    'offset-syncs.topic.location': 'target',
  };
  return {
    source: {
      'connector.class': MIRROR_CONNECTOR_CLASSES.source,
      ...common,
      topics: i.topics,
      'tasks.max': '8',
      'replication.factor': '3',
      'offset-syncs.topic.replication.factor': '3',
      'sync.topic.configs.enabled': 'true',
      'sync.topic.acls.enabled': i.syncTopicAcls ? 'true' : 'false',
      'refresh.topics.interval.seconds': '60',
      'emit.offset-syncs.enabled': 'true',
      ...(i.startingPosition ? { 'consumer.auto.offset.reset': i.startingPosition } : {}),
    },
    checkpoint: {
      'connector.class': MIRROR_CONNECTOR_CLASSES.checkpoint,
      ...common,
      groups: i.groupsRegex ?? '.*',
      'tasks.max': '1',
      'emit.checkpoints.enabled': 'true',
      'emit.checkpoints.interval.seconds': '20',
      'sync.group.offsets.enabled': 'true',
      'sync.group.offsets.interval.seconds': '20',
      'checkpoints.topic.replication.factor': '3',
      'refresh.groups.interval.seconds': '60',
    },
    heartbeat: {
      'connector.class': MIRROR_CONNECTOR_CLASSES.heartbeat,
      ...common,
      'tasks.max': '1',
      'emit.heartbeats.interval.seconds': '5',
      'heartbeats.topic.replication.factor': '3',
    },
  };
}
