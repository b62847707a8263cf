import { checkovBaseline, evaluate, ruleById, scannerSkips, trivyIgnore } from '../../../constructs/policy';
import { stackOf, view } from './cases';

describe('scanner waivers', () => {
  const record = view('aws_route53_record', { type: 'A', name: 'b0', records: ['10.0.0.10'] }, { address: 'aws_route53_record.b0' });
  const aliased = view('aws_route53_record', { type: 'A', alias: { name: '${aws_lb.x.dns_name}' } }, { address: 'aws_route53_record.lb' });
  const logs = view('aws_cloudwatch_log_group', { retention_in_days: 30, kms_key_id: 'k' }, { address: 'aws_cloudwatch_log_group.l' });
  const views = stackOf(record, aliased, logs);
  const waived = evaluate(
    views[2],
    [{ rule: 'KAF-039', reason: 'a test stage keeps 30 days on purpose', scope: 'test-fra', source: 'code' }],
    [ruleById('KAF-039')!],
  );
  const skips = scannerSkips(views, waived);

  it('explain a literal-address A record to Checkov, not an aliased one', () => {
    expect(skips.filter((s) => s.id === 'CKV2_AWS_23').map((s) => s.address)).toEqual(['aws_route53_record.b0']);
  });

  it("carry a KAF suppression over to the scanner checks the rule mirrors, with the suppression's reason", () => {
    expect(skips.filter((s) => s.from === 'KAF-039')).toEqual([
      {
        scanner: 'checkov',
        id: 'CKV_AWS_338',
        address: 'aws_cloudwatch_log_group.l',
        reason: 'a test stage keeps 30 days on purpose',
        from: 'KAF-039',
      },
    ]);
  });

  it("are written as Checkov's baseline (by resource) and Trivy's ignore file (by stack file)", () => {
    expect(JSON.parse(checkovBaseline([{ stack: 'test-fra', scannerSkips: skips }]))).toEqual({
      failed_checks: [
        {
          file: '/stacks/test-fra/cdk.tf.json',
          findings: [
            { resource: 'aws_cloudwatch_log_group.l', check_ids: ['CKV_AWS_338'] },
            { resource: 'aws_route53_record.b0', check_ids: ['CKV2_AWS_23'] },
          ],
        },
      ],
    });
    const trivy = [
      { scanner: 'trivy' as const, id: 'AVD-AWS-0017', address: 'aws_cloudwatch_log_group.l', reason: 'why', from: 'KAF-038' },
    ];
    expect(trivyIgnore([{ stack: 'test-fra', scannerSkips: trivy }])).toBe(
      'misconfigurations:\n  - id: AVD-AWS-0017\n    paths:\n      - "stacks/test-fra/cdk.tf.json"\n    statement: "why"\n',
    );
    expect(trivyIgnore([])).toBe('misconfigurations: []\n');
  });
});
