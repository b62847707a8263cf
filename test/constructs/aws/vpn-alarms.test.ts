import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { LINK_DOWN_SECONDS, vpnTunnelAlarms } from '../../../constructs/analysis/alarm-thresholds';
import { envOf, estateStacks, synthJson } from '../../helpers';

describe('vpnTunnelAlarms', () => {
  it('pages when both tunnels are down and tickets when one is, after the link stayed down', () => {
    const [link, tunnel] = vpnTunnelAlarms();
    expect(link).toEqual({
      scope: 'connection',
      severity: 'page',
      periodSeconds: 60,
      evaluationPeriods: LINK_DOWN_SECONDS / 60,
      threshold: 1,
    });
    expect(tunnel).toEqual(expect.objectContaining({ scope: 'tunnel', severity: 'ticket' }));
    expect(vpnTunnelAlarms(300)[0].evaluationPeriods).toBe(1);
  });
});

describe('AWS VPN ends of the public-sector links', () => {
  const env = envOf(parse(readFileSync(join(__dirname, '..', '..', '..', 'environments', 'public-sector.yaml'), 'utf8')));
  const { synth, json } = synthJson(estateStacks(env).get('pubsec-hub-aws-links')!);
  const alarms = Object.values<any>(json.resource.aws_cloudwatch_metric_alarm).filter((a) => a.metric_name === 'TunnelState');
  const connections = Object.keys(json.resource.aws_vpn_connection);

  it('watch every connection (page) and both of its tunnels (ticket)', () => {
    expect(alarms.filter((a) => a.dimensions.VpnId)).toHaveLength(connections.length);
    expect(alarms.filter((a) => a.dimensions.TunnelIpAddress)).toHaveLength(connections.length * 2);
    for (const id of connections) expect(alarms.some((a) => a.dimensions.VpnId === `\${aws_vpn_connection.${id}.id}`)).toBe(true);
  });

  it('route to the site alert topics by planned name and treat silence as down', () => {
    expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      namespace: 'AWS/VPN',
      metric_name: 'TunnelState',
      comparison_operator: 'LessThanThreshold',
      threshold: 1,
      treat_missing_data: 'breaching',
      evaluation_periods: 3,
      alarm_actions: [expect.stringMatching(/:pubsec-hub-aws-alerts-page$/)],
      alarm_description: expect.stringMatching(/^\[page\] link .* down: both tunnels .* Runbook:/),
    });
  });
});
