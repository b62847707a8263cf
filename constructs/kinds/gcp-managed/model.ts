import { attr, both, built, doubted, missing, outside, type FlowPart } from '../../analysis/flow-types';
import type { Cluster, Environment } from '../../model/schema';
import { stackId } from '../../model/naming';
import { managedKafkaBootstrap, managedKafkaCapacity, MANAGED_KAFKA_ZONES, reachSubnet, subnetPath } from './facts';
import { refuseImplementation } from '../../analysis/replication-facts';
import { zonedClusterOutcomes } from '../../analysis/zones';
import { checkServiceValues } from '../../analysis/kind-limits';
import { resourceName } from '../../model/naming';
import { kindProblem as problem, type AccessFrom, type KindModel } from '../kind';
import type { Problem } from '../../model/problems';
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
    // Sites act as service accounts of the project without any key: a certificate from the fleet's CA is
    // traded for a short-lived token (workload identity federation), sent as SASL/OAUTHBEARER.
    identity: 'service-account',
    binding: 'managed-kafka',
    bootstrap: (env, hub, site) => {
      const project = env.accounts?.gcp?.projectId;
      return project
        ? managedKafkaBootstrap(resourceName({ env: env.name, site: site.id, component: hub.id }), site.region, project)
        : undefined;
    },
    bootstrapNeeds: ' without accounts.gcp.projectId',
    check: (env, hub, f) => {
      const out: Problem[] = [];
      if (!env.accounts?.gcp?.projectId)
        out.push(
          problem(
            `edgeFleets[${f}].hub`,
            `hub "${hub.id}" is Managed Kafka, whose site identities are service accounts of a project, but accounts.gcp.projectId is not set.`,
            'set accounts.gcp.projectId.',
          ),
        );
      const fleet = env.edgeFleets?.[f];
      if (!fleet) return out;
      if (env.accounts?.gcp?.projectId && !env.accounts.gcp.projectNumber)
        out.push(
          problem(
            `edgeFleets[${f}].hub`,
            `hub "${hub.id}" is Managed Kafka: its sites' Google credential configuration names their workload identity provider by project number, but accounts.gcp.projectNumber is not set.`,
            `set accounts.gcp.projectNumber to the number of project ${env.accounts.gcp.projectId} (gcloud projects describe ${env.accounts.gcp.projectId} --format='value(projectNumber)').`,
          ),
        );
      if (!fleet.siteCertificateAuthority)
        out.push(
          problem(
            `edgeFleets[${f}].siteCertificateAuthority`,
            `fleet "${fleet.id}" replicates with Managed Kafka hub "${hub.id}", whose sites prove who they are with a client certificate of the fleet's CA (no service-account key is issued), but no CA is declared.`,
            "set siteCertificateAuthority.trustAnchors to the PEM certificate of the CA that issues the sites' client certificates.",
          ),
        );
      fleet.sites.forEach((s, j) => {
        if (!(s.mirrorMakerImage ?? fleet.defaults?.mirrorMakerImage))
          out.push(
            problem(
              `edgeFleets[${f}].sites[${j}].mirrorMakerImage`,
              `site "${s.id}" replicates with Managed Kafka hub "${hub.id}", whose OAUTHBEARER login needs Google's login handler in the MirrorMaker 2 image, but no image is declared.`,
              `set mirrorMakerImage in edgeFleets[${f}].defaults or on the site (Strimzi's Kafka image plus managed-kafka-auth-login-handler and google-auth-library-oauth2-http 1.35.0 or later).`,
            ),
          );
      });
      return out;
    },
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
          : (copyReach(env, c, from) ??
              doubted(
                outside(`a path from the ${from.site.id} network to the endpoints in the ${c.sites[0]} network`, `${from.label}'s network`),
                `the endpoints of ${name} are in the ${c.sites[0]} network only (a cluster's subnets must be in its region) and Managed Kafka Connect reaches endpoints in its own network only (ConnectNetworkConfig); no path between the networks is planned`,
                `give ${name} a subnet in a network ${from.site.id} reaches, or connect the two networks.`,
              )),
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

/**
 * MirrorMaker 2 workers copying from `c` into a Managed Kafka cluster of another site:
 * the target site's stack plans a subnet of its own region in c's VPC (reachSubnet, whose
 * comment cites the API rules), gives the target cluster a second network config there
 * and puts the Connect workers on it, with c's subnet as an additional subnet, so both
 * clusters' endpoints are in the workers' network. Undefined for any other client.
 * Firewall: gcp/network.ts creates no egress deny, so the implied allow-egress rule admits
 * the workers (https://cloud.google.com/firewall/docs/firewalls#default_firewall_rules), and
 * endpoints are forwarding rules that only egress rules can block
 * (https://codelabs.developers.google.com/cloudnet-psc-ilb-gke, "Use an egress firewall
 * rule to block access to a consumer forwarding rule").
 */
function copyReach(env: Environment, c: Cluster, from: AccessFrom): FlowPart | undefined {
  const project = env.accounts?.gcp?.projectId;
  if (!from.site || from.copyInto?.kind !== 'gcp-managed' || !project) return undefined;
  const reach = reachSubnet(env, c.sites[0], from.site.id);
  if (!reach) return undefined;
  const into = stackId(env.name, from.site.id);
  const target = resourceName({ env: env.name, site: from.site.id, component: from.copyInto.id });
  const own = subnetPath(project, reach.region, reach.name);
  const source = subnetPath(project, reach.sourceRegion, reach.sourceSubnet);
  return built(
    `the Connect workers' primary subnet ${reach.name} (${reach.cidr}, ${reach.region}) in the ${c.sites[0]} network, made by ${into}, ` +
      `with ${reach.sourceSubnet} (${reach.sourceRegion}) as an additional subnet; ${target} has a second network config on ${reach.name}; ` +
      'no firewall rule is needed: the VPC denies no egress (implied allow) and ingress rules do not apply to Private Service Connect endpoints',
    {
      stack: stackId(env.name, c.sites[0]),
      type: 'google_compute_subnetwork',
      holds: [attr('name', reach.sourceSubnet), attr('region', reach.sourceRegion)],
    },
    {
      stack: into,
      type: 'google_compute_subnetwork',
      holds: [
        attr('name', reach.name),
        attr('ip_cidr_range', reach.cidr),
        attr('network', `projects/${project}/global/networks/${reach.network}`),
      ],
    },
    { stack: into, type: 'google_managed_kafka_cluster', holds: [attr('cluster_id', target), attr('subnet', own)] },
    {
      stack: into,
      type: 'google_managed_kafka_connect_cluster',
      holds: [`"additional_subnets":[${JSON.stringify(source)}]`, attr('primary_subnet', own)],
    },
  );
}
