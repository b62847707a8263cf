import { TerraformStack, Testing } from 'cdktf';
import { ConstructError } from '../../constructs/construct-error';
import { KafkaNetwork } from '../../constructs/aws/network';

describe('ConstructError', () => {
  // A fresh stack per attempt: the failed construct stays in its scope under its id.
  const build = () =>
    new KafkaNetwork(new TerraformStack(Testing.app(), 'lab'), 'Net', {
      namePrefix: 'lab-fra',
      cidr: '10.0.0.0/33',
      clientCidrs: ['10.1.0.0/16'],
      zones: 7,
    });

  it('is what a construct throws for props it cannot build, not a bare Error', () => {
    expect(build).toThrow(ConstructError);
  });

  it('names the construct class and path, each bad value and what would be right', () => {
    let error: ConstructError | undefined;
    try {
      build();
    } catch (e) {
      error = e as ConstructError;
    }
    expect(error?.constructPath).toBe('lab/Net');
    expect(error?.message).toMatch(/^KafkaNetwork lab\/Net: /);
    expect(error?.problems).toEqual([
      'cidr "10.0.0.0/33" is not an IPv4 CIDR; write it like 10.10.0.0/16.',
      'zones must be 2 to 6, got 7.',
    ]);
  });
});
