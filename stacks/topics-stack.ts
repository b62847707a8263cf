import { DataAwsMskCluster } from '@cdktf/provider-aws/lib/data-aws-msk-cluster';
import { Fn, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { clientBootstrap } from '../constructs/analysis/kraft';
import { tfbackendText, topicStackClusters } from '../constructs/analysis/plan';
import { RenderedFile } from '../constructs/rendered-file';
import { topicConfig } from '../constructs/kafka/topic-config';
import { resourceName, stackId } from '../constructs/model/naming';
import { kindModel } from '../constructs/kinds/registry';
import { applyPolicy } from '../constructs/policy';
import { KafkaProvider } from '../constructs/kafka/provider';
import { KafkaTopic } from '../constructs/kafka/topic';
import { awsProvider } from './aws-provider';
import { applyBackend, stackPlanOf } from './backend';
import type { SiteContext } from './context';
import { serverlessBootstrap, serverlessTopicConfig, SERVERLESS_REPLICATION_FACTOR } from './msk-serverless';

export { topicConfig } from '../constructs/kafka/topic-config';

/**
 * Topics of the MSK clusters of one site, stack id `<env>-<site>-topics`, or of one
 * stretched cluster, `<env>-<cluster>-topics` (`ctx` is then its first site). Kept apart
 * from the site stack because the Kafka provider must reach the brokers at plan time:
 * the site stack stays plannable anywhere, this one runs on a runner inside the
 * network. It finds the cluster by its planned name, not by another stack's token,
 * and is deployed after the site stack.
 */
export class TopicsStack extends TerraformStack {
  constructor(scope: Construct, ctx: SiteContext, id = stackId(ctx.env.name, ctx.site.id, 'topics')) {
    super(scope, id);
    applyPolicy(this, ctx.plan.policy);
    applyBackend(this, stackPlanOf(ctx.plan, id).backend);
    const here = ctx.plan.clusters.filter((c) => c.parts.some((p) => p.part === 'topics' && p.stack === id));
    // A stretched cluster's topics need no cloud API: without an AWS provider the stack
    // plans from a runner in any surviving region of the cluster (its state is copied there).
    const reaches = here.map((c) => kindModel(ctx.env.clusters.find((x) => x.id === c.id)?.kind ?? '')?.topics);
    if (reaches.some((t) => t?.by === 'topics-stack' && t.reach !== 'planned-nodes-scram')) awsProvider(this, ctx);
    // The switch to a copy of the state when the home region is lost (docs/deploy.md, "Losing a region").
    for (const copy of stackPlanOf(ctx.plan, id).stateCopies ?? [])
      new RenderedFile(this, `failover-${copy.site}`, { path: `stacks/${id}/${copy.backendFile}`, content: tfbackendText(copy) });
    for (const planned of here) {
      const cluster = ctx.env.clusters.find((c) => c.id === planned.id)!;
      // The plan puts here only kinds whose topics this stack manages; the kind says how it reaches the brokers.
      const topics = kindModel(cluster.kind)?.topics;
      if (topics?.by !== 'topics-stack') continue;
      const reach = topics.reach;
      const serverless = reach === 'msk-serverless-iam';
      // A stretched cluster's brokers are known from the plan; the runner supplies its
      // SCRAM user and CA through KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD / KAFKA_CA_CERT.
      const provider =
        reach === 'planned-nodes-scram'
          ? new KafkaProvider(this, `${cluster.id}-kafka`, {
              alias: cluster.id,
              bootstrapServers: clientBootstrap(planned.nodes ?? []).split(','),
              saslMechanism: 'scram-sha512',
            })
          : new KafkaProvider(this, `${cluster.id}-kafka`, {
              alias: cluster.id,
              bootstrapServers: Fn.split(
                ',',
                serverless
                  ? serverlessBootstrap(this, ctx, cluster.id)
                  : new DataAwsMskCluster(this, `${cluster.id}-cluster`, {
                      clusterName: resourceName({ env: ctx.env.name, site: ctx.site.id, component: cluster.id }),
                    }).bootstrapBrokersSaslIam,
              ),
              saslMechanism: 'aws-iam',
              saslAwsRegion: ctx.site.region,
            });
      for (const t of planned.topics) {
        // Construct id = cluster/topic name: part of the address, never renamed.
        new KafkaTopic(this, `${cluster.id}-${t.name}`, {
          provider,
          name: t.name,
          partitions: t.partitions,
          replicationFactor: serverless ? SERVERLESS_REPLICATION_FACTOR : t.replicationFactor,
          config: serverless ? serverlessTopicConfig(t) : topicConfig(t),
          lifecycle: { preventDestroy: true },
        });
      }
    }
  }
}

/** Clusters whose topics the site's topics stack manages (analysis/plan topicStackClusters). */
export function topicClusters(ctx: Pick<SiteContext, 'env' | 'site'>) {
  return topicStackClusters(ctx.env, ctx.site.id);
}
