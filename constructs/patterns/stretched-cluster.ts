import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { KraftDns } from '../aws/kraft-dns';
import { KraftSite } from '../aws/kraft-site';
import type { KafkaNetwork } from '../aws/network';
import { clientBootstrap, kraftClusterId, kraftZoneName, quorumVoters, type KraftNode } from '../analysis/kraft';
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
  /** Kafka distribution in S3 and its SHA-256 (brokers have no internet egress). */
  readonly artifact: { readonly location: string; readonly sha256: string };
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
    if (!Token.isUnresolved(props.artifact.sha256) && !/^[0-9a-f]{64}$/.test(props.artifact.sha256))
      problems.push(
        `artifact.sha256 "${props.artifact.sha256}" is not 64 lowercase hex digits; give the SHA-256 of ${props.artifact.location}.`,
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
