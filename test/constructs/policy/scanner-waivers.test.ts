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

  it('explain a secret without a rotation schedule only when its value rotates by epoch or is one of the explained kinds', () => {
    const secret = (name: string, extra: Record<string, unknown> = {}) =>
      view('aws_secretsmanager_secret', { name, ...extra }, { address: `aws_secretsmanager_secret.${name}` });
    const version = (name: string, value: string) =>
      view(
        'aws_secretsmanager_secret_version',
        { secret_id: `\${aws_secretsmanager_secret.${name}.id}`, secret_string: value },
        { address: `aws_secretsmanager_secret_version.${name}` },
      );
    const password = (name: string, keepers?: Record<string, string>) =>
      view('random_password', { length: 32, ...(keepers ? { keepers } : {}) }, { address: `random_password.${name}` });
    const stack = stackOf(
      secret('rotated'),
      version('rotated', '{"password":"${random_password.rotated.result}"}'),
      password('rotated', { rotation: '${time_rotating.r.id}' }),
      // The same without the epoch: never rotates, so Checkov's finding stands.
      secret('fixed'),
      version('fixed', '{"password":"${random_password.fixed.result}"}'),
      password('fixed'),
      secret('links', { description: 'IPsec pre-shared keys of link a-b, one per tunnel' }),
    );
    expect(
      scannerSkips(stack, [])
        .filter((s) => s.id === 'CKV2_AWS_57')
        .map((s) => s.address),
    ).toEqual(['aws_secretsmanager_secret.rotated', 'aws_secretsmanager_secret.links']);
  });

  // A fleet stack holds a secret, its version and its password per site: each secret is
  // explained from an index of the stack built once, not from a scan of the stack per secret.
  it('explain 2,000 epoch-rotated secrets without reading the stack once per secret', () => {
    const sites = Array.from({ length: 2000 }, (_, i) => `s${i}`);
    const stack = stackOf(
      ...sites.flatMap((s) => [
        view('aws_secretsmanager_secret', { name: s }, { address: `aws_secretsmanager_secret.${s}` }),
        view(
          'aws_secretsmanager_secret_version',
          { secret_id: `\${aws_secretsmanager_secret.${s}.id}`, secret_string: `{"password":"\${random_password.${s}.result}"}` },
          { address: `aws_secretsmanager_secret_version.${s}` },
        ),
        view('random_password', { length: 32, keepers: { rotation: '${time_rotating.r.id}' } }, { address: `random_password.${s}` }),
      ]),
    );
    const startsWith = jest.spyOn(String.prototype, 'startsWith');
    try {
      const rotated = scannerSkips(stack, []).filter((s) => s.id === 'CKV2_AWS_57');
      expect(rotated.map((s) => s.address)).toEqual(sites.map((s) => `aws_secretsmanager_secret.${s}`));
      expect(startsWith.mock.calls.length).toBeLessThanOrEqual(4 * sites.length);
    } finally {
      startsWith.mockRestore();
    }
  });
});
