import { ManagedKafkaAcl } from '@cdktf/provider-google/lib/managed-kafka-acl';
import { ManagedKafkaTopic } from '@cdktf/provider-google/lib/managed-kafka-topic';
import { IamWorkloadIdentityPool } from '@cdktf/provider-google/lib/iam-workload-identity-pool';
import { IamWorkloadIdentityPoolProvider } from '@cdktf/provider-google/lib/iam-workload-identity-pool-provider';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { SecretManagerSecret } from '@cdktf/provider-google/lib/secret-manager-secret';
import { SecretManagerSecretVersion } from '@cdktf/provider-google/lib/secret-manager-secret-version';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { StorageBucketObject } from '@cdktf/provider-google/lib/storage-bucket-object';
import { Password } from '@cdktf/provider-random/lib/password';
import { Construct } from 'constructs';
import type { EdgeSitePlan } from '../analysis/edge';
import { rotationEpoch } from '../credential-rotation';
import { resourceName } from '../model/naming';
import { bucketKey, storageDataAccessAudit, usageLogBucket } from './bucket-protection';
import { EDGE_WORKLOAD_IDENTITY_PROVIDER_ID, edgeAccountId, edgeWorkloadIdentityPoolId } from '../analysis/edge';
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
   * OAUTHBEARER), which a site acts as through workload identity federation with its
   * certificate from `siteCertificateAuthority`, never with a key; other hubs take a
   * SCRAM password.
   * @default 'password'
   */
  readonly identity?: 'service-account' | 'password';
  /** The fleet's CA (PEM certificates); required with identity 'service-account'. */
  readonly siteCertificateAuthority?: { readonly trustAnchors: readonly string[]; readonly intermediates?: readonly string[] };
  /**
   * Managed Kafka cluster id of the hub (its planned name, never a token of another
   * stack). Given: each site's `<site>.<topic>` topics and its prefixed ACLs are
   * created in the hub; otherwise MirrorMaker 2 creates the topics itself.
   * @default - no hub topics or ACLs
   */
  readonly managedKafkaCluster?: string;
  /** Project of the hub, for the sites' Managed Kafka client role. @default - the provider's project */
  readonly project?: string;
  /** Number of `project`: checked against the sites' pool at apply (the sites' credential configuration names it). @default - not checked */
  readonly projectNumber?: string;
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
  /** Service-account sites: the pool their certificates are federated into, and its X.509 provider. */
  private readonly federation?: { readonly pool: IamWorkloadIdentityPool; readonly provider: IamWorkloadIdentityPoolProvider };

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
    if ((props.identity ?? 'password') === 'service-account') this.federation = this.siteFederation();
  }

  /**
   * Workload identity federation of the sites' certificates: a pool and an X.509 provider
   * whose trust store is the fleet's CA (public certificates only), the subject being the
   * certificate's CN. Each site may then impersonate only its own service account
   * (addSite), so no service-account key exists and none reaches Terraform state
   * (cloud.google.com/iam/docs/workload-identity-federation-with-x509-certificates:
   * trust store, "google.subject=assertion.subject.dn.cn", principal://…/subject/SUBJECT
   * granted roles/iam.workloadIdentityUser; registry.terraform.io/providers/hashicorp/google
   * iam_workload_identity_pool_provider x509.trust_store.trust_anchors/intermediate_cas.pem_certificate).
   */
  private siteFederation(): { pool: IamWorkloadIdentityPool; provider: IamWorkloadIdentityPoolProvider } {
    const ca = this.props.siteCertificateAuthority;
    if (!ca || ca.trustAnchors.length === 0)
      throw new ConstructError(
        this,
        "service-account sites need siteCertificateAuthority: they prove who they are with a certificate of the fleet's CA, never with a key.",
      );
    const poolId = edgeWorkloadIdentityPoolId(this.props.env, this.props.fleet);
    const number = this.props.projectNumber;
    const pool = new IamWorkloadIdentityPool(this, 'SitePool', {
      workloadIdentityPoolId: poolId,
      displayName: `Edge sites ${this.props.fleet}`.slice(0, 32),
      description: `Sites of edge fleet ${this.props.fleet} (${this.props.env}), by their certificates of the fleet's CA.`,
      project: this.props.project,
      // The sites' credential configuration names the provider by the declared project number:
      // a wrong number would fail every site's token exchange, so the apply fails first.
      lifecycle: number
        ? {
            postcondition: [
              {
                condition: `\${self.name == "projects/${number}/locations/global/workloadIdentityPools/${poolId}"}`,
                errorMessage: `accounts.gcp.projectNumber ${number} is not the number of the project this pool was created in; the sites' credential configuration would name another project.`,
              },
            ],
          }
        : undefined,
    });
    const provider = new IamWorkloadIdentityPoolProvider(this, 'SiteCertificates', {
      workloadIdentityPoolId: pool.workloadIdentityPoolId,
      workloadIdentityPoolProviderId: EDGE_WORKLOAD_IDENTITY_PROVIDER_ID,
      displayName: 'Site certificates',
      project: this.props.project,
      attributeMapping: { 'google.subject': 'assertion.subject.dn.cn' },
      x509: {
        trustStore: {
          trustAnchors: ca.trustAnchors.map((pemCertificate) => ({ pemCertificate })),
          ...(ca.intermediates?.length ? { intermediateCas: ca.intermediates.map((pemCertificate) => ({ pemCertificate })) } : {}),
        },
      },
    });
    return { pool, provider };
  }

  public addSite(plan: EdgeSitePlan, bundle?: PublishedBundle): EdgeHubSite {
    const site = new Construct(this, plan.site);
    const identity = plan.hubIdentity;
    let secretName: string | undefined;
    if (this.federation) {
      const account = new ServiceAccount(site, 'Account', {
        accountId: edgeAccountId(plan.env, plan.site),
        displayName: `Edge site ${plan.site} (${plan.fleet})`,
      });
      // Only a certificate whose CN is this account's id may act as it: one site cannot become another.
      new ServiceAccountIamMember(site, 'Federation', {
        serviceAccountId: account.name,
        role: 'roles/iam.workloadIdentityUser',
        member: `principal://iam.googleapis.com/${this.federation.pool.name}/subject/${edgeAccountId(plan.env, plan.site)}`,
      });
    } else {
      // Rotated every 90 days by the deploy pipeline; the site's secret sync fetches the new version.
      const rotation = (this.rotation ??= rotationEpoch(this, 'CredentialRotation').id);
      const credential = new Password(site, 'Credential', { length: 32, special: false, keepers: { rotation } }).result;
      secretName = resourceName({ env: plan.env, site: plan.site, component: 'hub-credential' });
      const secret = new SecretManagerSecret(site, 'Secret', {
        secretId: secretName,
        replication: { userManaged: { replicas: [{ location: this.props.region }] } },
        labels: this.props.labels ? { ...this.props.labels } : undefined,
      });
      new SecretManagerSecretVersion(site, 'SecretValue', { secret: secret.id, secretData: credential });
    }
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
