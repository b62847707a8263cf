import { kraftNodes, kraftPrincipals, peerCidrs, principalHomeSite, principalRegions, stretchedClientGuide } from '../../analysis/kraft';
import { StretchedCluster } from '../../patterns/stretched-cluster';
import type { KindPlacement } from '../placement';
import { SELF_MANAGED_NAMESPACE, selfManagedDimensions } from './alarms';
import { resolveCluster } from '../registry';

// Each site's stack builds its own nodes and its copy of the cluster's DNS zone from the shared plan.
export const placeSelfManaged: KindPlacement = (scope, at, c) => {
  const { env, site } = at;
  const r = resolveCluster(c);
  new StretchedCluster(scope, c.id, {
    estate: env.name,
    clusterId: c.id,
    nodes: at.plan.clusters.find((p) => p.id === c.id)?.nodes ?? kraftNodes(env, c),
    site: site.id,
    sites: c.sites,
    region: site.region,
    network: at.blocks.awsNetwork([]),
    // The kind's check reports a missing artifact before anything is built.
    artifact: { location: c.kafkaArtifact!.locations[site.region], sha512: c.kafkaArtifact!.sha512 },
    principals: kraftPrincipals(env, c),
    principalsSite: principalHomeSite(c),
    secretRegions: principalRegions(env, c),
    metrics: { namespace: SELF_MANAGED_NAMESPACE, dimensions: selfManagedDimensions(env.name, c.id, site.id) },
    peerCidrs: peerCidrs(env, c),
    clientCidrs: site.clientCidrs ?? [site.cidr],
    brokerInstanceType: r.instanceType,
    brokerStorageGiB: r.storageGiB,
    clientGuide: site.id === c.sites[0] ? stretchedClientGuide(env, c) : undefined,
  });
};
