import { dashboardSite } from '../constructs/analysis/allocations';
import type { Construct } from 'constructs';
import { AlertTopics } from '../constructs/aws/alert-topics';
import { BucketRequestMetrics } from '../constructs/aws/bucket-request-metrics';
import { EstateDashboard } from '../constructs/aws/estate-dashboard';
import { CloudWatchAlarms, type AuthLogSource } from '../constructs/aws/metric-alarms';
import { MskRegionalCluster } from '../constructs/aws/msk-regional-cluster';
import { EventHubsNamespace } from '../constructs/azure/event-hubs-namespace';
import { AzureAlerts } from '../constructs/azure/metric-alerts';
import { StreamAnalyticsJob } from '../constructs/azure/stream-analytics-job';
import { GcpAlertPolicies } from '../constructs/gcp/alert-policies';
import { CloudMonitoringEstateDashboard } from '../constructs/gcp/estate-dashboard';
import { azureResourceGroup } from './azure-site';
import { googleProvider } from './gcp-provider';
import { sitePlan, siteTags, type SiteContext } from './context';

/**
 * The site's share of the alarm plan: alert routing, the alarms whose metrics are
 * published in this site's region, and, in the site recorded for it (at first the
 * environment's first site of the cloud), that cloud's dashboard for the whole environment. Metrics are found by planned
 * names, never by another stack's tokens.
 */
export function addObservability(stack: Construct, ctx: SiteContext): void {
  const { env, site } = ctx;
  const plan = ctx.plan.alarms;
  const targets = sitePlan(ctx).alerts;
  const own = plan.alarms.filter((a) => a.site === site.id);
  if (site.cloud === 'aws') {
    const firstAws = dashboardSite(env, 'aws') === site.id;
    if (firstAws && plan.alarms.some((a) => a.cloud === 'aws')) new EstateDashboard(stack, 'Dashboard', { env, alarms: plan.alarms });
    if (own.length === 0) return;
    // Without targets (checkAlertTargets warns) the topics exist without subscribers, so the alarms still show their state.
    const topics = new AlertTopics(stack, 'Alerts', { env: env.name, site: site.id, alerts: targets ?? { page: {} } });
    const authLogs: AuthLogSource[] = stack.node.children
      .filter((c): c is MskRegionalCluster => c instanceof MskRegionalCluster)
      .map((c) => ({ clusterName: c.clusterName, logGroupName: c.logGroupName, logGroup: c.logGroup }));
    new CloudWatchAlarms(stack, 'Alarms', {
      env: env.name,
      alarms: own.filter((a) => a.cloud === 'aws'),
      topicArns: { page: topics.topics.page.arn, ticket: topics.topics.ticket.arn },
      authLogs,
    });
    // Request metrics exist only under a bucket metrics configuration: those the site's alarms read.
    const configurations = ctx.plan.connectors.flatMap((c) => c.watch.requestMetrics).filter((m) => m.site === site.id);
    if (configurations.length > 0) new BucketRequestMetrics(stack, 'RequestMetrics', { configurations });
  }
  if (site.cloud === 'azure') {
    const azure = own.filter((a) => a.cloud === 'azure');
    if (azure.length === 0) return;
    const scopes: Record<string, string> = {};
    for (const c of stack.node.children) if (c instanceof EventHubsNamespace) scopes[c.namespaceName] = c.namespace.id;
    for (const c of stack.node.findAll()) if (c instanceof StreamAnalyticsJob) scopes[c.jobName] = c.job.id;
    new AzureAlerts(stack, 'AzureAlerts', {
      env: env.name,
      site: site.id,
      resourceGroupName: azureResourceGroup(stack, ctx).name,
      alerts: targets ?? { page: {} },
      alarms: azure,
      scopes,
      tags: siteTags(ctx),
    });
  }
  if (site.cloud === 'gcp') {
    const gcp = own.filter((a) => a.cloud === 'gcp');
    const firstGcp = dashboardSite(env, 'gcp') === site.id;
    if (firstGcp && plan.alarms.some((a) => a.cloud === 'gcp')) {
      googleProvider(stack, ctx);
      new CloudMonitoringEstateDashboard(stack, 'Dashboard', { env, alarms: plan.alarms });
    }
    if (gcp.length === 0) return;
    googleProvider(stack, ctx);
    new GcpAlertPolicies(stack, 'GcpAlerts', {
      env: env.name,
      site: site.id,
      alerts: targets ?? { page: {} },
      alarms: gcp,
    });
  }
}
