import {
  awsTagProblem,
  azureContainerProblem,
  azureResourceGroupProblem,
  azureStorageAccountProblem,
  azureTagProblem,
  dnsSubdomainProblem,
  eventHubNameProblem,
  gcpLabelPart,
  gcpLabelProblem,
  gcsBucketProblem,
  kafkaCollisionKey,
  kafkaTopicNameProblem,
  kubeApiProblem,
  portProblem,
  reservedRangeOf,
  s3BucketProblem,
  selfManagedVersionProblem,
} from '../../../constructs/model/limits';

/** Each limit: values that break it, and values at its edge that pass. */
const CASES: Array<[string, (v: string) => string | undefined, string[], string[]]> = [
  ['Kafka topic names', kafkaTopicNameProblem, ['', '.', '..', 'a'.repeat(250), 'a b', 'ä'], ['a'.repeat(249), 'A.b_c-1', '...']],
  ['Event Hubs names', eventHubNameProblem, ['alerts-', '-x', 'a_', 'a'.repeat(257), 'a b'], ['a', 'A.b_c-1', 'a'.repeat(256)]],
  [
    'S3 buckets',
    s3BucketProblem,
    ['ab', 'Bad', 'a..b', '192.168.5.4', 'xn--a', 'sthree-x', 'x-s3alias', 'x--ol-s3', 'a'.repeat(64), '-ab'],
    ['abc', 'a.b-c', 'a'.repeat(63)],
  ],
  [
    'Cloud Storage buckets',
    gcsBucketProblem,
    ['ab', 'goog-x', 'my-google-x', 'a_', `${'a'.repeat(64)}.b`, '10.0.0.1'],
    ['a_b', 'abc', `${'a'.repeat(63)}.b`],
  ],
  ['Azure storage accounts', azureStorageAccountProblem, ['ab', 'Abc', 'a-b', 'a'.repeat(25)], ['abc', 'a'.repeat(24)]],
  ['Azure containers', azureContainerProblem, ['ab', 'a--b', '-ab', 'A-b'], ['tfstate', 'a-b']],
  ['Azure resource groups', azureResourceGroupProblem, ['', 'a.', 'a/b', 'a'.repeat(91)], ['rg_(1).x-y', 'a'.repeat(90)]],
  ['Kubernetes names', dnsSubdomainProblem, ['a/../b', 'A', '-a', 'a..b', 'a.-b', 'a'.repeat(254)], ['gp3', 'local-path', 'a.b']],
  [
    'kubeApi',
    kubeApiProblem,
    ['file:///etc/passwd', 'http://10.0.0.1:6443', 'https://u:p@x:6443', 'https://x:6443/?a', 'not a url'],
    ['https://10.101.1.10:6443', 'https://api.site'],
  ],
  ['self-managed Kafka versions', selfManagedVersionProblem, ['../../9.9.9', '4.1', '3.8.1', '5.0.0'], ['3.9.1', '4.0.0', '4.1.1']],
];

describe.each(CASES)('%s', (_what, check, bad, good) => {
  it.each(bad)('refuses %j', (v) => expect(check(v)).toEqual(expect.any(String)));
  it.each(good)('accepts %j', (v) => expect(check(v)).toBeUndefined());
});

describe('tags and labels', () => {
  it('AWS: refuses aws: on keys and values, long keys and values, other characters', () => {
    expect(awsTagProblem('aws:x', 'v')).toMatch(/reserved/);
    expect(awsTagProblem('k', 'AWS:v')).toMatch(/reserved/);
    expect(awsTagProblem('k'.repeat(129), 'v')).toMatch(/at most 128/);
    expect(awsTagProblem('k', 'v'.repeat(257))).toMatch(/at most 256/);
    expect(awsTagProblem('k', 'a\nb')).toMatch(/only letters/);
    expect(awsTagProblem('cost-center', 'Plant Ö/2 @x+y=z:1.2_3')).toBeUndefined();
  });
  it('Azure: refuses < > % & \\ ? / in names and line breaks', () => {
    for (const c of ['<', '>', '%', '&', '\\', '?', '/']) expect(azureTagProblem(`a${c}b`, 'v')).toMatch(/cannot hold/);
    expect(azureTagProblem('a', 'x\ny')).toMatch(/line breaks/);
    expect(azureTagProblem('cost-center', 'a/b')).toBeUndefined();
  });
  it('Google: keys start with a letter after sanitising, 63 characters at most', () => {
    expect(gcpLabelProblem('1abc', 'v')).toMatch(/start with a lowercase letter/);
    expect(gcpLabelProblem('k', 'v'.repeat(64))).toMatch(/at most 63/);
    expect(gcpLabelProblem('Cost Center', 'Plant A')).toBeUndefined();
    expect(gcpLabelPart('Cost Center')).toBe('cost_center');
  });
});

describe('networks and ports', () => {
  it('names the reserved range a CIDR touches', () => {
    expect(reservedRangeOf('127.0.0.0/16')).toMatch(/loopback/);
    expect(reservedRangeOf('0.0.0.0/8')).toMatch(/this network/);
    expect(reservedRangeOf('168.63.129.0/24')).toMatch(/Azure platform/);
    expect(reservedRangeOf('240.0.0.0/8')).toMatch(/reserved/);
    expect(reservedRangeOf('10.0.0.0/8')).toBeUndefined();
  });
  it('ports 1 to 65535', () => {
    expect(portProblem(0)).toBeDefined();
    expect(portProblem(65536)).toBeDefined();
    expect(portProblem(9.5)).toBeDefined();
    expect(portProblem(1)).toBeUndefined();
    expect(portProblem(65535)).toBeUndefined();
  });
  it('Kafka reads "." and "_" alike', () => {
    expect(kafkaCollisionKey('a.b_c')).toBe(kafkaCollisionKey('a_b.c'));
  });
});
