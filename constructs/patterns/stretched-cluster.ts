import { Construct } from 'constructs';
import { KraftDns } from '../aws/kraft-dns';
import { KraftSite } from '../aws/kraft-site';
import type { KafkaNetwork } from '../aws/network';
import { resolveCluster } from '../model/defaults';
import {
  clientBootstrap,
  kraftClusterId,
  stretchedClientGuide,
  kraftNodes,
  kraftZoneName,
  peerCidrs,
  quorumVoters,
  type KraftNode,
} from '../analysis/kraft';
import type { Cluster, Environment, Site } from '../model/schema';
import { placementOf, quorumFindings } from '../analysis/quorum';
import { RenderedFile } from '../rendered-file';

export interface StretchedClusterProps {
  readonly env: Environment;
  readonly cluster: Cluster;
  /** The site whose share this construct builds; every site's stack builds its own. */
  readonly site: Site;
  /** The site's network (AWS). */
  readonly network: KafkaNetwork;
}

/**
 * One Kafka cluster stretched synchronously over sites (RPO 0, RTO of a leader
 * election when a site is lost, if analysis/quorum.ts says so). The intent is
 * cloud-neutral: the node plan (ids, addresses, DNS names, voters) comes from
 * analysis/kraft.ts, identical in every site's stack; the cloud implementation builds the
 * site's nodes and its copy of the private DNS zone. AWS: self-managed KRaft on EC2.
 */
export class StretchedCluster extends Construct {
  public readonly nodes: readonly KraftNode[];
  /** `controller.quorum.voters` of the whole cluster. */
  public readonly voters: string;
  /** Client bootstrap (SCRAM over TLS) of the whole cluster, by planned DNS names. */
  public readonly bootstrapServers: string;

  constructor(scope: Construct, id: string, props: StretchedClusterProps) {
    super(scope, id);
    const { env, cluster, site } = props;
    const problems: string[] = [];
    if (cluster.kind !== 'self-managed')
      problems.push(`cluster "${cluster.id}" is ${cluster.kind}; a stretched cluster is kind self-managed.`);
    if (!cluster.sites.includes(site.id))
      problems.push(`site "${site.id}" is not one of the cluster's sites (${cluster.sites.join(', ')}).`);
    if (site.cloud !== 'aws')
      problems.push(`site "${site.id}" is on ${site.cloud}; this version implements stretched clusters on aws only.`);
    if (!cluster.kafkaArtifact)
      problems.push(
        `cluster "${cluster.id}" declares no kafkaArtifact; brokers have no internet egress, so name the s3:// archive and its sha256.`,
      );
    for (const f of quorumFindings(placementOf(env, cluster))) problems.push(`${f.message} ${f.fix}`);
    if (problems.length > 0) throw new Error(`StretchedCluster ${this.node.path}: ${problems.join(' ')}`);

    this.nodes = kraftNodes(env, cluster);
    this.voters = quorumVoters(this.nodes);
    this.bootstrapServers = clientBootstrap(this.nodes);
    const r = resolveCluster(cluster);
    // One guide per cluster, written by the stack of its first site.
    if (site.id === cluster.sites[0])
      new RenderedFile(this, 'ClientGuide', { path: `clients/${env.name}/${cluster.id}.md`, content: stretchedClientGuide(env, cluster) });
    new KraftDns(this, 'Dns', { zoneName: kraftZoneName(env.name, cluster.id), vpcId: props.network.vpc.id, nodes: this.nodes });
    if (this.nodes.some((n) => n.site === site.id)) {
      new KraftSite(this, 'Nodes', {
        env: env.name,
        site: site.id,
        clusterId: cluster.id,
        region: site.region,
        network: props.network,
        nodes: this.nodes,
        kafkaClusterId: kraftClusterId(env.name, cluster.id),
        peerCidrs: peerCidrs(env, cluster),
        clientCidrs: site.clientCidrs ?? [site.cidr],
        artifact: cluster.kafkaArtifact!,
        brokerInstanceType: r.instanceType,
        brokerStorageGiB: r.storageGiB,
      });
    }
  }
}
