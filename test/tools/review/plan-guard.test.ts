import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { planGuardCommand } from '../../../tools/review/plan-guard';

const plan = {
  resource_changes: [
    { address: 'aws_ec2_transit_gateway.Hub_Tgw_1A2B3C4D', type: 'aws_ec2_transit_gateway', change: { actions: ['delete', 'create'] } },
    { address: 'aws_msk_cluster.main_7AD10839', type: 'aws_msk_cluster', change: { actions: ['update'] } },
    { address: 'kafka_topic.main-orders', type: 'kafka_topic', change: { actions: ['delete'] } },
    { address: 'aws_cloudwatch_metric_alarm.x', type: 'aws_cloudwatch_metric_alarm', change: { actions: ['delete'] } },
  ],
};
const file = join(mkdtempSync(join(tmpdir(), 'plan-guard-')), 'plan.json');
writeFileSync(file, JSON.stringify(plan));

describe('plan-level guard', () => {
  it('fails on a stateful delete or replace, naming each, and lets stateless changes pass', () => {
    const log: string[] = [];
    expect(planGuardCommand(['dev-fra', file], (l) => log.push(l))).toBe(2);
    expect(log).toContainEqual(expect.stringMatching(/^DANGER: dev-fra\/kafka_topic\.main-orders would be deleted/));
    expect(log.join('\n')).not.toContain('aws_msk_cluster');
    expect(log.join('\n')).not.toContain('metric_alarm');
  });

  it('passes when every danger is acknowledged with a reason', () => {
    const log: string[] = [];
    const acks = ['--ack', 'dev-fra/kafka_topic.main-orders=the topic moved to the orders-v2 cluster last release'];
    const tgw = ['--ack', 'dev-fra/aws_ec2_transit_gateway.Hub_Tgw_1A2B3C4D=new ASN agreed with every peer, maintenance window'];
    expect(planGuardCommand(['dev-fra', file, ...acks, ...tgw], (l) => log.push(l))).toBe(0);
    expect(log.every((l) => l.startsWith('acknowledged:'))).toBe(true);
  });

  it('refuses a short reason', () => {
    const log: string[] = [];
    expect(planGuardCommand(['dev-fra', file, '--ack', 'dev-fra/kafka_topic.main-orders=fine'], (l) => log.push(l))).toBe(1);
  });
});
