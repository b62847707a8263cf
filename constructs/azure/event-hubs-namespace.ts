import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { Eventhub } from '@cdktf/provider-azurerm/lib/eventhub';
import { EventhubConsumerGroup } from '@cdktf/provider-azurerm/lib/eventhub-consumer-group';
import { EventhubNamespace } from '@cdktf/provider-azurerm/lib/eventhub-namespace';
import { EventhubNamespaceCustomerManagedKey } from '@cdktf/provider-azurerm/lib/eventhub-namespace-customer-managed-key';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { KeyVaultKey } from '@cdktf/provider-azurerm/lib/key-vault-key';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { CAPTURE_WINDOW_SECONDS, EVENT_HUBS_TIERS, STANDARD_MAX_THROUGHPUT_UNITS, type EventHubsTier } from '../kinds/event-hubs/facts';
import { compactName, resourceName } from '../model/naming';
import { ConstructError } from '../construct-error';
import { suppress } from '../policy';
import { FIRST_VERSION_EXPIRY, PRIVATE_VAULT, vaultPrivateEndpoint, type VaultEndpoint } from './private-vault';

/** One event hub (a Kafka topic on the namespace's Kafka endpoint). */
export interface EventHubSpec {
  /** Hub name = Kafka topic name. Part of the Terraform address; never renamed. */
  readonly name: string;
  readonly partitions: number;
  /** Hours records are kept (tier maximum: standard 168, premium 2160). */
  readonly retentionHours: number;
  /** Consumer groups (one per consuming application) besides $Default. @default none */
  readonly consumerGroups?: readonly string[];
}

/** Where Capture writes one hub's events. */
export interface EventHubCapture {
  readonly storageAccountId: string;
  readonly containerName: string;
  /**
   * Blob names; every part of CAPTURE_NAME_PARTS must appear.
   * @default CAPTURE_ARCHIVE_NAME
   */
  readonly archiveNameFormat?: string;
  /** Time window of a file. @default 300 */
  readonly intervalSeconds?: number;
  /** Size window of a file. @default 314572800 (300 MiB) */
  readonly sizeLimitBytes?: number;
}

/**
 * Capture's windows: 60 to 900 seconds, 10 MiB to 500 MiB (Event Hubs REST API
 * CaptureDescription intervalInSeconds, sizeLimitInBytes); the portal's defaults are 5
 * minutes and 300 MiB.
 * @see https://learn.microsoft.com/rest/api/eventhub/event-hubs/create-or-update#capturedescription
 */
export const CAPTURE_LIMITS = {
  minIntervalSeconds: 60,
  maxIntervalSeconds: 900,
  defaultIntervalSeconds: CAPTURE_WINDOW_SECONDS,
  minSizeLimitBytes: 10_485_760,
  maxSizeLimitBytes: 524_288_000,
  defaultSizeLimitBytes: 314_572_800,
} as const;

/** Parts a capture blob name must hold, all of them, in any order (Destination.archiveNameFormat). */
export const CAPTURE_NAME_PARTS = ['Namespace', 'EventHub', 'PartitionId', 'Year', 'Month', 'Day', 'Hour', 'Minute', 'Second'] as const;

/** The service's documented example format. */
export const CAPTURE_ARCHIVE_NAME = CAPTURE_NAME_PARTS.map((p) => `{${p}}`).join('/');

export type EventHubsNetworkAccess = 'private-only' | 'trusted-services';

/** A Key Vault key a team already has, for customer-managed encryption. */
export interface EventHubsEncryptionKey {
  /**
   * Versionless key id (`https://<vault>.vault.azure.net/keys/<name>`, a KeyVaultKey's
   * `versionlessId`), so the namespace follows the key's rotation. The vault needs purge
   * protection (Event Hubs refuses a key that can be purged).
   */
  readonly versionlessId: string;
  /**
   * Resource id of the key or its vault (a KeyVaultKey's `resourceVersionlessId`, a
   * KeyVault's `id`); the namespace's identity is granted Key Vault Crypto Service
   * Encryption User there, which is what Event Hubs needs with RBAC vaults.
   */
  readonly grantScope: string;
}

