import { NO_ALARMS, kindProblem as problem, noEdgeHub, type KindModel } from '../kind';
import { missing } from '../../analysis/flow-types';
import { STRIMZI_CONNECTORS } from './connectors';

/**
 * A Strimzi cluster at an edge site. Edge sites are declared as data under edgeFleets
 * (each runs its own cluster); a `clusters:` entry of this kind is refused.
 */
export const edge: KindModel = {
  kind: 'edge',
  label: 'edge Kafka',
  clouds: ['edge', 'onprem'],
  runsNodes: false,
  singleSite: false,
  defaults: { brokers: () => 1, instanceType: undefined, storageGiB: 100, kafkaVersion: undefined },
  check: (_env, c, i) => [
    problem(
      `clusters[${i}].kind`,
      `cluster kind "${c.kind}" cannot be synthesized by this version.`,
      'declare edge sites under edgeFleets (sites as data, each runs its own Strimzi cluster); see README "Edge sites and fleets".',
    ),
  ],
  resilience: undefined,
  topics: {
    by: 'none',
    why: 'edge clusters are not synthesized from clusters: entries',
    fix: 'declare the topics of edge sites under edgeFleets[].topics.',
  },
  statefulTypes: ['kubernetes_persistent_volume_claim', 'kubernetes_persistent_volume_claim_v1'],
  replicationTarget: undefined,
  edgeHub: noEdgeHub(
    (hub) => `hub "${hub.id}" is an edge cluster.`,
    'use a cloud cluster (msk, gcp-managed, event-hubs, self-managed) as the hub.',
  ),
  replicationEnd: { mirrorSource: undefined, mskConnectTarget: false },
  clientPrincipalIds: false,
  pipelines: false,
  dashboardThroughput: false,
  sizing: { capacity: undefined, notes: [] },
  alarms: NO_ALARMS,
  access: (_env, c) => {
    const none = missing(`edge cluster "${c.id}" is reached only by its own site`, 'reach it through its fleet hub.');
    return { network: none, name: none, trust: none, authorization: 'none', identity: 'none', certificateNames: () => false };
  },
  connectors: STRIMZI_CONNECTORS,
};
