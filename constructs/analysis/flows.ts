import { stackId } from '../model/naming';
import type { Problem } from '../model/problems';
import type { Cluster, Environment, Site } from '../model/schema';
import { PUBLISHED_BOOTSTRAP } from '../kinds/kind';
import { kindModel } from '../kinds/registry';
import { AUTH_FAILURE_NAMESPACE, type AlarmSpec } from './alarm-spec';
import { SELF_MANAGED_NAMESPACE, selfManagedDimensions } from '../kinds/self-managed/alarms';
import { reachSubnet, subnetPath } from '../kinds/gcp-managed/facts';
import type { EdgeSitePlan } from './edge';
import {
  attr,
  both,
  built,
  doubted,
  FLOW_PARTS,
  missing,
  needing,
  outside,
  type FlowPart,
  type FlowPartName,
  type FlowParts,
  type FlowProof,
  type ServerAccess,
} from './flow-types';
import { clusterCaSecretName, KRAFT_PORTS, kraftNodes, kraftZoneName, principalHomeSite, scramSecretName } from './kraft';
import type { LinkPlan } from './links';
import { azureStorageTarget, type ConnectorPlan } from './connectors';
import type { ReplicationFlow } from './replication-link';

export * from './flow-types';

/**
 * A path the estate needs, at run time (data, secrets, metrics) or at deploy time (the
 * machine that runs Terraform writing a data plane), with its five parts.
 */
export interface Flow {
  /** Words a platform engineer searches for: `<from> -> <to>` and what crosses. */
  readonly id: string;
  readonly when: 'run' | 'deploy';
  /** Where in the environment file the flow comes from, for problems. */
  readonly path: string;
  readonly parts: FlowParts;
}

/** What planFlows reads of the plan: the decided pieces, before the flows are added. */
export interface FlowInputs {
  readonly env: Environment;
  readonly peerings: ReadonlyArray<{ readonly id: string; readonly sites: readonly [string, string]; readonly stack: string }>;
  readonly links: readonly LinkPlan[];
  readonly replication: readonly ReplicationFlow[];
  readonly edgeSites: readonly EdgeSitePlan[];
  readonly alarms: { readonly alarms: readonly AlarmSpec[] };
  /** Planned connectors; each is a set of flows (its cluster, its system, its secret). @default none */
  readonly connectors?: readonly ConnectorPlan[];
  readonly stacks: ReadonlyArray<{
    readonly id: string;
    readonly role: string;
    readonly site?: string;
    readonly cluster?: string;
    readonly fleet?: string;
  }>;
}

const AMAZON_TRUST = outside('Amazon Trust Services roots in the default trust store', 'AWS');

/**
 * Every path the estate needs, from what the plan decided and what each kind says about
 * reaching its clusters (KindModel.access): brokers and controllers between sites, the
 * nodes' AWS services, each replication's reads and writes, edge sites to their hub,
 * declared clients, each alarm's publisher, and the Terraform runner to every data plane
 * it writes. Parts name the blocks that prove them in the synthesized output
 * (unprovenFlows); a part nobody provides is a problem (flowProblems).
 */
export function planFlows(p: FlowInputs): Flow[] {
  const { env } = p;
  const id = (site: string, suffix?: string) => stackId(env.name, site, suffix);
  const siteOf = (sid: string) => env.sites.find((s) => s.id === sid);
  const clusterPath = (c: Cluster) => `clusters[${env.clusters.indexOf(c)}]`;
  const flows: Flow[] = [];

  /** The network between two AWS sites of the estate: one VPC, or a planned peering with routes both ways. */
  const awsPath = (a: string, b: string): FlowPart => {
    if (a === b) return built(`inside the ${a} VPC`);
    const peering = p.peerings.find((x) => x.sites.includes(a) && x.sites.includes(b));
    if (!peering)
      return missing(
        `no network path is planned between ${a} and ${b}`,
        `peer ${a} and ${b} (a stretched cluster or a replication between them plans it).`,
      );
    const [sa, sb] = [siteOf(a), siteOf(b)];
    return built(
      `VPC peering ${peering.id} (${peering.stack}) with routes both ways`,
      { stack: peering.stack, type: 'aws_vpc_peering_connection', holds: [] },
      { stack: peering.stack, type: 'aws_route', holds: [attr('destination_cidr_block', sb?.cidr ?? '')] },
      { stack: peering.stack, type: 'aws_route', holds: [attr('destination_cidr_block', sa?.cidr ?? '')] },
    );
  };

  // Brokers and controllers between the sites of a cluster the product runs.
  for (const c of env.clusters.filter((k) => kindModel(k.kind)?.runsNodes)) {
    const zone = kraftZoneName(env.name, c.id);
    const nodes = kraftNodes(env, c);
    const tlsPolicy = (site: string): FlowProof => ({
      stack: id(site),
      type: 'data.aws_iam_policy_document',
      holds: [`secret:${env.name}/${c.id}/tls/*`, 'secretsmanager:GetSecretValue'],
    });
    const sites = [...c.sites].sort();
    for (const [i, a] of sites.entries())
      for (const b of sites.slice(i + 1))
        for (const [what, port] of [
          ['controller quorum', KRAFT_PORTS.controller],
          ['broker replication', KRAFT_PORTS.internal],
        ] as const) {
          const [sa, sb] = [siteOf(a), siteOf(b)];
          const admits = (at: string, from?: Site): FlowProof => ({
            stack: id(at),
            type: 'aws_vpc_security_group_ingress_rule',
            holds: [attr('cidr_ipv4', from?.cidr ?? ''), attr('from_port', port)],
          });
          const names = nodes.filter((n) => n.site === b).map((n) => n.recordName);
          flows.push({
            id: `${c.id}: ${what} ${a} <-> ${b}`,
            when: 'run',
            path: clusterPath(c),
            parts: {
              network: both(awsPath(a, b), built(`port ${port} admitted at both ends`, admits(a, sb), admits(b, sa))),
              name: built(
                `planned node names in the private zone ${zone}, associated with both VPCs; each node certificate names its own (endpoint identification https)`,
                { stack: id(a), type: 'aws_route53_zone', holds: [attr('name', zone)] },
                { stack: id(b), type: 'aws_route53_zone', holds: [attr('name', zone)] },
                ...names.slice(0, 1).map((r) => ({ stack: id(b), type: 'aws_route53_record', holds: [attr('name', r)] })),
              ),
              identity: outside(
                `mTLS node certificates from Secrets Manager ${env.name}/${c.id}/tls/<node>, read by each node's role`,
                "the organisation's PKI issues them",
                tlsPolicy(a),
                tlsPolicy(b),
              ),
              authorization: built(
                'nodes are super users by certificate subject (ssl.principal.mapping.rules, super.users)',
                { stack: id(a), type: 'aws_instance', holds: ['super.users'] },
                { stack: id(b), type: 'aws_instance', holds: ['super.users'] },
              ),
              trust: outside(
                `the cluster CA in each node's truststore (same secret)`,
                "the organisation's PKI",
                tlsPolicy(a),
                tlsPolicy(b),
              ),
            },
          });
        }

    // Each site's nodes -> the AWS services they boot and run with (no NAT: endpoints only).
    for (const sid of c.sites) {
      const site = siteOf(sid);
      if (!site) continue;
      const r = site.region;
      const role: FlowPart = built(`the nodes' instance role (instance profile)`, {
        stack: id(sid),
        type: 'aws_iam_instance_profile',
        holds: [],
      });
      const endpoint = (service: string): FlowPart =>
        built(
          `interface endpoint com.amazonaws.${r}.${service} in the ${sid} VPC, HTTPS admitted from the nodes`,
          {
            stack: id(sid),
            type: 'aws_vpc_endpoint',
            holds: [attr('service_name', `com.amazonaws.${r}.${service}`), attr('private_dns_enabled', true)],
          },
          { stack: id(sid), type: 'aws_vpc_security_group_ingress_rule', holds: [attr('from_port', 443), 'Kafka nodes'] },
        );
      const arn = (service: string, rest: string) => `arn:{partition}:${service}:${r}:{account}:${rest}`;
      // What the role must be allowed, as a concrete request a policy simulator can check.
      const grant = (sidName: string, action: string, resource: string, need: string): FlowPart =>
        needing(
          built(`${action} on ${resource}`, {
            stack: id(sid),
            type: 'data.aws_iam_policy_document',
            holds: [attr('sid', sidName), action, resource],
          }),
          { action, resource: need },
        );
      const firstNode = nodes.find((n) => n.site === sid)?.recordName ?? 'node';
      const services: Array<[string, FlowPart, FlowPart, FlowPart]> = [
        [
          'Secrets Manager (TLS material, SCRAM principals)',
          endpoint('secretsmanager'),
          built(`secretsmanager.${r}.amazonaws.com (private DNS of the endpoint)`, {
            stack: id(sid),
            type: 'aws_vpc_endpoint',
            holds: [attr('service_name', `com.amazonaws.${r}.secretsmanager`), attr('private_dns_enabled', true)],
          }),
          both(
            grant(
              'NodeTls',
              'secretsmanager:GetSecretValue',
              `secret:${env.name}/${c.id}/tls/*`,
              arn('secretsmanager', `secret:${env.name}/${c.id}/tls/${firstNode}-AbCdEf`),
            ),
            grant(
              'KafkaPrincipals',
              'secretsmanager:GetSecretValue',
              `secret:${env.name}/${c.id}/scram/*`,
              arn('secretsmanager', `secret:${scramSecretName(env.name, c.id, 'terraform')}-AbCdEf`),
            ),
          ),
        ],
        [
          'CloudWatch Logs',
          endpoint('logs'),
          built(`logs.${r}.amazonaws.com (private DNS of the endpoint)`, {
            stack: id(sid),
            type: 'aws_vpc_endpoint',
            holds: [attr('service_name', `com.amazonaws.${r}.logs`), attr('private_dns_enabled', true)],
          }),
          grant(
            'NodeLogs',
            'logs:PutLogEvents',
            `log-group:/kafka/${id(sid)}-${c.id}:*`,
            arn('logs', `log-group:/kafka/${id(sid)}-${c.id}:log-stream:${firstNode}`),
          ),
        ],
        [
          `CloudWatch metrics (${SELF_MANAGED_NAMESPACE})`,
          endpoint('monitoring'),
          built(`monitoring.${r}.amazonaws.com (private DNS of the endpoint)`, {
            stack: id(sid),
            type: 'aws_vpc_endpoint',
            holds: [attr('service_name', `com.amazonaws.${r}.monitoring`), attr('private_dns_enabled', true)],
          }),
          needing(
            built(`cloudwatch:PutMetricData in namespace ${SELF_MANAGED_NAMESPACE} only`, {
              stack: id(sid),
              type: 'data.aws_iam_policy_document',
              holds: [attr('sid', 'NodeMetrics'), 'cloudwatch:PutMetricData', SELF_MANAGED_NAMESPACE],
            }),
            { action: 'cloudwatch:PutMetricData', resource: '*', context: { 'cloudwatch:namespace': SELF_MANAGED_NAMESPACE } },
          ),
        ],
      ];
      const location = c.kafkaArtifact?.locations[r];
      const bucket = location?.match(/^s3:\/\/([^/]+)\/(.+)$/);
      services.push([
        'the Kafka distribution (S3)',
        bucket
          ? built(
              `S3 gateway endpoint com.amazonaws.${r}.s3 on the ${sid} route table; the copy in ${r} (a gateway endpoint serves buckets of its own region only)`,
              {
                stack: id(sid),
                type: 'aws_vpc_endpoint',
                holds: [attr('service_name', `com.amazonaws.${r}.s3`), attr('vpc_endpoint_type', 'Gateway')],
              },
              { stack: id(sid), type: 'aws_vpc_security_group_egress_rule', holds: ['prefix_list_id', attr('from_port', 443)] },
            )
          : missing(`no copy of the Kafka distribution in ${r}`, `add kafkaArtifact.locations.${r}: s3://<a bucket in ${r}>/<key>.tgz.`),
        bucket
          ? built(`${bucket[1]}.s3.${r}.amazonaws.com`, { stack: id(sid), type: 'aws_instance', holds: [location!] })
          : missing(`no bucket in ${r}`, `add kafkaArtifact.locations.${r}.`),
        bucket
          ? grant('KafkaArtifact', 's3:GetObject', `s3:::${bucket[1]}/${bucket[2]}`, `arn:{partition}:s3:::${bucket[1]}/${bucket[2]}`)
          : missing('nothing to grant', `add kafkaArtifact.locations.${r}.`),
      ]);
      for (const [what, network, name, authorization] of services)
        flows.push({
          id: `${c.id} nodes at ${sid} -> ${what}`,
          when: 'run',
          path: clusterPath(c),
          parts: { network, name, identity: role, authorization, trust: AMAZON_TRUST },
        });
    }
  }

  // Replication: the implementation's reads of the source and writes to the target.
  for (const f of p.replication.filter((x) => x.direction === 'forward')) {
    const source = env.clusters.find((c) => c.id === f.from);
    const target = env.clusters.find((c) => c.id === f.to);
    if (!source || !target) continue;
    flows.push(...replicationFlows(p, f, source, target));
  }

  // Edge sites -> their hub.
  for (const e of p.edgeSites) flows.push(edgeFlow(p, e));

  // Declared producers and consumers -> their cluster.
  for (const [list, verb] of [
    [env.producers, 'produces to'],
    [env.consumers, 'consumes from'],
  ] as const)
    for (const [i, client] of list.entries()) {
      const c = env.clusters.find((k) => k.id === client.cluster);
      const site = c && siteOf(c.sites[0]);
      const access = c && site && kindModel(c.kind)?.access(env, c, { label: client.id });
      if (!c || !site || !access) continue;
      const principal = 'principalId' in client && client.principalId ? client.principalId : undefined;
      flows.push({
        id: `${client.id} ${verb} ${c.id}`,
        when: 'run',
        path: `${verb === 'produces to' ? 'producers' : 'consumers'}[${i}]`,
        parts: {
          network: access.network,
          name: access.name,
          identity: principal
            ? outside(`Entra ID principal ${principal}`, `the owner of ${client.id} (its tenant)`)
            : missing(`${client.id} names no principal`, 'add principalId.'),
          authorization: principal
            ? built(`${access.authorization}: ${client.topics.join(', ')}`, {
                stack: id(site.id),
                type: 'azurerm_role_assignment',
                holds: [attr('principal_id', principal)],
              })
            : missing(`${client.id} names no principal to authorize`, 'add principalId.'),
          trust: access.trust,
        },
      });
    }

  for (const c of p.connectors ?? []) flows.push(...connectorFlows(p, c));

  flows.push(...alarmFlows(p));
  flows.push(...deployFlows(p));
  return flows;
}