export interface EventHubsNamespaceProps {
  /**
   * Name of the namespace, 6 to 50 letters, digits and dashes (globally unique: it is the
   * `<name>.servicebus.windows.net` host). Also names its key vault, key, identity and
   * private endpoint.
   */
  readonly namespaceName: string;
  /** Azure region, such as westeurope. */
  readonly location: string;
  /** Existing resource group every resource goes in. */
  readonly resourceGroupName: string;
  /** @default standard */
  readonly tier?: EventHubsTier;
  /** Throughput units (standard, 1-40) or processing units (premium, 1/2/4/8/16). @default 1 */
  readonly capacity?: number;
  /** Auto-inflate ceiling in throughput units (standard only). @default capacity (no inflation) */
  readonly maxThroughputUnits?: number;
  /**
   * Allow SAS keys besides Entra ID. Off, clients authenticate with Entra ID
   * (OAUTHBEARER on the Kafka endpoint) and managed identities only.
   * @default false
   */
  readonly localAuth?: boolean;
  /**
   * Why a prod namespace allows SAS keys (the hub of an edge fleet: its sites outside Azure
   * sign in with send-only rules); waives KAF-010 with this reason. @default none
   */
  readonly localAuthReason?: string;
  /**
   * Public network access is always off and no IP rule is ever added. `private-only`:
   * reachable only through the private endpoint. `trusted-services`: additionally admits
   * trusted Azure services that present an Entra ID identity (a multi-tenant Stream
   * Analytics job with its managed identity), the exception Microsoft documents for
   * namespaces behind private endpoints.
   * @default private-only
   */
  readonly networkAccess?: EventHubsNetworkAccess;
  /** Private endpoint in this subnet, registered in this privatelink.servicebus.windows.net zone. @default none */
  readonly privateEndpoint?: { readonly subnetId: string; readonly privateDnsZoneId: string };
  /**
   * Encrypt with a customer-managed key (premium only): a rotating RSA-HSM key in a new
   * purge-protected Key Vault, unless `encryptionKey` names one the team has.
   * @default true on premium, false on standard
   */
  readonly customerManagedKey?: boolean;
  /**
   * An existing Key Vault key to encrypt with instead of a new vault and key (premium only;
   * implies customerManagedKey).
   * @default - a new vault `<namespaceName>kv` (compacted) and key `<namespaceName>-cmk` when customerManagedKey
   */
  readonly encryptionKey?: EventHubsEncryptionKey;
  /** Log Analytics workspace receiving the namespace's logs and metrics (retention is the workspace's). */
  readonly logAnalyticsWorkspaceId: string;
  /** Event hubs, one per topic. @default none */
  readonly hubs?: readonly EventHubSpec[];
  /**
   * Tags on every taggable resource (namespace, identity, vault, key, private endpoint).
   * Azure has no provider-wide tags: policy KAF-020 needs environment, owner and
   * data-class here (model/naming.ts standardTags makes them).
   * @default - none (fails KAF-020)
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Public addresses (CIDR) of the machines that run Terraform: the customer-managed
   * key's vault admits them, as Terraform creates the key through its data plane.
   * Without them Terraform can create the key only from an address the vault admits
   * otherwise (the environment check requires them for estates).
   */
  readonly deployerCidrs?: readonly string[];
  /**
   * Private endpoint of the customer key's vault: the vault then takes no public traffic
   * (KAF-040) and Terraform must run inside the network to create the key; deployerCidrs
   * no longer apply. @default - the vault stays public, admitting deployerCidrs only
   */
  readonly keyVaultEndpoint?: VaultEndpoint;
}

const NAMESPACE_NAME_RE = /^[a-zA-Z][a-zA-Z0-9-]{4,48}[a-zA-Z0-9]$/;
const NAME_RE = /^[a-zA-Z0-9]([a-zA-Z0-9._-]*[a-zA-Z0-9])?$/;

/**
 * An Event Hubs namespace used as a Kafka endpoint (`<name>.servicebus.windows.net:9093`,
 * SASL OAUTHBEARER over TLS 1.2+). Zone redundant where the region has zones, local
 * auth off, public network access off (opt-in: trusted Azure services), logs to
 * Log Analytics, customer-managed key on premium. The namespace and every hub carry
 * prevent_destroy: deleting a hub deletes its events.
 */
