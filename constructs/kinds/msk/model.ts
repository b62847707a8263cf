import { attr, built, outside } from '../../analysis/flow-types';
import { resourceName, stackId } from '../../model/naming';
import { MSK_PARTITIONS_PER_BROKER, partitionsPerBroker } from '../../analysis/durability';
import { refuseImplementation } from '../../analysis/replication-facts';
import { zonedClusterOutcomes } from '../../analysis/zones';
import { checkMskKafkaVersion } from '../../analysis/kind-limits';
import { nearest } from '../../model/problems';
import { topicsOf } from '../../model/defaults';
import type { Cluster, Environment } from '../../model/schema';
import { kindProblem as problem, PUBLISHED_BOOTSTRAP, type KindModel } from '../kind';
import { MSK_ALARMS } from './alarms';
import { MSK_DEFAULTS, MSK_ZONES, mskBrokers as brokersOf } from './facts';
import { MSK_CONNECTORS } from './connectors';

function check(env: Environment, c: Cluster, i: number) {
  const out = [];
  out.push(...checkMskKafkaVersion(c, i));
  const brokers = brokersOf(c);
  if (brokers % MSK_ZONES !== 0) {
    out.push(
      problem(
        `clusters[${i}].brokers`,
        `MSK needs a broker count that is a multiple of its ${MSK_ZONES} zones, got ${brokers}.`,
        `use ${Math.max(MSK_ZONES, Math.round(brokers / MSK_ZONES) * MSK_ZONES)}.`,
      ),
    );
  }
  if (c.instanceType !== undefined && !(c.instanceType in MSK_PARTITIONS_PER_BROKER)) {
    const known = Object.keys(MSK_PARTITIONS_PER_BROKER);
    const guess = nearest(c.instanceType, known);
    out.push(
      problem(
        `clusters[${i}].instanceType`,
        `unknown MSK instance type "${c.instanceType}".`,
        guess ? `did you mean "${guess}"? Known: ${known.join(', ')}.` : `use one of: ${known.join(', ')}.`,
      ),
    );
  }
  if (c.brokersPerSite !== undefined || c.controllersPerSite !== undefined) {
    out.push(
      problem(
        `clusters[${i}]`,
        'brokersPerSite/controllersPerSite apply to self-managed clusters; MSK manages its controllers.',
        'use brokers for MSK.',
      ),
    );
  }
  if (c.clientAuth?.includes('mtls')) {
    out.push(
      problem(
        `clusters[${i}].clientAuth`,
        'mTLS on MSK needs an ACM Private CA, which this version does not create.',
        'use iam (default) or scram.',
      ),
    );
  }
  if (c.clientAuth && !c.clientAuth.includes('iam') && env.topics.some((t) => t.cluster === c.id)) {
    out.push(
      problem(
        `clusters[${i}].clientAuth`,
        `topics of cluster "${c.id}" are managed over IAM auth, which is not enabled.`,
        'add iam to clientAuth.',
      ),
    );
  }
  out.push(...partitionLimit(env, c, i));
  return out;
}

/** Partitions per broker (replicas included) against MSK's recommendation for the instance type. */
function partitionLimit(env: Environment, c: Cluster, i: number) {
  const instanceType = c.instanceType ?? MSK_DEFAULTS.instanceType;
  const limit = MSK_PARTITIONS_PER_BROKER[instanceType];
  const brokers = brokersOf(c);
  if (limit === undefined || !brokers) return [];
  const topics = topicsOf(env, c.id);
  const perBroker = partitionsPerBroker(topics, brokers);
  if (perBroker <= limit) return [];
  const needBrokers = Math.ceil(topics.reduce((s, t) => s + t.partitions * t.replicationFactor, 0) / limit / MSK_ZONES) * MSK_ZONES;
  const bigger = Object.entries(MSK_PARTITIONS_PER_BROKER).find(([, l]) => l >= perBroker)?.[0];
  return [
    problem(
      `clusters[${i}].instanceType`,
      `cluster "${c.id}" would hold ${perBroker} partitions per broker (replicas included) on ${brokers} × ${instanceType}; MSK recommends at most ${limit}.`,
      `raise brokers to ${needBrokers}${bigger ? `, use ${bigger}` : ''}, or lower partition counts.`,
    ),
  ];
}

