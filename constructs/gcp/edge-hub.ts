import { ManagedKafkaAcl } from '@cdktf/provider-google/lib/managed-kafka-acl';
import { ManagedKafkaTopic } from '@cdktf/provider-google/lib/managed-kafka-topic';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { SecretManagerSecret } from '@cdktf/provider-google/lib/secret-manager-secret';
import { SecretManagerSecretVersion } from '@cdktf/provider-google/lib/secret-manager-secret-version';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ServiceAccountKey } from '@cdktf/provider-google/lib/service-account-key';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { StorageBucketObject } from '@cdktf/provider-google/lib/storage-bucket-object';
import { Password } from '@cdktf/provider-random/lib/password';
import { Construct } from 'constructs';
import type { EdgeSitePlan } from '../analysis/edge';
import { rotationEpoch } from '../credential-rotation';
import { resourceName } from '../model/naming';
import { bucketKey, storageDataAccessAudit, usageLogBucket } from './bucket-protection';
import { edgeAccountId } from '../analysis/edge';
import { bundleKey, type EdgeHub, type EdgeHubSite, type PublishedBundle } from '../edge/hub';
import { ConstructError } from '../construct-error';

export interface GcpEdgeHubProps {
  readonly env: string;
  readonly fleet: string;
  readonly hubSite: string;
  /** Region of the hub: bundles and secrets stay there. */
  readonly region: string;
  /** Labels (standard tags, GCP-safe). */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Identity of a site: Managed Kafka authenticates Google service accounts (SASL
   * PLAIN with the account's key), other hubs take a SCRAM password.
   * @default 'password'
   */
  readonly identity?: 'service-account' | 'password';
  /**
   * Managed Kafka cluster id of the hub (its planned name, never a token of another
   * stack). Given: each site's `<site>.<topic>` topics and its prefixed ACLs are
   * created in the hub; otherwise MirrorMaker 2 creates the topics itself.
   * @default - no hub topics or ACLs
   */
  readonly managedKafkaCluster?: string;
  /** Project of the hub, for the sites' Managed Kafka client role. @default - the provider's project */
  readonly project?: string;
}

/**
 * Hub side of an edge fleet on Google Cloud: a private bucket (uniform access, public
 * access prevented, versioned) for pull bundles and, per site, its credential in
 * Secret Manager kept in the hub's region.
 */
export class GcpEdgeHub extends Construct implements EdgeHub {
  public readonly bucket: StorageBucket;
  public readonly bucketName: string;
  private readonly bucketRef: string;
  /** The sites' password rotation epoch, made with the first password. */
  private rotation?: string;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: GcpEdgeHubProps,
  ) {
    super(scope, id);
    if (props.managedKafkaCluster !== undefined && !props.project) {
      throw new ConstructError(
        this,
        `a Managed Kafka hub needs project (the sites' service accounts live there); set accounts.gcp.projectId.`,
      );
    }
    this.bucketName = resourceName({ env: props.env, site: props.hubSite, component: `${props.fleet}-edge-bundles` });
    const labels = props.labels ? { ...props.labels } : undefined;
    // Bundles and their access logs are encrypted with a key of the fleet's own.
    const { key, grant } = bucketKey(this, 'Bundles', {
      ring: this.bucketName,
      key: 'bundles',
      location: props.region,
      labels,
      project: props.project,
    });
    const logs = usageLogBucket(this, 'BundleAccessLogs', {
      name: resourceName({ env: props.env, site: props.hubSite, component: `${props.fleet}-edge-access-logs` }),
      location: props.region,
      key,
      grant,
      labels,
    });
    this.bucket = new StorageBucket(this, 'Bundles', {
      name: this.bucketName,
      location: props.region,
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      versioning: { enabled: true },
      encryption: { defaultKmsKeyName: key.id },
      logging: { logBucket: logs.name, logObjectPrefix: 'bundles' },
      labels,
      dependsOn: [grant],
      lifecycle: { preventDestroy: true },
    });
    // Who read which bundle, by principal (KAF-043).
    storageDataAccessAudit(this, 'StorageAudit', props.project);
    this.bucketRef = this.bucket.name;
  }