/**
 * A connector as flows: its runtime to the cluster it reads or writes (as the connector's
 * principal, with exactly its topics, group and dead-letter topic), its runtime to the
 * external system, and to the secret holding the system's credentials.
 */
function connectorFlows(p: FlowInputs, c: ConnectorPlan): Flow[] {
  const { env } = p;
  const path = `connectors[${c.index}]`;
  const verb = c.direction === 'sink' ? 'reads' : 'writes';
  const into = c.stack;
  const name = `${env.name}-${c.id}`;
  const systemFlowId = `connector ${c.id}: ${c.direction === 'sink' ? 'writes' : 'reads'} ${c.system.url}`;
  const kafkaFlowId = `connector ${c.id}: ${verb} ${c.topics.join(', ')} on ${c.edgeSite ? `edge site ${c.edgeSite}` : c.cluster}`;
  const systemOwner = `the owner of ${c.system.host}`;
  const external = (identity: FlowPart): FlowParts => ({
    network: outside(`a route from the workers to ${c.system.host}`, `${systemOwner} (its network and firewall)`),
    name: outside(c.system.host, `the resolver of the workers' network and ${systemOwner}`),
    identity,
    authorization: outside(`the grants of the connector's account in ${c.system.host}`, systemOwner),
    trust: outside(`the certificate of ${c.system.host}`, systemOwner),
  });
  switch (c.runtime) {
    case 'msk-connect': {
      const cluster = env.clusters.find((k) => k.id === c.cluster);
      const site = env.sites.find((s) => s.id === c.site);
      if (!cluster || !site) return [];
      const access = kindModel(cluster.kind)?.access(env, cluster, { label: c.id, site, cidr: site.cidr, auth: 'iam' });
      const arns = mskArns(env, site, cluster.id);
      // The endpoints the workers use are the site stack's, shared by the site's connectors (stacks/connectors.ts).
      const endpoints = stackId(env.name, c.site);
      const policy: FlowProof = {
        stack: into,
        type: 'data.aws_iam_policy_document',
        holds: [attr('sid', 'ConnectInternalTopics'), `/connect-${name}`],
      };
      const role: FlowPart = built(`the connector's service execution role ${name} (kafkaconnect.amazonaws.com)`, {
        stack: into,
        type: 'aws_iam_role',
        holds: [attr('name', name), 'kafkaconnect.amazonaws.com'],
      });
      const flows: Flow[] = [
        {
          id: kafkaFlowId,
          when: 'run',
          path,
          parts: {
            network: both(
              built(`the workers' interfaces in the ${c.site} subnets, with the cluster's security group`, {
                stack: into,
                type: 'aws_mskconnect_connector',
                holds: [attr('name', name), 'security_groups'],
              }),
              access?.network ?? missing(`${cluster.kind} says nothing about its network`, 'give the kind an access description.'),
            ),
            name: access?.name ?? missing(`${cluster.kind} names no address`, 'give the kind an access description.'),
            identity: both(
              role,
              built('IAM authentication of the connector', {
                stack: into,
                type: 'aws_mskconnect_connector',
                holds: [attr('name', name), attr('authentication_type', 'IAM')],
              }),
            ),
            authorization: needing(
              built(
                `kafka-cluster:Connect; ${c.direction === 'sink' ? 'ReadData' : 'WriteData'} on ${c.topics.join(', ')}${c.deadLetterTopic ? `; WriteData on ${c.deadLetterTopic}` : ''}; group connect-${name} and MSK Connect's own topics, nothing else`,
                policy,
              ),
              { action: 'kafka-cluster:Connect', resource: arns.cluster },
              ...c.topics.map((t) => ({
                action: c.direction === 'sink' ? 'kafka-cluster:ReadData' : 'kafka-cluster:WriteData',
                resource: arns.topic(t),
              })),
              ...(c.consumerGroup ? [{ action: 'kafka-cluster:AlterGroup', resource: arns.group(c.consumerGroup) }] : []),
              ...(c.deadLetterTopic ? [{ action: 'kafka-cluster:WriteData', resource: arns.topic(c.deadLetterTopic) }] : []),
            ),
            trust: access?.trust ?? missing(`${cluster.kind} names no trust`, 'give the kind an access description.'),
          },
        },
      ];
      const r = site.region;
      if (c.type === 's3-sink') {
        const prefix = c.system.path.replace(/^\//, '');
        flows.push({
          id: systemFlowId,
          when: 'run',
          path,
          parts: {
            network: built(
              `S3 gateway endpoint com.amazonaws.${r}.s3 on the ${c.site} route table, HTTPS admitted from the workers`,
              {
                stack: endpoints,
                type: 'aws_vpc_endpoint',
                holds: [attr('service_name', `com.amazonaws.${r}.s3`), attr('vpc_endpoint_type', 'Gateway')],
              },
              { stack: endpoints, type: 'aws_vpc_security_group_egress_rule', holds: ['connector workers to S3'] },
            ),
            name: built(`${c.system.host} (the S3 sink's s3.bucket.name, s3.region ${r})`, {
              stack: into,
              type: 'aws_mskconnect_connector',
              holds: [attr('s3.bucket.name', c.system.host)],
            }),
            identity: role,
            authorization: needing(
              built(`s3:PutObject and the multipart actions on ${c.system.host}/${prefix}* only`, {
                stack: into,
                type: 'data.aws_iam_policy_document',
                holds: [attr('sid', 'SinkObjects'), `arn:aws:s3:::${c.system.host}/${prefix}*`],
              }),
              { action: 's3:PutObject', resource: `arn:{partition}:s3:::${c.system.host}/${prefix}${c.topics[0]}/partition=0/part.json` },
            ),
            trust: AMAZON_TRUST,
          },
        });
      } else {
        const parts = external(
          c.secret
            ? built(`the system credentials in ${c.secret}, read through the Secrets Manager config provider`, {
                stack: into,
                type: 'aws_mskconnect_connector',
                holds: [`secretsmanager:${c.secret}:`],
              })
            : outside('no credentials declared: the system admits the workers by network', systemOwner),
        );
        const cidrs = c.system.cidrs ?? [];
        flows.push({
          id: systemFlowId,
          when: 'run',
          path,
          parts:
            cidrs.length > 0 && c.system.port !== undefined
              ? {
                  ...parts,
                  // The workers' half is built (their egress on the port); the database's own rule admitting them is its owner's.
                  network: both(
                    built(
                      `egress of the workers' security group to ${cidrs.join(', ')} on port ${c.system.port}`,
                      ...cidrs.map((cidr) => ({
                        stack: into,
                        type: 'aws_vpc_security_group_egress_rule',
                        holds: [attr('cidr_ipv4', cidr), attr('from_port', c.system.port!), `connector ${name} workers`],
                      })),
                    ),
                    outside(
                      `${c.system.host} admits ${site.cidr} (the workers' subnets) on port ${c.system.port}`,
                      `${systemOwner} (its security group)`,
                    ),
                  ),
                }
              : parts,
        });
      }
      if (c.secret)
        flows.push({
          id: `connector ${c.id} workers -> Secrets Manager`,
          when: 'run',
          path,
          parts: {
            network: built(
              `interface endpoint com.amazonaws.${r}.secretsmanager in the ${c.site} VPC, HTTPS admitted from the workers`,
              { stack: endpoints, type: 'aws_vpc_endpoint', holds: [attr('service_name', `com.amazonaws.${r}.secretsmanager`)] },
              {
                stack: endpoints,
                type: 'aws_vpc_security_group_ingress_rule',
                holds: [attr('from_port', 443), 'HTTPS from the connector workers'],
              },
            ),
            name: built(`secretsmanager.${r}.amazonaws.com (private DNS of the endpoint)`, {
              stack: endpoints,
              type: 'aws_vpc_endpoint',
              holds: [attr('service_name', `com.amazonaws.${r}.secretsmanager`), attr('private_dns_enabled', true)],
            }),
            identity: role,
            authorization: needing(
              built(`secretsmanager:GetSecretValue on ${c.secret} only`, {
                stack: into,
                type: 'data.aws_iam_policy_document',
                holds: [attr('sid', 'SystemSecret'), c.secret],
              }),
              { action: 'secretsmanager:GetSecretValue', resource: c.secret },
            ),
            trust: AMAZON_TRUST,
          },
        });
      return flows;
    }
    case 'managed-kafka-connect': {
      const cluster = env.clusters.find((k) => k.id === c.cluster);
      const site = env.sites.find((s) => s.id === c.site);
      if (!cluster || !site) return [];
      const access = kindModel(cluster.kind)?.access(env, cluster, { label: c.id, site, cidr: site.cidr });
      const agent = built('the Managed Kafka service agent (service-<project number>@gcp-sa-managedkafka)', {
        stack: into,
        type: 'google_project_iam_member',
        holds: [attr('role', 'roles/managedkafka.client'), 'gcp-sa-managedkafka'],
      });
      return [
        {
          id: kafkaFlowId,
          when: 'run',
          path,
          parts: {
            network: built(`the Connect cluster ${name} attached to ${cluster.id}, in the ${c.site} subnet`, {
              stack: into,
              type: 'google_managed_kafka_connect_cluster',
              holds: [attr('connect_cluster_id', name), 'primary_subnet'],
            }),
            name: access?.name ?? missing(`${cluster.kind} names no address`, 'give the kind an access description.'),
            identity: agent,
            authorization: built(`roles/managedkafka.client for the service agent (${access?.authorization ?? 'IAM'})`, ...agent.proof),
            trust: access?.trust ?? missing(`${cluster.kind} names no trust`, 'give the kind an access description.'),
          },
        },
        {
          id: systemFlowId,
          when: 'run',
          path,
          parts:
            c.type === 'gcs-sink'
              ? {
                  network: outside('Google APIs from the Connect cluster (Private Google Access)', 'Google'),
                  name: built(`gs://${c.system.host} (the sink's gcs.bucket.name)`, {
                    stack: into,
                    type: 'google_managed_kafka_connector',
                    holds: [attr('gcs.bucket.name', c.system.host)],
                  }),
                  identity: agent,
                  authorization: built(`roles/storage.objectCreator on ${c.system.host} only`, {
                    stack: into,
                    type: 'google_storage_bucket_iam_member',
                    holds: [attr('bucket', c.system.host), attr('role', 'roles/storage.objectCreator')],
                  }),
                  trust: outside("Google's own endpoints", 'Google'),
                }
              : external(outside('the service agent, or the credentials the connector names', systemOwner)),
        },
      ];
    }
    case 'event-hubs-capture': {
      const target = azureStorageTarget(c.system.url);
      if (!target) return [];
      return [
        {
          id: `connector ${c.id}: Event Hubs Capture of ${c.topics.join(', ')} -> ${target.account}/${target.container}`,
          when: 'run',
          path,
          parts: {
            network: built(
              `the account denies public traffic and admits trusted Azure services (Event Hubs Capture is one); readers use its private blob endpoint`,
              {
                stack: into,
                type: 'azurerm_storage_account',
                holds: [attr('name', target.account), attr('default_action', 'Deny'), '"bypass":["AzureServices"]'],
              },
              { stack: into, type: 'azurerm_private_endpoint', holds: [attr('name', `${target.account}-blob-pe`)] },
            ),
            name: built(`capture_description of ${c.topics.join(', ')} names the account by id and the container ${target.container}`, {
              stack: into,
              type: 'azurerm_eventhub',
              holds: [attr('name', 'EventHubArchive.AzureBlockBlob'), `azurerm_storage_account.connector-${c.id}`],
            }),
            identity: outside(
              "Event Hubs Capture itself, in its default mode (a SAS of the service inside the subscription): azurerm 4.55's capture_description takes no identity",
              'Microsoft',
              {
                stack: into,
                type: 'azurerm_storage_account',
                holds: [attr('name', target.account), attr('shared_access_key_enabled', true)],
              },
            ),
            authorization: built(
              `Storage Blob Data Contributor on the container ${target.container} for the namespace identity (the managed-identity mode; nothing on the account)`,
              {
                stack: into,
                type: 'azurerm_role_assignment',
                holds: [attr('role_definition_name', 'Storage Blob Data Contributor'), 'azurerm_storage_container.'],
              },
            ),
            trust: outside("Azure's own endpoints on its backbone", 'Microsoft'),
          },
        },
      ];
    }
    case 'strimzi-connect': {
      const e = p.edgeSites.find((x) => x.site === c.edgeSite);
      if (!e) return [];
      const connect = `connect-${c.id}`;
      // Direct delivery applies the manifests from the site's stack; pull delivery leaves them to the site's agent.
      const manifest = (kind: string, what: string, holds: string[]): FlowPart =>
        e.delivery === 'direct'
          ? built(what, { stack: stackId(env.name, e.site), type: 'kubernetes_manifest', holds: [attr('kind', kind), ...holds] })
          : outside(`${what}, in the bundle of ${e.site}`, `the site's GitOps agent, which applies the bundle ${into} publishes`);
      return [
        {
          id: kafkaFlowId,
          when: 'run',
          path,
          parts: {
            network: manifest(
              'KafkaConnect',
              `KafkaConnect ${connect} dials ${e.site}-kafka-bootstrap inside the site's Kubernetes cluster (TLS listener 9093)`,
              [attr('name', connect)],
            ),
            name: manifest('KafkaConnect', `the in-cluster service ${e.site}-kafka-bootstrap, which the cluster CA's certificates name`, [
              attr('name', connect),
            ]),
            identity: manifest('KafkaUser', `SCRAM user ${c.principal}, its password in the Secret the User Operator writes`, [
              attr('name', c.principal),
            ]),
            authorization: manifest(
              'KafkaUser',
              `ACLs of ${c.principal}: ${c.direction === 'sink' ? 'Read' : 'Write'} on ${c.topics.join(', ')}${c.deadLetterTopic ? `, Write on ${c.deadLetterTopic}` : ''}, its state topics ${c.internalTopics.join(', ')} and groups ${connect}-workers${c.consumerGroup ? `, ${c.consumerGroup}` : ''}`,
              [attr('name', c.principal)],
            ),
            trust: manifest('KafkaConnect', `the site cluster CA (Secret ${e.site}-cluster-ca-cert) as the workers' truststore`, [
              attr('name', connect),
            ]),
          },
        },
        {
          id: systemFlowId,
          when: 'run',
          path,
          parts: {
            ...external(
              c.secret
                ? outside(
                    `the credentials in Kubernetes Secret ${c.secret}, mounted into the workers and read through the directory config provider`,
                    'the site operator, who delivers the Secret out of band (never in the bundle)',
                  )
                : outside('no credentials declared: the system admits the site by network', systemOwner),
            ),
            ...(c.catchUp
              ? {
                  network: outside(
                    `the site's uplink to ${c.system.host}: down for up to the offline window, after which the sink drains its backlog`,
                    "the site's network operator",
                  ),
                }
              : {}),
          },
        },
        {
          id: `connector ${c.id}: the Connect build at ${e.site} fetches its plugin`,
          when: 'deploy',
          path,
          parts: {
            network: outside(
              `the site reaches ${c.plugin?.location.split('/')[2] ?? 'the artifact mirror'}`,
              "the site's network operator",
            ),
            name: outside(c.plugin?.location ?? 'no plugin', 'the artifact mirror'),
            identity: outside(
              'anonymous download over HTTPS; the checksum, not the server, vouches for the archive',
              'the artifact mirror',
            ),
            authorization: outside('read access to the artifact', 'the artifact mirror'),
            trust: c.plugin
              ? manifest(
                  'KafkaConnect',
                  `the build verifies the archive against its SHA-512 (${c.plugin.sha512.slice(0, 16)}...) before it enters the image`,
                  [c.plugin.sha512],
                )
              : missing(`${c.id} declares no plugin`, 'give plugin: { location, sha512 }.'),
          },
        },
      ];
    }
  }
}

/** ARNs of an MSK cluster and its topics as IAM sees them; `{uuid}` is the cluster's, filled in by AWS. */
function mskArns(env: Environment, site: Site, cluster: string) {
  const name = `${env.name}-${site.id}-${cluster}`;
  const base = `arn:{partition}:kafka:${site.region}:{account}`;
  return {
    cluster: `${base}:cluster/${name}/{uuid}`,
    topic: (t: string) => `${base}:topic/${name}/{uuid}/${t}`,
    group: (g: string) => `${base}:group/${name}/{uuid}/${g}`,
  };
}

function replicationFlows(p: FlowInputs, f: ReplicationFlow, source: Cluster, target: Cluster): Flow[] {
  const { env } = p;
  const id = (site: string, suffix?: string) => stackId(env.name, site, suffix);
  const path = `replication[${f.index}]`;
  const sourceSite = env.sites.find((s) => s.id === f.sourceSite);
  const targetSite = env.sites.find((s) => s.id === f.targetSite);
  if (!sourceSite || !targetSite) return [];
  const into = id(f.targetSite);
  const flows: Flow[] = [];
  const sourceAccess = kindModel(source.kind)?.access(env, source, {
    label: f.id,
    site: targetSite,
    cidr: targetSite.cidr,
    copyInto: target,
  });
  const targetAccess = kindModel(target.kind)?.access(env, target, { label: f.id, site: targetSite, cidr: targetSite.cidr, auth: 'iam' });
  switch (f.implementation) {
    case 'msk-replicator': {
      const role: FlowPart = built(`the replicator's service execution role (kafka.amazonaws.com)`, {
        stack: into,
        type: 'aws_iam_role',
        holds: ['kafka.amazonaws.com'],
      });
      const crossRegion = sourceSite.region !== targetSite.region;
      flows.push({
        id: `MSK Replicator ${f.id}: reads ${f.from} at ${f.sourceSite}`,
        when: 'run',
        path,
        parts: {
          network: crossRegion
            ? built(
                `multi-VPC private connectivity (IAM) on ${f.from}, and a cluster policy letting kafka.amazonaws.com create the VPC connection`,
                { stack: id(f.sourceSite), type: 'aws_msk_cluster', holds: ['vpc_connectivity', attr('iam', true)] },
                { stack: id(f.sourceSite), type: 'aws_msk_cluster_policy', holds: ['kafka:CreateVpcConnection'] },
              )
            : built(`the replicator's interfaces in the ${f.sourceSite} subnets`, {
                stack: into,
                type: 'aws_msk_replicator',
                holds: ['vpc_config'],
              }),
          name: built(`${f.from} by ARN (the service resolves its brokers)`, {
            stack: into,
            type: 'data.aws_msk_cluster',
            holds: [attr('cluster_name', `${env.name}-${f.sourceSite}-${f.from}`)],
          }),
          identity: role,
          authorization: needing(
            built('kafka-cluster:Connect, DescribeCluster, DescribeTopic, ReadData on the source cluster and its topics', {
              stack: into,
              type: 'data.aws_iam_policy_document',
              holds: ['kafka-cluster:ReadData', 'data.aws_msk_cluster.'],
            }),
            { action: 'kafka-cluster:Connect', resource: mskArns(env, sourceSite, f.from).cluster },
            ...f.topics.map((t) => ({ action: 'kafka-cluster:ReadData', resource: mskArns(env, sourceSite, f.from).topic(t.source) })),
          ),
          trust: outside('the MSK broker certificates, validated by the service', 'AWS'),
        },
      });
      flows.push({
        id: `MSK Replicator ${f.id}: writes ${f.to} at ${f.targetSite}`,
        when: 'run',
        path,
        parts: {
          network: built(`the replicator's interfaces in the ${f.targetSite} subnets`, {
            stack: into,
            type: 'aws_msk_replicator',
            holds: ['target_kafka_cluster_arn'],
          }),
          name: built(`${f.to} by ARN`, { stack: into, type: 'aws_msk_replicator', holds: ['aws_msk_cluster.'] }),
          identity: role,
          authorization: needing(
            built('kafka-cluster:WriteData, CreateTopic, AlterTopic on the target cluster and its topics', {
              stack: into,
              type: 'data.aws_iam_policy_document',
              holds: ['kafka-cluster:WriteData', 'aws_msk_cluster.'],
            }),
            { action: 'kafka-cluster:Connect', resource: mskArns(env, targetSite, f.to).cluster },
            ...f.topics.flatMap((t) => [
              { action: 'kafka-cluster:WriteData', resource: mskArns(env, targetSite, f.to).topic(t.target) },
              { action: 'kafka-cluster:CreateTopic', resource: mskArns(env, targetSite, f.to).topic(t.target) },
            ]),
          ),
          trust: outside('the MSK broker certificates, validated by the service', 'AWS'),
        },
      });
      break;
    }
    case 'mm2-msk-connect': {
      const role: FlowPart = built(`the connector's service execution role (kafkaconnect.amazonaws.com)`, {
        stack: into,
        type: 'aws_iam_role',
        holds: ['kafkaconnect.amazonaws.com'],
      });
      const scram = kindModel(source.kind)?.replicationEnd.mirrorSource === 'planned-nodes-scram';
      const user = `mirror-maker-${f.to}`;
      const secret = scramSecretName(env.name, source.id, user);
      const home = principalHomeSite(source);
      const readNetwork = source.sites
        .map((s) =>
          env.sites.find((x) => x.id === s)?.cloud === 'aws'
            ? both(awsPathOf(p, f.targetSite, s), built(''))
            : missing(`${s} is not an AWS site`, 'peer it over a link.'),
        )
        .reduce(both);
      flows.push({
        id: `MirrorMaker 2 ${f.id}: reads ${f.from}`,
        when: 'run',
        path,
        parts: {
          network: both(
            readNetwork,
            both(
              built(`workers' security group to the source listeners`, {
                stack: into,
                type: 'aws_vpc_security_group_egress_rule',
                holds: ['source brokers'],
              }),
              sourceAccess?.network ?? missing(`${source.kind} says nothing about its network`, 'give the kind an access description.'),
            ),
          ),
          name: sourceAccess?.name ?? missing(`${source.kind} names no address`, 'give the kind an access description.'),
          identity: scram
            ? built(
                `SCRAM user ${user}: secret ${secret} (created by ${id(home)}, replicated to ${targetSite.region}), read through the Secrets Manager config provider`,
                { stack: id(home), type: 'aws_secretsmanager_secret', holds: [attr('name', secret), attr('region', targetSite.region)] },
                { stack: into, type: 'aws_mskconnect_connector', holds: [`secretsmanager:${secret}:password`] },
              )
            : role,
          authorization: scram
            ? built(`Kafka ACLs of ${user}: Read, Describe on ${f.topics.map((t) => t.source).join(', ')}`, {
                stack: id(home),
                type: 'aws_instance',
                holds: [user],
              })
            : built(`IAM kafka-cluster read actions on ${f.from}`, {
                stack: into,
                type: 'data.aws_iam_policy_document',
                holds: ['kafka-cluster:ReadData'],
              }),
          trust: scram
            ? outside(
                `the cluster CA as a PEM truststore from ${clusterCaSecretName(env.name, source.id)} in ${targetSite.region} (Secrets Manager config provider)`,
                "the organisation's PKI writes the CA secret",
                {
                  stack: into,
                  type: 'aws_mskconnect_connector',
                  holds: [`secretsmanager:${clusterCaSecretName(env.name, source.id)}:`, 'source.cluster.ssl.truststore.type'],
                },
                {
                  stack: into,
                  type: 'data.aws_iam_policy_document',
                  holds: [attr('sid', 'SourceSecret'), `secret:${clusterCaSecretName(env.name, source.id)}-??????`],
                },
              )
            : (sourceAccess?.trust ?? missing(`${source.kind} names no trust`, 'give the kind an access description.')),
        },
      });
      flows.push({
        id: `MirrorMaker 2 ${f.id}: writes ${f.to}`,
        when: 'run',
        path,
        parts: {
          network: both(
            built(`workers' security group to the target brokers (IAM)`, {
              stack: into,
              type: 'aws_vpc_security_group_egress_rule',
              holds: ['target MSK brokers'],
            }),
            targetAccess?.network ?? missing(`${target.kind} says nothing about its network`, 'give the kind an access description.'),
          ),
          name: targetAccess?.name ?? missing(`${target.kind} names no address`, 'give the kind an access description.'),
          identity: both(
            role,
            built('IAM authentication of the connector', {
              stack: into,
              type: 'aws_mskconnect_connector',
              holds: [attr('authentication_type', 'IAM')],
            }),
          ),
          authorization: needing(
            built('kafka-cluster:Connect, WriteData, CreateTopic on the target cluster and its topics', {
              stack: into,
              type: 'data.aws_iam_policy_document',
              holds: [attr('sid', 'TargetCluster'), 'kafka-cluster:Connect'],
            }),
            { action: 'kafka-cluster:Connect', resource: mskArns(env, targetSite, f.to).cluster },
            ...f.topics.flatMap((t) => [
              { action: 'kafka-cluster:WriteData', resource: mskArns(env, targetSite, f.to).topic(t.target) },
              { action: 'kafka-cluster:CreateTopic', resource: mskArns(env, targetSite, f.to).topic(t.target) },
            ]),
          ),
          trust: targetAccess?.trust ?? missing(`${target.kind} names no trust`, 'give the kind an access description.'),
        },
      });
      if (scram)
        flows.push({
          id: `MirrorMaker 2 ${f.id} workers -> Secrets Manager`,
          when: 'run',
          path,
          parts: {
            network: built(
              `interface endpoint com.amazonaws.${targetSite.region}.secretsmanager in the ${f.targetSite} VPC, HTTPS admitted from the workers`,
              { stack: into, type: 'aws_vpc_endpoint', holds: [attr('service_name', `com.amazonaws.${targetSite.region}.secretsmanager`)] },
              { stack: into, type: 'aws_vpc_security_group_ingress_rule', holds: [attr('from_port', 443), 'MirrorMaker 2 workers'] },
            ),
            name: built(`secretsmanager.${targetSite.region}.amazonaws.com (private DNS of the endpoint)`, {
              stack: into,
              type: 'aws_vpc_endpoint',
              holds: [attr('service_name', `com.amazonaws.${targetSite.region}.secretsmanager`), attr('private_dns_enabled', true)],
            }),
            identity: role,
            authorization: needing(
              built(`secretsmanager:GetSecretValue on the ARNs of ${secret} and the cluster CA in ${targetSite.region}`, {
                stack: into,
                type: 'data.aws_iam_policy_document',
                holds: [attr('sid', 'SourceSecret'), `secretsmanager:${targetSite.region}:`, `secret:${secret}-??????`],
              }),
              ...[secret, clusterCaSecretName(env.name, source.id)].map((name) => ({
                action: 'secretsmanager:GetSecretValue',
                resource: `arn:{partition}:secretsmanager:${targetSite.region}:{account}:secret:${name}-AbCdEf`,
              })),
            ),
            trust: AMAZON_TRUST,
          },
        });
      break;
    }
    case 'mm2-managed-kafka-connect': {
      // Across sites the workers sit in the source's network (kinds/gcp-managed/facts.ts reachSubnet).
      const reach = reachSubnet(env, f.sourceSite, f.targetSite);
      const project = env.accounts?.gcp?.projectId;
      const agent: FlowPart = built('the Managed Kafka service agent, roles/managedkafka.client', {
        stack: into,
        type: 'google_project_iam_member',
        holds: [attr('role', 'roles/managedkafka.client'), 'gcp-sa-managedkafka'],
      });
      for (const [end, access, cluster] of [
        ['reads', sourceAccess, source],
        ['writes', targetAccess, target],
      ] as const)
        flows.push({
          id: `MirrorMaker 2 ${f.id}: ${end} ${cluster.id}`,
          when: 'run',
          path,
          parts: {
            network:
              end === 'writes'
                ? reach && project
                  ? built(
                      `the Connect cluster attached to ${cluster.id}, its workers on ${reach.name} in the ${f.sourceSite} network, where ${cluster.id} has its second network config`,
                      {
                        stack: into,
                        type: 'google_managed_kafka_connect_cluster',
                        holds: [attr('primary_subnet', subnetPath(project, reach.region, reach.name))],
                      },
                      {
                        stack: into,
                        type: 'google_managed_kafka_cluster',
                        holds: [attr('subnet', subnetPath(project, reach.region, reach.name))],
                      },
                    )
                  : built(`the Connect cluster attached to ${cluster.id}, in the ${f.targetSite} subnet`, {
                      stack: into,
                      type: 'google_managed_kafka_connect_cluster',
                      holds: ['primary_subnet'],
                    })
                : (access?.network ?? missing(`${cluster.kind} says nothing about its network`, 'give the kind an access description.')),
            name: both(
              access?.name ?? missing(`${cluster.kind} names no address`, 'give the kind an access description.'),
              end === 'reads'
                ? built(`the Connect cluster resolves the source's domain`, {
                    stack: into,
                    type: 'google_managed_kafka_connect_cluster',
                    holds: ['dns_domain_names'],
                  })
                : built(''),
            ),
            identity: agent,
            authorization: built(access?.authorization ?? 'roles/managedkafka.client', ...agent.proof),
            trust: access?.trust ?? missing(`${cluster.kind} names no trust`, 'give the kind an access description.'),
          },
        });
      break;
    }
    case 'event-hubs-geo-dr':
      flows.push({
        id: `Event Hubs Geo-DR ${f.id}: ${f.from} paired with ${f.to}`,
        when: 'deploy',
        path,
        parts: {
          network: outside('Azure Resource Manager pairs the namespaces; metadata is copied on the Azure backbone', 'Microsoft'),
          name: built('the alias both namespaces answer to (<alias>.servicebus.windows.net)', {
            stack: into,
            type: 'azurerm_eventhub_namespace_disaster_recovery_config',
            holds: ['partner_namespace_id'],
          }),
          identity: outside('the Terraform runner (Azure OIDC)', 'the deploy workflow (AZURE_CLIENT_ID)'),
          authorization: outside('Microsoft.EventHub/namespaces/disasterRecoveryConfigs/write on both namespaces', 'the deploy identity'),
          trust: outside('public roots in the default trust store (management.azure.com)', 'Microsoft'),
        },
      });
      break;
    default:
      flows.push({
        id: `${f.implementation} ${f.id}: ${f.from} -> ${f.to}`,
        when: 'run',
        path,
        parts: Object.fromEntries(
          FLOW_PARTS.map((part) => [
            part,
            missing(`no flow is described for ${f.implementation}`, 'describe its flows in analysis/flows.ts.'),
          ]),
        ) as FlowParts,
      });
  }
  return flows;
}

/** The network between two AWS sites (see planFlows' awsPath). */
function awsPathOf(p: FlowInputs, a: string, b: string): FlowPart {
  if (a === b) return built(`inside the ${a} VPC`);
  const peering = p.peerings.find((x) => x.sites.includes(a) && x.sites.includes(b));
  if (!peering) return missing(`no network path is planned between ${a} and ${b}`, `peer ${a} and ${b}.`);
  return built(`VPC peering ${peering.id} (${peering.stack})`, { stack: peering.stack, type: 'aws_vpc_peering_connection', holds: [] });
}

function edgeFlow(p: FlowInputs, e: EdgeSitePlan): Flow {
  const { env } = p;
  const id = (site: string, suffix?: string) => stackId(env.name, site, suffix);
  const hub = env.clusters.find((c) => c.id === e.hubCluster);
  const hubSite = hub && env.sites.find((s) => s.id === hub.sites[0]);
  const fleet = env.edgeFleets.find((f) => f.id === e.fleet);
  const fi = fleet ? env.edgeFleets.indexOf(fleet) : -1;
  const link = p.links.find((l) => l.ends.some((x) => x.site.id === e.site) && l.ends.some((x) => x.site.id === hubSite?.id));
  const declaredName = fleet?.hubBootstrap !== undefined;
  const access =
    hub && hubSite && kindModel(hub.kind)?.access(env, hub, { label: e.site, auth: e.hubAuth === 'scram' ? 'scram' : undefined });
  const aclStack = p.stacks.find((s) => s.fleet === e.fleet && s.role === 'edge-fleet-acls')?.id;
  const identity: FlowPart =
    e.hubAuth === 'service-account'
      ? built(
          `Google service account ${e.hubIdentity}, acted as without a key: the site's certificate of the fleet's CA (CN ${e.hubIdentity.split('@')[0]}) is traded through workload identity federation for a short-lived token (credential configuration in the site bundle)`,
          { stack: id(e.fleet), type: 'google_service_account', holds: [e.hubIdentity.split('@')[0]] },
          {
            stack: id(e.fleet),
            type: 'google_service_account_iam_member',
            holds: ['roles/iam.workloadIdentityUser', `/subject/${e.hubIdentity.split('@')[0]}`],
          },
          {
            stack: id(e.fleet),
            type: 'google_iam_workload_identity_pool_provider',
            holds: [attr('google.subject', 'assertion.subject.dn.cn')],
          },
        )
      : e.hubAuth === 'sas'
        ? built(
            `shared access rule ${e.hubIdentity} on each of the site's event hubs (SASL PLAIN, user $ConnectionString); its connection string in the fleet's Key Vault, copied into the site's Secret hub-credentials, never in the bundle`,
            { stack: id(e.fleet), type: 'azurerm_eventhub_authorization_rule', holds: [attr('name', e.hubIdentity)] },
            { stack: id(e.fleet), type: 'azurerm_key_vault_secret', holds: [e.hubIdentity] },
          )
        : e.hubAuth === 'scram'
          ? built(
              `SCRAM user ${e.hubIdentity}: secret in Secrets Manager, associated with the hub cluster`,
              { stack: id(e.fleet), type: 'aws_secretsmanager_secret', holds: [e.site] },
              { stack: id(e.fleet), type: 'aws_msk_single_scram_secret_association', holds: [] },
            )
          : outside(`password of ${e.hubIdentity}`, 'the hub operator');
  const sent = e.topics.filter((t) => t.direction === 'up').map((t) => t.hubTopic as string);
  const authorization: FlowPart =
    e.hubAuth === 'sas'
      ? built(
          `Send only (no Listen, no Manage) on ${sent.join(', ') || 'no event hub'}: a rule on one event hub opens that event hub alone`,
          ...sent.map((h) => ({
            stack: id(e.fleet),
            type: 'azurerm_eventhub_authorization_rule',
            holds: [attr('eventhub_name', h), attr('send', true), attr('listen', false), attr('manage', false)],
          })),
        )
      : e.hubAuth === 'service-account'
        ? built(`Kafka ACLs of ${e.hubIdentity} on its topics`, {
            stack: id(e.fleet),
            type: 'google_managed_kafka_acl',
            holds: [e.hubIdentity],
          })
        : aclStack
          ? built(`Kafka ACLs of User:${e.hubIdentity} on its prefixed topics and groups`, {
              stack: aclStack,
              type: 'kafka_acl',
              holds: [attr('acl_principal', `User:${e.hubIdentity}`)],
            })
          : outside(`ACLs of ${e.hubIdentity}`, 'the hub operator');
  return {
    id: `edge ${e.site} -> hub ${e.hubCluster}`,
    when: 'run',
    path: e.path,
    parts: {
      network: link
        ? built(`hybrid link ${link.id} (VPN) to ${hubSite?.id}`, ...linkProof(p, link.id))
        : outside(
            `the site's uplink to ${e.hubBootstrap}`,
            `the site's network operator (no link to ${hubSite?.id ?? e.hubCluster} is declared)`,
          ),
      name: declaredName
        ? declaredHubName(e, fi, access)
        : e.hubBootstrap === PUBLISHED_BOOTSTRAP && access
          ? both(
              access.name,
              built(`written into the site's bundle by the fleet stack at apply, in place of ${PUBLISHED_BOOTSTRAP}`, {
                stack: id(e.fleet),
                type: 'aws_s3_object',
                holds: ['bootstrap_brokers_sasl_scram', PUBLISHED_BOOTSTRAP],
              }),
            )
          : e.hubAuth === 'sas' && access
            ? // The namespace's private zone answers inside the hub's VNet only; a site outside it asks its own resolver.
              both(
                access.name,
                outside(
                  `${e.hubBootstrap.replace(/:\d+$/, '')} resolving at the site to the namespace's private endpoint (conditional forwarding of servicebus.windows.net to a resolver in the hub's VNet)`,
                  "the site's network operator",
                ),
              )
            : (access?.name ?? missing(`the hub address of ${e.hubCluster} cannot be derived`, `set edgeFleets[${fi}].hubBootstrap.`)),
      identity,
      authorization,
      trust: access?.trust ?? missing(`${hub?.kind ?? 'the hub'} names no trust`, 'give the kind an access description.'),
    },
  };
}

/** A declared hub address: the site's resolver must know it and the hub's certificate must name it. */
function declaredHubName(e: EdgeSitePlan, fleetIndex: number, access: ServerAccess | undefined): FlowPart {
  const part = outside(`${e.hubBootstrap}, declared by edgeFleets[${fleetIndex}].hubBootstrap`, "the site's resolver");
  const unnamed = e.hubBootstrap
    .split(',')
    .map((hp) => hp.trim().replace(/:\d+$/, ''))
    .filter((host) => access && !access.certificateNames(host));
  return unnamed.length > 0
    ? doubted(
        part,
        `the certificate of hub ${e.hubCluster} does not name ${unnamed.join(', ')}, so clients verifying the host name (as Kafka does by default) refuse it`,
        `dial the hub by a name its certificate covers, or put an endpoint with its own certificate for ${unnamed[0]} in front of the brokers.`,
      )
    : part;
}

function linkProof(p: FlowInputs, linkId: string): FlowProof[] {
  const link = p.links.find((l) => l.id === linkId);
  if (!link) return [];
  const stacks = p.stacks.filter((s) => s.role === 'links' || s.role === 'site');
  const cloudEnd = link.ends.find((e) => e.site.cloud === 'gcp' || e.site.cloud === 'aws' || e.site.cloud === 'azure');
  if (!cloudEnd) return [];
  const stack = stacks.find((s) => s.role === 'links' && s.site === cloudEnd.site.id)?.id ?? stackId(p.env.name, cloudEnd.site.id);
  const type = { gcp: 'google_compute_vpn_tunnel', aws: 'aws_vpn_connection', azure: 'azurerm_virtual_network_gateway_connection' }[
    cloudEnd.site.cloud as 'gcp' | 'aws' | 'azure'
  ];
  return [{ stack, type, holds: [] }];
}

/**
 * Each alarm's metric has a publisher: a cloud service for its own namespaces (AWS/*,
 * Azure Monitor, Cloud Monitoring), the nodes' metrics timer for the self-managed
 * namespace, a log metric filter for the authentication-failure count.
 */
/** The resource type each alarm kind renders as (analysis/alarms AlarmMetric kinds). */
const alarmType: Record<AlarmSpec['metric']['kind'], string> = {
  cloudwatch: 'aws_cloudwatch_metric_alarm',
  'azure-monitor': 'azurerm_monitor_metric_alert',
  'cloud-monitoring': 'google_monitoring_alert_policy',
};

function alarmFlows(p: FlowInputs): Flow[] {
  const { env } = p;
  const id = (site: string) => stackId(env.name, site);
  const groups = new Map<string, { site: string; publisher: string; alarms: AlarmSpec[] }>();
  for (const a of p.alarms.alarms) {
    const m = a.metric;
    const publishers =
      m.kind === 'cloudwatch'
        ? [...new Set(m.metrics.map((x) => x.namespace))]
        : m.kind === 'azure-monitor'
          ? [m.namespace]
          : ['Cloud Monitoring'];
    for (const publisher of publishers) {
      const key = `${a.site}/${publisher}`;
      const g = groups.get(key) ?? { site: a.site, publisher, alarms: [] };
      g.alarms.push(a);
      groups.set(key, g);
    }
  }
  const flows: Flow[] = [];
  for (const g of groups.values()) {
    const site = env.sites.find((s) => s.id === g.site);
    const base = {
      id: `alarms of ${g.site} (${g.publisher}, ${g.alarms.length}) <- publisher`,
      when: 'run' as const,
      path: `sites[${env.sites.findIndex((s) => s.id === g.site)}]`,
    };
    const service = (who: string): FlowParts => ({
      network: outside(`inside ${who}: the service publishes its own metrics`, who),
      name: built(`metric names and dimensions of ${g.publisher} as the service publishes them`, {
        stack: id(g.site),
        type: alarmType[g.alarms[0].metric.kind],
        holds: [g.publisher === 'Cloud Monitoring' ? 'metric.type' : g.publisher],
      }),
      identity: outside(`${who} itself`, who),
      authorization: outside(`${who} writes its own namespace`, who),
      trust: outside(`${who}'s own endpoints`, who),
    });
    if (g.publisher === SELF_MANAGED_NAMESPACE) {
      const nodes = env.clusters.filter((c) => kindModel(c.kind)?.runsNodes && c.sites.includes(g.site));
      const dims = nodes.map((c) => selfManagedDimensions(env.name, c.id, g.site));
      const matched = g.alarms.every((a) =>
        a.metric.kind === 'cloudwatch'
          ? a.metric.metrics.every(
              (m) => m.namespace !== SELF_MANAGED_NAMESPACE || dims.some((d) => Object.entries(d).every(([k, v]) => m.dimensions[k] === v)),
            )
          : true,
      );
      const r = site?.region ?? '';
      flows.push({
        ...base,
        parts: {
          network:
            nodes.length === 0
              ? missing(`no node at ${g.site} publishes ${SELF_MANAGED_NAMESPACE}`, 'alarm only on clusters whose nodes the estate runs.')
              : built(`the nodes' metrics timer -> interface endpoint com.amazonaws.${r}.monitoring`, {
                  stack: id(g.site),
                  type: 'aws_vpc_endpoint',
                  holds: [attr('service_name', `com.amazonaws.${r}.monitoring`)],
                }),
          name: matched
            ? built(
                `${SELF_MANAGED_NAMESPACE} with the dimensions the publisher writes (${dims.map((d) => Object.values(d).join('/')).join(', ')})`,
                {
                  stack: id(g.site),
                  type: 'aws_instance',
                  holds: ['put-metric-data'],
                },
              )
            : missing('an alarm reads dimensions the nodes do not publish', 'use selfManagedDimensions for the alarm.'),
          identity: built(`the nodes' instance role`, { stack: id(g.site), type: 'aws_iam_instance_profile', holds: [] }),
          authorization: needing(
            built(`cloudwatch:PutMetricData in ${SELF_MANAGED_NAMESPACE}`, {
              stack: id(g.site),
              type: 'data.aws_iam_policy_document',
              holds: ['cloudwatch:PutMetricData', SELF_MANAGED_NAMESPACE],
            }),
            { action: 'cloudwatch:PutMetricData', resource: '*', context: { 'cloudwatch:namespace': SELF_MANAGED_NAMESPACE } },
          ),
          trust: AMAZON_TRUST,
        },
      });
    } else if (g.publisher === AUTH_FAILURE_NAMESPACE) {
      flows.push({
        ...base,
        parts: {
          network: outside('broker logs delivered to CloudWatch Logs by the service', 'AWS'),
          name: built(`a log metric filter counting failed authentications into ${AUTH_FAILURE_NAMESPACE}`, {
            stack: id(g.site),
            type: 'aws_cloudwatch_log_metric_filter',
            holds: [AUTH_FAILURE_NAMESPACE],
          }),
          identity: outside('CloudWatch Logs itself', 'AWS'),
          authorization: outside('CloudWatch Logs writes the metric of its own filter', 'AWS'),
          trust: outside("CloudWatch's own endpoints", 'AWS'),
        },
      });
    } else if (g.publisher.startsWith('AWS/')) flows.push({ ...base, parts: service(`AWS (${g.publisher})`) });
    else if (g.publisher.startsWith('Microsoft.')) flows.push({ ...base, parts: service(`Azure Monitor (${g.publisher})`) });
    else if (g.publisher === 'Cloud Monitoring') flows.push({ ...base, parts: service('Google Cloud Monitoring') });
    else
      flows.push({
        ...base,
        parts: {
          ...service(g.publisher),
          network: missing(
            `nothing publishes ${g.publisher}`,
            'publish the metric (agent, log filter or service) or alarm on a published one.',
          ),
        },
      });
  }
  return flows;
}

/** The machine that runs Terraform -> each data plane a stack writes besides the cloud control planes. */
function deployFlows(p: FlowInputs): Flow[] {
  const { env } = p;
  const flows: Flow[] = [];
  const runner = 'the deploy runner (DEPLOY_RUNNER, inside the estate network)';
  for (const s of p.stacks.filter((x) => x.role === 'topics' || x.role === 'edge-fleet-acls')) {
    const cluster =
      s.role === 'topics'
        ? env.clusters.find(
            (c) =>
              c.id === s.cluster ||
              (kindModel(c.kind)?.singleSite !== false && c.sites[0] === s.site && env.topics.some((t) => t.cluster === c.id)),
          )
        : env.clusters.find((c) => c.id === env.edgeFleets.find((f) => f.id === s.fleet)?.hub);
    if (!cluster) continue;
    const model = kindModel(cluster.kind);
    const reach = model?.topics.by === 'topics-stack' ? model.topics.reach : undefined;
    const access = model?.access(env, cluster, { label: 'terraform', auth: reach === 'planned-nodes-scram' ? 'scram' : 'iam' });
    const what = s.role === 'topics' ? 'topics' : 'ACLs';
    const scram = reach === 'planned-nodes-scram';
    const secret = scramSecretName(env.name, cluster.id, 'terraform');
    flows.push({
      id: `terraform (${s.id}) -> Kafka admin API of ${cluster.id} (${what})`,
      when: 'deploy',
      path: `clusters[${env.clusters.indexOf(cluster)}]`,
      parts: {
        network: outside(`the runner's network reaches the client listeners of ${cluster.id}`, runner),
        name: access?.name ?? missing(`${cluster.kind} names no address`, 'give the kind an access description.'),
        identity: scram
          ? outside(
              `SCRAM user terraform, secret ${secret}; the runner reads it in its region and hands it to the Kafka provider (tools/ci/kafka-login.sh: KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD)`,
              runner,
              { stack: stackId(env.name, principalHomeSite(cluster)), type: 'aws_secretsmanager_secret', holds: [attr('name', secret)] },
            )
          : outside('the deploy role (OIDC, AWS_DEPLOY_ROLE_ARN), IAM authentication of the Kafka provider', 'the deploy workflow', {
              stack: s.id,
              type: 'provider.kafka',
              holds: [attr('sasl_mechanism', 'aws-iam')],
            }),
        authorization: scram
          ? built('Kafka ACLs of terraform: Create, Describe, AlterConfigs on topics', {
              stack: stackId(env.name, principalHomeSite(cluster)),
              type: 'aws_instance',
              holds: [secret],
            })
          : outside(
              `kafka-cluster:Connect, DescribeCluster, ${what === 'topics' ? 'CreateTopic, DescribeTopic, AlterTopic, DescribeTopicDynamicConfiguration, AlterTopicDynamicConfiguration' : 'AlterCluster, DescribeCluster'} on ${cluster.id}`,
              'the deploy role',
            ),
        trust: scram
          ? outside(
              `the cluster CA from ${clusterCaSecretName(env.name, cluster.id)}, handed to the Kafka provider (KAFKA_CA_CERT)`,
              runner,
            )
          : (access?.trust ?? missing(`${cluster.kind} names no trust`, 'give the kind an access description.')),
      },
    });
  }
  // Customer-managed keys: Terraform creates the key through the vault's data plane, which
  // takes no public traffic (KAF-040): over the vault's private endpoint, from a runner
  // inside the site network.
  for (const c of env.clusters) {
    const site = env.sites.find((s) => s.id === c.sites[0]);
    if (!site || site.cloud !== 'azure' || !kindModel(c.kind)?.clientPrincipalIds) continue;
    const stack = stackId(env.name, site.id);
    flows.push({
      id: `terraform -> Key Vault of ${c.id}`,
      when: 'deploy',
      path: `clusters[${env.clusters.indexOf(c)}]`,
      parts: {
        network: both(
          built("the vault's private endpoint in the site network", {
            stack,
            type: 'azurerm_private_endpoint',
            holds: [JSON.stringify('vault')],
          }),
          outside(`the runner runs inside the network of ${site.id}`, runner),
        ),
        name: built('<vault>.vault.azure.net, resolved to the endpoint by privatelink.vaultcore.azure.net', {
          stack,
          type: 'azurerm_private_dns_zone',
          holds: [JSON.stringify('privatelink.vaultcore.azure.net')],
        }),
        identity: outside('the deploy identity (Azure OIDC)', 'the deploy workflow (AZURE_CLIENT_ID)'),
        authorization: built('Key Vault Crypto Officer on the vault for the deploy identity', {
          stack,
          type: 'azurerm_role_assignment',
          holds: [attr('role_definition_name', 'Key Vault Crypto Officer')],
        }),
        trust: outside('public roots in the default trust store', 'Microsoft'),
      },
    });
  }
  // Edge sites delivered directly: Terraform applies their manifests through the Kubernetes API.
  for (const e of p.edgeSites.filter((x) => x.delivery === 'direct')) {
    const stack = stackId(env.name, e.site);
    const link = p.links.find((l) => l.ends.some((x) => x.site.id === e.site));
    flows.push({
      id: `terraform -> Kubernetes API of ${e.site}`,
      when: 'deploy',
      path: e.path,
      parts: {
        network: link
          ? both(
              built(`hybrid link ${link.id} to the site`, ...linkProof(p, link.id)),
              outside('the runner reaches the hub network', runner),
            )
          : missing(`no link reaches ${e.site}`, 'declare a link to the site or use delivery: pull.'),
        name: e.kubeApi
          ? built(`${e.kubeApi} (an address the API server certificate must name)`, {
              stack,
              type: 'provider.kubernetes',
              holds: [attr('host', e.kubeApi)],
            })
          : missing('no kubeApi', `set kubeApi for ${e.site}.`),
        identity: outside('a kubeconfig or token in the runner environment (KUBE_CONFIG_PATH)', runner),
        authorization: outside(
          'RBAC on the site cluster for the runner identity (Strimzi resources, namespaces)',
          'the site cluster operator',
        ),
        trust: outside("the site cluster's CA in the runner's kubeconfig", runner),
      },
    });
  }
  return flows;
}

/** A flow part that nobody provides: one problem per part, naming the flow. */
export function flowProblems(flows: readonly Flow[], file = ''): Problem[] {
  const out: Problem[] = [];
  for (const f of flows)
    for (const part of FLOW_PARTS) {
      const m = f.parts[part].missing;
      if (m) out.push({ file, path: f.path, message: `flow "${f.id}" has no ${part}: ${m.why}.`, fix: m.fix });
      const d = f.parts[part].doubt;
      if (d)
        out.push({
          file,
          path: f.path,
          message: `flow "${f.id}": its ${part} will not work as planned: ${d.why}.`,
          fix: d.fix,
          severity: 'warning',
        });
    }
  return out;
}

/** Synthesized stacks by id: resources and data sources as Terraform JSON. */
export type SynthesizedStacks = ReadonlyMap<string, { readonly resource?: object; readonly data?: object; readonly provider?: object }>;

/**
 * Proof that each part the estate builds is in the synthesized output: every block a
 * part names exists with the texts it holds. A part removed from the output (an
 * endpoint, a peering, a SCRAM secret) is a problem naming the flow and the part.
 */
export function unprovenFlows(flows: readonly Flow[], stacks: SynthesizedStacks, file = ''): Problem[] {
  const out: Problem[] = [];
  const texts = new BlockTexts(stacks);
  for (const f of flows)
    for (const part of FLOW_PARTS)
      for (const proof of f.parts[part].proof) {
        if (!texts.holds(proof))
          out.push({
            file,
            path: f.path,
            message: `flow "${f.id}" has no ${part} in the output: ${f.parts[part].says}; stack ${proof.stack} has no ${proof.type}${proof.holds.length ? ` holding ${proof.holds.join(', ')}` : ''}.`,
            fix: 'this is a gap between the plan and what the stacks render; report it with the environment file.',
          });
      }
  return out;
}

/** Length of the substrings a block group is indexed by; a shorter text is looked for in every block. */
const GRAM = 4;

/**
 * The blocks of each stack section and type as JSON text, each serialized once, with an
 * index of their 4-character substrings: a fleet has one proof per site against a type
 * holding one block per site, and reading every block for every proof made the check
 * grow with the square of the fleet (18 of 46 s of a 1,000-site synth). A proof reads
 * only the blocks that hold its rarest substring, then checks them in full, so the answer
 * is the same as reading every block.
 */
interface BlockGroup {
  readonly texts: string[];
  grams?: Map<number, number[]>;
  /** Proofs asked of the group so far: the index is built only for a group asked often. */
  asked: number;
}

/**
 * Proofs a group answers by reading every block before it is indexed: a stack's one proof
 * against its 2,000 fleet alarms costs a read of them, while indexing them added about 50 MB to a
 * 1,000-site synth's peak memory; a group with a proof per site is indexed after these.
 */
export const READ_BEFORE_INDEX = 4;

class BlockTexts {
  private readonly groups = new Map<string, BlockGroup | undefined>();

  constructor(private readonly stacks: SynthesizedStacks) {}

  public holds(proof: FlowProof): boolean {
    const group = this.group(proof);
    if (!group || group.texts.length === 0) return false;
    if (proof.holds.length === 0) return true;
    const all = (i: number) => proof.holds.every((h) => group.texts[i].includes(h));
    const candidates = this.candidates(group, proof.holds);
    return candidates ? candidates.some(all) : group.texts.some((_, i) => all(i));
  }

  private group(proof: FlowProof): BlockGroup | undefined {
    const key = `${proof.stack}\n${proof.type}`;
    if (this.groups.has(key)) return this.groups.get(key);
    const json = this.stacks.get(proof.stack) as Record<string, Record<string, unknown>> | undefined;
    const [section, type] = proof.type.startsWith('data.')
      ? ['data', proof.type.slice(5)]
      : proof.type.startsWith('provider.')
        ? ['provider', proof.type.slice(9)]
        : ['resource', proof.type];
    const blocks = json?.[section]?.[type];
    const group: BlockGroup | undefined = blocks
      ? {
          texts: (Array.isArray(blocks) ? blocks : Object.values(blocks as Record<string, unknown>)).map((b) => JSON.stringify(b)),
          asked: 0,
        }
      : undefined;
    this.groups.set(key, group);
    return group;
  }

  /** Blocks that may hold every text: those holding the rarest substring of any of them; undefined when no text is long enough. */
  private candidates(group: BlockGroup, holds: readonly string[]): number[] | undefined {
    const long = holds.filter((h) => h.length >= GRAM);
    // A few blocks are read faster than indexed, and so are many blocks asked a few times.
    if (long.length === 0 || group.texts.length < 32 || ++group.asked <= READ_BEFORE_INDEX) return undefined;
    group.grams ??= gramIndex(group.texts);
    let best: number[] | undefined;
    for (const h of long)
      for (let i = 0; i + GRAM <= h.length; i++) {
        const posting = group.grams.get(gramKey(h, i)) ?? [];
        if (!best || posting.length < best.length) best = posting;
        if (best.length === 0) return best;
      }
    return best;
  }
}

/**
 * Every 4-character substring of the texts, by a number made of its characters, with the
 * indexes of the texts holding it (ascending, once each). Two substrings may share a
 * number: that only adds candidates, which are then read in full.
 */
function gramIndex(texts: readonly string[]): Map<number, number[]> {
  const grams = new Map<number, number[]>();
  texts.forEach((text, t) => {
    for (let i = 0; i + GRAM <= text.length; i++) {
      const g = gramKey(text, i);
      const posting = grams.get(g);
      if (!posting) grams.set(g, [t]);
      else if (posting[posting.length - 1] !== t) posting.push(t);
    }
  });
  return grams;
}

function gramKey(text: string, at: number): number {
  let key = 0;
  for (let i = at; i < at + GRAM; i++) key = (Math.imul(key, 65599) + text.charCodeAt(i)) | 0;
  return key;
}

/** Parts of a flow by name, for the review's table. */
export function partText(part: FlowPart): string {
  return part.missing ? `MISSING: ${part.missing.why}` : part.outside ? `${part.says} (provided by ${part.outside})` : part.says;
}

export type { FlowPartName };
