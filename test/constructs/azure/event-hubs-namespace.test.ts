import { Eventhub } from '@cdktf/provider-azurerm/lib/eventhub';
import { EventhubConsumerGroup } from '@cdktf/provider-azurerm/lib/eventhub-consumer-group';
import { EventhubNamespace } from '@cdktf/provider-azurerm/lib/eventhub-namespace';
import { EventhubNamespaceCustomerManagedKey } from '@cdktf/provider-azurerm/lib/eventhub-namespace-customer-managed-key';
import { KeyVaultKey } from '@cdktf/provider-azurerm/lib/key-vault-key';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { Testing, TerraformStack } from 'cdktf';
import { EventHubsNamespace, type EventHubsNamespaceProps } from '../../../constructs/azure/event-hubs-namespace';
import { DataLakeArchive } from '../../../constructs/azure/data-lake-archive';

const base: EventHubsNamespaceProps = {
  namespaceName: 'auto-weu-iiot',
  location: 'westeurope',
  resourceGroupName: 'auto-weu-rg',
  capacity: 2,
  maxThroughputUnits: 4,
  logAnalyticsWorkspaceId: '/subscriptions/x/workspaces/logs',
  privateEndpoint: { subnetId: '/subnets/endpoints', privateDnsZoneId: '/zones/servicebus' },
  hubs: [
    { name: 'sensor-readings', partitions: 32, retentionHours: 168, consumerGroups: ['dashboard'] },
    { name: 'anomalies', partitions: 4, retentionHours: 24 },
  ],
};

function build(props: Partial<EventHubsNamespaceProps> = {}) {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  const ns = new EventHubsNamespace(stack, 'iiot', { ...base, ...props });
  return { ns, synth: Testing.synth(stack, true) };
}

describe('EventHubsNamespace (standard)', () => {
  const { ns, synth } = build();

  it('is hardened: TLS 1.2, no SAS keys, no public network, deny-all firewall, protected', () => {
    expect(synth).toHaveResourceWithProperties(EventhubNamespace, {
      name: 'auto-weu-iiot',
      sku: 'Standard',
      capacity: 2,
      auto_inflate_enabled: true,
      maximum_throughput_units: 4,
      minimum_tls_version: '1.2',
      local_authentication_enabled: false,
      public_network_access_enabled: false,
      network_rulesets: [expect.objectContaining({ default_action: 'Deny', trusted_service_access_enabled: false, ip_rule: [] })],
      lifecycle: { prevent_destroy: true },
    });
  });
  it('has one protected hub per topic with partitions and retention', () => {
    expect(synth).toHaveResourceWithProperties(Eventhub, {
      name: 'sensor-readings',
      partition_count: 32,
      retention_description: { cleanup_policy: 'Delete', retention_time_in_hours: 168 },
      lifecycle: { prevent_destroy: true },
    });
    expect(Object.keys(ns.hubs)).toEqual(['sensor-readings', 'anomalies']);
  });
  it('has a consumer group per consuming application', () => {
    expect(synth).toHaveResourceWithProperties(EventhubConsumerGroup, { name: 'dashboard' });
  });
  it('has a private endpoint on the namespace sub-resource', () => {
    expect(synth).toHaveResourceWithProperties(PrivateEndpoint, {
      subnet_id: '/subnets/endpoints',
      private_service_connection: expect.objectContaining({ subresource_names: ['namespace'], is_manual_connection: false }),
    });
  });
  it('ships all logs and metrics to Log Analytics', () => {
    expect(synth).toHaveResourceWithProperties(MonitorDiagnosticSetting, {
      log_analytics_workspace_id: '/subscriptions/x/workspaces/logs',
      enabled_log: expect.arrayContaining([{ category_group: 'allLogs' }]),
    });
  });
  it('has no customer-managed key on standard', () => {
    expect(synth).not.toHaveResource(EventhubNamespaceCustomerManagedKey);
  });
  it('exposes the Kafka bootstrap', () => {
    expect(ns.kafkaBootstrap).toBe('auto-weu-iiot.servicebus.windows.net:9093');
  });
});

