import { parseCidr, subnet } from '../../model/cidr';
import { resourceName } from '../../model/naming';
import type { Cluster, Environment } from '../../model/schema';

/**
 * Google Cloud Managed Service for Apache Kafka: capacity from the cluster model and
 * the planned bootstrap address. The service is regional and spreads brokers over
 * three zones itself; it is sized in vCPUs and memory, not brokers.
 * @see https://cloud.google.com/managed-service-for-apache-kafka/docs/plan-cluster-size
 */
export const MANAGED_KAFKA_ZONES = 3;
export const MANAGED_KAFKA_MIN_VCPUS = 3;
/** Estimated write capacity of one vCPU in one zone, MB/s. */
export const MANAGED_KAFKA_MBPS_PER_VCPU = 20;
/** Average utilization the estimate aims for, leaving headroom for peaks. */
export const MANAGED_KAFKA_TARGET_UTILIZATION = 0.5;
/** Recommended memory per vCPU (allowed: 1 to 8). */
export const MANAGED_KAFKA_GIB_PER_VCPU = 4;
/** Bootstrap port for SASL (OAUTHBEARER / PLAIN) clients. */
export const MANAGED_KAFKA_PORT = 9092;

export interface ManagedKafkaCapacity {
  readonly vcpus: number;
  readonly memoryGiB: number;
  /** How the number came about, for the review. */
  readonly basis: string;
}

/**
 * Google's sizing rule: write bandwidth (produce × RF) plus a quarter of the read
 * bandwidth (consume + produce × (RF − 1)), over 20 MB/s per vCPU at 50 % utilization.
 * Without a declared throughput, one vCPU per declared broker (at least 3).
 */
export function managedKafkaCapacity(c: Pick<Cluster, 'brokers' | 'throughput'>, replicationFactor = 3): ManagedKafkaCapacity {
  if (c.throughput) {
    const write = c.throughput.inMBps * replicationFactor;
    const read = c.throughput.outMBps + c.throughput.inMBps * (replicationFactor - 1);
    const writeEquivalent = write + read / 4;
    const vcpus = Math.max(
      MANAGED_KAFKA_MIN_VCPUS,
      Math.ceil(writeEquivalent / MANAGED_KAFKA_MBPS_PER_VCPU / MANAGED_KAFKA_TARGET_UTILIZATION),
    );
    return {
      vcpus,
      memoryGiB: vcpus * MANAGED_KAFKA_GIB_PER_VCPU,
      basis: `${writeEquivalent} MB/s write-equivalent at ${MANAGED_KAFKA_MBPS_PER_VCPU} MB/s per vCPU, ${MANAGED_KAFKA_TARGET_UTILIZATION * 100}% utilization`,
    };
  }
  const vcpus = Math.max(MANAGED_KAFKA_MIN_VCPUS, c.brokers ?? MANAGED_KAFKA_MIN_VCPUS);
  return {
    vcpus,
    memoryGiB: vcpus * MANAGED_KAFKA_GIB_PER_VCPU,
    basis: 'no throughput declared: one vCPU per declared broker, at least 3',
  };
}

/** The cluster's bootstrap address, known before apply: `bootstrap.<cluster>.<region>.managedkafka.<project>.cloud.goog:9092`. */
export function managedKafkaBootstrap(clusterName: string, region: string, project: string): string {
  return `bootstrap.${managedKafkaDomain(clusterName, region, project)}:${MANAGED_KAFKA_PORT}`;
}

/** The DNS domain of the cluster's bootstrap address, as a Connect cluster's dns_domain_names takes it. */
export function managedKafkaDomain(clusterName: string, region: string, project: string): string {
  return `${clusterName}.${region}.managedkafka.${project}.cloud.goog`;
}

/**
 * Smallest primary subnet of a Managed Kafka Connect cluster: "The primary subnet CIDR
 * range must have a minimum size of /22 (1024 addresses)" (google-beta
 * google_managed_kafka_connect_cluster, network_configs.primary_subnet).
 */
