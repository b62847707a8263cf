import type { Construct } from 'constructs';
import { KafkaNetwork } from '../constructs/aws/network';
import { managedKafkaCapacity } from '../constructs/analysis/managed-kafka';
import { GcpNetwork } from '../constructs/gcp/network';
import { ManagedKafkaCluster } from '../constructs/gcp/managed-kafka-cluster';
import { MskRegionalCluster } from '../constructs/aws/msk-regional-cluster';
import { MskServerlessCluster } from '../constructs/aws/msk-serverless-cluster';
import { resolveCluster } from '../constructs/model/defaults';
import { StretchedCluster } from '../constructs/patterns/stretched-cluster';
import { kraftNodes, peerCidrs, stretchedClientGuide } from '../constructs/analysis/kraft';
import type { Cluster, ClusterKindName, Environment } from '../constructs/model/schema';
import type { Problem } from '../constructs/model/problems';
import { resourceName } from '../constructs/model/naming';
import type { SiteContext } from './context';
import { placeEventHubs } from './event-hubs';
import { googleProvider } from './gcp-provider';
import { topicConfig } from './topics-stack';
import { checkMirrorLinks } from './mirror-links';

/** Places one cluster's share of resources into a site stack. */
export type ClusterPlacement = (scope: Construct, ctx: SiteContext, cluster: Cluster) => void;

function network(scope: Construct, ctx: SiteContext, clientAuth: ReadonlyArray<'iam' | 'scram' | 'mtls'>): KafkaNetwork {
  const existing = scope.node.tryFindChild('Network');
  if (existing instanceof KafkaNetwork) return existing;
  return new KafkaNetwork(scope, 'Network', {
    namePrefix: `${ctx.env.name}-${ctx.site.id}`,
    cidr: ctx.site.cidr,
    clientCidrs: ctx.site.clientCidrs,
    clientAuth,
  });
}

/** The Google Cloud site's VPC, created once per stack (the hybrid link's VPN gateway lives in it too). */
export function gcpNetwork(scope: Construct, ctx: SiteContext): GcpNetwork {
  const existing = scope.node.tryFindChild('GcpNetwork');
  if (existing instanceof GcpNetwork) return existing;
  googleProvider(scope, ctx);
  return new GcpNetwork(scope, 'GcpNetwork', { env: ctx.env.name, site: ctx.site.id, region: ctx.site.region, cidr: ctx.site.cidr });
}

/**
 * Cluster kinds this product can synthesize, and how. A kind missing here is rejected
 * before synthesis (checkImplemented) rather than silently producing nothing.
 */
