/** Self-managed KRaft defaults when the environment file gives none (nodes on VMs, one volume each). */
export const SELF_MANAGED_DEFAULTS = {
  brokersPerSite: 2,
  controllersPerSite: 1,
  instanceType: 'm7i.xlarge',
  storageGiB: 500,
  kafkaVersion: '4.1.1',
} as const;

/** Listener ports of the KRaft nodes. */
export const KRAFT_PORTS = {
  /** Controller quorum, mTLS between nodes. */
  controller: 9093,
  /** Replication between brokers, mTLS. */
  internal: 9094,
  /** Clients, SASL/SCRAM over TLS. */
  client: 9096,
} as const;

/** Private DNS zone of a cluster, the same name in every region's VPC. */
export function kraftZoneName(env: string, cluster: string): string {
  return `${cluster}.${env}.kafka.internal`;
}
