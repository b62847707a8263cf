import { createHash } from 'crypto';
import { hostAddress, parseCidr, siteSubnetPrefix, subnet } from '../model/cidr';
import { kindModel } from '../kinds/registry';
import { KRAFT_PORTS, kraftZoneName } from '../kinds/self-managed/facts';

export { KRAFT_PORTS, kraftZoneName };
import { topicsOf } from '../model/defaults';
import { SAFE_SERVER_PROPERTIES } from './durability';
import type { Cluster, Environment } from '../model/schema';
import { entriesOf } from '../model/allocations';
import { resourceName } from '../model/naming';
import { normalizeSha512 } from '../model/digest';

export { normalizeSha512 };
import { lossTable, placementOf, produceLatency, SITE_ZONES, siteLosses, TRANSACTION_STATE_LOG } from './quorum';

/**
 * The node plan of a self-managed KRaft cluster: every controller and broker with its
 * node.id, site, zone, fixed private address and DNS name, all computed from the
 * environment. Each region's stack renders the whole cluster's voters and records from
 * this plan, so no stack ever reads another region's state (DESIGN.md decision 1).
 *
 * node.id = the site's block * 1000 + role base + ordinal. The block is recorded by
 * cluster and site id in the allocation file (a new site takes the lowest block no site
 * of the cluster records, also a removed one), so reordering, adding or removing a
 * cluster's sites never hands one site's ids to another. Addresses come from the site's
 * own range and the ordinal; nodes are added and removed at the end of a site, and a
 * node keeps its zone (so its EBS volume's zone) forever.
 */

export type NodeRole = 'controller' | 'broker';

export interface KraftNode {
  readonly nodeId: number;
  readonly role: NodeRole;
  readonly site: string;
  /** Ordinal of the node among the site's nodes of its role. */
  readonly ordinal: number;
  /** Index of the site's private subnet (and so availability zone) the node sits in. */
  readonly zone: number;
  readonly address: string;
  /** Fully qualified private DNS name. */
  readonly dns: string;
  /** Record name inside the private zone. */
  readonly recordName: string;
}

const ROLE_BASE: Record<NodeRole, number> = { controller: 1, broker: 100 };
/** Offsets in each subnet; AWS reserves the first four addresses. */
export const ADDRESS_BASE: Record<NodeRole, number> = { controller: 10, broker: 40 };

/** The private subnets a site's nodes use: the same cut KafkaNetwork makes (prefix + 4, one per zone). */
export function siteSubnets(cidr: string, zones = SITE_ZONES): string[] {
  const prefix = siteSubnetPrefix(parseCidr(cidr).prefix);
  return Array.from({ length: zones }, (_, i) => subnet(cidr, prefix, i));
}

/** The node-id block of each of a cluster's sites: recorded, else the lowest free one. */
export function kraftSiteBlocks(env: Environment, c: Cluster): Map<string, number> {
  const recorded = new Map(
    entriesOf(env.allocations, 'kraft-site')
      .filter(([k]) => k.startsWith(`${c.id}/`))
      .map(([k, v]) => [k.slice(c.id.length + 1), v as number]),
  );
  const used = new Set(recorded.values());
  const out = new Map<string, number>();
  let next = 0;
  for (const site of c.sites) {
    const kept = recorded.get(site);
    if (kept !== undefined) out.set(site, kept);
    else {
      while (used.has(next)) next++;
      used.add(next);
      out.set(site, next);
    }
  }
  return out;
}

export function kraftNodes(env: Environment, c: Cluster): KraftNode[] {
  const zone = kraftZoneName(env.name, c.id);
  const blocks = kraftSiteBlocks(env, c);
  return placementOf(env, c)
    .flatMap((p) => {
      const siteIndex = blocks.get(p.site) ?? 0;
      const site = env.sites.find((s) => s.id === p.site);
      if (!site) return [];
      const subnets = siteSubnets(site.cidr);
      const nodes = (role: NodeRole, count: number): KraftNode[] =>
        Array.from({ length: count }, (_, j) => {
          const recordName = `${p.site}-${role === 'controller' ? 'c' : 'b'}${j}`;
          return {
            nodeId: siteIndex * 1000 + ROLE_BASE[role] + j,
            role,
            site: p.site,
            ordinal: j,
            zone: j % subnets.length,
            address: hostAddress(subnets[j % subnets.length], ADDRESS_BASE[role] + Math.floor(j / subnets.length)),
            dns: `${recordName}.${zone}`,
            recordName,
          };
        });
      return [...nodes('controller', p.controllers), ...nodes('broker', p.brokers)];
      // By node id, not by the order of cluster.sites: voters, bootstrap lists and super users stay put when sites are reordered.
    })
    .sort((a, b) => a.nodeId - b.nodeId);
}

