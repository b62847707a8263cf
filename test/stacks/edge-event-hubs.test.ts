import { readFileSync } from 'fs';
import { join } from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { unprovenFlows } from '../../constructs/analysis/flows';
import { planEstate } from '../../constructs/analysis/plan';
import { RenderedFile } from '../../constructs/rendered-file';
import { EVENT_HUBS_SITE_RULES } from '../../constructs/kinds/event-hubs/edge-hub';
import { envOf, estateStacks, problemsOf, synthJson } from '../helpers';

const text = readFileSync(join(__dirname, '../../environments/automotive.yaml'), 'utf8');
const data = () => parse(text);
const env = envOf(text);
const plan = planEstate(env);
const stacks = estateStacks(env);
const fleet = synthJson(stacks.get('automotive-plants')!);
const weu = synthJson(stacks.get('automotive-weu')!);
const bundle = RenderedFile.all(stacks.get('automotive-plants')!).find((f) => f.path === 'edge/automotive/plant-leipzig/bundle.yaml')!;
const docs = parseAllDocuments(bundle.content).map((d) => d.toJS());
const HUB_TOPIC = 'plant-leipzig.sensor-readings';

describe('environments/automotive.yaml: the Leipzig plant on the Event Hubs hub', () => {
  it('gives the site one send-only rule on its own event hub, made by the fleet stack after the namespace', () => {
    const rules = Object.values<any>(fleet.json.resource.azurerm_eventhub_authorization_rule);
    expect(rules).toEqual([
      expect.objectContaining({
        name: 'edge-automotive-plant-leipzig',
        namespace_name: 'automotive-weu-iiot',
        resource_group_name: 'automotive-weu-rg',
        eventhub_name: HUB_TOPIC,
        send: true,
        listen: false,
        manage: false,
        // A bare address: the epoch replaces the rule, so both keys are new.
        lifecycle: { replace_triggered_by: [expect.stringMatching(/^time_rotating\.Hub_CredentialRotation_[0-9A-F]+$/)] },
      }),
    ]);
    expect(fleet.json.resource.random_password).toBeUndefined();
    const stack = plan.stacks.find((s) => s.id === 'automotive-plants')!;
    expect(stack.dependsOn.map((d) => d.stack)).toContain('automotive-weu');
  });

  it('keeps the connection string in the fleet’s Key Vault, never in an output or the bundle', () => {
    const secrets = Object.values<any>(fleet.json.resource.azurerm_key_vault_secret);
    expect(secrets).toEqual([
      expect.objectContaining({
        name: 'edge-automotive-plant-leipzig-plant-leipzig-sensor-readings',
        value: expect.stringMatching(/^\$\{azurerm_eventhub_authorization_rule\.[^.]+\.primary_connection_string\}$/),
        expiration_date: expect.stringContaining('time_rotating.'),
      }),
    ]);
    expect(fleet.json.output).toBeUndefined();
    expect(bundle.content).not.toMatch(/SharedAccessKey|primary_connection_string/);
    expect(bundle.content).toContain('The Secret "hub-credentials" (one key per hub topic');
  });

  it('pushes through a site-local Connect: MirrorMaker 2 keeps nothing in the hub', () => {
    expect(docs.filter((d) => d.kind === 'KafkaMirrorMaker2')).toEqual([]);
    const connect = docs.find((d) => d.kind === 'KafkaConnect' && d.metadata.name === 'mm2-up');
    expect(connect.spec).toEqual(
      expect.objectContaining({
        bootstrapServers: 'plant-leipzig-kafka-bootstrap.kafka.svc:9093',
        groupId: 'mm2-up-workers',
        configStorageTopic: 'mm2-up-configs',
        offsetStorageTopic: 'mm2-up-offsets',
        statusStorageTopic: 'mm2-up-status',
      }),
    );
    expect(connect.spec.config['connector.client.config.override.policy']).toBe('All');
    const up = docs.find((d) => d.kind === 'KafkaConnector' && d.metadata.name === 'up-sensor-readings');
    expect(up.metadata.labels['strimzi.io/cluster']).toBe('mm2-up');
    const jaas = `org.apache.kafka.common.security.plain.PlainLoginModule required username="$ConnectionString" password="\${directory:/opt/kafka/connector-secrets/hub-credentials:${HUB_TOPIC}}";`;
    expect(up.spec).toEqual(
      expect.objectContaining({
        class: 'org.apache.kafka.connect.mirror.MirrorSourceConnector',
        config: expect.objectContaining({
          topics: 'sensor-readings',
          'target.cluster.bootstrap.servers': 'automotive-weu-iiot.servicebus.windows.net:9093',
          'target.cluster.sasl.mechanism': 'PLAIN',
          'target.cluster.sasl.jaas.config': jaas,
          'producer.override.bootstrap.servers': 'automotive-weu-iiot.servicebus.windows.net:9093',
          'producer.override.security.protocol': 'SASL_SSL',
          'producer.override.sasl.jaas.config': jaas,
          'replication.policy.class': 'org.apache.kafka.connect.mirror.DefaultReplicationPolicy',
          'sync.topic.configs.enabled': 'false',
          'emit.offset-syncs.enabled': 'false',
        }),
      }),
    );
    // Nothing would read them in the hub, and the rule could not write them.
    expect(docs.some((d) => d.kind === 'KafkaConnector' && /Checkpoint|Heartbeat/.test(d.spec.class))).toBe(false);
    // The MQTT source writes the local topic the uplink reads.
    expect(docs.find((d) => d.kind === 'KafkaConnector' && d.metadata.name === 'leipzig-mqtt').spec.config).toEqual(
      expect.objectContaining({ 'connect.mqtt.kcql': expect.stringMatching(/^INSERT INTO sensor-readings SELECT/) }),
    );
  });

  it('lets the namespace take keys for the site only, captures the site’s event hub and alarms on its silence', () => {
    const ns = Object.values<any>(weu.json.resource.azurerm_eventhub_namespace)[0];
    expect(ns.local_authentication_enabled).toBe(true);
    const hub = Object.values<any>(weu.json.resource.azurerm_eventhub).find((h) => h.name === HUB_TOPIC);
    expect(hub).toEqual(expect.objectContaining({ partition_count: 8, capture_description: expect.objectContaining({ enabled: true }) }));
    const silent = Object.values<any>(weu.json.resource.azurerm_monitor_metric_alert).filter((a) =>
      a.name.includes('plant-leipzig-silent'),
    );
    expect(silent).toHaveLength(2);
    for (const a of silent)
      expect(a.criteria[0]).toEqual(
        expect.objectContaining({
          metric_name: 'IncomingMessages',
          dimension: [{ name: 'EntityName', operator: 'Include', values: [HUB_TOPIC] }],
        }),
      );
  });

  it('writes the site’s runbook beside its bundle: key, rotation, a leaked key, silence, the namespace’s root key', () => {
    const runbook = RenderedFile.all(stacks.get('automotive-plants')!).find((f) => f.path === 'runbooks/automotive/edge-plant-leipzig.md')!;
    expect(runbook.content).toContain('secret edge-automotive-plant-leipzig-plant-leipzig-sensor-readings -> Secret hub-credentials');
    expect(runbook.content).toContain('offline window 48h, local retention 72h, 189 GiB per node');
    expect(runbook.content).toContain(
      '--eventhub-name plant-leipzig.sensor-readings --name edge-automotive-plant-leipzig --key PrimaryKey',
    );
    expect(runbook.content).toContain('--name RootManageSharedAccessKey');
    expect(plan.files.find((f) => f.path === runbook.path)?.stack).toBe('automotive-plants');
  });

  it('proves the site’s flow to the hub against the stacks, and fails naming the part when the rule is gone', () => {
    const flows = plan.flows.filter((f) => f.id === 'edge plant-leipzig -> hub iiot');
    expect(flows).toHaveLength(1);
    expect(flows[0].parts.authorization.outside).toBeUndefined();
    expect(flows[0].parts.authorization.proof).toHaveLength(1);
    const out = new Map([
      ['automotive-weu', weu.json],
      ['automotive-plants', fleet.json],
    ]);
    expect(unprovenFlows(flows, out)).toEqual([]);
    const noRule = JSON.parse(JSON.stringify(fleet.json));
    delete noRule.resource.azurerm_eventhub_authorization_rule;
    expect(unprovenFlows(flows, new Map([...out, ['automotive-plants', noRule]])).map((p) => p.message)).toEqual([
      expect.stringMatching(/^flow "edge plant-leipzig -> hub iiot" has no identity in the output/),
      expect.stringMatching(/^flow "edge plant-leipzig -> hub iiot" has no authorization in the output/),
    ]);
  });
});