/** Amazon MSK, provisioned: brokers over three zones of one region. */
export const msk: KindModel = {
  kind: 'msk',
  label: 'MSK',
  clouds: ['aws'],
  runsNodes: false,
  singleSite: true,
  defaults: {
    brokers: brokersOf,
    instanceType: MSK_DEFAULTS.instanceType,
    storageGiB: MSK_DEFAULTS.storageGiB,
    kafkaVersion: MSK_DEFAULTS.kafkaVersion,
  },
  check,
  resilience: zonedClusterOutcomes(MSK_ZONES, brokersOf),
  // AWS has no MSK topic API: the Kafka provider creates them over IAM auth from the topics stack.
  topics: { by: 'topics-stack', reach: 'msk-iam' },
  statefulTypes: ['aws_msk_cluster', 'aws_msk_configuration'],
  replicationTarget: (source, override) => {
    if (source === 'msk' && (override === undefined || override === 'msk-replicator')) return { implementation: 'msk-replicator' };
    if (override === 'msk-replicator')
      return refuseImplementation(
        'implementation',
        `MSK Replicator copies between MSK clusters only; the source is a ${source} cluster.`,
        'remove implementation (MirrorMaker 2 on MSK Connect is picked) or set it to mirror-maker-2.',
      );
    if (override === 'geo-dr')
      return refuseImplementation(
        'implementation',
        'geo-dr pairs two Event Hubs namespaces; the target is an MSK cluster.',
        'remove implementation, or set it to mirror-maker-2.',
      );
    return { implementation: 'mm2-msk-connect' };
  },
  edgeHub: {
    accepts: true,
    // Sites outside AWS have no IAM identity: each gets a SCRAM secret associated with the cluster.
    identity: 'scram',
    binding: 'msk-scram',
    // The brokers' names (b-N.<cluster>.<id>.cN.kafka.<region>.amazonaws.com) are the only ones
    // MSK's certificates name, and the id in them is MSK's: published into each pulled bundle.
    bootstrap: () => PUBLISHED_BOOTSTRAP,
    publishedAtApply: true,
    check: (_env, hub, f) =>
      (hub.clientAuth ?? ['iam']).includes('scram')
        ? []
        : [
            problem(
              `edgeFleets[${f}].hub`,
              `hub "${hub.id}" is MSK without SCRAM: sites outside AWS have no IAM identity and authenticate with SCRAM.`,
              `add scram to clientAuth of cluster "${hub.id}" (clientAuth: [iam, scram]).`,
            ),
          ],
  },
  replicationEnd: { mirrorSource: 'msk-iam', mskConnectTarget: true },
  clientPrincipalIds: false,
  pipelines: false,
  dashboardThroughput: true,
  sizing: { capacity: undefined, notes: ['disk'] },
  alarms: MSK_ALARMS,
  // Ports and names: https://docs.aws.amazon.com/msk/latest/developerguide/port-info.html
  access: (env, c, from) => {
    const site = c.sites[0];
    const stack = stackId(env.name, site);
    const name = resourceName({ env: env.name, site, component: c.id });
    const port = from.auth === 'scram' ? 9096 : 9098;
    return {
      network: from.cidr
        ? built(`the brokers' security group admits ${from.cidr} on ${port}`, {
            stack,
            type: 'aws_vpc_security_group_ingress_rule',
            holds: [attr('cidr_ipv4', from.cidr), attr('from_port', port)],
          })
        : outside(`the brokers' listener ${port} in the ${site} VPC`, `${from.label}'s network, admitted by a declared client network`),
      name: built(
        `the ${from.auth === 'scram' ? 'SASL/SCRAM' : 'IAM'} bootstrap brokers of ${name} (b-N.<cluster>.kafka.<region>.amazonaws.com), named by the certificate MSK issues`,
        {
          stack,
          type: 'aws_msk_cluster',
          holds: [attr('cluster_name', name)],
        },
      ),
      trust: outside('Amazon Trust Services roots in the default trust store', 'AWS'),
      authorization:
        from.auth === 'scram'
          ? 'Kafka ACLs per SCRAM principal (allow.everyone.if.no.acl.found=false)'
          : 'IAM kafka-cluster actions on the cluster, topic and group ARNs',
      // MSK issues the broker certificates for its own b-N.<cluster>...amazonaws.com names only.
      certificateNames: (host) => host.endsWith('.amazonaws.com'),
      identity: from.auth === 'scram' ? 'a SCRAM user associated with the cluster' : 'an IAM role',
    };
  },
  connectors: MSK_CONNECTORS,
};