/** `controller.quorum.voters`: id@host:port of every controller, in every site. */
export function quorumVoters(nodes: readonly KraftNode[]): string {
  return nodes
    .filter((n) => n.role === 'controller')
    .map((n) => `${n.nodeId}@${n.dns}:${KRAFT_PORTS.controller}`)
    .join(',');
}

/** Client bootstrap: every broker's DNS name on the SCRAM listener. */
export function clientBootstrap(nodes: readonly KraftNode[]): string {
  return nodes
    .filter((n) => n.role === 'broker')
    .map((n) => `${n.dns}:${KRAFT_PORTS.client}`)
    .join(',');
}

/** Kafka's cluster.id: 16 bytes, base64url without padding; derived, so every site formats with the same id. */
export function kraftClusterId(env: string, cluster: string): string {
  return createHash('sha256').update(`${env}/${cluster}`).digest().subarray(0, 16).toString('base64url');
}

/** Name prefix of a cluster's resources in a site, and of its secrets. */
export function kraftResourceName(env: string, site: string, cluster: string, component?: string): string {
  return resourceName({ env, site, component: component ? `${cluster}-${component}` : cluster });
}

/** Where the data volume is mounted; log.dirs and the metadata log live there. */
export const DATA_MOUNT = '/var/lib/kafka';
export const TLS_DIR = '/etc/kafka/tls';

/**
 * server.properties of one node. Durability settings come from SAFE_SERVER_PROPERTIES
 * and cannot be overridden; listeners are TLS only (mTLS between nodes, SCRAM over
 * TLS for clients); keystore passwords are read through Kafka's file config provider
 * from a file written at boot, so they never appear in user data.
 */
export function nodeServerProperties(
  node: KraftNode,
  nodes: readonly KraftNode[],
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const tls = {
    'ssl.keystore.type': 'PKCS12',
    'ssl.keystore.location': `${TLS_DIR}/node.p12`,
    'ssl.keystore.password': `\${file:${TLS_DIR}/passwords.properties:keystore}`,
    'ssl.key.password': `\${file:${TLS_DIR}/passwords.properties:keystore}`,
    'ssl.truststore.type': 'PKCS12',
    'ssl.truststore.location': `${TLS_DIR}/truststore.p12`,
    'ssl.truststore.password': `\${file:${TLS_DIR}/passwords.properties:truststore}`,
    'ssl.endpoint.identification.algorithm': 'https',
    'ssl.enabled.protocols': 'TLSv1.3,TLSv1.2',
  };
  const common: Record<string, string> = {
    'node.id': String(node.nodeId),
    'controller.quorum.voters': quorumVoters(nodes),
    'controller.listener.names': 'CONTROLLER',
    'config.providers': 'file',
    'config.providers.file.class': 'org.apache.kafka.common.config.provider.FileConfigProvider',
    'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    // Nodes authenticate each other by certificate; their principals are the node DNS names.
    'super.users': nodes.map((n) => `User:CN=${n.dns}`).join(';'),
    'ssl.principal.mapping.rules': 'RULE:^CN=([^,]+).*$/CN=$1/,DEFAULT',
    ...tls,
  };
  if (node.role === 'controller') {
    return {
      ...extra,
      ...common,
      'process.roles': 'controller',
      listeners: `CONTROLLER://${node.address}:${KRAFT_PORTS.controller}`,
      'listener.security.protocol.map': 'CONTROLLER:SSL',
      'listener.name.controller.ssl.client.auth': 'required',
      'metadata.log.dir': `${DATA_MOUNT}/metadata`,
      'log.dirs': `${DATA_MOUNT}/metadata`,
    };
  }
  return {
    ...extra,
    ...common,
    'process.roles': 'broker',
    listeners: `INTERNAL://${node.address}:${KRAFT_PORTS.internal},CLIENT://${node.address}:${KRAFT_PORTS.client}`,
    'advertised.listeners': `INTERNAL://${node.dns}:${KRAFT_PORTS.internal},CLIENT://${node.dns}:${KRAFT_PORTS.client}`,
    'listener.security.protocol.map': 'CONTROLLER:SSL,INTERNAL:SSL,CLIENT:SASL_SSL',
    'inter.broker.listener.name': 'INTERNAL',
    'listener.name.internal.ssl.client.auth': 'required',
    'sasl.enabled.mechanisms': 'SCRAM-SHA-512',
    // A SASL listener needs a JAAS login section per mechanism, or the broker fails to start.
    // The server side of SCRAM needs no credentials of its own (brokers talk SSL among themselves);
    // clients are checked against the SCRAM credentials stored in the metadata log.
    // https://kafka.apache.org/41/security/authentication-using-sasl/ (Configuring Kafka Brokers, SCRAM)
    'listener.name.client.scram-sha-512.sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'log.dirs': `${DATA_MOUNT}/data`,
    // The site is the rack: rack-aware assignment spreads replicas over sites, and
    // consumers fetch from a replica in their own site (KIP-392, client.rack = site).
    'broker.rack': node.site,
    'replica.selector.class': 'org.apache.kafka.common.replica.RackAwareReplicaSelector',
    ...SAFE_SERVER_PROPERTIES,
  };
}