describe('EventHubsNamespace (premium)', () => {
  const { ns, synth } = build({ tier: 'premium', capacity: 1, maxThroughputUnits: undefined, networkAccess: 'trusted-services' });

  it('encrypts with a rotating Key Vault key through a user-assigned identity', () => {
    expect(synth).toHaveResourceWithProperties(KeyVaultKey, {
      key_type: 'RSA-HSM',
      rotation_policy: expect.objectContaining({ automatic: { time_before_expiry: 'P30D' }, expire_after: 'P1Y' }),
      lifecycle: { prevent_destroy: true, ignore_changes: ['expiration_date'] },
      expiration_date: expect.stringContaining('timeadd(timestamp()'),
    });
    expect(synth).toHaveResourceWithProperties(EventhubNamespaceCustomerManagedKey, { infrastructure_encryption_enabled: true });
    expect(synth).toHaveResourceWithProperties(RoleAssignment, { role_definition_name: 'Key Vault Crypto Service Encryption User' });
    expect(synth).toHaveResourceWithProperties(EventhubNamespace, {
      sku: 'Premium',
      identity: expect.objectContaining({ type: 'UserAssigned' }),
      auto_inflate_enabled: false,
    });
    expect(ns.key).toBeDefined();
  });
  it('admits trusted Azure services, still with public access off and no IP rule', () => {
    expect(synth).toHaveResourceWithProperties(EventhubNamespace, {
      public_network_access_enabled: false,
      network_rulesets: [expect.objectContaining({ default_action: 'Deny', trusted_service_access_enabled: true, ip_rule: [] })],
    });
  });
});

describe('EventHubsNamespace validation', () => {
  const fails = (props: Partial<EventHubsNamespaceProps>, re: RegExp) => expect(() => build(props)).toThrow(re);
  it('fails a standard capacity above 40', () => fails({ capacity: 41 }, /capacity must be one of 1 to 40 on standard, got 41/));
  it('fails a premium capacity of 3', () =>
    fails({ tier: 'premium', capacity: 3, maxThroughputUnits: undefined }, /capacity must be one of 1, 2, 4, 8, 16 on premium, got 3/));
  it('fails auto-inflate on premium', () => fails({ tier: 'premium', capacity: 1 }, /maxThroughputUnits applies to standard only/));
  it('fails an inflate ceiling below capacity', () => fails({ maxThroughputUnits: 1 }, /maxThroughputUnits must be 2 to 40/));
  it('fails a customer-managed key on standard', () =>
    fails({ customerManagedKey: true }, /customerManagedKey needs tier premium, got standard/));
  it('fails 33 partitions on standard', () =>
    fails({ hubs: [{ name: 'x', partitions: 33, retentionHours: 1 }] }, /hub "x" partitions must be 1 to 32 on standard, got 33/));
  it('fails 8 days of retention on standard', () =>
    fails({ hubs: [{ name: 'x', partitions: 1, retentionHours: 192 }] }, /retentionHours must be 1 to 168 on standard, got 192/));
  it('fails a duplicate hub', () =>
    fails(
      {
        hubs: [
          { name: 'x', partitions: 1, retentionHours: 1 },
          { name: 'x', partitions: 1, retentionHours: 1 },
        ],
      },
      /hub "x" is declared twice/,
    ));
  it('fails a private-only namespace without a private endpoint', () =>
    fails({ privateEndpoint: undefined }, /unreachable; pass privateEndpoint or use trusted-services/));
  it('fails a grant on an undeclared hub', () => {
    const { ns } = build();
    expect(() => ns.grant('nope', '00000000-0000-4000-8000-000000000000', 'send', 'plant')).toThrow(
      /no hub "nope"; declared: sensor-readings, anomalies/,
    );
  });
});

describe('EventHubsNamespace capture', () => {
  const at = () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    new AzurermProvider(stack, 'azurerm', { features: [{}] });
    return new EventHubsNamespace(stack, 'iiot', base);
  };
  const to = { storageAccountId: '/accounts/lake', containerName: 'raw' };

  it('refuses windows outside the service limits and a blob name missing a part', () => {
    expect(() => at().capture('sensor-readings', { ...to, intervalSeconds: 30 })).toThrow(/interval must be 60 to 900 seconds, got 30/);
    expect(() => at().capture('sensor-readings', { ...to, sizeLimitBytes: 1024 })).toThrow(/size limit must be 10485760 to 524288000/);
    expect(() => at().capture('sensor-readings', { ...to, archiveNameFormat: '{Namespace}/{EventHub}/{Year}' })).toThrow(
      /lacks \{PartitionId\}, \{Month\}/,
    );
    expect(() => at().capture('nope', to)).toThrow(/no hub "nope"/);
  });
});

describe('DataLakeArchive', () => {
  it('refuses account and container names Azure would reject', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    expect(
      () =>
        new DataLakeArchive(stack, 'lake', {
          accountName: 'Has-Dashes',
          containerName: 'a',
          location: 'westeurope',
          resourceGroupName: 'rg',
          writerPrincipalId: 'p',
        }),
    ).toThrow(/accountName "Has-Dashes" must be 3-24 lowercase[\s\S]*containerName "a" must be 3-63/);
  });
});
