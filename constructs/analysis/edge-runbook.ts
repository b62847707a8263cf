import type { Environment } from '../model/schema';
import { edgeFleetVaultName, edgeSasSecretName, EVENT_HUBS_SITE_RULES } from '../kinds/event-hubs/edge-hub';
import { eventHubsNamespace } from '../kinds/event-hubs/alarms';
import { formatHours, type EdgeSitePlan } from './edge';

/** Path of the runbook of an edge site whose hub takes shared access rules. */
export function edgeSiteRunbookPath(env: string, site: string): string {
  return `runbooks/${env}/edge-${site}.md`;
}

/**
 * The runbook of a site on an Event Hubs hub: where its key lives, how it moves to a new
 * key, what to do when it falls silent, and the namespace-wide steps the fleet stack cannot
 * take (RootManageSharedAccessKey). The commands are Azure CLI's `az eventhubs` and
 * `az keyvault` groups; every name in them is planned, none is looked up.
 */
export function renderEdgeSiteRunbook(env: Environment, p: EdgeSitePlan): string {
  const hub = env.clusters.find((c) => c.id === p.hubCluster);
  const ns = eventHubsNamespace(env.name, hub?.sites[0] ?? '', p.hubCluster);
  const vault = edgeFleetVaultName(env.name, p.fleet);
  const up = p.topics.filter((t) => t.direction === 'up');
  const rule = (hubTopic: string) =>
    `--resource-group ${ns.resourceGroup} --namespace-name ${ns.name} --eventhub-name ${hubTopic} --name ${p.hubIdentity}`;
  const lines = [
    `# Edge site ${p.site} (${env.name}): uplink to Event Hubs namespace ${ns.name}`,
    '',
    `- fleet ${p.fleet}, stack ${env.name}-${p.fleet}; hub cluster ${p.hubCluster} at ${p.hubBootstrap} (SASL_SSL, PLAIN, user $ConnectionString)`,
    `- offline window ${formatHours(p.offlineWindowSeconds)}, local retention ${formatHours(p.retentionSeconds)}, ${p.storageGiB} GiB per node${p.catchUpSeconds !== undefined && Number.isFinite(p.catchUpSeconds) ? `, catch-up after a full window about ${formatHours(p.catchUpSeconds)} at ${p.uplinkMbps} Mbit/s` : ''}`,
    `- shared access rule ${p.hubIdentity}, Send only, on ${up.map((t) => t.hubTopic).join(', ') || 'no event hub'}; at most ${EVENT_HUBS_SITE_RULES} site rules per namespace`,
    ...up.map(
      (t) =>
        `- ${t.name} -> ${t.hubTopic}: Key Vault ${vault}, secret ${edgeSasSecretName(p.hubIdentity, t.hubTopic as string)} -> Secret hub-credentials, key ${t.hubTopic}, at the site; KafkaConnector up-${t.name.replace(/[._]/g, '-')} on KafkaConnect mm2-up`,
    ),
    '',
    '## When the hub hears nothing from the site',
    '',
    `The alarms ${p.site}-silent-ticket and ${p.site}-silent-page watch IncomingMessages of the site's event hubs. Silence within the offline window loses nothing: the site keeps writing locally.`,
    '',
    `1. At the site: kubectl get kafkaconnector -l strimzi.io/cluster=mm2-up -o yaml; status.connectorStatus names a failed task and its trace.`,
    `2. TopicAuthorizationException or SASL authentication failed: the rule or the key is wrong. Compare the site's Secret hub-credentials with the Key Vault secret (az keyvault secret show --vault-name ${vault} --name <secret> --query attributes.updated), let the secret sync copy it, then kubectl annotate kafkaconnector <name> strimzi.io/restart=true.`,
    `3. Timeouts: the site must resolve ${p.hubBootstrap.replace(/:\d+$/, '')} to the namespace's private endpoint (conditional forwarding of servicebus.windows.net into the hub's VNet) and reach it on 9093 over its link.`,
    `4. Past the offline window (the page): records older than the retention of ${formatHours(p.retentionSeconds)} are deleted at the site unsent. Reach the site by another channel, extend its retention, or accept the loss.`,
    '',
    '## Moving to a new key (every rotation)',
    '',
    "The apply after the fleet's rotation epoch lapses replaces the rule, so both its keys are new, and writes the new primary connection string into the Key Vault secret. Connections already open stay up; the connector's next reconnect fails until the site's secret sync brings the new value. To move over at once:",
    '',
    '1. Wait for the secret sync to update Secret hub-credentials (or trigger it).',
    '2. kubectl annotate kafkaconnector <name> strimzi.io/restart=true for each up connector.',
    `3. IncomingMessages of ${up.map((t) => t.hubTopic).join(', ')} resumes; the silence alarms clear.`,
    '',
    '## A leaked key',
    '',
    ...up.flatMap((t) => [
      `- ${t.hubTopic}: az keyvault secret set --vault-name ${vault} --name ${edgeSasSecretName(p.hubIdentity, t.hubTopic as string)} --value "$(az eventhubs eventhub authorization-rule keys list ${rule(t.hubTopic as string)} --query secondaryConnectionString -o tsv)", restart the connector when the site has it, then az eventhubs eventhub authorization-rule keys renew ${rule(t.hubTopic as string)} --key PrimaryKey. The next apply writes the renewed primary back into the secret; the site moves to it at its next restart.`,
    ]),
    '',
    '## Once per namespace',
    '',
    `SAS keys work on ${ns.name} because its edge sites need them (localAuth). Every namespace is created with RootManageSharedAccessKey, which can do anything there: delete it after the first apply (az eventhubs namespace authorization-rule delete --resource-group ${ns.resourceGroup} --namespace-name ${ns.name} --name RootManageSharedAccessKey) and check that no other namespace rule exists.`,
    '',
    "If the site's first connection is refused although the key is right, the rule on the event hub is not accepted for the Kafka endpoint's metadata calls: stop, and raise it before widening the rule to the namespace (that would let the site send to every event hub).",
    '',
    '## When the site is lost',
    '',
    `What it had not pushed is lost, up to the whole offline window while disconnected. Rebuild the site from its bundle; the rule, the secret and ${up.map((t) => t.hubTopic).join(', ')} stay in the hub and the new site resumes with the same key.`,
    '',
  ];
  return lines.join('\n');
}