/** A short digest of a node's server.properties (keys sorted): equal digests, equal configuration. */
export function serverPropertiesDigest(properties: Readonly<Record<string, string>>): string {
  const text = Object.keys(properties)
    .sort()
    .map((k) => `${k}=${properties[k]}`)
    .join('\n');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** A Kafka ACL the principals service grants (kafka-acls.sh --add). */
export interface KafkaAclGrant {
  readonly resource: 'topic' | 'group' | 'cluster' | 'transactional-id';
  /** Resource name; `*` for every resource of the type; ignored for the cluster. */
  readonly name: string;
  readonly pattern?: 'literal' | 'prefixed';
  /** Kafka operation names (Read, Write, Describe, ...). */
  readonly operations: readonly string[];
}

/**
 * A SCRAM user of a self-managed cluster: its password lives in Secrets Manager under
 * `secretName` (JSON with username and password), in every region of the cluster's
 * sites; the brokers create the credential and its ACLs from it.
 */
export interface KafkaPrincipal {
  readonly user: string;
  readonly secretName: string;
  /** Why the estate needs it (the flow it serves). */
  readonly purpose: string;
  readonly acls: readonly KafkaAclGrant[];
}

/** Secrets Manager name of a SCRAM user's credentials; the node role may read `<env>/<cluster>/scram/*`. */
export function scramSecretName(env: string, cluster: string, user: string): string {
  return `${env}/${cluster}/scram/${user}`;
}

/**
 * Secrets Manager name of the cluster CA (JSON key CLUSTER_CA_KEY: PEM certificates) that
 * clients outside the nodes trust, in every region that reads the cluster; the
 * organisation's PKI writes it beside the node material (`<env>/<cluster>/tls/<node>`).
 */
export function clusterCaSecretName(env: string, cluster: string): string {
  return `${env}/${cluster}/tls/ca`;
}

/** The JSON key of the CA secret holding the PEM certificates. */
export const CLUSTER_CA_KEY = 'certificate';

/**
 * Every principal the estate needs on a self-managed cluster, with the least ACLs its
 * flow needs (allow.everyone.if.no.acl.found is false, so a missing ACL is a denial):
 * the machine that runs Terraform (topics), each MirrorMaker 2 copy out of the cluster,
 * and each declared producer and consumer.
 * Operations per API: https://kafka.apache.org/41/security/authorization-and-acls/
 */
export function kraftPrincipals(env: Environment, c: Cluster): KafkaPrincipal[] {
  const secret = (user: string) => scramSecretName(env.name, c.id, user);
  const out: KafkaPrincipal[] = [
    {
      user: 'terraform',
      secretName: secret('terraform'),
      purpose: 'Terraform runner -> Kafka admin API (topics stack)',
      acls: [
        { resource: 'cluster', name: 'kafka-cluster', operations: ['Describe', 'DescribeConfigs'] },
        { resource: 'topic', name: '*', operations: ['Create', 'Describe', 'DescribeConfigs', 'AlterConfigs', 'Alter'] },
      ],
    },
  ];
  for (const r of env.replication.filter((x) => x.from === c.id)) {
    const user = `mirror-maker-${r.to}`;
    out.push({
      user,
      secretName: secret(user),
      purpose: `MirrorMaker 2 ${r.from} -> ${r.to} reads the source`,
      // Offset syncs live on the target (offset-syncs.topic.location=target): the source is read only.
      acls: [
        ...r.topics.map((t): KafkaAclGrant => ({ resource: 'topic', name: t, operations: ['Read', 'Describe', 'DescribeConfigs'] })),
        { resource: 'group', name: '*', operations: ['Describe'] },
        { resource: 'cluster', name: 'kafka-cluster', operations: ['Describe'] },
      ],
    });
  }
  for (const p of env.producers.filter((x) => x.cluster === c.id)) {
    out.push({
      user: p.id,
      secretName: secret(p.id),
      purpose: `producer ${p.id}`,
      acls: [
        ...p.topics.map((t): KafkaAclGrant => ({ resource: 'topic', name: t, operations: ['Write', 'Describe'] })),
        { resource: 'cluster', name: 'kafka-cluster', operations: ['IdempotentWrite'] },
        { resource: 'transactional-id', name: `${p.id}-`, pattern: 'prefixed', operations: ['Write', 'Describe'] },
      ],
    });
  }
  for (const k of env.consumers.filter((x) => x.cluster === c.id)) {
    out.push({
      user: k.id,
      secretName: secret(k.id),
      purpose: `consumer ${k.id}`,
      acls: [
        ...k.topics.map((t): KafkaAclGrant => ({ resource: 'topic', name: t, operations: ['Read', 'Describe'] })),
        { resource: 'group', name: k.id, operations: ['Read', 'Describe'] },
      ],
    });
  }
  return out;
}

/** The site whose stack creates a cluster's principal secrets: the first by id, so reordering sites moves nothing. */
export function principalHomeSite(c: Pick<Cluster, 'sites'>): string {
  return [...c.sites].sort()[0];
}

/** Regions that read a cluster's principal secrets besides its home site's: its other sites and the MirrorMaker targets. */
export function principalRegions(env: Environment, c: Cluster): string[] {
  const region = (id: string) => env.sites.find((s) => s.id === id)?.region;
  const targets = env.replication.filter((r) => r.from === c.id).flatMap((r) => env.clusters.find((k) => k.id === r.to)?.sites ?? []);
  const regions = [...c.sites, ...targets].map(region).filter((r): r is string => r !== undefined);
  const home = region(principalHomeSite(c));
  return [...new Set(regions)].filter((r) => r !== home).sort();
}

/**
 * Site pairs that need a network path for self-managed clusters: every pair of the
 * cluster's sites (replication and quorum), and each of its sites with the site of a
 * cluster it replicates with (MirrorMaker reads the brokers directly). AWS sites only;
 * pairs are sorted so each is peered once.
 */
export function peeringPairs(env: Environment): Array<[string, string]> {
  const aws = new Set(env.sites.filter((s) => s.cloud === 'aws').map((s) => s.id));
  const pairs = new Map<string, [string, string]>();
  const add = (a: string, b: string) => {
    if (a === b || !aws.has(a) || !aws.has(b)) return;
    const [x, y] = [a, b].sort();
    pairs.set(`${x}/${y}`, [x, y]);
  };
  for (const c of env.clusters.filter((k) => kindModel(k.kind)?.runsNodes)) {
    for (const a of c.sites) for (const b of c.sites) add(a, b);
    for (const r of env.replication) {
      const other = r.from === c.id ? r.to : r.to === c.id ? r.from : undefined;
      const peer = env.clusters.find((k) => k.id === other);
      if (peer) for (const a of c.sites) for (const b of peer.sites) add(a, b);
    }
  }
  return [...pairs.values()].sort((p, q) => `${p[0]}/${p[1]}`.localeCompare(`${q[0]}/${q[1]}`));
}

/** Address spaces allowed to reach a self-managed cluster's listeners: its sites and the sites replicating with it. */
export function peerCidrs(env: Environment, c: Cluster): string[] {
  const sites = new Set(c.sites);
  for (const r of env.replication) {
    const other = r.from === c.id ? r.to : r.to === c.id ? r.from : undefined;
    for (const s of env.clusters.find((k) => k.id === other)?.sites ?? []) sites.add(s);
  }
  return env.sites.filter((s) => sites.has(s.id)).map((s) => s.cidr);
}

/**
 * The client guide of a stretched cluster (rendered next to the synth output): how to
 * connect, the producer and consumer settings that keep RPO 0 and ride a site loss,
 * exactly-once settings for transactional topics, the produce latency the stretch
 * adds, and what each single failure does. Every number comes from analysis/.
 */
export function stretchedClientGuide(env: Environment, c: Cluster): string {
  const nodes = kraftNodes(env, c);
  const placement = placementOf(env, c);
  const topics = topicsOf(env, c.id);
  const transactional = topics.filter((t) => t.transactional).map((t) => t.name);
  const rtt = (s: string) => env.sites.find((x) => x.id === s)?.rttMs;
  const worstIsr = topics.reduce((w, t) => Math.max(w, t.minInsyncReplicas), 2);
  const lat = produceLatency(placement, { replicationFactor: 3, minInsyncReplicas: worstIsr }, rtt);
  const txnSurvives = siteLosses(placement, TRANSACTION_STATE_LOG).every((l) => l.writesContinue);
  const table = lossTable(env, c)
    .map(
      (l) =>
        `| ${l.domain} | ${l.writesContinue ? 'continue' : 'stop'} | ${l.dataLoss ? 'possible' : 'none'} | ${l.votersLeft}/${l.votersLeft + l.votersLost} voters, ${l.quorumSurvives ? 'kept' : 'lost'} |`,
    )
    .join('\n');
  return `# ${env.name} / ${c.id}: client guide

Stretched over ${placement.map((p) => `${p.site} (${p.brokers} brokers, ${p.controllers} controller${p.controllers === 1 ? '' : 's'})`).join(', ')}.

## Connect

    bootstrap.servers=${clientBootstrap(nodes)}
    security.protocol=SASL_SSL
    sasl.mechanism=SCRAM-SHA-512
    ssl.truststore.location=<the estate's CA truststore>
    # consumers: fetch from a replica in your own site (KIP-392)
    client.rack=<your site: ${c.sites.join(' | ')}>

## Producers (RPO 0 needs all of these)

    acks=all
    enable.idempotence=true
    max.in.flight.requests.per.connection=5
    # ride out a site loss: leader election and metadata refresh take up to 30s
    delivery.timeout.ms=180000
    retries=2147483647
${
  transactional.length > 0
    ? `
## Exactly-once (${transactional.join(', ')})

    transactional.id=<stable per producer instance>
    transaction.timeout.ms=60000
    # consumers of these topics
    isolation.level=read_committed

${txnSurvives ? 'The transaction state log (RF 3, min ISR 2) keeps taking commits when any one site is lost.' : 'The transaction state log (RF 3, min ISR 2) stops taking commits when a site is lost: transactional producers stop until it returns.'}
`
    : ''
}
## Latency

Every acks=all produce waits for min.insync.replicas ${worstIsr} across sites: about ${lat.replicationMs} ms
added for partitions led in ${lat.leaderSite} (the worst leader site), from the declared round trips.
A producer in another site than the partition leader adds up to ${lat.remoteLeaderMs} ms more.${lat.missing.length > 0 ? `\nNo round trip is declared for ${lat.missing.map(([a, b]) => `${a}-${b}`).join(', ')}; the figure ignores those pairs.` : ''}${c.produceLatencyBudgetMs !== undefined ? `\nBudget: ${c.produceLatencyBudgetMs} ms.` : ''}

## One failure at a time (RF 3, min ISR 2)

| lost | writes | acknowledged data lost | controller quorum |
|---|---|---|---|
${table}
`;
}
