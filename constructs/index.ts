/**
 * The library: Kafka estate constructs usable without an environment file. Importing
 * this module builds nothing and writes nothing; `main.ts` is the app that renders
 * environment files.
 */

// Patterns: intent over several services.
export { ReplicationLink, type BuiltReplication, type ReplicationLinkProps } from './patterns/replication-link';
export { StretchedCluster, type StretchedClusterProps } from './patterns/stretched-cluster';
export { HybridLinkEnd, type HybridLinkEndProps, type SiteVpnGateway } from './patterns/hybrid-link';
export { StreamingPipeline, type StreamingPipelineProps } from './patterns/streaming-pipeline';
export { resolveStep, type QuerySpec, type ResolvedStep } from './analysis/stream-query';
export { EdgeSite, type EdgeSiteHub, type EdgeSiteProps, type EdgeSiteTopic } from './edge/edge-site';

// Clusters as other constructs see them (built here or imported).
export type {
  IEventHubsCluster,
  IKafkaCluster,
  IManagedKafkaCluster,
  IMskCluster,
  KafkaClusterNetwork,
  KafkaService,
} from './kafka/cluster';

// AWS.
export { type IKafkaNetwork, KafkaNetwork, type KafkaNetworkAttributes, type KafkaNetworkProps, MSK_PORTS } from './aws/network';
export {
  MskRegionalCluster,
  type MskClientAuth,
  type MskClusterAttributes,
  type MskClusterLookup,
  type MskRegionalClusterProps,
} from './aws/msk-regional-cluster';
export { MskServerlessCluster, type MskServerlessClusterProps } from './aws/msk-serverless-cluster';
export { MskReplicator, type MskReplicatorProps, type ReplicatorClusterEnd } from './aws/msk-replicator';
export {
  MirrorMakerConnect,
  MirrorSourceAuth,
  type MirrorMakerConnectProps,
  type MirrorReplicationPolicy,
} from './aws/mirror-maker-connect';
export { AwsVpnHub, AwsVpnEnd, type AwsVpnHubProps, type AwsVpnEndProps } from './aws/vpn';

// Azure.
export {
  EventHubsNamespace,
  type EventHubsEncryptionKey,
  type EventHubsNamespaceProps,
  type EventHubsNetworkAccess,
  type EventHubSpec,
} from './azure/event-hubs-namespace';
export { StreamAnalyticsJob, type StreamAnalyticsJobProps } from './azure/stream-analytics-job';
export { AzureVpnGateway, AzureVpnEnd, type AzureVpnGatewayProps, type AzureVpnEndProps } from './azure/vpn-gateway';

// Google Cloud.
export { ManagedKafkaCluster, type ManagedKafkaClusterProps, type ManagedKafkaTopicProps } from './gcp/managed-kafka-cluster';
export { ManagedKafkaMirrorMaker, type ManagedKafkaMirrorMakerProps } from './gcp/mirror-maker-connect';
export { GcpNetwork, type GcpNetworkProps } from './gcp/network';
export { GcpHaVpn, GcpHaVpnEnd, type GcpHaVpnProps, type GcpHaVpnEndProps } from './gcp/ha-vpn';

// Kafka admin API (topics and ACLs through the Mongey/kafka provider).
export { KafkaProvider, type KafkaProviderConfig } from './kafka/provider';
export { KafkaTopic, type KafkaTopicConfig } from './kafka/topic';
export { KafkaAcl, type KafkaAclConfig } from './kafka/acl';

// Policy: the product's rules over the synthesized Terraform.
export {
  applyPolicy,
  enforcePolicy,
  policyReport,
  suppress,
  unusedSuppressions,
  blocking,
  formatFinding,
  POLICY_RULES,
  ruleById,
  type Finding,
  type PolicedEstate,
  type PolicyOptions,
  type PolicyRule,
  type StackPolicyRecord,
  type Suppression,
} from './policy';

// Model: names, tags and the environment file format.
export { resourceName, standardTags, REQUIRED_TAG_KEYS, type DataClass, type TagParts } from './model/naming';
export type { Cluster, Environment, Site } from './model/schema';
export { RenderedFile, type RenderedFileProps } from './rendered-file';
