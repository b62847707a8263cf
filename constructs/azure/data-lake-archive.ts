import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { StorageContainer } from '@cdktf/provider-azurerm/lib/storage-container';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { ConstructError } from '../construct-error';

export interface DataLakeArchiveProps {
  /** Storage account name: 3-24 lowercase letters and digits, globally unique. */
  readonly accountName: string;
  /** Container (Data Lake file system) the archive writes into. */
  readonly containerName: string;
  readonly location: string;
  readonly resourceGroupName: string;
  /**
   * Entra ID principal that writes the archive (an Event Hubs namespace's identity): it
   * gets Storage Blob Data Contributor on the container only, never on the account.
   */
  readonly writerPrincipalId: string;
  /**
   * Private endpoint (blob) in this subnet, registered in this privatelink.blob.core.windows.net
   * zone, for the estate's own readers. @default none: readers need a network rule of their own
   */
  readonly privateEndpoint?: { readonly subnetId: string; readonly privateDnsZoneId: string };
  /** Days deleted blobs and containers stay recoverable. @default 30 */
  readonly deleteRetentionDays?: number;
  readonly tags?: Readonly<Record<string, string>>;
}

const ACCOUNT_NAME_RE = /^[a-z0-9]{3,24}$/;
const CONTAINER_NAME_RE = /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/;

/**
 * A Data Lake Storage Gen2 account (hierarchical namespace) and one container that an
 * Event Hubs Capture writes into. The account refuses public traffic except trusted Azure
 * services (Capture is one: Microsoft.EventHub, "Archive data by using Event Hubs
 * Capture") and takes reads over a private endpoint; HTTPS with TLS 1.2, no public blobs,
 * infrastructure encryption, versioning and soft delete, prevent_destroy.
 *
 * Shared keys stay enabled, on purpose: the provider's capture_description (azurerm 4.55,
 * lib/eventhub: destination { name, archive_name_format, blob_container_name,
 * storage_account_id }) cannot select a managed identity, so Capture runs in its default
 * mode, a SAS signed by the service inside the subscription. The namespace identity gets the
 * role Microsoft lists for the managed-identity mode on the container alone, so the switch
 * is one argument once the provider has it.
 * @see https://learn.microsoft.com/azure/event-hubs/event-hubs-capture-managed-identity
 * @see https://learn.microsoft.com/azure/storage/common/storage-network-security-trusted-azure-services
 */
export class DataLakeArchive extends Construct {
  public readonly account: StorageAccount;
  public readonly container: StorageContainer;
  public readonly writer: RoleAssignment;
  public readonly privateEndpoint?: PrivateEndpoint;

  constructor(scope: Construct, id: string, props: DataLakeArchiveProps) {
    super(scope, id);
    const problems: string[] = [];
    // Storage account names: 3-24 lowercase letters and digits; containers 3-63 lowercase
    // letters, digits and single dashes (learn.microsoft.com azure-resource-manager/management/resource-name-rules, Microsoft.Storage).
    if (!Token.isUnresolved(props.accountName) && !ACCOUNT_NAME_RE.test(props.accountName))
      problems.push(`accountName "${props.accountName}" must be 3-24 lowercase letters and digits.`);
    if (!Token.isUnresolved(props.containerName) && !CONTAINER_NAME_RE.test(props.containerName))
      problems.push(`containerName "${props.containerName}" must be 3-63 lowercase letters, digits and single dashes.`);
    if (problems.length > 0) throw new ConstructError(this, problems);
    const tags = props.tags ? { ...props.tags } : undefined;
    const days = props.deleteRetentionDays ?? 30;
    this.account = new StorageAccount(this, 'Resource', {
      name: props.accountName,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      accountTier: 'Standard',
      accountKind: 'StorageV2',
      accountReplicationType: 'ZRS',
      isHnsEnabled: true,
      httpsTrafficOnlyEnabled: true,
      minTlsVersion: 'TLS1_2',
      allowNestedItemsToBePublic: false,
      infrastructureEncryptionEnabled: true,
      sharedAccessKeyEnabled: true,
      // Deny by default with no address admitted: trusted Azure services (Capture) and the
      // private endpoint are the only ways in.
      publicNetworkAccessEnabled: true,
      networkRules: { defaultAction: 'Deny', bypass: ['AzureServices'], ipRules: [], virtualNetworkSubnetIds: [] },
      blobProperties: {
        deleteRetentionPolicy: { days },
        containerDeleteRetentionPolicy: { days },
      },
      tags,
      lifecycle: { preventDestroy: true },
    });
    this.container = new StorageContainer(this, 'Container', {
      name: props.containerName,
      storageAccountId: this.account.id,
      containerAccessType: 'private',
      lifecycle: { preventDestroy: true },
    });
    this.writer = new RoleAssignment(this, 'Writer', {
      scope: this.container.id,
      roleDefinitionName: 'Storage Blob Data Contributor',
      principalId: props.writerPrincipalId,
    });
    if (props.privateEndpoint) {
      this.privateEndpoint = new PrivateEndpoint(this, 'PrivateEndpoint', {
        name: `${props.accountName}-blob-pe`,
        location: props.location,
        resourceGroupName: props.resourceGroupName,
        subnetId: props.privateEndpoint.subnetId,
        privateServiceConnection: {
          name: `${props.accountName}-blob-psc`,
          privateConnectionResourceId: this.account.id,
          subresourceNames: ['blob'],
          isManualConnection: false,
        },
        privateDnsZoneGroup: { name: 'blob', privateDnsZoneIds: [props.privateEndpoint.privateDnsZoneId] },
        tags,
      });
    }
  }
}