describe('a fleet on an Event Hubs hub is refused, with the path and a fix', () => {
  const errors = (d: any) => problemsOf(d).filter((p) => p.severity !== 'warning');

  it('when the namespace takes no SAS keys', () => {
    const d = data();
    delete d.clusters[0].eventHubs.localAuth;
    expect(errors(d)).toEqual([
      expect.objectContaining({
        path: 'edgeFleets[0].hub',
        message: expect.stringMatching(/local \(SAS\) authentication off/),
        fix: expect.stringMatching(/set eventHubs.localAuth: true on cluster "iiot"/),
      }),
    ]);
  });

  it('when a prod namespace allows keys without being a fleet’s hub', () => {
    const d = data();
    delete d.edgeFleets;
    d.connectors = d.connectors.filter((c: any) => !c.edgeSite);
    expect(errors(d).map((p) => p.path)).toEqual(['clusters[0].eventHubs.localAuth']);
  });

  it('when a site topic has no event hub', () => {
    const d = data();
    d.topics = d.topics.filter((t: any) => t.name !== HUB_TOPIC);
    d.connectors[0].topics = ['sensor-readings'];
    expect(errors(d)).toEqual([
      expect.objectContaining({
        path: 'edgeFleets[0].sites[0]',
        message: expect.stringMatching(
          /pushes "sensor-readings" to event hub "plant-leipzig.sensor-readings", which cluster "iiot" does not have/,
        ),
        fix: expect.stringContaining(`{ name: ${HUB_TOPIC}, cluster: iiot, partitions: 8`),
      }),
    ]);
  });

  it('when the event hub has fewer partitions than the site topic', () => {
    const d = data();
    d.edgeFleets[0].topics[0].partitions = 12;
    expect(errors(d)).toEqual([
      expect.objectContaining({
        path: 'topics[4].partitions',
        message: expect.stringMatching(/has 8 partitions, site "plant-leipzig" writes "sensor-readings" with 12/),
      }),
    ]);
  });

  it('when a topic would come down from the hub', () => {
    const d = data();
    d.edgeFleets[0].topics.push({ name: 'anomalies', direction: 'down', partitions: 4 });
    expect(errors(d).map((p) => p.path)).toEqual(['edgeFleets[0].topics[1].direction']);
  });

  it('when the sites need more shared access rules than a namespace holds', () => {
    const d = data();
    const sites = Array.from({ length: EVENT_HUBS_SITE_RULES + 1 }, (_, i) => `plant-${i}`);
    d.edgeFleets[0].sites = sites.map((id) => ({ id }));
    d.topics = d.topics.filter((t: any) => t.name !== HUB_TOPIC);
    for (const s of sites) d.topics.push({ name: `${s}.sensor-readings`, cluster: 'iiot', partitions: 8, retention: '7d' });
    d.connectors = d.connectors.filter((c: any) => !c.edgeSite);
    d.connectors[0].topics = ['sensor-readings'];
    expect(errors(d)).toEqual([
      expect.objectContaining({
        path: 'edgeFleets[0].sites',
        message: expect.stringMatching(/need 12 shared access rules .* a namespace holds 12, one of them RootManageSharedAccessKey/),
      }),
    ]);
  });

  it('when the namespace’s tier cannot hold the sites’ event hubs', () => {
    const d = data();
    d.clusters[0].eventHubs = { tier: 'standard', localAuth: true };
    d.stage = 'dev';
    const sites = ['plant-a', 'plant-b', 'plant-c', 'plant-d', 'plant-e', 'plant-f', 'plant-g'];
    d.edgeFleets[0].sites = sites.map((id) => ({ id }));
    d.topics = d.topics.filter((t: any) => t.name !== HUB_TOPIC);
    for (const s of sites) d.topics.push({ name: `${s}.sensor-readings`, cluster: 'iiot', partitions: 8, retention: '7d' });
    d.connectors = d.connectors.filter((c: any) => !c.edgeSite);
    d.connectors[0].topics = ['sensor-readings'];
    expect(errors(d)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'edgeFleets[0].sites',
          message: expect.stringMatching(
            /the 7 event hubs of fleet "plants"'s sites and the 4 other event hubs of "iiot" make 11; a standard namespace holds at most 10/,
          ),
          fix: expect.stringMatching(/use eventHubs.tier: premium/),
        }),
      ]),
    );
  });
});
