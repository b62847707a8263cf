import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { KraftDns } from '../aws/kraft-dns';
import { KraftSite } from '../aws/kraft-site';
import type { KafkaNetwork } from '../aws/network';
import { KafkaPrincipalSecrets } from '../aws/kafka-principals';
import {
  clientBootstrap,
  kraftClusterId,
  kraftZoneName,
  normalizeSha512,
  quorumVoters,
  type KafkaPrincipal,
  type KraftNode,
} from '../analysis/kraft';
import type { NodeMetrics } from '../aws/kraft-boot';
import { quorumFindings, type SitePlacement } from '../analysis/quorum';
import { RenderedFile } from '../rendered-file';
import { ConstructError } from '../construct-error';

export interface StretchedClusterProps {
  /** Name of the estate (environment); with `clusterId` it names the DNS zone, the Kafka cluster.id and the secrets. */
  readonly estate: string;
  /** Cluster id, unique in the estate. */
  readonly clusterId: string;
  /**
   * Every node of the whole cluster, identical in every site's stack: ids, roles, sites,
   * zones, addresses and DNS names (analysis/kraft.ts `kraftNodes`, or the EstatePlan's
   * cluster nodes). Controllers must form an odd quorum no single site can take down.
   */
  readonly nodes: readonly KraftNode[];
  /** The site whose share this construct builds; every site's stack builds its own. */
  readonly site: string;
  /** Sites the cluster spans; the first one's stack writes the client guide. @default - the sites of `nodes`, in order */
  readonly sites?: readonly string[];
  /** AWS region of `site`. */
  readonly region: string;
  /** The site's network (AWS); the nodes take one private subnet per zone. */
  readonly network: KafkaNetwork;
  /**
   * Kafka distribution in an S3 bucket of this site's region and its SHA-512 as Apache
   * publishes it (brokers have no internet egress; the S3 gateway endpoint serves
   * same-region buckets only).
   */
  readonly artifact: { readonly location: string; readonly sha512: string };
  /**
   * SCRAM users the estate needs on this cluster (analysis/kraft.ts `kraftPrincipals`):
   * the first site's stack creates their secrets, replicated into `secretRegions`; every
   * site's brokers create the credentials and ACLs. @default none
   */
  readonly principals?: readonly KafkaPrincipal[];
  /** The site whose stack creates the principals' secrets. @default - the first of `sites` */
  readonly principalsSite?: string;
  /** Regions that read the principals' secrets besides the principals site's. @default - none */
  readonly secretRegions?: readonly string[];
  /** Where the nodes publish their alarm metrics. @default - no publisher */
  readonly metrics?: NodeMetrics;
  /** Address spaces of every site of the cluster and of sites replicating with it: the only peers admitted. */
  readonly peerCidrs: readonly string[];
  /** Networks of clients admitted to the SCRAM listener. @default - the site's VPC CIDR */
  readonly clientCidrs?: readonly string[];
  /** @default m7i.xlarge */
  readonly brokerInstanceType?: string;
  /** Data volume per broker, GiB. @default 500 */
  readonly brokerStorageGiB?: number;
  /**
   * The client guide (markdown), written to `clients/<estate>/<clusterId>.md` by the
   * stack of the first site.
   * @default - no guide is written
   */
  readonly clientGuide?: string;
}

/**
 * One Kafka cluster stretched synchronously over sites (RPO 0, RTO of a leader
 * election when a site is lost, if analysis/quorum.ts says so). The intent is
 * cloud-neutral: the node plan (ids, addresses, DNS names, voters) is the same in every
 * site's stack; the cloud implementation builds the site's nodes and its copy of the
 * private DNS zone. AWS: self-managed KRaft on EC2.
 */
export class StretchedCluster extends Construct {
  public readonly nodes: readonly KraftNode[];
  /** `controller.quorum.voters` of the whole cluster. */
  public readonly voters: string;
  /** Client bootstrap (SCRAM over TLS) of the whole cluster, by planned DNS names. */
  public readonly bootstrapServers: string;

  constructor(scope: Construct, id: string, props: StretchedClusterProps) {
    super(scope, id);
    const { site, nodes } = props;
    const sites = props.sites ?? [...new Set(nodes.map((n) => n.site))];
    const problems: string[] = [];
    if (!sites.includes(site)) problems.push(`site "${site}" is not one of the cluster's sites (${sites.join(', ')}).`);
    if (!Token.isUnresolved(props.artifact.sha512) && !normalizeSha512(props.artifact.sha512))
      problems.push(
        `artifact.sha512 "${props.artifact.sha512}" is not a SHA-512; give the digest Apache publishes for ${props.artifact.location} (.sha512).`,
      );
    for (const f of quorumFindings(placementOfNodes(sites, nodes))) problems.push(`${f.message} ${f.fix}`);
    // Environment files: checkImplemented (aws sites, kafkaArtifact) and checkStretchedClusters (quorum) report these first.
    if (problems.length > 0) throw new ConstructError(this, problems);

    this.nodes = nodes;
    this.voters = quorumVoters(nodes);
    this.bootstrapServers = clientBootstrap(nodes);
    // One guide per cluster, written by the stack of its first site.
    if (props.clientGuide !== undefined && site === sites[0])
      new RenderedFile(this, 'ClientGuide', { path: `clients/${props.estate}/${props.clusterId}.md`, content: props.clientGuide });
    if (site === (props.principalsSite ?? sites[0]) && (props.principals ?? []).length > 0)
      new KafkaPrincipalSecrets(this, 'Principals', {
        principals: props.principals!,
        region: props.region,
        replicaRegions: props.secretRegions ?? [],
      });
    new KraftDns(this, 'Dns', { zoneName: kraftZoneName(props.estate, props.clusterId), vpcId: props.network.vpc.id, nodes });
    if (nodes.some((n) => n.site === site)) {
      new KraftSite(this, 'Nodes', {
        env: props.estate,
        site,
        clusterId: props.clusterId,
        region: props.region,
        network: props.network,
        nodes,
        kafkaClusterId: kraftClusterId(props.estate, props.clusterId),
        peerCidrs: props.peerCidrs,
        clientCidrs: props.clientCidrs,
        artifact: props.artifact,
        principals: props.principals,
        metrics: props.metrics,
        brokerInstanceType: props.brokerInstanceType,
        brokerStorageGiB: props.brokerStorageGiB,
      });
    }
  }
}

/** Brokers and controllers per site, as the quorum analysis counts them. */
function placementOfNodes(sites: readonly string[], nodes: readonly KraftNode[]): SitePlacement[] {
  const count = (site: string, role: KraftNode['role']) => nodes.filter((n) => n.site === site && n.role === role).length;
  return sites.map((site) => ({ site, brokers: count(site, 'broker'), controllers: count(site, 'controller') }));
}
