import { MskRegionalCluster } from '../../aws/msk-regional-cluster';
import { resourceName } from '../../model/naming';
import { resolveCluster } from '../registry';
import type { KindPlacement } from '../placement';

export const placeMsk: KindPlacement = (scope, at, c) => {
  const r = resolveCluster(c);
  const clientAuth = r.clientAuth.filter((a): a is 'iam' | 'scram' => a !== 'mtls');
  // The construct id is the cluster id: part of the Terraform address, kept forever.
  new MskRegionalCluster(scope, c.id, {
    clusterName: resourceName({ env: at.env.name, site: at.site.id, component: c.id }),
    network: at.blocks.awsNetwork(clientAuth),
    brokers: r.brokers,
    instanceType: r.instanceType,
    storageGiB: r.storageGiB,
    kafkaVersion: r.kafkaVersion,
    clientAuth,
    // A year in every stage: what the scanners a bank runs expect (KAF-039, CKV_AWS_338).
    logRetentionDays: 365,
    crossRegionReplicatorSource: at.plan.replication.some(
      (f) =>
        f.from === c.id &&
        f.sourceSite === at.site.id &&
        f.implementation === 'msk-replicator' &&
        at.env.sites.find((s) => s.id === f.targetSite)?.region !== at.site.region,
    ),
  });
};