export class EventHubsNamespace extends Construct {
  public readonly namespace: EventhubNamespace;
  public readonly namespaceName: string;
  /** Event hubs by topic name. */
  public readonly hubs: Readonly<Record<string, Eventhub>>;
  public readonly consumerGroups: EventhubConsumerGroup[] = [];
  public readonly diagnostics: MonitorDiagnosticSetting;
  public readonly privateEndpoint?: PrivateEndpoint;
  public readonly keyVault?: KeyVault;
  public readonly key?: KeyVaultKey;
  public readonly identity?: UserAssignedIdentity;
  public readonly tier: EventHubsTier;
  private readonly hubMap: Record<string, Eventhub> = {};
  private readonly resourceGroupName: string;

  constructor(scope: Construct, id: string, props: EventHubsNamespaceProps) {
    super(scope, id);
    const tier = props.tier ?? 'standard';
    const limits = EVENT_HUBS_TIERS[tier];
    const capacity = props.capacity ?? 1;
    const networkAccess = props.networkAccess ?? 'private-only';
    const cmk = props.customerManagedKey ?? (props.encryptionKey !== undefined || limits.customerManagedKey);
    const hubs = props.hubs ?? [];
    const problems: string[] = [];
    // Event Hubs namespace names: 6-50 characters, letters, digits and hyphens, starting
    // with a letter and ending with a letter or digit (learn.microsoft.com azure-resource-manager/management/resource-name-rules, Microsoft.EventHub).
    if (!Token.isUnresolved(props.namespaceName) && !NAMESPACE_NAME_RE.test(props.namespaceName))
      problems.push(
        `namespaceName "${props.namespaceName}" must be 6-50 letters, digits and dashes, starting with a letter and ending with a letter or digit.`,
      );
    if (props.encryptionKey && props.customerManagedKey === false)
      problems.push('encryptionKey is given but customerManagedKey is false; remove one of them.');
    if (!Token.isUnresolved(capacity) && !limits.capacities.includes(capacity)) {
      problems.push(
        `capacity must be one of ${tier === 'premium' ? limits.capacities.join(', ') : `1 to ${STANDARD_MAX_THROUGHPUT_UNITS}`} on ${tier}, got ${capacity}.`,
      );
    }
    if (props.maxThroughputUnits !== undefined && !Token.isUnresolved(props.maxThroughputUnits)) {
      if (!limits.autoInflate)
        problems.push(
          `maxThroughputUnits applies to standard only (premium does not auto-inflate), got ${props.maxThroughputUnits}; remove it.`,
        );
      else if (props.maxThroughputUnits < capacity || props.maxThroughputUnits > STANDARD_MAX_THROUGHPUT_UNITS) {
        problems.push(
          `maxThroughputUnits must be ${capacity} to ${STANDARD_MAX_THROUGHPUT_UNITS} (capacity to the standard maximum), got ${props.maxThroughputUnits}.`,
        );
      }
    }
    if (cmk && !limits.customerManagedKey)
      problems.push(`customerManagedKey needs tier premium, got ${tier}; set tier: 'premium' or customerManagedKey: false.`);
    const seen = new Set<string>();
    for (const h of hubs) {
      if (seen.has(h.name)) problems.push(`hub "${h.name}" is declared twice; give each topic one hub.`);
      seen.add(h.name);
      if (!NAME_RE.test(h.name) || h.name.length > 256)
        problems.push(`hub name "${h.name}" must be 1-256 letters, digits, dots, dashes, underscores, starting and ending alphanumeric.`);
      if (!Token.isUnresolved(h.partitions) && (h.partitions < 1 || h.partitions > limits.maxPartitionsPerHub)) {
        problems.push(`hub "${h.name}" partitions must be 1 to ${limits.maxPartitionsPerHub} on ${tier}, got ${h.partitions}.`);
      }
      if (!Token.isUnresolved(h.retentionHours) && (h.retentionHours < 1 || h.retentionHours > limits.maxRetentionHours)) {
        problems.push(`hub "${h.name}" retentionHours must be 1 to ${limits.maxRetentionHours} on ${tier}, got ${h.retentionHours}.`);
      }
      if ((h.consumerGroups?.length ?? 0) + 1 > limits.maxConsumerGroupsPerHub) {
        problems.push(
          `hub "${h.name}" has ${(h.consumerGroups?.length ?? 0) + 1} consumer groups with $Default; ${tier} allows ${limits.maxConsumerGroupsPerHub}.`,
        );
      }
    }
    if (hubs.length > (limits.hubsPerCapacityUnit ? limits.maxHubs * capacity : limits.maxHubs)) {
      problems.push(
        `${hubs.length} hubs exceed the ${tier} namespace limit of ${limits.hubsPerCapacityUnit ? limits.maxHubs * capacity : limits.maxHubs}.`,
      );
    }
    if (networkAccess === 'private-only' && !props.privateEndpoint) {
      problems.push(
        'networkAccess private-only without a privateEndpoint leaves the namespace unreachable; pass privateEndpoint or use trusted-services.',
      );
    }
    // Environment files: checkEventHubs (tier, capacity, hubs, partitions, retention) reports these first.
    if (problems.length > 0) throw new ConstructError(this, problems);

    this.tier = tier;
    this.resourceGroupName = props.resourceGroupName;
    this.namespaceName = props.namespaceName;
    const protect = { preventDestroy: true };
    const tags = props.tags ? { ...props.tags } : undefined;

    if (cmk) {
      // A user-assigned identity exists before the namespace, so the key grant is in
      // place when the namespace first encrypts (a system identity would race it).
      this.identity = new UserAssignedIdentity(this, 'Identity', {
        name: resourceName({ env: this.namespaceName, component: 'cmk' }),
        location: props.location,
        resourceGroupName: props.resourceGroupName,
        tags,
      });
    }

    this.namespace = new EventhubNamespace(this, 'Resource', {
      name: this.namespaceName,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      sku: limits.sku,
      capacity,
      autoInflateEnabled: limits.autoInflate && (props.maxThroughputUnits ?? capacity) > capacity,
      maximumThroughputUnits:
        limits.autoInflate && (props.maxThroughputUnits ?? capacity) > capacity ? props.maxThroughputUnits : undefined,
      minimumTlsVersion: '1.2',
      localAuthenticationEnabled: props.localAuth ?? false,
      publicNetworkAccessEnabled: false,
      networkRulesets: [
        {
          defaultAction: 'Deny',
          publicNetworkAccessEnabled: false,
          trustedServiceAccessEnabled: networkAccess === 'trusted-services',
          ipRule: [],
          virtualNetworkRule: [],
        },
      ],
      identity: this.identity ? { type: 'UserAssigned', identityIds: [this.identity.id] } : { type: 'SystemAssigned' },
      tags,
      lifecycle: protect,
    });
    if (props.localAuth && props.localAuthReason) suppress(this.namespace, 'KAF-010', props.localAuthReason);

    if (cmk && this.identity && props.encryptionKey) {
      const user = new RoleAssignment(this, 'KeyUser', {
        scope: props.encryptionKey.grantScope,
        roleDefinitionName: 'Key Vault Crypto Service Encryption User',
        principalId: this.identity.principalId,
      });
      new EventhubNamespaceCustomerManagedKey(this, 'Encryption', {
        eventhubNamespaceId: this.namespace.id,
        keyVaultKeyIds: [props.encryptionKey.versionlessId],
        userAssignedIdentityId: this.identity.id,
        infrastructureEncryptionEnabled: true,
        dependsOn: [user],
      });
    } else if (cmk && this.identity) {
      const client = new DataAzurermClientConfig(this, 'Client');
      this.keyVault = new KeyVault(this, 'KeyVault', {
        name: compactName({ env: this.namespaceName, component: 'kv' }, 24),
        location: props.location,
        resourceGroupName: props.resourceGroupName,
        tenantId: client.tenantId,
        skuName: 'premium',
        rbacAuthorizationEnabled: true,
        purgeProtectionEnabled: true,
        softDeleteRetentionDays: 90,
        // Event Hubs reaches the vault as a trusted service. Terraform creates the key through
        // the vault's data plane: over the private endpoint from inside the network, or (no
        // endpoint given) from the deployer addresses the firewall admits.
        ...(props.keyVaultEndpoint
          ? PRIVATE_VAULT
          : {
              publicNetworkAccessEnabled: true,
              networkAcls: { bypass: 'AzureServices', defaultAction: 'Deny', ipRules: [...(props.deployerCidrs ?? [])] },
            }),
        tags,
        lifecycle: protect,
      });
      const vaultEndpoint = props.keyVaultEndpoint
        ? vaultPrivateEndpoint(this, 'KeyVaultEndpoint', this.keyVault, props.keyVaultEndpoint, {
            name: compactName({ env: this.namespaceName, component: 'kv' }, 24),
            location: props.location,
            resourceGroupName: props.resourceGroupName,
            tags,
          })
        : undefined;
      const officer = new RoleAssignment(this, 'KeyOfficer', {
        scope: this.keyVault.id,
        roleDefinitionName: 'Key Vault Crypto Officer',
        principalId: client.objectId,
      });
      this.key = new KeyVaultKey(this, 'Key', {
        name: `${this.namespaceName}-cmk`,
        keyVaultId: this.keyVault.id,
        keyType: 'RSA-HSM',
        keySize: 3072,
        keyOpts: ['wrapKey', 'unwrapKey'],
        rotationPolicy: { automatic: { timeBeforeExpiry: 'P30D' }, expireAfter: 'P1Y', notifyBeforeExpiry: 'P29D' },
        // The first version expires a year after creation, so the policy rotates it 30 days before (KAF-041).
        expirationDate: FIRST_VERSION_EXPIRY,
        tags,
        dependsOn: vaultEndpoint ? [officer, vaultEndpoint] : [officer],
        lifecycle: { ...protect, ignoreChanges: ['expiration_date'] },
      });
      const user = new RoleAssignment(this, 'KeyUser', {
        scope: this.keyVault.id,
        roleDefinitionName: 'Key Vault Crypto Service Encryption User',
        principalId: this.identity.principalId,
      });
      // The versionless id lets Event Hubs follow the key's automatic rotation.
      new EventhubNamespaceCustomerManagedKey(this, 'Encryption', {
        eventhubNamespaceId: this.namespace.id,
        keyVaultKeyIds: [this.key.versionlessId],
        userAssignedIdentityId: this.identity.id,
        infrastructureEncryptionEnabled: true,
        dependsOn: [user],
      });
    }

    if (props.privateEndpoint) {
      this.privateEndpoint = new PrivateEndpoint(this, 'PrivateEndpoint', {
        name: `${this.namespaceName}-pe`,
        location: props.location,
        resourceGroupName: props.resourceGroupName,
        subnetId: props.privateEndpoint.subnetId,
        privateServiceConnection: {
          name: `${this.namespaceName}-psc`,
          privateConnectionResourceId: this.namespace.id,
          subresourceNames: ['namespace'],
          isManualConnection: false,
        },
        privateDnsZoneGroup: { name: 'servicebus', privateDnsZoneIds: [props.privateEndpoint.privateDnsZoneId] },
        tags,
      });
    }

    this.diagnostics = new MonitorDiagnosticSetting(this, 'Diagnostics', {
      name: 'to-log-analytics',
      targetResourceId: this.namespace.id,
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
      logAnalyticsDestinationType: 'Dedicated',
      // allLogs already contains the audit group; naming both is a duplicate Azure rejects.
      enabledLog: [{ categoryGroup: 'allLogs' }],
      enabledMetric: [{ category: 'AllMetrics' }],
    });

    for (const h of hubs) this.addHub(h);
    this.hubs = this.hubMap;
  }

