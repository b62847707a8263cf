import { checkMskServerlessCluster, MSK_SERVERLESS } from './facts';
import type { ClusterResilience } from '../../analysis/outcome';
import { refuseImplementation } from '../../analysis/replication-facts';
import { zonedClusterOutcomes } from '../../analysis/zones';
import { noEdgeHub, type KindModel } from '../kind';
import { MSK_ZONES } from '../msk/facts';
import { MSK_SERVERLESS_ALARMS } from './alarms';

/**
 * MSK Serverless fixes replication factor 3 and min.insync.replicas 2 over three zones,
 * whatever the topic model says; the outcome is computed from those facts.
 */
export const mskServerlessOutcomes: ClusterResilience = (env, cluster, topics) =>
  zonedClusterOutcomes(MSK_ZONES)(
    env,
    cluster,
    topics.map((t) => ({ ...t, replicationFactor: MSK_SERVERLESS.replicationFactor, minInsyncReplicas: MSK_SERVERLESS.minInsyncReplicas })),
  );

/** Amazon MSK Serverless: no brokers to size, IAM clients only, one region. */
export const mskServerless: KindModel = {
  kind: 'msk-serverless',
  label: 'MSK Serverless',
  clouds: ['aws'],
  runsNodes: false,
  singleSite: true,
  defaults: { brokers: () => undefined, instanceType: undefined, storageGiB: 100, kafkaVersion: undefined },
  check: checkMskServerlessCluster,
  resilience: mskServerlessOutcomes,
  topics: { by: 'topics-stack', reach: 'msk-serverless-iam' },
  statefulTypes: ['aws_msk_serverless_cluster'],
  replicationTarget: (_source, override) =>
    override === 'msk-replicator' || override === 'geo-dr'
      ? refuseImplementation(
          'implementation',
          `${override} cannot write into an MSK Serverless cluster.`,
          'remove implementation (MirrorMaker 2 on MSK Connect is picked).',
        )
      : { implementation: 'mm2-msk-connect' },
  edgeHub: noEdgeHub(
    (hub) => `hub "${hub.id}" is MSK Serverless, which takes IAM clients only; edge sites outside AWS have no IAM identity.`,
    'use an msk cluster with clientAuth [iam, scram] or a gcp-managed cluster as the hub, and replicate from it into the serverless cluster.',
  ),
  replicationEnd: { mirrorSource: undefined, mskConnectTarget: false },
  clientPrincipalIds: false,
  pipelines: false,
  dashboardThroughput: false,
  sizing: { capacity: undefined, notes: [] },
  alarms: MSK_SERVERLESS_ALARMS,
};
