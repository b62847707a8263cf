import { attr, built, outside } from '../../analysis/flow-types';
import { stackId } from '../../model/naming';
import { KRAFT_PORTS, kraftZoneName } from './facts';
import { stretchedClusterOutcomes, checkStretchedCluster } from '../../analysis/quorum';
import { checkSelfManagedSizing } from '../../analysis/sizing';
import { checkNodeValues } from '../../analysis/kind-limits';
import { LEADER_FAILOVER_SECONDS } from '../../analysis/zones';
import { normalizeSha512 } from '../../model/digest';
import type { Problem } from '../../model/problems';
import type { Cluster, Environment } from '../../model/schema';
import { kindProblem as problem, type KindModel } from '../kind';
import { SELF_MANAGED_DEFAULTS } from './facts';
import { SELF_MANAGED_ALARMS } from './alarms';

function check(env: Environment, c: Cluster, i: number): Problem[] {
  const out: Problem[] = [];
  c.sites.forEach((sid, j) => {
    const site = env.sites.find((s) => s.id === sid);
    if (site && site.cloud !== 'aws')
      out.push(
        problem(
          `clusters[${i}].sites[${j}]`,
          `self-managed nodes on ${site.cloud} (site "${sid}") are not implemented by this version.`,
          'stretch over aws sites.',
        ),
      );
  });
  if (!c.kafkaArtifact)
    out.push(
      problem(
        `clusters[${i}].kafkaArtifact`,
        `self-managed cluster "${c.id}" declares no Kafka distribution; its nodes have no internet egress.`,
        'add kafkaArtifact: { locations: { <region>: s3://bucket-in-that-region/kafka_2.13-4.1.1.tgz }, sha512: <from the .sha512 file> }.',
      ),
    );
  else {
    const digest = normalizeSha512(c.kafkaArtifact.sha512);
    if (!digest)
      out.push(
        problem(
          `clusters[${i}].kafkaArtifact.sha512`,
          'is not a SHA-512 digest; Apache publishes the SHA-512 of each release in its .sha512 file.',
          'copy the digest from https://downloads.apache.org/kafka/<version>/<archive>.sha512 (128 hex digits).',
        ),
      );
    else if (/^(.)\1*$/.test(digest))
      out.push(
        problem(
          `clusters[${i}].kafkaArtifact.sha512`,
          'is a placeholder (one repeated digit): every node will refuse the archive and stop booting.',
          "copy the digest from the release's .sha512 file on downloads.apache.org.",
          'warning',
        ),
      );
    const regions = [...new Set(env.sites.filter((s) => c.sites.includes(s.id)).map((s) => s.region))];
    for (const missing of regions.filter((r) => !c.kafkaArtifact!.locations[r]))
      out.push(
        problem(
          `clusters[${i}].kafkaArtifact.locations`,
          `no copy of the Kafka distribution in ${missing}: the nodes there reach S3 through a gateway endpoint, which serves buckets of its own region only, and have no other egress.`,
          `add ${missing}: s3://<a bucket in ${missing}>/<key>.tgz (copy the archive there, or replicate the bucket).`,
        ),
      );
  }
  return [
    ...out,
    ...checkNodeValues(c, i, SELF_MANAGED_DEFAULTS.kafkaVersion),
    ...checkStretchedCluster(env, c, i),
    ...checkSelfManagedSizing(env, c, i),
  ];
}

/** Apache Kafka in KRaft mode on VMs, one cluster stretched over sites (broker.rack = site). */
export const selfManaged: KindModel = {
  kind: 'self-managed',
  label: 'KRaft on VMs',
  clouds: ['aws', 'azure', 'gcp', 'onprem'],
  runsNodes: true,
  singleSite: false,
  defaults: {
    brokers: (c) => SELF_MANAGED_DEFAULTS.brokersPerSite * c.sites.length,
    instanceType: SELF_MANAGED_DEFAULTS.instanceType,
    storageGiB: SELF_MANAGED_DEFAULTS.storageGiB,
    kafkaVersion: SELF_MANAGED_DEFAULTS.kafkaVersion,
  },
  check,
  resilience: stretchedClusterOutcomes(LEADER_FAILOVER_SECONDS),
  // Kafka provider over SCRAM, once per cluster from its own `<env>-<cluster>-topics` stack.
  topics: { by: 'topics-stack', reach: 'planned-nodes-scram' },
  statefulTypes: ['aws_ebs_volume'],
  replicationTarget: undefined,
  edgeHub: {
    accepts: true,
    // Credentials are generated and stored; the brokers' SCRAM users are created by the cluster's operators.
    identity: 'password',
    binding: 'none',
    bootstrap: () => undefined,
    check: () => [],
  },
  replicationEnd: { mirrorSource: 'planned-nodes-scram', mskConnectTarget: false },
  clientPrincipalIds: false,
  pipelines: false,
  dashboardThroughput: false,
  sizing: { capacity: undefined, notes: ['produce-latency', 'brokers', 'disk'] },
  alarms: SELF_MANAGED_ALARMS,
  access: (env, c, from) => {
    const zone = kraftZoneName(env.name, c.id);
    const port = KRAFT_PORTS.client;
    const stack = (site: string) => stackId(env.name, site);
    return {
      network: from.cidr
        ? built(
            `client listener ${port} (SASL_SSL) admits ${from.cidr} at ${c.sites.join(', ')}`,
            ...c.sites.map((s) => ({
              stack: stack(s),
              type: 'aws_vpc_security_group_ingress_rule',
              holds: [attr('cidr_ipv4', from.cidr!), attr('from_port', port)],
            })),
          )
        : outside(`client listener ${port} (SASL_SSL) of the nodes`, `${from.label}'s network, admitted by a declared client network`),
      name: from.site
        ? built(
            `planned node names <site>-bN.${zone} in the private zone ${zone} of the ${from.site.id} VPC; each node certificate names its own (endpoint identification https)`,
            { stack: stack(from.site.id), type: 'aws_route53_zone', holds: [attr('name', zone)] },
          )
        : outside(
            `planned node names <site>-bN.${zone}; each node certificate names its own`,
            `${from.label}'s resolver (the private zone ${zone})`,
          ),
      trust: outside(`the cluster CA (${env.name}/${c.id}/tls) in the client's truststore`, "the organisation's PKI"),
      authorization: 'Kafka ACLs per SCRAM principal (allow.everyone.if.no.acl.found=false)',
      certificateNames: (host) => host.endsWith(`.${zone}`),
      identity: 'a SCRAM-SHA-512 user',
    };
  },
  connectors: {
    runtime: undefined,
    why: 'self-managed clusters run on virtual machines without Kubernetes, so no Strimzi KafkaConnect or managed Connect runs beside them in this version',
    fix: 'declare the connector on an msk cluster that receives the topics (a replication target), or run Kafka Connect on your own Kubernetes with SCRAM credentials for the cluster.',
  },
};