  /** Adds a hub (topic). The construct id is `Hub-<name>`: part of the address, kept forever. */
  private addHub(h: EventHubSpec): Eventhub {
    const hub = new Eventhub(this, `Hub-${h.name}`, {
      name: h.name,
      namespaceId: this.namespace.id,
      partitionCount: h.partitions,
      retentionDescription: { cleanupPolicy: 'Delete', retentionTimeInHours: h.retentionHours },
      lifecycle: { preventDestroy: true },
    });
    this.hubMap[h.name] = hub;
    for (const g of h.consumerGroups ?? []) this.addConsumerGroup(h.name, g);
    return hub;
  }

  /** A consumer group for one consuming application on one hub. */
  public addConsumerGroup(hubName: string, group: string, userMetadata?: string): EventhubConsumerGroup {
    const hub = this.hub(hubName);
    const existing = this.node.tryFindChild(`Group-${hubName}-${group}`);
    if (existing instanceof EventhubConsumerGroup) return existing;
    const g = new EventhubConsumerGroup(this, `Group-${hubName}-${group}`, {
      name: group,
      namespaceName: this.namespace.name,
      eventhubName: hub.name,
      resourceGroupName: this.resourceGroupName,
      userMetadata,
    });
    this.consumerGroups.push(g);
    return g;
  }

