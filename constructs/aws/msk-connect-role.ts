/**
 * Trust policy of an MSK Connect service execution role: the service assumes it for the
 * connector's workers. "IAM roles and policies for MSK Connect", Amazon MSK Developer Guide
 * (https://docs.aws.amazon.com/msk/latest/developerguide/msk-connect-service-execution-role.html).
 */
export const MSK_CONNECT_ASSUME_ROLE_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'kafkaconnect.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
