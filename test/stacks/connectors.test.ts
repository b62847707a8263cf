import { readFileSync } from 'fs';
import { join } from 'path';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { MskconnectConnector } from '@cdktf/provider-aws/lib/mskconnect-connector';
import { MskconnectCustomPlugin } from '@cdktf/provider-aws/lib/mskconnect-custom-plugin';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { MskconnectWorkerConfiguration } from '@cdktf/provider-aws/lib/mskconnect-worker-configuration';
import { S3BucketMetric } from '@cdktf/provider-aws/lib/s3-bucket-metric';
import { PrivateDnsZone } from '@cdktf/provider-azurerm/lib/private-dns-zone';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { MonitoringAlertPolicy } from '@cdktf/provider-google/lib/monitoring-alert-policy';
import { Testing } from 'cdktf';
import { parse } from 'yaml';
import { MskConnector } from '../../constructs/aws/msk-connector';
import { flowProblems, unprovenFlows } from '../../constructs/analysis/flows';
import { planEstate } from '../../constructs/analysis/plan';
import { CONNECTOR_BUILDERS } from '../../stacks/connectors';
import { EdgeSite } from '../../constructs/edge/edge-site';
import { missingRequiredFields } from '../../constructs/edge/strimzi';
import { edgeSiteProps } from '../../stacks/edge-fleet-stack';
import { fleetEnv } from '../constructs/edge/fixtures';
import { baseEnv, envOf, estateStacks, problemsOf, synthJson } from '../helpers';

const banking = envOf(readFileSync(join(__dirname, '../../environments/banking.yaml'), 'utf8'));

describe('banking: connectors on MSK Connect beside the vault', () => {
  const { synth, json } = synthJson(estateStacks(banking).get('banking-sto')!);
  const policies = Object.values(json.data?.aws_iam_policy_document ?? {}) as any[];

  it('creates the plugin from the declared artifact with its digest, the connector with IAM and TLS, and KMS-encrypted worker logs', () => {
    expect(synth).toHaveResourceWithProperties(MskconnectCustomPlugin, {
      name: 'banking-ledger-archive',
      content_type: 'ZIP',
      description: `sha512:${'2'.repeat(128)}`,
      location: { s3: expect.objectContaining({ bucket_arn: 'arn:aws:s3:::banking-artifacts-111122223333-eu-north-1' }) },
    });
    expect(synth).toHaveResourceWithProperties(MskconnectConnector, {
      name: 'banking-ledger-archive',
      connector_configuration: expect.objectContaining({
        'connector.class': 'io.confluent.connect.s3.S3SinkConnector',
        topics: 'ledger',
        'tasks.max': '3',
        'errors.tolerance': 'none',
        's3.bucket.name': 'banking-ledger-archive-111122223333',
      }),
      kafka_cluster_client_authentication: { authentication_type: 'IAM' },
      kafka_cluster_encryption_in_transit: { encryption_type: 'TLS' },
    });
    expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/msk-connect/banking-ledger-archive',
      kms_key_id: expect.stringContaining('aws_kms_key'),
    });
  });

  it('grants exactly the named topics, group, bucket prefix and secret', () => {
    const connectors = policies.filter((p) => JSON.stringify(p).includes('__amazon_msk_connect_'));
    expect(connectors).toHaveLength(1);
    const resources = connectors.flatMap((p) => p.statement.flatMap((s: any) => s.resources as string[]));
    const topicArn = (t: string) => `\${replace(aws_msk_cluster.vault_AEB7ADF6.arn, ":cluster/", ":topic/")}/${t}`;
    expect(resources).toEqual(expect.arrayContaining([topicArn('ledger')]));
    // No wildcard over the cluster's topics beyond MSK Connect's own internal ones.
    expect(resources.filter((r) => r.endsWith('/*') && !r.includes('__amazon_msk_connect_') && !r.startsWith('arn:aws:s3'))).toEqual([]);
    expect(resources).toContain('arn:aws:s3:::banking-ledger-archive-111122223333/ledger/*');
  });

  it('opens the path to S3 and Secrets Manager over endpoints, not the internet', () => {
    expect(synth).toHaveResourceWithProperties(VpcEndpoint, { service_name: 'com.amazonaws.eu-north-1.s3', vpc_endpoint_type: 'Gateway' });
    expect(synth).toHaveResourceWithProperties(VpcEndpoint, {
      service_name: 'com.amazonaws.eu-north-1.secretsmanager',
      private_dns_enabled: true,
    });
  });

  it('alarms on connector state, task failures and sink lag, each pointing at the runbook', () => {
    expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      namespace: 'AWS/KafkaConnect',
      metric_name: 'RunningTaskCount',
      comparison_operator: 'LessThanThreshold',
      threshold: 1,
      treat_missing_data: 'breaching',
      dimensions: { ConnectorName: 'banking-ledger-archive' },
    });
    expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      namespace: 'AWS/KafkaConnect',
      metric_name: 'ErroredTaskCount',
      dimensions: { ConnectorName: 'banking-ledger-archive' },
      alarm_description: expect.stringContaining('runbooks/banking/connector-ledger-archive.md'),
    });
    // The ledger copy has no objective on the vault: the default 15 minutes of lag.
    expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      namespace: 'AWS/Kafka',
      metric_name: 'EstimatedMaxTimeLag',
      threshold: 900,
      dimensions: { 'Consumer Group': 'connect-banking-ledger-archive', Topic: 'ledger', 'Cluster Name': 'banking-sto-vault' },
    });
  });

  it('writes a runbook per connector and puts each on the plan as a data path', () => {
    const plan = planEstate(banking);
    expect(plan.files.filter((f) => f.path.startsWith('runbooks/banking/connector-')).map((f) => f.path)).toEqual([
      'runbooks/banking/connector-ledger-archive.md',
      'runbooks/banking/connector-accounts-cdc.md',
    ]);
    expect(plan.paths.filter((p) => p.kind === 'connector').map((p) => `${p.from.component} -> ${p.to.component}`)).toEqual([
      'vault -> banking-ledger-archive-111122223333',
      'accounts-db.sto.banking.internal:5432 -> vault',
    ]);
  });
});