  /** The hub of a topic; throws with the known names when it is not declared. */
  public hub(name: string): Eventhub {
    const h = this.hubMap[name];
    if (!h)
      throw new ConstructError(
        this,
        `no hub "${name}"; declared: ${Object.keys(this.hubMap).join(', ') || 'none'}. Declare the topic on this cluster.`,
      );
    return h;
  }

  /** Grants an Entra ID principal send or receive on one hub (Azure built-in data roles). */
  public grant(hubName: string, principalId: string, access: 'send' | 'receive', id: string): RoleAssignment {
    return new RoleAssignment(this, `Grant-${hubName}-${id}-${access}`, {
      scope: this.hub(hubName).id,
      roleDefinitionName: access === 'send' ? 'Azure Event Hubs Data Sender' : 'Azure Event Hubs Data Receiver',
      principalId,
    });
  }

  /**
   * Turns on Event Hubs Capture for one hub: every event lands in Avro files in a Blob or
   * Data Lake Storage container, written per time or size window. The arguments are the
   * provider's capture_description block (azurerm 4.55, lib/eventhub: enabled, encoding,
   * interval_in_seconds, size_limit_in_bytes, skip_empty_archives, destination { name,
   * archive_name_format, blob_container_name, storage_account_id }); the destination name
   * is the one value the service accepts, EventHubArchive.AzureBlockBlob.
   * @see https://registry.terraform.io/providers/hashicorp/azurerm/4.55.0/docs/resources/eventhub#capture_description
   * @see https://learn.microsoft.com/azure/event-hubs/event-hubs-capture-overview
   */
  public capture(hubName: string, to: EventHubCapture): void {
    const problems: string[] = [];
    const interval = to.intervalSeconds ?? CAPTURE_LIMITS.defaultIntervalSeconds;
    const size = to.sizeLimitBytes ?? CAPTURE_LIMITS.defaultSizeLimitBytes;
    if (!Token.isUnresolved(interval) && (interval < CAPTURE_LIMITS.minIntervalSeconds || interval > CAPTURE_LIMITS.maxIntervalSeconds))
      problems.push(
        `capture interval must be ${CAPTURE_LIMITS.minIntervalSeconds} to ${CAPTURE_LIMITS.maxIntervalSeconds} seconds, got ${interval}.`,
      );
    if (!Token.isUnresolved(size) && (size < CAPTURE_LIMITS.minSizeLimitBytes || size > CAPTURE_LIMITS.maxSizeLimitBytes))
      problems.push(
        `capture size limit must be ${CAPTURE_LIMITS.minSizeLimitBytes} to ${CAPTURE_LIMITS.maxSizeLimitBytes} bytes, got ${size}.`,
      );
    const format = to.archiveNameFormat ?? CAPTURE_ARCHIVE_NAME;
    const absent = CAPTURE_NAME_PARTS.filter((part) => !format.includes(`{${part}}`));
    if (!Token.isUnresolved(format) && absent.length > 0)
      problems.push(
        `archiveNameFormat "${format}" lacks ${absent.map((a) => `{${a}}`).join(', ')}; Capture needs every part, in any order.`,
      );
    if (problems.length > 0) throw new ConstructError(this, problems);
    this.hub(hubName).putCaptureDescription({
      enabled: true,
      encoding: 'Avro',
      intervalInSeconds: interval,
      sizeLimitInBytes: size,
      skipEmptyArchives: true,
      destination: {
        name: 'EventHubArchive.AzureBlockBlob',
        archiveNameFormat: format,
        blobContainerName: to.containerName,
        storageAccountId: to.storageAccountId,
      },
    });
  }

  /** The namespace's own identity (user-assigned with a customer key, else system-assigned). */
  public get principalId(): string {
    return this.identity ? this.identity.principalId : this.namespace.identity.principalId;
  }

  /** Kafka bootstrap server (SASL_SSL, OAUTHBEARER with Entra ID). */
  public get kafkaBootstrap(): string {
    return `${this.namespaceName}.servicebus.windows.net:9093`;
  }
}