export const CLUSTER_PLACEMENTS: Partial<Record<ClusterKindName, ClusterPlacement>> = {
  msk: (scope, ctx, c) => {
    const r = resolveCluster(c);
    const clientAuth = r.clientAuth.filter((a): a is 'iam' | 'scram' => a !== 'mtls');
    // The construct id is the cluster id: part of the Terraform address, kept forever.
    new MskRegionalCluster(scope, c.id, {
      clusterName: resourceName({ env: ctx.env.name, site: ctx.site.id, component: c.id }),
      network: network(scope, ctx, clientAuth),
      brokers: r.brokers,
      instanceType: r.instanceType,
      storageGiB: r.storageGiB,
      kafkaVersion: r.kafkaVersion,
      clientAuth,
      logRetentionDays: ctx.env.stage === 'prod' ? 365 : 90,
    });
  },
  'msk-serverless': (scope, ctx, c) => {
    // Same private network as provisioned MSK; serverless clients use IAM on 9098.
    new MskServerlessCluster(scope, c.id, { env: ctx.env.name, site: ctx.site.id, clusterId: c.id, network: network(scope, ctx, ['iam']) });
  },
  'event-hubs': (scope, ctx, c) => {
    placeEventHubs(scope, ctx, c);
  },
  'gcp-managed': (scope, ctx, c) => {
    const capacity = managedKafkaCapacity(c);
    // The construct id is the cluster id: part of the Terraform address, kept forever.
    const cluster = new ManagedKafkaCluster(scope, c.id, {
      env: ctx.env.name,
      site: ctx.site.id,
      clusterId: c.id,
      region: ctx.site.region,
      subnetId: gcpNetwork(scope, ctx).subnet.id,
      vcpus: capacity.vcpus,
      memoryGiB: capacity.memoryGiB,
    });
    // Managed Kafka topics are API resources: no network reach needed, so they live in the site stack.
    for (const t of ctx.plan.clusters.find((k) => k.id === c.id)!.topics) {
      cluster.addTopic({ name: t.name, partitions: t.partitions, replicationFactor: t.replicationFactor, configs: topicConfig(t) });
    }
  },
  // Each site's stack builds its own nodes and its copy of the cluster's DNS zone from the shared plan.
  'self-managed': (scope, ctx, c) => {
    const { env, site } = ctx;
    const r = resolveCluster(c);
    new StretchedCluster(scope, c.id, {
      estate: env.name,
      clusterId: c.id,
      nodes: ctx.plan.clusters.find((p) => p.id === c.id)?.nodes ?? kraftNodes(env, c),
      site: site.id,
      sites: c.sites,
      region: site.region,
      network: network(scope, ctx, []),
      // checkImplemented reports a missing artifact before anything is built.
      artifact: c.kafkaArtifact!,
      peerCidrs: peerCidrs(env, c),
      clientCidrs: site.clientCidrs ?? [site.cidr],
      brokerInstanceType: r.instanceType,
      brokerStorageGiB: r.storageGiB,
      clientGuide: site.id === c.sites[0] ? stretchedClientGuide(env, c) : undefined,
    });
  },
};

/** Environment check: every cluster kind used has an implementation, with the auth it needs. */
export function checkImplemented(env: Environment): Problem[] {
  const out: Problem[] = [];
  const known = Object.keys(CLUSTER_PLACEMENTS);
  env.clusters.forEach((c, i) => {
    if (!CLUSTER_PLACEMENTS[c.kind]) {
      out.push({
        file: '',
        path: `clusters[${i}].kind`,
        message: `cluster kind "${c.kind}" cannot be synthesized by this version.`,
        fix:
          c.kind === 'edge'
            ? 'declare edge sites under edgeFleets (sites as data, each runs its own Strimzi cluster); see README "Edge sites and fleets".'
            : `use one of: ${known.join(', ')}.`,
      });
    }
    if (c.kind === 'self-managed') {
      c.sites.forEach((sid, j) => {
        const site = env.sites.find((s) => s.id === sid);
        if (site && site.cloud !== 'aws')
          out.push({
            file: '',
            path: `clusters[${i}].sites[${j}]`,
            message: `self-managed nodes on ${site.cloud} (site "${sid}") are not implemented by this version.`,
            fix: 'stretch over aws sites.',
          });
      });
      if (!c.kafkaArtifact)
        out.push({
          file: '',
          path: `clusters[${i}].kafkaArtifact`,
          message: `self-managed cluster "${c.id}" declares no Kafka distribution; its nodes have no internet egress.`,
          fix: 'add kafkaArtifact: { location: s3://bucket/kafka_2.13-4.1.1.tgz, sha256: <64 hex digits> }.',
        });
    }
    if (c.kind === 'msk' && c.clientAuth?.includes('mtls')) {
      out.push({
        file: '',
        path: `clusters[${i}].clientAuth`,
        message: 'mTLS on MSK needs an ACM Private CA, which this version does not create.',
        fix: 'use iam (default) or scram.',
      });
    }
    if (c.kind === 'msk' && c.clientAuth && !c.clientAuth.includes('iam') && env.topics.some((t) => t.cluster === c.id)) {
      out.push({
        file: '',
        path: `clusters[${i}].clientAuth`,
        message: `topics of cluster "${c.id}" are managed over IAM auth, which is not enabled.`,
        fix: 'add iam to clientAuth.',
      });
    }
  });
  return [...out, ...checkMirrorLinks(env)];
}