  public addSite(plan: EdgeSitePlan, bundle?: PublishedBundle): EdgeHubSite {
    const site = new Construct(this, plan.site);
    const identity = plan.hubIdentity;
    let credential: string;
    if ((this.props.identity ?? 'password') === 'service-account') {
      const account = new ServiceAccount(site, 'Account', {
        accountId: edgeAccountId(plan.env, plan.site),
        displayName: `Edge site ${plan.site} (${plan.fleet})`,
      });
      credential = new ServiceAccountKey(site, 'Key', { serviceAccountId: account.name }).privateKey;
    } else {
      // Rotated every 90 days by the deploy pipeline; the site's secret sync fetches the new version.
      const rotation = (this.rotation ??= rotationEpoch(this, 'CredentialRotation').id);
      credential = new Password(site, 'Credential', { length: 32, special: false, keepers: { rotation } }).result;
    }
    const secretName = resourceName({ env: plan.env, site: plan.site, component: 'hub-credential' });
    const secret = new SecretManagerSecret(site, 'Secret', {
      secretId: secretName,
      replication: { userManaged: { replicas: [{ location: this.props.region }] } },
      labels: this.props.labels ? { ...this.props.labels } : undefined,
    });
    new SecretManagerSecretVersion(site, 'SecretValue', { secret: secret.id, secretData: credential });
    if (this.props.managedKafkaCluster) this.hubTopicsAndAcls(site, plan, identity);
    let bundleUrl: string | undefined;
    if (plan.delivery === 'pull' && bundle) {
      const key = bundleKey(plan);
      new StorageBucketObject(site, 'Bundle', {
        bucket: this.bucketRef,
        name: key,
        source: bundle.source,
        detectMd5Hash: bundle.md5Base64,
        contentType: 'application/yaml',
      });
      bundleUrl = `gs://${this.bucketName}/${key}`;
    }
    return { identity, secretName, bundleUrl };
  }

  /**
   * The site's topics in the hub, named `<site>.<topic>` as MirrorMaker 2's default
   * policy writes them, and ACLs that let the site's identity use only its own prefix
   * (topics, its Connect group and synced consumer groups) and read the global topics.
   */
  private hubTopicsAndAcls(site: Construct, plan: EdgeSitePlan, identity: string): void {
    const cluster = this.props.managedKafkaCluster as string;
    const location = this.props.region;
    for (const t of plan.topics) {
      if (t.direction !== 'up' || !t.hubTopic) continue;
      new ManagedKafkaTopic(site, `topic-${t.name}`, {
        topicId: t.hubTopic,
        cluster,
        location,
        partitionCount: t.partitions,
        replicationFactor: 3,
        configs: { 'min.insync.replicas': '2', 'unclean.leader.election.enable': 'false' },
        lifecycle: { preventDestroy: true },
      });
    }
    // Connecting at all takes the client role; the prefixed ACLs below then keep each site
    // to its own topics and groups. Global topics carry no ACL, so IAM governs them.
    new ProjectIamMember(site, 'Client', {
      project: this.props.project as string,
      role: 'roles/managedkafka.client',
      member: `serviceAccount:${identity}`,
    });
    const principal = `User:${identity}`;
    const allow = (operation: string) => ({ principal, operation, permissionType: 'ALLOW', host: '*' });
    new ManagedKafkaAcl(site, 'TopicsAcl', { aclId: `topicPrefixed/${plan.site}.`, cluster, location, aclEntries: [allow('ALL')] });
    new ManagedKafkaAcl(site, 'GroupsAcl', { aclId: `consumerGroupPrefixed/${plan.site}.`, cluster, location, aclEntries: [allow('ALL')] });
  }
}
