import type { ResolvedTopic } from '../../model/defaults';
import type { Allocations, Backend, Environment, Site } from '../../model/schema';
import type { AlarmPlan, ObjectiveWatch } from '../alarms';
import type { ConnectorPlan } from '../connectors';
import type { EdgeSitePlan } from '../edge';
import type { Flow } from '../flows';
import type { KraftNode } from '../kraft';
import type { LinkPlan } from '../links';
import type { LossAnalysis, ProduceLatency, SitePlacement } from '../quorum';
import type { FlowObjectives, ReplicationFlow } from '../replication-link';
import type { ObjectiveResult, Outcome } from '../resilience';
import type { SizingBound } from '../sizing';

/**
 * The decided estate: everything the stacks render, the review reports and the bench
 * measures, computed once per environment by planEstate. Plain data only (no Map, no
 * class, no function), so it can be printed, diffed and compared; an unbounded RPO or
 * RTO is the number Infinity, as analysis/resilience states it.
 */
export interface EstatePlan {
  /** The validated environment the plan was made from; renderers still read its declarations. */
  readonly env: Environment;
  /** In build order: the order the stacks are created, which is also the order of the synthesized manifest. */
  readonly stacks: readonly StackPlan[];
  readonly sites: readonly SitePlan[];
  readonly clusters: readonly ClusterPlan[];
  readonly links: readonly LinkPlan[];
  readonly peerings: readonly PeeringPlan[];
  readonly replication: readonly ReplicationFlow[];
  readonly edgeSites: readonly EdgeSitePlan[];
  /** Sources and sinks, each on its platform's runtime, with its principal, alarms and runbook. */
  readonly connectors: readonly ConnectorPlan[];
  /** Every path data takes between components; later issues add network, name, identity and trust per path. */
  readonly paths: readonly DataPath[];
  /**
   * Every path the estate needs at run and deploy time with its five parts (network,
   * name, identity, authorization, trust) and the blocks that prove them (analysis/flows.ts).
   */
  readonly flows: readonly Flow[];
  readonly alarms: AlarmPlan;
  readonly files: readonly FilePlan[];
  /** What the design achieves under every single failure, assessed once for the review and the tests. */
  readonly resilience: ResiliencePlan;
  /** What the policy suite needs to judge this estate's stacks (rules themselves read only the synthesized JSON). */
  readonly policy: EstatePolicy;
  /**
   * Every allocated value by stable key after this plan: the recorded ones unchanged
   * plus those allocated for the first time (model/allocations.ts).
   */
  readonly allocations: Allocations;
}

/** The outcomes of analysis/resilience for one estate, and what they mean for its declared objectives. */
export interface ResiliencePlan {
  /** Every topic under every single failure (assessEnvironment). */
  readonly outcomes: readonly Outcome[];
  /** Each topic group's declared RPO/RTO against the worst outcome in its scope (evaluateObjectives). */
  readonly objectives: readonly ObjectiveResult[];
  /** Each declared objective and the planned alarms that would see it breached (watchObjectives over `alarms`). */
  readonly watches: readonly ObjectiveWatch[];
  /** What each replication flow promises after a failover (flowObjectives), by flow id, in `replication` order. */
  readonly flows: ReadonlyArray<FlowObjectives & { readonly flow: string }>;
}

export interface EstatePolicy {
  /** Prod-only rules are skipped in dev. */
  readonly stage: Environment['stage'];
  /** Waivers declared in the environment file (`policy.suppressions`), handed to every stack of the estate. */
  readonly suppressions: ReadonlyArray<{ readonly rule: string; readonly reason: string; readonly scope: string }>;
}

/**
 * What a stack holds:
 * - site: everything of one site (its failure domain);
 * - topics: topics of the site's clusters over the Kafka admin API (needs a runner in the network),
 *   or of a stretched cluster, in a stack named after the cluster;
 * - links: the site's ends of cloud-to-cloud VPN links (read the far gateway);
 * - edge-fleet: a fleet's hub side; edge-fleet-acls: its sites' ACLs on an MSK hub;
 * - peering: the network path between two AWS sites;
 * - bootstrap: one cloud region's Terraform state store (`<env>-bootstrap-<cloud>-<region>`).
 */
export type StackRole = 'site' | 'topics' | 'connectors' | 'links' | 'edge-fleet' | 'edge-fleet-acls' | 'peering' | 'bootstrap';

export interface StackDependency {
  /** Stack applied first. */
  readonly stack: string;
  /** Why, in words for the review; several reasons are joined with "; ". */
  readonly reason: string;
}

