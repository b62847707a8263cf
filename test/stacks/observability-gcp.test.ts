import { MonitoringAlertPolicy } from '@cdktf/provider-google/lib/monitoring-alert-policy';
import { MonitoringDashboard } from '@cdktf/provider-google/lib/monitoring-dashboard';
import { MonitoringNotificationChannel } from '@cdktf/provider-google/lib/monitoring-notification-channel';
import { Testing } from 'cdktf';
import { readFileSync } from 'fs';
import { join } from 'path';
import { envOf, estateStacks } from '../helpers';

const retail = envOf(readFileSync(join(__dirname, '..', '..', 'environments', 'retail.yaml'), 'utf8'));
const stacks = estateStacks(retail);
const hub = Testing.synth(stacks.get('retail-hub')!, true);
const dr = Testing.synth(stacks.get('retail-hub-dr')!, true);

describe('Google Cloud alert policies (retail)', () => {
  it('creates an email notification channel per target and severity', () => {
    expect(hub).toHaveResourceWithProperties(MonitoringNotificationChannel, {
      type: 'email',
      labels: { email_address: 'retail-streaming-oncall@example.com' },
    });
    expect(hub).toHaveResourceWithProperties(MonitoringNotificationChannel, {
      type: 'email',
      labels: { email_address: 'retail-streaming@example.com' },
    });
  });

  it('pages when a ship has been silent for its offline window, as an absence condition', () => {
    expect(hub).toHaveResourceWithProperties(MonitoringAlertPolicy, {
      display_name: 'retail-hub-ship-oasis-silent-page',
      severity: 'CRITICAL',
      combiner: 'OR',
      notification_channels: [expect.stringMatching(/google_monitoring_notification_channel\.GcpAlerts_page-email-0/)],
      conditions: [
        expect.objectContaining({
          condition_absent: expect.objectContaining({ filter: expect.stringContaining('starts_with("ship-oasis.")') }),
        }),
      ],
      documentation: expect.objectContaining({ content: expect.stringMatching(/Runbook: /) }),
    });
  });

  it('alarms on each HA VPN tunnel', () => {
    expect(hub).toHaveResourceWithProperties(MonitoringAlertPolicy, {
      display_name: 'retail-hub-store-mia-tunnel-0-down',
      conditions: [
        expect.objectContaining({
          condition_threshold: expect.objectContaining({ comparison: 'COMPARISON_LT', threshold_value: 1, duration: '120s' }),
        }),
      ],
    });
  });

  it('watches the DR copy into Managed Kafka by the heartbeats it replicates', () => {
    expect(dr).toHaveResourceWithProperties(MonitoringAlertPolicy, {
      display_name: 'retail-hub-dr-hub-dr-stalled-page',
      conditions: [
        expect.objectContaining({
          condition_absent: expect.objectContaining({ filter: expect.stringContaining('resource.labels.topic_id="hub.heartbeats"') }),
        }),
      ],
    });
  });

  it('draws one Cloud Monitoring dashboard for the environment, in its first Google Cloud site', () => {
    expect(hub).toHaveResource(MonitoringDashboard);
    expect(dr).not.toHaveResource(MonitoringDashboard);
  });
});
