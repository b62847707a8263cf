/**
 * What the model knows about Kafka and the managed services, each with its source.
 * The model reads nothing from constructs/analysis except the Event Hubs zone table
 * (a list of Azure regions, data rather than arithmetic); everything it concludes it
 * derives from these facts and the environment.
 */

/**
 * KRaft timings, Apache Kafka 4.x defaults; the product does not override them.
 * @see https://github.com/apache/kafka/blob/trunk/server/src/main/java/org/apache/kafka/server/config/KRaftConfigs.java (broker.session.timeout.ms = 9000)
 * @see https://github.com/apache/kafka/blob/trunk/raft/src/main/java/org/apache/kafka/raft/QuorumConfig.java (controller.quorum.fetch.timeout.ms = 2000, election.timeout.ms = 1000, election.backoff.max.ms = 1000)
 */
export const KRAFT = {
  /** A broker that misses heartbeats this long is fenced; its partitions get new leaders from the ISR. */
  brokerSessionTimeoutSeconds: 9,
  /** A voter that hears nothing from the active controller this long becomes a candidate. */
  quorumFetchTimeoutSeconds: 2,
  /** Longest an election waits before it is retried (timeout plus the largest backoff). */
  quorumElectionSeconds: 1 + 1,
} as const;

/**
 * Durability settings the product writes on every Kafka cluster (DESIGN.md "Durability"):
 * exactly-once producers commit through the transaction state log, RF 3 and min ISR 2.
 * Unclean leader election is off, so a new leader only ever comes from the ISR.
 */
export const TRANSACTION_LOG = { replicationFactor: 3, minInsyncReplicas: 2 } as const;

/** Zones of one region a multi-zone service or a self-managed site uses (node i sits in zone i mod 3). */
export const ZONES_PER_REGION = 3;

/**
 * Managed services, as their providers describe them.
 * - MSK distributes brokers evenly across the zones of its subnets
 *   (https://docs.aws.amazon.com/msk/1.0/apireference/clusters.html#clusters-model-brokernodegroupinfo, brokerAZDistribution)
 *   and its rack is the zone; its controller quorum is the service's, assumed spread over the same zones.
 * - MSK Serverless fixes RF 3 and min.insync.replicas 2 over three zones
 *   (https://docs.aws.amazon.com/msk/latest/developerguide/serverless-config.html).
 * - Google Managed Kafka is regional over three zones
 *   (https://cloud.google.com/managed-service-for-apache-kafka/docs/overview).
 * - Event Hubs keeps a namespace in three zones where the region has zones, else in one datacenter
 *   (https://learn.microsoft.com/azure/reliability/reliability-event-hubs).
 */
export const SERVICE = {
  mskServerless: { replicationFactor: 3, minInsyncReplicas: 2 },
  /** The model's stand-in for an Event Hubs namespace: three synchronous copies, a write kept while two take it. */
  eventHubs: { replicationFactor: 3, minInsyncReplicas: 2 },
  /** Brokers a regional service is modelled with when the environment does not say. */
  defaultZonedBrokers: 3,
} as const;
