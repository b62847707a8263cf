import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { EventhubAuthorizationRule } from '@cdktf/provider-azurerm/lib/eventhub-authorization-rule';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { KeyVaultSecret } from '@cdktf/provider-azurerm/lib/key-vault-secret';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { StorageBlob } from '@cdktf/provider-azurerm/lib/storage-blob';
import { StorageContainer } from '@cdktf/provider-azurerm/lib/storage-container';
import { Password } from '@cdktf/provider-random/lib/password';
import type { Rotating } from '@cdktf/provider-time/lib/rotating';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import type { EdgeSitePlan } from '../analysis/edge';
import { compactName, resourceName } from '../model/naming';
import { suppress } from '../policy';
import { rotationEpoch } from '../credential-rotation';
import { bundleKey, type EdgeHub, type EdgeHubSite, type PublishedBundle } from '../edge/hub';
import { edgeFleetVaultName, edgeSasSecretName } from '../kinds/event-hubs/edge-hub';

export interface AzureEdgeHubProps {
  readonly env: string;
  readonly fleet: string;
  readonly hubSite: string;
  readonly location: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** Public addresses (CIDR) of the machines that run Terraform, admitted by the vault's firewall. @default none */
  readonly deployerCidrs?: readonly string[];
  /**
   * The hub is an Event Hubs namespace (planned names; its site stack creates it and the
   * sites' event hubs): each site gets a send-only shared access rule on each of its event
   * hubs instead of a password. @default none (credentials are only stored)
   */
  readonly eventHubs?: { readonly namespaceName: string; readonly resourceGroupName: string };
}

/**
 * Hub side of an edge fleet on Azure: its own resource group, a Key Vault (RBAC,
 * purge protection) for site credentials, and a storage account (HTTPS and TLS 1.2
 * only, no public blobs, no shared keys, infrastructure encryption) whose private
 * container holds the pull bundles.
 */
