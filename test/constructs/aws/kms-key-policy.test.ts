import { CLOUDWATCH_ALARMS_KEY_USE, cloudWatchLogsKeyUse, kmsKeyPolicy } from '../../../constructs/aws/kms-key-policy';

describe('KMS key policies', () => {
  const account = { partition: 'aws', accountId: '111122223333' };

  it('lets the account administer the key first, then the services that encrypt with it', () => {
    const policy = JSON.parse(kmsKeyPolicy(account, cloudWatchLogsKeyUse(account, 'eu-north-1')));
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['AccountAdministers', 'CloudWatchLogsUse']);
    expect(policy.Statement[0]).toMatchObject({ Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*' });
  });

  it('admits CloudWatch Logs only for log groups of its own account and region', () => {
    expect(cloudWatchLogsKeyUse(account, 'eu-north-1')).toMatchObject({
      Principal: { Service: 'logs.eu-north-1.amazonaws.com' },
      Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-north-1:111122223333:log-group:*' } },
    });
  });

  it('lets CloudWatch alarms publish to an encrypted topic without administering the key', () => {
    expect(CLOUDWATCH_ALARMS_KEY_USE.Action).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
  });
});