/**
 * A state store (bucket or container) without a stack's key: which cloud and region hold
 * it (`region` unknown for a single declared azurerm/gcs store) and, for a per-region
 * backend, the bootstrap stack that creates it.
 */
export type StateStore = { readonly cloud: 'aws' | 'azure' | 'gcp'; readonly region?: string; readonly bootstrap?: string } & (
  | {
      readonly type: 's3';
      readonly bucket: string;
      readonly keyPrefix: string;
      readonly kmsKeyId?: string;
      /** The bootstrap stack creates the key under the `kmsKeyId` alias (none was named in the file). */
      readonly ownKey?: true;
    }
  | {
      readonly type: 'azurerm';
      readonly resourceGroupName: string;
      readonly storageAccountName: string;
      readonly containerName: string;
    }
  | { readonly type: 'gcs'; readonly bucket: string; readonly prefix: string }
);

/** Where a stack keeps its state: its home site's store with this stack's key (plan/state.ts). */
export type StackBackend =
  | { readonly type: 'local'; readonly path: string }
  | (Omit<Extract<StateStore, { type: 's3' }>, 'keyPrefix' | 'ownKey'> & { readonly key: string })
  | (Extract<StateStore, { type: 'azurerm' }> & { readonly key: string })
  | Extract<StateStore, { type: 'gcs' }>;

/**
 * Where a stack must run: anywhere (a hosted runner) when it calls only cloud control-plane
 * APIs, or inside a site's network when it writes a private data plane (the Kafka admin
 * API for topics and ACLs, a Key Vault behind its firewall, a Kubernetes API). Workflows
 * send it to a self-hosted runner labelled `<env>-<site>`.
 */
export type StackRunner =
  { readonly kind: 'hosted' } | { readonly kind: 'self-hosted'; readonly label: string; readonly site: string; readonly why: string };

export interface StackPlan {
  readonly id: string;
  readonly role: StackRole;
  /** The failure domain whose loss takes this stack with it: a site id, a fleet id, or `<a>-<b>` for a peering. */
  readonly failureDomain: string;
  /** The site the stack belongs to (site, topics and links stacks), or the hub site of a fleet. */
  readonly site?: string;
  /** The stretched cluster whose topics the stack manages (a topics stack named after the cluster, no site). */
  readonly cluster?: string;
  readonly fleet?: string;
  /** Clouds whose APIs the stack calls. */
  readonly clouds: readonly Site['cloud'][];
  readonly backend: StackBackend;
  /** The site whose failure domain holds the state (plan/state.ts stateHome); none for an estate without cloud sites. */
  readonly stateHome?: string;
  /** Where the stack must run to plan and apply. */
  readonly runner: StackRunner;
  /** Stacks to apply before this one, each once, in the order the dependencies are declared. */
  readonly dependsOn: readonly StackDependency[];
  /**
   * Copies of the stack's state in other regions' stores, each with the site it plans from
   * once the home region is lost (a stretched cluster's topics; plan/state-copies.ts).
   */
  readonly stateCopies?: readonly StateCopy[];
  /**
   * How the runner logs the Kafka provider in when the cluster takes SCRAM, not IAM: the
   * Terraform user's secret and the cluster CA in Secrets Manager, read in the runner's region
   * (replicated to every region of the cluster) and handed over as KAFKA_SASL_USERNAME,
   * KAFKA_SASL_PASSWORD and KAFKA_CA_CERT (tools/ci/kafka-login.sh).
   */
  readonly kafkaLogin?: { readonly secret: string; readonly caSecret: string; readonly caKey: string; readonly region: string };
}

export interface SitePlan {
  readonly id: string;
  readonly cloud: Site['cloud'];
  readonly region: string;
  readonly cidr: string;
  /** Private subnets, one per zone (AWS networks and stretched-cluster nodes). */
  readonly subnets: readonly string[];
  /** BGP ASN of the site's VPN gateway, when the site is an end of a link. */
  readonly asn?: number;
  /** Azure GatewaySubnet: the last /27 of the site range, clear of the subnets features cut from the front. */
  readonly gatewaySubnet?: string;
  /** Stack ids of the site (site stack first). */
  readonly stacks: readonly string[];
  /** Alert targets of the site: its own, else the environment's. */
  readonly alerts?: Environment['alerts'];
  readonly logRetentionDays: number;
}

/** One part of a cluster and the stack that holds it. */
export interface ClusterPart {
  readonly part: 'cluster' | 'topics' | 'edge-hub' | 'edge-acls';
  readonly site: string;
  readonly stack: string;
}