export class AzureEdgeHub extends Construct implements EdgeHub {
  public readonly vault: KeyVault;
  public readonly account: StorageAccount;
  public readonly container: StorageContainer;
  private readonly tags?: Record<string, string>;
  /** The sites' password rotation epoch, made with the first password. */
  private rotation?: Rotating;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: AzureEdgeHubProps,
  ) {
    super(scope, id);
    const tags = props.tags ? { ...props.tags } : undefined;
    this.tags = tags;
    const client = new DataAzurermClientConfig(this, 'Client');
    const group = new ResourceGroup(this, 'Group', {
      name: resourceName({ env: props.env, site: props.hubSite, component: `${props.fleet}-edge` }),
      location: props.location,
      tags,
    });
    this.vault = new KeyVault(this, 'Vault', {
      name: edgeFleetVaultName(props.env, props.fleet),
      location: props.location,
      resourceGroupName: group.name,
      tenantId: client.tenantId,
      skuName: 'standard',
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: 90,
      // Deny by default; Terraform writes the site credentials through the data plane, so
      // the fleet's deployer addresses are the only public ones admitted (KAF-040 waived below).
      networkAcls: { bypass: 'AzureServices', defaultAction: 'Deny', ipRules: [...(props.deployerCidrs ?? [])] },
      tags,
      lifecycle: { preventDestroy: true },
    });
    suppress(
      this.vault,
      'KAF-040',
      'an edge fleet hub has no network of its own for a private endpoint; its vault denies by default and admits only the deployer addresses',
    );
    this.account = new StorageAccount(this, 'Bundles', {
      name: compactName({ env: props.env, site: props.fleet, component: 'edgebundles' }),
      resourceGroupName: group.name,
      location: props.location,
      accountTier: 'Standard',
      accountReplicationType: 'ZRS',
      httpsTrafficOnlyEnabled: true,
      minTlsVersion: 'TLS1_2',
      allowNestedItemsToBePublic: false,
      sharedAccessKeyEnabled: false,
      infrastructureEncryptionEnabled: true,
      blobProperties: { versioningEnabled: true },
      tags,
      lifecycle: { preventDestroy: true },
    });
    this.container = new StorageContainer(this, 'BundlesContainer', {
      name: 'edge-bundles',
      storageAccountId: this.account.id,
      containerAccessType: 'private',
    });
  }

  public addSite(plan: EdgeSitePlan, bundle?: PublishedBundle): EdgeHubSite {
    const site = new Construct(this, plan.site);
    const identity = plan.hubIdentity;
    // Rotated every 90 days by the deploy pipeline, as on the other clouds: the new value becomes a
    // new version of the secret, which the site's secret sync and the hub operator read.
    const rotation = (this.rotation ??= rotationEpoch(this, 'CredentialRotation'));
    // Each version expires 30 days after the rotation due to replace it (KAF-041): a value the
    // pipeline failed to rotate shows as expired instead of living on. The date moves only when
    // the epoch does, so plans stay quiet between rotations.
    const expirationDate = Fn.timeadd(rotation.rotationRfc3339, '720h');
    if (this.props.eventHubs) return this.addEventHubsSite(site, plan, rotation, expirationDate, bundle);
    const password = new Password(site, 'Credential', { length: 32, special: false, keepers: { rotation: rotation.id } });
    const secretName = identity;
    new KeyVaultSecret(site, 'Secret', {
      name: secretName,
      keyVaultId: this.vault.id,
      value: password.result,
      contentType: 'edge hub credential',
      expirationDate,
      tags: this.tags,
    });
    return { identity, secretName, bundleUrl: this.publish(site, plan, bundle) };
  }

  /**
   * A site on an Event Hubs hub: per up topic, a shared access rule with Send only on the
   * site's event hub `<site>.<topic>` (azurerm_eventhub_authorization_rule: listen, send,
   * manage; primary_connection_string, sensitive), and its connection string as a Key Vault
   * secret `<identity>-<hub topic>`, which the site's secret sync copies into the Secret
   * hub-credentials under the hub topic's name. Nothing else of the namespace is open to the
   * site: a rule on one event hub opens that event hub only.
   *
   * Rotation: the rule is replaced when the fleet's epoch lapses (replace_triggered_by the
   * time_rotating), so both its keys are new and the secret gets the new primary in the same
   * apply, as the other clouds' site passwords do. Connections already open stay up when a
   * key changes (learn.microsoft.com azure/event-hubs/azure-event-hubs-apache-kafka-overview,
   * "Shared Access Signature (SAS)"); a reconnect fails until the site's secret sync brings the
   * new value, a gap its buffer covers. The secondary key is the break-glass one: a leaked
   * primary is answered by pointing the secret at the secondary, then renewing the primary
   * (runbook); the next apply reads the renewed primary back into the secret.
   * @see https://registry.terraform.io/providers/hashicorp/azurerm/4.55.0/docs/resources/eventhub_authorization_rule
   */
  private addEventHubsSite(
    site: Construct,
    plan: EdgeSitePlan,
    rotation: Rotating,
    expirationDate: string,
    bundle?: PublishedBundle,
  ): EdgeHubSite {
    const eh = this.props.eventHubs!;
    let secretName: string | undefined;
    for (const t of plan.topics.filter((x) => x.direction === 'up')) {
      const hubTopic = t.hubTopic as string;
      const rule = new EventhubAuthorizationRule(site, `Send-${t.name}`, {
        // The site's identity names its rule on every one of its event hubs.
        name: plan.hubIdentity,
        namespaceName: eh.namespaceName,
        eventhubName: hubTopic,
        resourceGroupName: eh.resourceGroupName,
        send: true,
        listen: false,
        manage: false,
        // A bare address: Terraform refuses an interpolation here ("${...}"), which cdktf writes for a resource.
        lifecycle: { replaceTriggeredBy: [`${rotation.terraformResourceType}.${rotation.friendlyUniqueId}`] },
      });
      const name = edgeSasSecretName(plan.hubIdentity, hubTopic);
      secretName ??= name;
      new KeyVaultSecret(site, `Connection-${t.name}`, {
        name,
        keyVaultId: this.vault.id,
        value: rule.primaryConnectionString,
        contentType: `edge hub connection string: send to ${hubTopic}`,
        expirationDate,
        tags: this.tags,
      });
    }
    return { identity: plan.hubIdentity, secretName, bundleUrl: this.publish(site, plan, bundle) };
  }

  private publish(site: Construct, plan: EdgeSitePlan, bundle?: PublishedBundle): string | undefined {
    let bundleUrl: string | undefined;
    if (plan.delivery === 'pull' && bundle) {
      const key = bundleKey(plan);
      new StorageBlob(site, 'Bundle', {
        name: key,
        storageAccountName: this.account.name,
        storageContainerName: this.container.name,
        type: 'Block',
        source: bundle.source,
        contentMd5: bundle.md5Hex,
        contentType: 'application/yaml',
      });
      bundleUrl = `https://${this.account.name}.blob.core.windows.net/edge-bundles/${key}`;
    }
    return bundleUrl;
  }
}
