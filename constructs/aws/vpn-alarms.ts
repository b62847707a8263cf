import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import type { VpnConnection } from '@cdktf/provider-aws/lib/vpn-connection';
import { Construct } from 'constructs';
import { vpnTunnelAlarms, type Severity } from '../analysis/alarm-thresholds';
import { formatSeconds } from '../model/duration';
import { resourceName } from '../model/naming';

export interface VpnTunnelAlarmsProps {
  readonly env: string;
  /** Site whose alert topics (AlertTopics, `<env>-<site>-alerts-<severity>`) receive the alarms. */
  readonly site: string;
  readonly linkId: string;
  readonly farSite: string;
  readonly connections: readonly VpnConnection[];
}

/**
 * AWS/VPN TunnelState alarms for the connections of one link end. The metric is keyed by
 * the connection id and the tunnels' outside addresses, known only after apply, so the
 * alarms live beside the connections; the site's alert topics are addressed by their
 * planned names, never by another stack's tokens.
 */
export class VpnTunnelAlarms extends Construct {
  public readonly alarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, props: VpnTunnelAlarmsProps) {
    super(scope, id);
    const account = new DataAwsCallerIdentity(this, 'Account');
    const partition = new DataAwsPartition(this, 'Partition');
    const region = new DataAwsRegion(this, 'Region');
    const topicArn = (severity: Severity) =>
      `arn:${partition.partition}:sns:${region.region}:${account.accountId}:${resourceName({ env: props.env, site: props.site, component: 'alerts' })}-${severity}`;
    const name = (suffix: string) => resourceName({ env: props.env, site: props.site, component: `${props.linkId}-${suffix}` }, 255);

    props.connections.forEach((conn, c) => {
      for (const a of vpnTunnelAlarms()) {
        const down = formatSeconds(a.periodSeconds * a.evaluationPeriods);
        const common = {
          namespace: 'AWS/VPN',
          metricName: 'TunnelState',
          statistic: 'Maximum',
          period: a.periodSeconds,
          evaluationPeriods: a.evaluationPeriods,
          datapointsToAlarm: a.evaluationPeriods,
          threshold: a.threshold,
          comparisonOperator: 'LessThanThreshold',
          // No data means no tunnel reports: treat it as down.
          treatMissingData: 'breaching',
          alarmActions: [topicArn(a.severity)],
          okActions: [topicArn(a.severity)],
        };
        if (a.scope === 'connection') {
          this.alarms.push(
            new CloudwatchMetricAlarm(this, `Connection${c}Down`, {
              ...common,
              alarmName: name(`vpn-${c}-down`),
              alarmDescription: `[${a.severity}] link ${props.linkId} to ${props.farSite} down: both tunnels of VPN connection ${c} down for ${down}. Runbook: check the far end ${props.farSite} (gateway, pre-shared key, IKE proposal, BGP); replication and edge flows over this link stop and buffer meanwhile.`,
              dimensions: { VpnId: conn.id },
            }),
          );
        } else {
          ([conn.tunnel1Address, conn.tunnel2Address] as const).forEach((address, t) =>
            this.alarms.push(
              new CloudwatchMetricAlarm(this, `Connection${c}Tunnel${t + 1}Down`, {
                ...common,
                alarmName: name(`vpn-${c}-tunnel-${t + 1}-down`),
                alarmDescription: `[${a.severity}] tunnel ${t + 1} of VPN connection ${c} (link ${props.linkId} to ${props.farSite}) down for ${down}: redundancy lost, the other tunnel carries traffic. Runbook: check the far end's second interface and its BGP session.`,
                dimensions: { TunnelIpAddress: address },
              }),
            ),
          );
        }
      }
    });
  }
}