describe('banking: the CDC source in banking-sto-connectors, after the topics stack', () => {
  const plan = planEstate(banking);
  const stacks = estateStacks(banking);
  const { synth, json } = synthJson(stacks.get('banking-sto-connectors')!);
  const sto = synthJson(stacks.get('banking-sto')!).json;
  const topics = synthJson(stacks.get('banking-sto-topics')!).json;

  it('plans the stack after the site stack and the topics stack that creates account-changes, from a hosted runner', () => {
    const s = plan.stacks.find((x) => x.id === 'banking-sto-connectors')!;
    expect(s).toMatchObject({ role: 'connectors', site: 'sto', runner: { kind: 'hosted' } });
    expect(s.dependsOn.map((d) => d.stack)).toEqual(expect.arrayContaining(['banking-sto', 'banking-sto-topics']));
    expect(plan.connectors.find((c) => c.id === 'accounts-cdc')!.stack).toBe('banking-sto-connectors');
    // The archive sink stays where its state is.
    expect(plan.connectors.find((c) => c.id === 'ledger-archive')!.stack).toBe('banking-sto');
    expect(stacks.get('banking-sto-connectors')!.dependencies.map((d) => d.node.id)).toEqual(
      expect.arrayContaining(['banking-sto', 'banking-sto-topics']),
    );
    expect(Object.values<any>(topics.resource.kafka_topic).map((t) => t.name)).toContain('account-changes');
  });

  it('finds the cluster, its key, the subnets and the brokers’ group by planned names, with no reference to another stack', () => {
    expect(json.data.aws_msk_cluster).toEqual({ 'vault-cluster': expect.objectContaining({ cluster_name: 'banking-sto-vault' }) });
    expect(Object.values<any>(json.data.aws_kms_key)[0].key_id).toBe('alias/banking-sto-vault');
    expect(Object.values<any>(json.data.aws_security_group)[0].name).toBe('banking-sto-brokers');
    // Exactly the Name tags the site stack gives its private subnets, and the brokers' group it builds.
    const subnetNames = Object.values<any>(sto.resource.aws_subnet).map((s) => s.tags.Name);
    expect(subnetNames).toEqual(['banking-sto-private-0', 'banking-sto-private-1', 'banking-sto-private-2']);
    expect(Object.values<any>(json.data.aws_subnets)[0].filter).toEqual([{ name: 'tag:Name', values: subnetNames }]);
    expect(Object.values<any>(sto.resource.aws_security_group).map((g) => g.name)).toContain('banking-sto-brokers');
    expect(synth).not.toContain('terraform_remote_state');
  });

  it('runs Debezium PostgreSQL from the declared plugin, credentials by secret reference, routed to the declared topic', () => {
    expect(synth).toHaveResourceWithProperties(MskconnectCustomPlugin, {
      name: 'banking-accounts-cdc',
      description: `sha512:${'3'.repeat(128)}`,
    });
    const secret = 'arn:aws:secretsmanager:eu-north-1:111122223333:secret:banking/accounts-cdc-Q7mZ2k';
    expect(synth).toHaveResourceWithProperties(MskconnectConnector, {
      name: 'banking-accounts-cdc',
      connector_configuration: expect.objectContaining({
        'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
        'tasks.max': '1',
        'database.hostname': 'accounts-db.sto.banking.internal',
        'database.port': '5432',
        'database.dbname': 'accounts',
        'database.sslmode': 'require',
        'plugin.name': 'pgoutput',
        'slot.name': 'accounts_cdc',
        'transforms.route.topic.replacement': 'account-changes',
        'database.user': `$\${secretsmanager:${secret}:username}`,
        'database.password': `$\${secretsmanager:${secret}:password}`,
        'config.action.reload': 'none',
      }),
      capacity: { provisioned_capacity: { worker_count: 1, mcu_count: 1 } },
    });
    expect(synth).toHaveResourceWithProperties(MskconnectWorkerConfiguration, {
      properties_file_content: expect.stringContaining('config.providers.secretsmanager.param.region=eu-north-1'),
    });
  });

  it('grants WriteData on account-changes and MSK Connect’s own offsets topics only, and reads only its secret', () => {
    const statements = (Object.values<any>(json.data.aws_iam_policy_document)[0] as any).statement as any[];
    const topicsGrant = statements.find((s) => s.sid === 'Topics');
    expect(topicsGrant.actions).toEqual(['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData']);
    expect(topicsGrant.resources).toEqual([expect.stringMatching(/:topic\/"\)}\/account-changes$/)]);
    expect(statements.find((s) => s.sid === 'ConnectInternalTopics').resources).toEqual([
      expect.stringMatching(/__amazon_msk_connect_\*$/),
    ]);
    expect(statements.find((s) => s.sid === 'SystemSecret').resources).toEqual([
      'arn:aws:secretsmanager:eu-north-1:111122223333:secret:banking/accounts-cdc-Q7mZ2k',
    ]);
    expect(statements.map((s) => s.sid)).not.toContain('SinkObjects');
  });

  it('opens the workers’ group to the database subnets on 5432 only; the endpoints stay in the site stack', () => {
    const egress = Object.values<any>(json.resource.aws_vpc_security_group_egress_rule);
    expect(egress).toEqual([expect.objectContaining({ cidr_ipv4: '10.40.64.0/24', from_port: 5432, to_port: 5432, ip_protocol: 'tcp' })]);
    expect(json.resource.aws_vpc_endpoint).toBeUndefined();
    expect(Object.values<any>(sto.resource.aws_vpc_endpoint).map((e) => e.service_name)).toEqual(
      expect.arrayContaining(['com.amazonaws.eu-north-1.s3', 'com.amazonaws.eu-north-1.secretsmanager']),
    );
  });

  it('keeps one private-DNS Secrets Manager endpoint in the vault’s VPC (MirrorMaker’s), which admits the connector workers', () => {
    const secrets = Object.values<any>(sto.resource.aws_vpc_endpoint).filter((e) => String(e.service_name).endsWith('.secretsmanager'));
    expect(secrets).toEqual([expect.objectContaining({ private_dns_enabled: true })]);
    const admits = Object.values<any>(sto.resource.aws_vpc_security_group_ingress_rule).filter(
      (r) => r.from_port === 443 && r.security_group_id === secrets[0].security_group_ids[0],
    );
    expect(admits.map((r) => r.description).sort()).toEqual(['HTTPS from the MirrorMaker 2 workers', 'HTTPS from the connector workers']);
    expect(admits.find((r) => r.description === 'HTTPS from the connector workers').referenced_security_group_id).toMatch(
      /aws_security_group\.Network_Brokers_/,
    );
  });

  it('alarms on the source’s state and failed tasks (no lag: a source has no consumer group), with its runbook', () => {
    const alarms = Object.values<any>(sto.resource.aws_cloudwatch_metric_alarm).filter(
      (a) => a.dimensions?.ConnectorName === 'banking-accounts-cdc',
    );
    expect(alarms.map((a) => a.metric_name).sort()).toEqual(['ErroredTaskCount', 'RunningTaskCount']);
    const runbook = plan.files.find((f) => f.path === 'runbooks/banking/connector-accounts-cdc.md')!.content!;
    expect(runbook).toContain('stack banking-sto-connectors');
    expect(runbook).toContain('postgresql://accounts-db.sto.banking.internal:5432/accounts -> account-changes');
  });

  it('proves every flow of the source against the stacks that build it', () => {
    const flows = plan.flows.filter((f) => f.id.startsWith('connector accounts-cdc'));
    expect(flows.map((f) => f.id)).toEqual([
      'connector accounts-cdc: writes account-changes on vault',
      'connector accounts-cdc: reads postgresql://accounts-db.sto.banking.internal:5432/accounts',
      'connector accounts-cdc workers -> Secrets Manager',
    ]);
    const out = new Map([
      ['banking-sto', sto],
      ['banking-sto-connectors', json],
    ]);
    expect(unprovenFlows(flows, out)).toEqual([]);
    expect(flows[0].parts.authorization.needs).toEqual(
      expect.arrayContaining([
        {
          action: 'kafka-cluster:WriteData',
          resource: 'arn:{partition}:kafka:eu-north-1:{account}:topic/banking-sto-vault/{uuid}/account-changes',
        },
      ]),
    );
    // Without the egress rule the database flow has no network.
    const noEgress = JSON.parse(JSON.stringify(json));
    delete noEgress.resource.aws_vpc_security_group_egress_rule;
    expect(unprovenFlows(flows, new Map([...out, ['banking-sto-connectors', noEgress]])).map((p) => p.message)).toEqual([
      expect.stringMatching(/^flow "connector accounts-cdc: reads postgresql:.*" has no network in the output/),
    ]);
  });
});

describe('MskConnector', () => {
  const stack = Testing.synthScope((scope) => {
    new MskConnector(scope, 'cdc', {
      name: 'test-accounts-cdc',
      cluster: { arn: 'arn:aws:kafka:eu-north-1:111122223333:cluster/test/abc', bootstrapServers: 'b-1.test:9098' },
      subnetIds: ['subnet-1', 'subnet-2'],
      securityGroupIds: ['sg-1'],
      direction: 'source',
      connectorClass: 'io.debezium.connector.postgresql.PostgresConnector',
      topics: ['accounts-cdc'],
      config: { 'database.password': '$${secretsmanager:arn:aws:secretsmanager:eu-north-1:111122223333:secret:db-AbCdEf:password}' },
      plugin: { bucketArn: 'arn:aws:s3:::artifacts', fileKey: 'debezium.zip', sha512: 'b'.repeat(128), contentType: 'ZIP' },
      secretArn: 'arn:aws:secretsmanager:eu-north-1:111122223333:secret:db-AbCdEf',
      logKmsKeyArn: 'arn:aws:kms:eu-north-1:111122223333:key/1',
    });
  });

  it('reads the secret through the config provider of its region and may read only that secret', () => {
    expect(stack).toHaveResourceWithProperties(MskconnectWorkerConfiguration, {
      properties_file_content: expect.stringContaining('config.providers.secretsmanager.param.region=eu-north-1'),
    });
    const doc = JSON.parse(stack).data.aws_iam_policy_document;
    const statements = (Object.values(doc)[0] as any).statement;
    expect(statements.find((s: any) => s.sid === 'SystemSecret').resources).toEqual([
      'arn:aws:secretsmanager:eu-north-1:111122223333:secret:db-AbCdEf',
    ]);
    expect(statements.find((s: any) => s.sid === 'Topics').actions).toEqual(['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData']);
  });

  it('refuses secret-looking values, a bad digest and a dead-letter topic on a source', () => {
    expect(() =>
      Testing.synthScope((scope) => {
        new MskConnector(scope, 'bad', {
          name: 'x',
          cluster: { arn: 'arn:aws:kafka:eu-north-1:111122223333:cluster/test/abc', bootstrapServers: 'b-1.test:9098' },
          subnetIds: ['subnet-1'],
          securityGroupIds: ['sg-1'],
          direction: 'source',
          connectorClass: 'x.Y',
          topics: ['t'],
          deadLetterTopic: 'd',
          config: { 'database.password': 'hunter2' },
          plugin: { bucketArn: 'arn:aws:s3:::a', fileKey: 'p.zip', sha512: 'nope', contentType: 'ZIP' },
          logKmsKeyArn: 'k',
        });
      }),
    ).toThrow(
      /plugin.sha512 must be 128 hex digits[\s\S]*dead-letter topic is for sink connectors only[\s\S]*database.password look like secrets/,
    );
  });
});

describe('connector runtimes', () => {
  it('refuses a connector on a runtime this version does not build, instead of dropping it', () => {
    const unbuilt = Object.entries(CONNECTOR_BUILDERS)
      .filter(([, b]) => b === undefined)
      .map(([r]) => r);
    const env = {
      name: 'test',
      stage: 'dev',
      owner: 'platform',
      accounts: { gcp: { projectId: 'retail-proj-1' } },
      alerts: { page: { email: ['oncall@example.com'] } },
      sites: [{ id: 'hub', cloud: 'gcp', region: 'us-east1', cidr: '10.0.0.0/16' }],
      clusters: [{ id: 'main', kind: 'gcp-managed', sites: ['hub'] }],
      topics: [{ name: 'inventory', cluster: 'main', partitions: 6 }],
      connectors: [{ id: 'inv', cluster: 'main', type: 'gcs-sink', topics: ['inventory'], system: 'gs://inv/x/' }],
    };
    const p = problemsOf(env).filter((x) => /does not build yet/.test(x.message));
    expect(p.map((x) => x.path)).toEqual(unbuilt.includes('managed-kafka-connect') ? ['connectors[0]'] : []);
  });
});

describe('retail: the inventory lake on Managed Kafka Connect beside the hub', () => {
  const retail = envOf(readFileSync(join(__dirname, '../../environments/retail.yaml'), 'utf8'));
  const { json } = synthJson(estateStacks(retail).get('retail-hub')!);

  it('attaches a Connect cluster to the hub cluster and runs Google’s Cloud Storage sink on it', () => {
    const connector = Object.values(json.resource.google_managed_kafka_connector)[0] as any;
    expect(connector).toMatchObject({
      connector_id: 'retail-inventory-lake',
      configs: expect.objectContaining({
        'connector.class': 'io.aiven.kafka.connect.gcs.GcsSinkConnector',
        topics: 'inventory-global',
        'gcs.bucket.name': 'retail-inventory-lake',
        'errors.tolerance': 'all',
        'errors.deadletterqueue.topic.name': 'inventory-lake-dead-letters',
      }),
      task_restart_policy: { minimum_backoff: '60s', maximum_backoff: '1800s' },
    });
    const cluster = Object.values(json.resource.google_managed_kafka_connect_cluster)[0] as any;
    expect(cluster.kafka_cluster).toMatch(/google_managed_kafka_cluster\.hub/);
  });

  it('lets the service agent create objects in exactly the named bucket', () => {
    expect(Object.values(json.resource.google_storage_bucket_iam_member)).toEqual([
      expect.objectContaining({ bucket: 'retail-inventory-lake', role: 'roles/storage.objectCreator' }),
    ]);
  });
});

describe('retail: the Managed Kafka Connect sink alarms on its dead letters', () => {
  const text = readFileSync(join(__dirname, '../../environments/retail.yaml'), 'utf8');
  const { synth, json } = synthJson(estateStacks(envOf(text)).get('retail-hub')!);
  // The same sink stopping on a bad record instead: no dead-letter topic, so no cloud signal to alarm on.
  const data = parse(text);
  data.topics = data.topics.filter((t: any) => t.name !== 'inventory-lake-dead-letters');
  data.connectors[0].errors = { tolerance: 'none' };
  const stopping = synthJson(estateStacks(envOf(data)).get('retail-hub')!).json;

  it('leaves a sink without dead letters with no cloud alarm (the runbook watches it)', () => {
    const policies = Object.values(stopping.resource.google_monitoring_alert_policy as Record<string, any>);
    expect(policies.filter((x) => x.display_name.includes('inventory-lake'))).toEqual([]);
  });

  it('writes an alert policy on bytes into the dead-letter topic, to the ticket channel, with the runbook', () => {
    expect(synth).toHaveResourceWithProperties(MonitoringAlertPolicy, {
      display_name: 'retail-hub-inventory-lake-dlq-growth',
      severity: 'WARNING',
      notification_channels: [expect.stringMatching(/google_monitoring_notification_channel\.GcpAlerts_ticket-email-0/)],
      conditions: [
        expect.objectContaining({
          condition_threshold: expect.objectContaining({
            filter:
              'metric.type="managedkafka.googleapis.com/byte_in_count" AND resource.labels.cluster_id="retail-hub-hub" AND resource.labels.topic_id="inventory-lake-dead-letters"',
            comparison: 'COMPARISON_GT',
            threshold_value: 0,
            duration: '0s',
          }),
        }),
      ],
      documentation: expect.objectContaining({ content: expect.stringContaining('Runbook: runbooks/retail/connector-inventory-lake.md') }),
    });
    // Only the signal Google's metrics can be cited for: no policy on a guessed Connect metric type.
    const connectorPolicies = Object.values(json.resource.google_monitoring_alert_policy as Record<string, any>).filter((x) =>
      x.display_name.includes('inventory-lake'),
    );
    expect(connectorPolicies).toHaveLength(1);
  });
});

describe('automotive: sensor readings captured into the data lake by Event Hubs Capture', () => {
  const automotive = envOf(readFileSync(join(__dirname, '../../environments/automotive.yaml'), 'utf8'));
  const { synth, json } = synthJson(estateStacks(automotive).get('automotive-weu')!);

  it('turns on capture_description on the named hubs only, into the declared container and folder', () => {
    const hubs = Object.values(json.resource.azurerm_eventhub) as any[];
    const captured = hubs.filter((h) => h.capture_description);
    expect(captured.map((h) => h.name).sort()).toEqual(['plant-leipzig.sensor-readings', 'sensor-readings']);
    expect(captured[0].capture_description).toEqual({
      enabled: true,
      encoding: 'Avro',
      interval_in_seconds: 300,
      size_limit_in_bytes: 314572800,
      skip_empty_archives: true,
      destination: {
        name: 'EventHubArchive.AzureBlockBlob',
        archive_name_format: 'sensor-readings/{Namespace}/{EventHub}/{PartitionId}/{Year}/{Month}/{Day}/{Hour}/{Minute}/{Second}',
        blob_container_name: expect.stringContaining('azurerm_storage_container.connector-readings-lake_Container'),
        storage_account_id: expect.stringContaining('azurerm_storage_account.connector-readings-lake'),
      },
    });
  });

  it('creates a Data Lake account that denies public traffic but trusted services, read over a private endpoint', () => {
    expect(synth).toHaveResourceWithProperties(StorageAccount, {
      name: 'automotiveiiotlake',
      is_hns_enabled: true,
      min_tls_version: 'TLS1_2',
      allow_nested_items_to_be_public: false,
      network_rules: expect.objectContaining({ default_action: 'Deny', bypass: ['AzureServices'], ip_rules: [] }),
      lifecycle: { prevent_destroy: true },
    });
    expect(synth).toHaveResourceWithProperties(PrivateEndpoint, {
      name: 'automotiveiiotlake-blob-pe',
      private_service_connection: expect.objectContaining({ subresource_names: ['blob'] }),
    });
    expect(synth).toHaveResourceWithProperties(PrivateDnsZone, { name: 'privatelink.blob.core.windows.net' });
  });

  it('alarms when Capture stops writing and when its backlog outgrows the lag budget at the hub’s rate', () => {
    const alerts = Object.values(json.resource.azurerm_monitor_metric_alert) as any[];
    const criteria = (name: string) => alerts.find((a) => a.criteria?.[0]?.metric_name === name);
    expect(criteria('CapturedMessages')).toMatchObject({
      window_size: 'PT15M',
      criteria: [expect.objectContaining({ metric_namespace: 'Microsoft.EventHub/namespaces', operator: 'LessThan', threshold: 1 })],
      description: expect.stringContaining('runbooks/automotive/connector-readings-lake.md'),
    });
    // RPO 0 of telemetry: its RTO of 5 minutes, at the plants' 6,000 events/s.
    expect(criteria('CaptureBacklog').criteria[0]).toMatchObject({
      aggregation: 'Maximum',
      operator: 'GreaterThan',
      threshold: 300 * 6000,
      dimension: [expect.objectContaining({ name: 'EntityName', values: ['sensor-readings', 'plant-leipzig.sensor-readings'] })],
    });
  });

  it("grants the namespace's identity Storage Blob Data Contributor on the container, not the account", () => {
    const grants = (Object.values(json.resource.azurerm_role_assignment) as any[]).filter(
      (r) => r.role_definition_name === 'Storage Blob Data Contributor',
    );
    expect(grants).toHaveLength(1);
    expect(grants[0].scope).toMatch(/azurerm_storage_container\.connector-readings-lake_Container/);
    expect(grants[0].principal_id).toMatch(/azurerm_user_assigned_identity\.iiot_Identity/);
  });
});

describe('Event Hubs Capture declarations', () => {
  const env = () => {
    const e = baseEnv();
    e.sites = [{ id: 'weu', cloud: 'azure', region: 'westeurope', cidr: '10.60.0.0/16' }];
    e.accounts = { azure: { subscriptionId: '00000000-0000-4000-8000-000000000000', deployerCidrs: ['203.0.113.0/28'] } };
    e.clusters = [{ id: 'iiot', kind: 'event-hubs', sites: ['weu'] }];
    e.topicGroups = [];
    e.topics = [{ name: 'readings', cluster: 'iiot', partitions: 4 }];
    e.connectors = [
      {
        id: 'lake',
        cluster: 'iiot',
        type: 'azure-storage-sink',
        topics: ['readings'],
        system: 'abfss://raw@lakeacct.dfs.core.windows.net/x',
      },
    ];
    return e;
  };

  it('accepts a container URL (abfss or blob https)', () => {
    expect(problemsOf(env()).filter((p) => p.severity !== 'warning')).toEqual([]);
    const blob = env();
    blob.connectors[0].system = 'https://lakeacct.blob.core.windows.net/raw/x';
    expect(problemsOf(blob).filter((p) => p.severity !== 'warning')).toEqual([]);
  });

  it('refuses a URL without a container, and a dead-letter topic Capture cannot write', () => {
    const e = env();
    e.connectors[0].system = 'https://api.example.com/ingest';
    e.connectors[0].errors = { tolerance: 'all', deadLetterTopic: 'readings' };
    const p = problemsOf(e);
    expect(p.find((x) => x.path === 'connectors[0].system')?.message).toMatch(/Capture writes to a container/);
    expect(p.find((x) => x.path === 'connectors[0].errors')?.fix).toMatch(/remove errors/);
  });
});

describe('public sector: connectors at field stations on Strimzi KafkaConnect', () => {
  const pubsec = envOf(readFileSync(join(__dirname, '../../environments/public-sector.yaml'), 'utf8'));
  const plan = planEstate(pubsec);
  const manifestsAt = (site: string) =>
    new EdgeSite(
      Testing.app(),
      site,
      edgeSiteProps(
        plan.edgeSites.find((e) => e.site === site)!,
        plan.connectors,
      ),
    ).manifests;
  const north = manifestsAt('fs-north');
  const of = <K extends string>(ms: readonly { kind: string }[], kind: K) => ms.filter((m) => m.kind === kind) as any[];

  it('builds a Connect image per connector from its plugin, verified by SHA-512, pushed to the site registry', () => {
    const [connect] = of(north, 'KafkaConnect');
    expect(connect.metadata).toMatchObject({
      name: 'connect-fs-north-archive',
      annotations: { 'strimzi.io/use-connector-resources': 'true' },
    });
    expect(connect.spec).toMatchObject({
      bootstrapServers: 'fs-north-kafka-bootstrap.kafka.svc:9093',
      groupId: 'connect-fs-north-archive-workers',
      configStorageTopic: 'connect-fs-north-archive-configs',
      authentication: { type: 'scram-sha-512', username: 'connect-pubsec-fs-north-archive' },
      build: {
        output: { type: 'docker', image: 'registry.field.pubsec.internal:5000/kafka/connect-fs-north-archive:3333333333333333' },
        plugins: [
          {
            name: 's3-sink',
            artifacts: [
              {
                type: 'zip',
                url: 'https://artifacts.field.pubsec.internal/kafka-connect/confluentinc-kafka-connect-s3-10.5.13.zip',
                sha512sum: '3'.repeat(128),
              },
            ],
          },
        ],
      },
    });
    for (const m of north) expect(missingRequiredFields(m as never)).toEqual([]);
  });

  it('runs the archive as a KafkaConnector bound to its Connect, credentials read from the mounted secret', () => {
    const [connector] = of(north, 'KafkaConnector');
    expect(connector.metadata.labels['strimzi.io/cluster']).toBe('connect-fs-north-archive');
    expect(connector.spec).toMatchObject({ class: 'io.confluent.connect.s3.S3SinkConnector', tasksMax: 1, autoRestart: { enabled: true } });
    expect(connector.spec.config).toMatchObject({
      topics: 'incident-reports',
      'errors.tolerance': 'none',
      's3.bucket.name': 'pubsec-field-archive-444455556666',
      'topics.dir': 'fs-north',
      // Committed at least every 10 minutes while records flow, which the hub's write alarm relies on.
      'rotate.schedule.interval.ms': '600000',
      timezone: 'UTC',
      'aws.access.key.id': '${directory:/opt/kafka/connector-secrets/field-archive-aws:access-key-id}',
      'aws.secret.access.key': '${directory:/opt/kafka/connector-secrets/field-archive-aws:secret-access-key}',
    });
    const [connect] = of(north, 'KafkaConnect');
    expect(connect.spec.template.pod.volumes).toEqual([{ name: 'connector-secret', secret: { secretName: 'field-archive-aws' } }]);
  });

  it('lets the connector principal read its topic and use its own state topics and groups, nothing more', () => {
    const user = of(north, 'KafkaUser').find((u) => u.metadata.name === 'connect-pubsec-fs-north-archive');
    expect(user.metadata.labels['strimzi.io/cluster']).toBe('fs-north');
    expect(user.spec.authorization.acls).toEqual([
      { resource: { type: 'topic', name: 'incident-reports', patternType: 'literal' }, operations: ['Read', 'Describe'] },
      ...['configs', 'offsets', 'status'].map((t) => ({
        resource: { type: 'topic', name: `connect-fs-north-archive-${t}`, patternType: 'literal' },
        operations: ['Read', 'Write', 'Create', 'Describe', 'DescribeConfigs'],
      })),
      { resource: { type: 'group', name: 'connect-fs-north-archive-workers', patternType: 'literal' }, operations: ['Read', 'Describe'] },
      { resource: { type: 'group', name: 'connect-fs-north-archive', patternType: 'literal' }, operations: ['Read', 'Describe'] },
    ]);
  });

  it('runs the MQTT source at the coastal post, writing sensor-readings; other sites run no Connect', () => {
    const coast = manifestsAt('fs-coast');
    const [connector] = of(coast, 'KafkaConnector');
    expect(connector.spec.class).toBe('io.lenses.streamreactor.connect.mqtt.source.MqttSourceConnector');
    expect(connector.spec.config).toMatchObject({
      'connect.mqtt.hosts': 'ssl://mqtt.fs-coast.field.pubsec.internal:8883',
      'connect.mqtt.kcql': expect.stringMatching(/^INSERT INTO sensor-readings SELECT \* FROM sensors\/#/),
      'connect.mqtt.password': '${directory:/opt/kafka/connector-secrets/coast-mqtt:password}',
    });
    expect(of(coast, 'KafkaUser').find((u) => u.metadata.name === 'connect-pubsec-fs-coast-mqtt').spec.authorization.acls[0]).toEqual({
      resource: { type: 'topic', name: 'sensor-readings', patternType: 'literal' },
      operations: ['Write', 'Describe'],
    });
    expect(of(manifestsAt('bp-ridge'), 'KafkaConnect')).toEqual([]);
  });

  it('plans the archive to catch up inside the retention, and writes its runbook into the fleet stack', () => {
    const c = plan.connectors.find((x) => x.id === 'fs-north-archive')!;
    expect(c).toMatchObject({ runtime: 'strimzi-connect', stack: 'pubsec-field-aws', consumerGroup: 'connect-fs-north-archive' });
    const site = plan.edgeSites.find((e) => e.site === 'fs-north')!;
    expect(c.catchUp!.offlineWindowSeconds + c.catchUp!.seconds!).toBeLessThan(site.retentionSeconds);
    const fleet = estateStacks(pubsec).get('pubsec-field-aws')!;
    Testing.synth(fleet, true);
    expect(fleet.node.tryFindChild('runbook-connector-fs-north-archive')).toBeDefined();
    expect(plan.files.find((f) => f.path === c.runbook)?.content).toMatch(/drain in about .*local retention covers the window/);
  });
});

describe('public sector: the field stations’ connectors are watched at the AWS hub', () => {
  const pubsec = envOf(readFileSync(join(__dirname, '../../environments/public-sector.yaml'), 'utf8'));
  const { synth, json } = synthJson(estateStacks(pubsec).get('pubsec-hub-aws')!);
  const alarms = Object.values(json.resource.aws_cloudwatch_metric_alarm as Record<string, any>);

  it('pages when sensor-readings stop reaching the hub while the post’s checkpoints still do', () => {
    const a = alarms.find((x) => x.alarm_name === 'pubsec-hub-aws-fs-coast-mqtt-silent');
    expect(a).toMatchObject({
      comparison_operator: 'LessThanOrEqualToThreshold',
      threshold: 0,
      evaluation_periods: 3,
      treat_missing_data: 'notBreaching',
      alarm_actions: [expect.stringMatching(/aws_sns_topic\.Alerts_Page_.*\.arn/)],
    });
    expect(a.metric_query[0]).toMatchObject({ expression: 'IF(SUM([g1,g2,g3]) > 0, SUM(FILL([t1,t2,t3], 0)), 1)', return_data: true });
    const topics = (a.metric_query as any[]).slice(1).map((q) => [q.id, q.metric.dimensions.Topic, q.metric.period]);
    expect(topics).toEqual([
      ['g1', 'fs-coast.checkpoints.internal', 300],
      ['g2', 'fs-coast.checkpoints.internal', 300],
      ['g3', 'fs-coast.checkpoints.internal', 300],
      ['t1', 'fs-coast.sensor-readings', 300],
      ['t2', 'fs-coast.sensor-readings', 300],
      ['t3', 'fs-coast.sensor-readings', 300],
    ]);
    expect(a.alarm_description).toMatch(/Runbook: runbooks\/pubsec\/connector-fs-coast-mqtt\.md/);
  });

  it('tickets when the northern archive writes nothing under its prefix while incident-reports reach the hub', () => {
    expect(synth).toHaveResourceWithProperties(S3BucketMetric, {
      bucket: 'pubsec-field-archive-444455556666',
      name: 'pubsec-fs-north-archive',
      filter: { prefix: 'fs-north/' },
    });
    const a = alarms.find((x) => x.alarm_name === 'pubsec-hub-aws-fs-north-archive-not-writing');
    expect(a).toMatchObject({
      comparison_operator: 'LessThanOrEqualToThreshold',
      threshold: 0,
      evaluation_periods: 2,
      treat_missing_data: 'notBreaching',
      alarm_actions: [expect.stringMatching(/aws_sns_topic\.Alerts_Ticket_.*\.arn/)],
    });
    expect(a.metric_query[0].expression).toBe('IF(SUM([g1,g2,g3]) > 0, SUM(FILL([w1,w2], 0)), 1)');
    const queries = (a.metric_query as any[]).slice(1).map((q) => [q.id, q.metric.namespace, q.metric.metric_name, q.metric.period]);
    expect(queries).toEqual([
      ['g1', 'AWS/Kafka', 'BytesInPerSec', 900],
      ['g2', 'AWS/Kafka', 'BytesInPerSec', 900],
      ['g3', 'AWS/Kafka', 'BytesInPerSec', 900],
      ['w1', 'AWS/S3', 'PutRequests', 900],
      ['w2', 'AWS/S3', 'PostRequests', 900],
    ]);
    expect(a.metric_query[4].metric.dimensions).toEqual({
      BucketName: 'pubsec-field-archive-444455556666',
      FilterId: 'pubsec-fs-north-archive',
    });
  });
});

describe('Strimzi connectors applied directly', () => {
  it('escapes config-provider placeholders so Terraform passes them to the site unresolved', () => {
    const env = fleetEnv([{ id: 'store-1', delivery: 'direct', kubeApi: 'https://10.60.1.10:6443' }], {
      connectRegistry: 'registry.ships.internal:5000/kafka',
    });
    env.sites.push({ id: 'store-1', cloud: 'edge', region: 'Miami', role: 'edge', cidr: '10.60.1.0/24' });
    env.connectors = [
      {
        id: 'pos-cdc',
        edgeSite: 'store-1',
        type: 'debezium-postgres-source',
        topics: ['pos.journal'],
        system: 'postgresql://pos-db.store.internal:5432/pos',
        credentials: { secret: 'pos-db-credentials' },
        plugin: { location: 'https://artifacts.example.com/debezium-postgres-3.1.2.tgz', sha512: 'a'.repeat(128) },
      },
    ];
    const { json } = synthJson(estateStacks(envOf(env)).get('test-store-1')!);
    const connector = (Object.values(json.resource.kubernetes_manifest) as any[]).find((m) => m.manifest.kind === 'KafkaConnector');
    expect(connector.manifest.spec.config['database.password']).toBe(
      '$${directory:/opt/kafka/connector-secrets/pos-db-credentials:password}',
    );
  });
});

describe('connectors are flows, proven against what the stacks synthesize', () => {
  const bankingPlan = planEstate(banking);
  const sto = synthJson(estateStacks(banking).get('banking-sto')!).json;
  const automotive = envOf(readFileSync(join(__dirname, '../../environments/automotive.yaml'), 'utf8'));
  const autoPlan = planEstate(automotive);
  const weu = synthJson(estateStacks(automotive).get('automotive-weu')!).json;
  const flowsOf = (plan: typeof bankingPlan, id: string) => plan.flows.filter((f) => f.id.startsWith(`connector ${id}:`));
  /** The stack without the blocks `drop` picks. */
  const without = (json: any, drop: (type: string, block: any) => boolean) => {
    const copy = JSON.parse(JSON.stringify(json));
    for (const [type, blocks] of Object.entries<any>(copy.resource))
      for (const [n, b] of Object.entries<any>(blocks)) if (drop(type, b)) delete blocks[n];
    return copy;
  };

  it('plans the MSK Connect archive as its read of the vault and its writes to the bucket, each part proven', () => {
    const flows = flowsOf(bankingPlan, 'ledger-archive');
    expect(flows.map((f) => f.id)).toEqual([
      'connector ledger-archive: reads ledger on vault',
      'connector ledger-archive: writes s3://banking-ledger-archive-111122223333/ledger/',
    ]);
    expect(flowProblems(flows)).toEqual([]);
    expect(unprovenFlows(flows, new Map([['banking-sto', sto]]))).toEqual([]);
    expect(flows[0].parts.authorization.needs).toEqual(
      expect.arrayContaining([
        { action: 'kafka-cluster:ReadData', resource: 'arn:{partition}:kafka:eu-north-1:{account}:topic/banking-sto-vault/{uuid}/ledger' },
        {
          action: 'kafka-cluster:AlterGroup',
          resource: 'arn:{partition}:kafka:eu-north-1:{account}:group/banking-sto-vault/{uuid}/connect-banking-ledger-archive',
        },
      ]),
    );
  });

  it('fails naming the flow and the part when the S3 endpoint is gone', () => {
    const stacks = new Map([
      ['banking-sto', without(sto, (type, b) => type === 'aws_vpc_endpoint' && String(b.service_name).endsWith('.s3'))],
    ]);
    expect(unprovenFlows(flowsOf(bankingPlan, 'ledger-archive'), stacks).map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^flow "connector ledger-archive: writes s3:\/\/banking-ledger-archive-111122223333\/ledger\/" has no network in the output/,
      ),
    ]);
  });

  it('plans Event Hubs Capture into the lake, and fails naming it when the container grant is gone', () => {
    const flows = flowsOf(autoPlan, 'readings-lake');
    expect(flows.map((f) => f.id)).toEqual([
      'connector readings-lake: Event Hubs Capture of sensor-readings, plant-leipzig.sensor-readings -> automotiveiiotlake/telemetry',
    ]);
    expect(unprovenFlows(flows, new Map([['automotive-weu', weu]]))).toEqual([]);
    const stacks = new Map([
      [
        'automotive-weu',
        without(weu, (type, b) => type === 'azurerm_role_assignment' && b.role_definition_name === 'Storage Blob Data Contributor'),
      ],
    ]);
    expect(unprovenFlows(flows, stacks).map((p) => p.message)).toEqual([
      expect.stringMatching(/^flow "connector readings-lake: Event Hubs Capture .*" has no authorization in the output/),
    ]);
  });

  it('plans each field-station connector as its Kafka, its system and its plugin fetch, the site parts named as the site’s', () => {
    const pubsec = planEstate(envOf(readFileSync(join(__dirname, '../../environments/public-sector.yaml'), 'utf8')));
    const flows = flowsOf(pubsec, 'fs-north-archive');
    expect(flows.map((f) => f.id)).toEqual([
      'connector fs-north-archive: reads incident-reports on edge site fs-north',
      'connector fs-north-archive: writes s3://pubsec-field-archive-444455556666/fs-north/',
      'connector fs-north-archive: the Connect build at fs-north fetches its plugin',
    ]);
    expect(flowProblems(flows)).toEqual([]);
    expect(flows[0].parts.authorization.outside).toMatch(/GitOps agent/);
    expect(flows[1].parts.network.says).toMatch(/offline window/);
  });
});
