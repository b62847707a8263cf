import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import type { Severity } from '../analysis/alarm-thresholds';
import type { Alerts, AlertTargets } from '../model/schema';
import { resourceName } from '../model/naming';
import { ConstructError } from '../construct-error';
import { CLOUDWATCH_ALARMS_KEY_USE, kmsKeyPolicy } from './kms-key-policy';

export interface AlertTopicsProps {
  readonly env: string;
  readonly site: string;
  /** Where alerts go per severity; `ticket` defaults to the page targets. */
  readonly alerts: Alerts;
}

/**
 * One SNS topic per severity in the site's region (CloudWatch alarms publish only to
 * topics in their own region), encrypted with a customer-managed key that CloudWatch
 * may use, with an email or HTTPS subscription per declared target.
 */
export class AlertTopics extends Construct {
  public readonly topics: Record<Severity, SnsTopic>;
  public readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: AlertTopicsProps) {
    super(scope, id);
    const targets: Record<Severity, AlertTargets> = { page: props.alerts.page, ticket: props.alerts.ticket ?? props.alerts.page };
    const bad = Object.values(targets)
      .flatMap((t) => t.https ?? [])
      .filter((u) => !u.startsWith('https://'));
    if (bad.length > 0)
      throw new ConstructError(this, `webhooks must use https://, got ${bad.join(', ')}. Use the https endpoint of the incident tool.`);

    const account = new DataAwsCallerIdentity(this, 'Account');
    const partition = new DataAwsPartition(this, 'Partition');
    const name = resourceName({ env: props.env, site: props.site, component: 'alerts' });
    this.key = new KmsKey(this, 'Key', {
      description: `Alert topics of ${props.env}-${props.site}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: kmsKeyPolicy({ partition: partition.partition, accountId: account.accountId }, CLOUDWATCH_ALARMS_KEY_USE),
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, 'KeyAlias', { name: `alias/${name}`, targetKeyId: this.key.keyId });

    const make = (severity: Severity): SnsTopic => {
      const topic = new SnsTopic(this, severity === 'page' ? 'Page' : 'Ticket', {
        name: `${name}-${severity}`,
        displayName: `${props.env} ${props.site} Kafka ${severity}`,
        kmsMasterKeyId: this.key.arn,
      });
      new SnsTopicPolicy(this, `${severity === 'page' ? 'Page' : 'Ticket'}Policy`, {
        arn: topic.arn,
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'CloudWatchAlarmsOfThisAccount',
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: 'sns:Publish',
              Resource: topic.arn,
              Condition: { StringEquals: { 'aws:SourceAccount': account.accountId } },
            },
          ],
        }),
      });
      const t = targets[severity];
      (t.email ?? []).forEach((address, i) => {
        new SnsTopicSubscription(this, `${severity}-email-${i}`, { topicArn: topic.arn, protocol: 'email', endpoint: address });
      });
      (t.https ?? []).forEach((url, i) => {
        new SnsTopicSubscription(this, `${severity}-https-${i}`, {
          topicArn: topic.arn,
          protocol: 'https',
          endpoint: url,
          endpointAutoConfirms: false,
        });
      });
      return topic;
    };
    this.topics = { page: make('page'), ticket: make('ticket') };
  }
}
