import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { DataAwsMskCluster } from '@cdktf/provider-aws/lib/data-aws-msk-cluster';
import { Fn, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { EDGE_HUBS } from '../constructs/kinds/edge-hubs';
import { isEdgeHubCloud } from '../constructs/kinds/edge-hub-clouds';
import { kindModel } from '../constructs/kinds/registry';
import type { ConnectorPlan } from '../constructs/analysis/connectors';
import type { EdgeSitePlan } from '../constructs/analysis/edge';
import { fleetHub, type EstatePlan } from '../constructs/analysis/plan';
import type { EdgeFleet } from '../constructs/model/schema';
import { resourceName, stackId } from '../constructs/model/naming';
import { EdgeSite, type EdgeSiteProps } from '../constructs/edge/edge-site';
import { publishedBundle } from '../constructs/edge/hub';
import { edgeSiteRunbookPath } from '../constructs/analysis/edge-runbook';
import { RenderedFile } from '../constructs/rendered-file';
import { KafkaAcl } from '../constructs/kafka/acl';
import { KafkaProvider } from '../constructs/kafka/provider';
import { applyPolicy } from '../constructs/policy';
import { awsProvider } from './aws-provider';
import { placeConnectorRunbook } from './connectors';
import { applyBackend, stackPlanOf } from './backend';
import { googleProvider } from './gcp-provider';
import { siteTags, type SiteContext } from './context';
import { ConstructError } from '../constructs/construct-error';

/**
 * The hub side of one edge fleet, stack id `<env>-<fleet>`: providers of the hub's
 * cloud, the fleet's bucket and vault, and one construct per site (id = site id)
 * holding its credential, its secret and its published bundle. Sites are data: adding
 * or removing one adds or removes only the addresses under its id. A fleet stack
 * depends on nothing but names, so it plans without reaching any site; the site
 * dials the hub, never the other way.
 */
export class EdgeFleetStack extends TerraformStack {
  public readonly plans: readonly EdgeSitePlan[];

  constructor(scope: Construct, estate: EstatePlan, fleet: EdgeFleet) {
    const { env } = estate;
    const id = stackId(env.name, fleet.id);
    super(scope, id);
    applyPolicy(this, estate.policy);
    applyBackend(this, stackPlanOf(estate, id).backend);
    const { cluster: hubCluster, site: hubSite } = fleetHub(env, fleet);
    if (!hubCluster || !hubSite)
      throw new ConstructError(
        this,
        `hub cluster "${fleet.hub}" or its site is not declared; validation should have rejected the environment.`,
      );
    const ctx: SiteContext = { env, site: hubSite, plan: estate };
    const tags = { ...siteTags(ctx), component: `edge-fleet-${fleet.id}` };
    new RandomProvider(this, 'random');
    const role = kindModel(hubCluster.kind)?.edgeHub;
    if (!role?.accepts || !isEdgeHubCloud(hubSite.cloud))
      throw new ConstructError(
        this,
        `hub "${hubCluster.id}" (${hubCluster.kind}) on ${hubSite.cloud} cannot take edge sites; validation (checkEdgeFleets) should have rejected the environment.`,
      );
    switch (hubSite.cloud) {
      case 'aws':
        awsProvider(this, ctx);
        break;
      case 'gcp':
        googleProvider(this, ctx);
        break;
      case 'azure':
        new AzurermProvider(this, 'azurerm', { features: [{}], subscriptionId: env.accounts?.azure?.subscriptionId });
        break;
    }
    // The hub construct follows the hub site's cloud; what it binds follows the hub kind.
    const hub = EDGE_HUBS[hubSite.cloud](this, {
      env,
      fleet: fleet.id,
      hubSite,
      clusterName: resourceName({ env: env.name, site: hubSite.id, component: hubCluster.id }),
      hubCluster: hubCluster.id,
      binding: role.binding,
      identity: role.identity,
      tags,
    });
    const rendered = new Construct(this, 'Sites');
    this.plans = estate.edgeSites.filter((p) => p.fleet === fleet.id);
    for (const plan of this.plans) {
      // Direct sites render and apply their bundle in their own stack (placeDirectEdgeSite).
      const site = plan.delivery === 'pull' ? new EdgeSite(rendered, plan.site, edgeSiteProps(plan, estate.connectors)) : undefined;
      if (site) for (const c of estate.connectors.filter((x) => x.edgeSite === plan.site)) placeConnectorRunbook(this, estate, c);
      if (site) placeEdgeSiteRunbook(this, estate, plan);
      hub.addSite(plan, site && publishedBundle(site.bundlePath, site.bundle));
    }
  }
}

/**
 * Direct delivery: the site's manifests are applied by Terraform over the site's link,
 * from the site's own stack (`<env>-<site>`), so an unreachable store blocks only its
 * own plan. The stack runs on the site's runner (`[self-hosted, <env>-<site>]`), which
 * passes the API's CA certificate and a service-account token as TF_VAR_kube_cluster_ca_certificate
 * and TF_VAR_kube_token (deploy.yml): the provider then verifies the API server instead of
 * trusting whatever answers at the address, and no credential is written into the stack.
 */
export function placeDirectEdgeSites(scope: Construct, ctx: SiteContext): void {
  for (const plan of ctx.plan.edgeSites.filter((p) => p.site === ctx.site.id)) {
    if (plan.delivery !== 'direct') continue;
    const ca = new TerraformVariable(scope, 'kube_cluster_ca_certificate', {
      type: 'string',
      description: `PEM CA certificate of the Kubernetes API of ${plan.site} (${plan.kubeApi}).`,
    });
    const token = new TerraformVariable(scope, 'kube_token', {
      type: 'string',
      sensitive: true,
      description: `Token of the service account Terraform uses on the Kubernetes API of ${plan.site}.`,
    });
    const kubernetes = new KubernetesProvider(scope, 'kubernetes', {
      host: plan.kubeApi,
      clusterCaCertificate: ca.stringValue,
      token: token.stringValue,
    });
    new EdgeSite(scope, 'Edge', { ...edgeSiteProps(plan, ctx.plan.connectors), kubernetes });
    for (const c of ctx.plan.connectors.filter((x) => x.edgeSite === plan.site)) placeConnectorRunbook(scope, ctx.plan, c);
    placeEdgeSiteRunbook(scope, ctx.plan, plan);
  }
}

/** The site's runbook, where the plan has one (sites holding a hub key of their own). */
function placeEdgeSiteRunbook(scope: Construct, estate: EstatePlan, plan: EdgeSitePlan): void {
  const runbook = estate.files.find((f) => f.path === edgeSiteRunbookPath(estate.env.name, plan.site));
  if (runbook?.content) new RenderedFile(scope, `runbook-edge-${plan.site}`, { path: runbook.path, content: runbook.content });
}

/**
 * ACLs of a fleet's sites on an MSK hub, stack id `<env>-<fleet>-acls`: each site's
 * SCRAM user may use only its own `<site>.` topics and groups and read the topics that
 * come down. Like the topics stacks, the Kafka provider must reach the brokers when it
 * plans, so this stack runs on a runner inside the hub's network, after the hub's site
 * stack and the fleet stack; it finds the cluster by its planned name.
 */
export class EdgeFleetAclsStack extends TerraformStack {
  constructor(scope: Construct, estate: EstatePlan, fleet: EdgeFleet) {
    const { env } = estate;
    const id = stackId(env.name, fleet.id, 'acls');
    super(scope, id);
    applyPolicy(this, estate.policy);
    applyBackend(this, stackPlanOf(estate, id).backend);
    const { cluster: hubCluster, site: hubSite } = fleetHub(env, fleet);
    if (!hubCluster || !hubSite) throw new ConstructError(this, `hub cluster "${fleet.hub}" or its site is not declared.`);
    awsProvider(this, { env, site: hubSite, plan: estate });
    const cluster = new DataAwsMskCluster(this, 'HubCluster', {
      clusterName: resourceName({ env: env.name, site: hubSite.id, component: hubCluster.id }),
    });
    const provider = new KafkaProvider(this, 'kafka', {
      bootstrapServers: Fn.split(',', cluster.bootstrapBrokersSaslIam),
      saslMechanism: 'aws-iam',
      saslAwsRegion: hubSite.region,
    });
    for (const plan of estate.edgeSites.filter((p) => p.fleet === fleet.id)) {
      const site = new Construct(this, plan.site);
      const principal = `User:${plan.hubIdentity}`;
      new KafkaAcl(site, 'topics', {
        provider,
        principal,
        resourceType: 'Topic',
        resourceName: `${plan.site}.`,
        patternType: 'Prefixed',
        operation: 'All',
      });
      new KafkaAcl(site, 'groups', {
        provider,
        principal,
        resourceType: 'Group',
        resourceName: `${plan.site}.`,
        patternType: 'Prefixed',
        operation: 'All',
      });
      for (const t of plan.topics.filter((x) => x.direction === 'down')) {
        // Read implies Describe; DescribeConfigs lets MirrorMaker 2 copy the topic's settings.
        for (const operation of ['Read', 'DescribeConfigs'] as const) {
          new KafkaAcl(site, `down-${t.name}-${operation}`, {
            provider,
            principal,
            resourceType: 'Topic',
            resourceName: t.hubTopic as string,
            operation,
          });
        }
      }
    }
  }
}

/** A planned edge site as EdgeSite's props: every value decided by the plan, none left to the construct's defaults. */
export function edgeSiteProps(plan: EdgeSitePlan, connectors: readonly ConnectorPlan[] = []): EdgeSiteProps {
  const here = connectors.filter((c) => c.edgeSite === plan.site);
  return {
    ...(here.length > 0 ? { connectors: here, connectRegistry: plan.connectRegistry } : {}),
    ...(plan.mirrorMakerImage ? { mirrorMakerImage: plan.mirrorMakerImage } : {}),
    ...(plan.workloadIdentityProvider ? { workloadIdentityProvider: plan.workloadIdentityProvider } : {}),
    estate: plan.env,
    fleet: plan.fleet,
    site: plan.site,
    hub: { bootstrap: plan.hubBootstrap, identity: plan.hubIdentity, auth: plan.hubAuth },
    topics: plan.topics,
    nodes: plan.nodes,
    offlineWindowSeconds: plan.offlineWindowSeconds,
    retentionSeconds: plan.retentionSeconds,
    ingressMBps: plan.ingressMBps,
    storageGiB: plan.storageGiB,
    storageClass: plan.storageClass,
    delivery: plan.delivery,
  };
}
