import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { LINK_TYPES, planGuardCommand } from '../../../tools/review/plan-guard';
import { ROOT } from './reference-synth';

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
  it('fails on a stateful or link-carrying delete or replace, naming each, and lets other changes pass', () => {
    const log: string[] = [];
    expect(planGuardCommand(['dev-fra', file], (l) => log.push(l))).toBe(2);
    expect(log).toContainEqual(expect.stringMatching(/^DANGER: dev-fra\/kafka_topic\.main-orders would be deleted/));
    // No data, but a replaced transit gateway drops every attachment and BGP session.
    expect(log).toContainEqual(expect.stringMatching(/^DANGER: dev-fra\/aws_ec2_transit_gateway\.Hub_Tgw_1A2B3C4D would be replaced/));
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

describe('link-carrying types', () => {
  it('covers every VPN, gateway, router and peering resource the product can create', () => {
    // Every provider class imported by the source (deep imports only), as its Terraform type.
    const PREFIX: Record<string, string> = { aws: 'aws', azurerm: 'azurerm', google: 'google' };
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
      );
    const types = new Set<string>();
    for (const f of [...files(join(ROOT, 'constructs')), ...files(join(ROOT, 'stacks'))])
      for (const m of readFileSync(f, 'utf8').matchAll(/@cdktf\/provider-(aws|azurerm|google)\/lib\/([a-z0-9-]+)/g))
        types.add(`${PREFIX[m[1]]}_${m[2].replace(/-/g, '_')}`);
    const links = [...types].filter(
      (t) => /vpn|gateway|router|transit|peering|tunnel/.test(t) && !/endpoint|nat_gateway|internet_gateway|propagation|data_/.test(t),
    );
    expect(links.length).toBeGreaterThan(10);
    expect(links.filter((t) => !LINK_TYPES.has(t))).toEqual([]);
  });
});
