import { attr, built, outside } from '../../analysis/flow-types';
import { stackId } from '../../model/naming';
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
  access: (env, c, from) => {
    const stack = stackId(env.name, c.sites[0]);
    return {
      network: from.cidr
        ? built(`the cluster's security group admits ${from.cidr} on 9098`, {
            stack,
            type: 'aws_vpc_security_group_ingress_rule',
            holds: [attr('cidr_ipv4', from.cidr), attr('from_port', 9098)],
          })
        : outside(`the cluster's IAM listener 9098 in the ${c.sites[0]} VPC`, `${from.label}'s network`),
      name: built('the IAM bootstrap of the serverless cluster, named by the certificate MSK issues', {
        stack,
        type: 'aws_msk_serverless_cluster',
        holds: [],
      }),
      trust: outside('Amazon Trust Services roots in the default trust store', 'AWS'),
      authorization: 'IAM kafka-cluster actions on the cluster, topic and group ARNs',
      certificateNames: (host) => host.endsWith('.amazonaws.com'),
      identity: 'an IAM role',
    };
  },
  connectors: {
    runtime: undefined,
    why: 'this version builds no MSK Connect beside an MSK Serverless cluster',
    fix: 'declare the connector on a provisioned msk cluster, or run it on MSK Connect yourself against the serverless cluster (IAM auth).',
  },
};
