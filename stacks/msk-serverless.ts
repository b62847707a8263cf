import { DataAwsMskBootstrapBrokers } from '@cdktf/provider-aws/lib/data-aws-msk-bootstrap-brokers';
import { DataAwsResourcegroupstaggingapiResources } from '@cdktf/provider-aws/lib/data-aws-resourcegroupstaggingapi-resources';
import type { Construct } from 'constructs';
import { durationMs } from '../constructs/model/duration';
import { MSK_SERVERLESS } from '../constructs/kinds/msk-serverless/facts';
import { resourceName } from '../constructs/model/naming';
import type { SiteContext } from './context';

/**
 * IAM bootstrap servers of an MSK Serverless cluster, found from another stack. Its ARN
 * carries a generated id, so it cannot be derived from the plan like a provisioned
 * cluster's name; the tagging API finds it by the Name tag the construct sets.
 */
export function serverlessBootstrap(scope: Construct, ctx: SiteContext, clusterId: string): string {
  const name = resourceName({ env: ctx.env.name, site: ctx.site.id, component: clusterId }, 64);
  const found = new DataAwsResourcegroupstaggingapiResources(scope, `${clusterId}-serverless`, {
    resourceTypeFilters: ['kafka:cluster'],
    tagFilter: [{ key: 'Name', values: [name] }],
  });
  const brokers = new DataAwsMskBootstrapBrokers(scope, `${clusterId}-bootstrap`, {
    clusterArn: found.resourceTagMappingList.get(0).resourceArn,
  });
  return brokers.bootstrapBrokersSaslIam;
}

/** Topic settings MSK Serverless accepts: retention only; replication is the service's. */
export function serverlessTopicConfig(t: { retention: string }): Record<string, string> {
  return { 'retention.ms': String(durationMs(t.retention)) };
}

export const SERVERLESS_REPLICATION_FACTOR = MSK_SERVERLESS.replicationFactor;