export interface ClusterPlan {
  readonly id: string;
  readonly kind: string;
  readonly sites: readonly string[];
  readonly parts: readonly ClusterPart[];
  /** Declared topics with defaults applied. */
  readonly topics: readonly ResolvedTopic[];
  /** The stack that creates the topics, when the cluster has any. */
  readonly topicsManagedIn?: string;
  /** KRaft nodes of a self-managed cluster: ids, addresses, DNS names. */
  readonly nodes?: readonly KraftNode[];
  /** Listener ports of a self-managed cluster. */
  readonly ports?: { readonly controller: number; readonly internal: number; readonly client: number };
  /** Brokers and controllers per site of a cluster whose nodes the estate runs (analysis/quorum placementOf). */
  readonly placement?: readonly SitePlacement[];
  /**
   * The controller quorum after each of its sites is lost, for a cluster with a placement.
   * Voter counts depend on placement only; RF 3 / min ISR 2 stand in for the replica settings.
   */
  readonly quorum?: readonly LossAnalysis[];
  readonly sizing: ClusterSizing;
}

/** Sizing facts of one cluster, from analysis/sizing and analysis/durability; the review words them. */
export interface ClusterSizing {
  /** Brokers it runs; undefined when the service sizes itself. */
  readonly brokers?: number;
  readonly instanceType?: string;
  /** Disk per broker, default applied. */
  readonly storageGiB: number;
  /** Partitions of its declared topics. */
  readonly partitions: number;
  /** Partition replicas per broker, when it has brokers. */
  readonly partitionsPerBroker?: number;
  /** Published partition limit per broker of its instance type, when there is one. */
  readonly partitionLimit?: number;
  /** Disk per broker the declared throughput needs for the retention at the replication factor (headroom included). */
  readonly disk?: { readonly neededGiB: number; readonly retention: string; readonly replicationFactor: number };
  /** Brokers the declared throughput needs on a node type with a broker profile, for a cluster with a placement. */
  readonly throughputBrokers?: { readonly brokers: number; readonly boundBy: SizingBound; readonly messagesPerSecond: number };
  /** What acks=all produces wait for across sites, for a cluster with a placement over two sites or more. */
  readonly produceLatency?: ProduceLatency;
}

export interface PeeringPlan {
  readonly id: string;
  readonly sites: readonly [string, string];
  readonly stack: string;
}

/** One end of a data path: a component at a site. */
export interface PathEnd {
  readonly site: string;
  /** Cluster id, edge site id, gateway, or the host of a connector's external system. */
  readonly component: string;
}

/**
 * A path data takes between two components. `via` names the plan entry that carries
 * it (a replication flow id, a link id, a fleet id, a peering id).
 */
export interface DataPath {
  readonly id: string;
  readonly kind: 'replication' | 'hybrid-link' | 'edge-up' | 'edge-down' | 'peering' | 'connector';
  readonly from: PathEnd;
  readonly to: PathEnd;
  readonly via: string;
  /** Stacks holding the path's resources. */
  readonly stacks: readonly string[];
}

/** A file written beside the Terraform output (runbooks, client guides, edge bundles, onprem configurations). */
export interface FilePlan {
  readonly path: string;
  readonly stack: string;
  /** What the file is for. */
  readonly purpose: 'runbook' | 'client-guide' | 'edge-bundle' | 'onprem-config';
  /** Content when the plan renders it (runbooks, guides); bundles and configs are rendered by their construct. */
  readonly content?: string;
}

export type { Backend, ConnectorPlan };

/** An S3 per-region store with the bootstrap stack that creates it. */
export type S3Store = Extract<StateStore, { type: 's3' }> & { readonly bootstrap: string };

export interface StateCopyTarget {
  /** The stack whose state is copied. */
  readonly stack: string;
  /** The surviving site the stack plans from after its home region is lost (its runner runs there). */
  readonly site: string;
  /** The cluster whose brokers the stack reaches (its runner must be inside one of its sites). */
  readonly cluster: string;
}

export interface StateCopy extends StateCopyTarget {
  /** The home store (copied from) and the copy's store (copied to), each with the bootstrap stack that creates it. */
  readonly from: S3Store;
  readonly to: S3Store;
  /** The stack's backend in the copy's store: same key, the copy's bucket and region. */
  readonly backend: Extract<StackBackend, { type: 's3' }>;
  /**
   * The replication rule's priority in the home store's configuration. S3 needs one per
   * rule, unique within a bucket's configuration (aws provider docs,
   * s3_bucket_replication_configuration: "Priority must be unique between multiple rules"),
   * so it is an allocated value, recorded by stack and site like an ASN: never a position.
   */
  readonly priority: number;
  /** `banking/failover/par.s3.tfbackend` relative to the stack's folder. */
  readonly backendFile: string;
}