export const CONNECT_PRIMARY_SUBNET_PREFIX = 22;

/** The names GcpNetwork (gcp/network.ts) gives a Google Cloud site's VPC and its private subnet. */
export function gcpSiteNetwork(env: string, site: string): { readonly network: string; readonly subnet: string } {
  return { network: resourceName({ env, site, component: 'kafka' }), subnet: resourceName({ env, site, component: 'private' }) };
}

/** A subnet's full name as the Managed Kafka APIs take it: `projects/<p>/regions/<r>/subnetworks/<name>`. */
export function subnetPath(project: string, region: string, name: string): string {
  return `projects/${project}/regions/${region}/subnetworks/${name}`;
}

/**
 * The subnet a copy between Managed Kafka clusters of two Google Cloud sites needs. A
 * cluster's Private Service Connect endpoints exist only in the networks of its subnets,
 * each "located in the same region as the Kafka cluster" (NetworkConfig.subnet,
 * https://cloud.google.com/python/docs/reference/google-cloud-managedkafka/latest/google.cloud.managedkafka_v1.types.NetworkConfig),
 * and a Connect cluster's additional subnets "may be in another region, but must be in the
 * same VPC network" as its primary subnet (ConnectNetworkConfig,
 * https://cloud.google.com/ruby/docs/reference/google-cloud-managed_kafka-v1/latest/Google-Cloud-ManagedKafka-V1-ConnectNetworkConfig).
 * So the target site's stack owns one subnet in its own region inside the source site's
 * VPC (global, found by its planned name): the target cluster gets a second network
 * config there and the Connect workers take it as their primary subnet, with the source's
 * own subnet as an additional one. Nothing of the target stack lives in the source's
 * region, so the target stays plannable when that region is lost.
 *
 * The range is the last /22 of the target site's range: site subnets are cut from the
 * front (siteSubnetPrefix, index 0 on Google Cloud), so it never meets the target's own
 * subnet, and site ranges do not overlap, so it never meets the source's. It follows from
 * the declared range like the site subnets, so it is not an allocation to record.
 * Undefined for a copy inside one site, or when the range has no free /22 (checkReplicationBuildable reports it).
 */
export interface ReachSubnet {
  /** `<env>-<target site>-in-<source site>`. */
  readonly name: string;
  /** The target site's region. */
  readonly region: string;
  readonly cidr: string;
  /** The source site's VPC the subnet is created in. */
  readonly network: string;
  /** The source site's own subnet, where the source cluster's endpoints are, and its region. */
  readonly sourceSubnet: string;
  readonly sourceRegion: string;
}

export function reachSubnet(env: Environment, sourceSite: string, targetSite: string): ReachSubnet | undefined {
  const source = env.sites.find((s) => s.id === sourceSite);
  const target = env.sites.find((s) => s.id === targetSite);
  if (!source || !target || source.id === target.id) return undefined;
  const cidr = reachSubnetCidr(target.cidr);
  if (!cidr) return undefined;
  const from = gcpSiteNetwork(env.name, source.id);
  return {
    name: resourceName({ env: env.name, site: target.id, component: `in-${source.id}` }),
    region: target.region,
    cidr,
    network: from.network,
    sourceSubnet: from.subnet,
    sourceRegion: source.region,
  };
}

/** The last /22 of a site range, or undefined when the range is too small to keep it clear of the site's own subnet (a /21 or larger is needed). */
export function reachSubnetCidr(siteCidr: string): string | undefined {
  const prefix = parseCidr(siteCidr).prefix;
  if (prefix > CONNECT_PRIMARY_SUBNET_PREFIX - 1) return undefined;
  return subnet(siteCidr, CONNECT_PRIMARY_SUBNET_PREFIX, 2 ** (CONNECT_PRIMARY_SUBNET_PREFIX - prefix) - 1);
}
