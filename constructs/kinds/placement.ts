import type { Construct } from 'constructs';
import type { KafkaNetwork } from '../aws/network';
import type { GcpNetwork, GcpSubnetInNetwork } from '../gcp/network';
import type { EstatePlan } from '../analysis/plan';
import type { Cluster, Environment, Site } from '../model/schema';

/**
 * The rendering half of a kind: how a cluster of the kind is placed into the stack of
 * one of its sites. Kinds render with the cloud building blocks; what a site stack
 * shares between kinds and links (its network, resource group, log workspace, provider)
 * comes in through `blocks`, created once per stack by the stack, so a kind never
 * imports stacks/.
 */
export interface PlacementSite {
  readonly env: Environment;
  readonly site: Site;
  /** The decided estate: placements render it, never recompute it. */
  readonly plan: EstatePlan;
  readonly blocks: SiteBlocks;
}

export interface SiteBlocks {
  /** Standard tags of the site (environment, site, owner, data class). */
  tags(): Record<string, string>;
  /** The AWS site's network, created on first use with the client auth of its first cluster. */
  awsNetwork(clientAuth: ReadonlyArray<'iam' | 'scram' | 'mtls'>): KafkaNetwork;
  /** The Google Cloud site's VPC and its provider. */
  gcpNetwork(): GcpNetwork;
  /** This Google Cloud site's subnet in another site's VPC, for copies from that site; undefined when the range has no room. */
  gcpSubnetIn(site: string): GcpSubnetInNetwork | undefined;
  azureResourceGroup(): { readonly name: string };
  azureNetwork(): {
    readonly endpoints: { readonly id: string };
    readonly serviceBusZone: { readonly id: string };
    readonly vaultZone: { readonly id: string };
  };
  azureLogWorkspace(): { readonly id: string };
}

/** Places one cluster's share of resources into a site stack. The construct id is the cluster id (a Terraform address). */
export type KindPlacement = (scope: Construct, at: PlacementSite, cluster: Cluster) => void;
