/**
 * What each replication implementation copies and how clients fail over. The kinds
 * pick one for a flow (KindModel.replicationTarget); this file is a leaf so the kind
 * models can use it without reaching the registry.
 */

/** How one direction of a link is copied; chosen from the kinds of its two ends. */
export type ReplicationImplementation =
  'msk-replicator' | 'mm2-msk-connect' | 'mm2-managed-kafka-connect' | 'event-hubs-geo-dr' | 'mm2-event-hubs';

/** Alarm fires, on-call confirms the source is lost and decides to fail over. */
export const FAILOVER_DECISION_SECONDS = 300;
/** Clients are redeployed or reconfigured with the target's bootstrap servers. */
export const CLIENT_REDIRECT_SECONDS = 600;
/** An Event Hubs Geo-DR alias failover: Azure repoints the alias; clients keep the alias name. */
export const GEO_DR_ALIAS_FAILOVER_SECONDS = 300;

/** What an implementation copies, and how clients move on failover. */
export interface ImplementationFacts {
  readonly label: string;
  readonly eventsCopied: boolean;
  readonly offsetsFollow: boolean;
  /** How committed offsets reach the target, or why they do not. */
  readonly offsets: string;
  /** Can name copies `<source>.topic`, so both directions can run at once (active-active). */
  readonly canPrefix: boolean;
  readonly rtoSeconds: number;
  /** What clients do to fail over. */
  readonly clientSwitch: string;
  readonly mechanism: string;
}

export const IMPLEMENTATIONS: Record<ReplicationImplementation, ImplementationFacts> = {
  'msk-replicator': {
    label: 'Amazon MSK Replicator',
    eventsCopied: true,
    offsetsFollow: true,
    offsets: 'consumer group offsets are synchronised by the replicator (synchronise_consumer_group_offsets)',
    canPrefix: true,
    rtoSeconds: FAILOVER_DECISION_SECONDS + CLIENT_REDIRECT_SECONDS,
    clientSwitch: 'point clients at the target cluster bootstrap servers',
    mechanism: "aws_msk_replicator in the target region, ENIs in both clusters' subnets, IAM auth on both ends",
  },
  'mm2-msk-connect': {
    label: 'MirrorMaker 2 on MSK Connect',
    eventsCopied: true,
    offsetsFollow: true,
    offsets: 'MirrorCheckpointConnector translates committed offsets (sync.group.offsets.enabled=true)',
    canPrefix: true,
    rtoSeconds: FAILOVER_DECISION_SECONDS + CLIENT_REDIRECT_SECONDS,
    clientSwitch: 'point clients at the target cluster bootstrap servers',
    mechanism: 'MirrorSource/Checkpoint/Heartbeat connectors on MSK Connect in the target region',
  },
  'mm2-managed-kafka-connect': {
    label: 'MirrorMaker 2 on Google Managed Kafka Connect',
    eventsCopied: true,
    offsetsFollow: true,
    offsets: 'MirrorCheckpointConnector translates committed offsets (sync.group.offsets.enabled=true)',
    canPrefix: true,
    rtoSeconds: FAILOVER_DECISION_SECONDS + CLIENT_REDIRECT_SECONDS,
    clientSwitch: 'point clients at the target Managed Kafka bootstrap address',
    mechanism: 'google_managed_kafka_connect_cluster attached to the target cluster, MirrorMaker 2 connectors',
  },
  'event-hubs-geo-dr': {
    label: 'Azure Event Hubs Geo-disaster recovery (metadata only)',
    eventsCopied: false,
    offsetsFollow: false,
    offsets: 'not copied: Geo-DR pairs copy entities and configuration only, so consumers restart from their reset policy on the secondary',
    canPrefix: false,
    rtoSeconds: FAILOVER_DECISION_SECONDS + GEO_DR_ALIAS_FAILOVER_SECONDS,
    clientSwitch: 'nothing: clients use the alias host name, which the failover repoints',
    mechanism: 'azurerm_eventhub_namespace_disaster_recovery_config pairing the primary namespace with the secondary',
  },
  'mm2-event-hubs': {
    label: 'MirrorMaker 2 into the Event Hubs Kafka endpoint',
    eventsCopied: true,
    offsetsFollow: true,
    offsets: 'MirrorCheckpointConnector translates committed offsets into the namespace (sync.group.offsets.enabled=true)',
    canPrefix: true,
    rtoSeconds: FAILOVER_DECISION_SECONDS + CLIENT_REDIRECT_SECONDS,
    clientSwitch: 'point clients at <namespace>.servicebus.windows.net:9093',
    mechanism: "MirrorMaker 2 writing to the target namespace's Kafka endpoint (SASL_SSL, port 9093)",
  },
};

export type ImplementationChoice =
  { implementation: ReplicationImplementation } | { problem: { field: 'implementation' | 'to'; message: string; fix: string } };

/** A refused choice: which field of the replication entry is wrong, and what would be right. */
export function refuseImplementation(field: 'implementation' | 'to', message: string, fix: string): ImplementationChoice {
  return { problem: { field, message, fix } };
}
