import { attr, both, built, doubted, missing, outside } from '../../analysis/flow-types';
import { stackId } from '../../model/naming';
import { managedKafkaBootstrap, managedKafkaCapacity, MANAGED_KAFKA_ZONES } from './facts';
import { refuseImplementation } from '../../analysis/replication-facts';
import { zonedClusterOutcomes } from '../../analysis/zones';
import { checkServiceValues } from '../../analysis/kind-limits';
import { resourceName } from '../../model/naming';
import { kindProblem as problem, type KindModel } from '../kind';
import { GCP_MANAGED_ALARMS } from './alarms';
import { MANAGED_KAFKA_CONNECTORS } from './connectors';

/** Google Cloud Managed Service for Apache Kafka: regional, sized in vCPUs, topics are API resources. */
export const gcpManaged: KindModel = {
  kind: 'gcp-managed',
  label: 'Managed Kafka',
  clouds: ['gcp'],
  runsNodes: false,
  singleSite: true,
  defaults: { brokers: () => undefined, instanceType: undefined, storageGiB: 100, kafkaVersion: undefined },
  check: (_env, c, i) => checkServiceValues(c, i, 'a Managed Kafka cluster'),
  // Regional: brokers and replicas over three zones of one region.
  resilience: zonedClusterOutcomes(MANAGED_KAFKA_ZONES),
  // Managed Kafka topics are API resources: no network reach needed, so they live in the site stack.
  topics: { by: 'site-stack' },
  statefulTypes: ['google_managed_kafka_cluster', 'google_managed_kafka_topic'],
  replicationTarget: (_source, override) =>
    override !== undefined && override !== 'mirror-maker-2'
      ? refuseImplementation(
          'implementation',
          `${override} cannot write into a Google Managed Kafka cluster.`,
          'remove implementation (MirrorMaker 2 on Managed Kafka Connect is picked).',
        )
      : { implementation: 'mm2-managed-kafka-connect' },
  edgeHub: {
    accepts: true,
    // Sites authenticate as service accounts of the project (OAUTHBEARER with their key).
    identity: 'service-account',
    binding: 'managed-kafka',
    bootstrap: (env, hub, site) => {
      const project = env.accounts?.gcp?.projectId;
      return project
        ? managedKafkaBootstrap(resourceName({ env: env.name, site: site.id, component: hub.id }), site.region, project)
        : undefined;
    },
    bootstrapNeeds: ' without accounts.gcp.projectId',
    check: (env, hub, f) =>
      env.accounts?.gcp?.projectId
        ? []
        : [
            problem(
              `edgeFleets[${f}].hub`,
              `hub "${hub.id}" is Managed Kafka, whose site identities are service accounts of a project, but accounts.gcp.projectId is not set.`,
              'set accounts.gcp.projectId.',
            ),
          ],
  },
  replicationEnd: { mirrorSource: 'managed-kafka-iam', mskConnectTarget: false },
  clientPrincipalIds: false,
  pipelines: false,
  dashboardThroughput: false,
  sizing: {
    capacity: (c) => {
      const m = managedKafkaCapacity(c);
      return `${m.vcpus} vCPU, ${m.memoryGiB} GiB (${m.basis})`;
    },
    notes: [],
  },
  alarms: GCP_MANAGED_ALARMS,
  // https://cloud.google.com/managed-service-for-apache-kafka/docs/configure-networking
  access: (env, c, from) => {
    const site = env.sites.find((s) => s.id === c.sites[0]);
    const stack = stackId(env.name, c.sites[0]);
    const name = resourceName({ env: env.name, site: c.sites[0], component: c.id });
    const project = env.accounts?.gcp?.projectId;
    return {
      network: both(
        built(`Private Service Connect endpoints of ${name} in the ${c.sites[0]} subnet`, {
          stack,
          type: 'google_managed_kafka_cluster',
          holds: [attr('cluster_id', name), 'network_configs'],
        }),
        from.site === undefined || from.site.id === c.sites[0]
          ? built('')
          : doubted(
              outside(`a path from the ${from.site.id} network to the endpoints in the ${c.sites[0]} network`, `${from.label}'s network`),
              `the endpoints of ${name} are in the ${c.sites[0]} network only (a cluster's subnets must be in its region) and Managed Kafka Connect reaches endpoints in its own network only (ConnectNetworkConfig); no path between the networks is planned`,
              `give ${name} a subnet in a network ${from.site.id} reaches, or connect the two networks.`,
            ),
      ),
      name:
        project && site
          ? built(
              `${managedKafkaBootstrap(name, site.region, project)}, a DNS name the service creates in the subnet's network, named by its Google-issued certificate`,
              { stack, type: 'google_managed_kafka_cluster', holds: [attr('cluster_id', name)] },
            )
          : missing('the bootstrap address needs accounts.gcp.projectId', 'set accounts.gcp.projectId.'),
      trust: outside('Google Trust Services roots in the default trust store', 'Google'),
      authorization: 'roles/managedkafka.client, then Kafka ACLs per principal',
      certificateNames: (host) => host.endsWith('.cloud.goog'),
      identity: 'a Google service account (OAUTHBEARER)',
    };
  },
  connectors: MANAGED_KAFKA_CONNECTORS,
};
