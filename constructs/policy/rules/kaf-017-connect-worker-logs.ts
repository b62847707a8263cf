import { bool, fail, get, undecidable, type PolicyRule } from '../rule';

export const KAF017: PolicyRule = {
  id: 'KAF-017',
  title: 'MSK Connect workers ship their logs',
  why: 'MirrorMaker 2 and connector failures (lag, offset sync, auth errors) show up only in worker logs.',
  fix: 'set log_delivery.worker_log_delivery with cloudwatch_logs, firehose or s3 enabled = true, to a log group with retention.',
  severity: 'error',
  controls: ['NIST 800-53 AU-2', 'NIST 800-53 AU-12', 'ISO 27001 A.8.15', 'PCI DSS 4.0 10.2.1', 'DORA Art. 10'],
  appliesTo: ['aws_mskconnect_connector'],
  check: (r) => {
    if (r.type !== 'aws_mskconnect_connector') return 'not-applicable';
    const logs = get(r.config, 'log_delivery.worker_log_delivery');
    const states = ['cloudwatch_logs', 'firehose', 's3'].map((d) => bool(get(logs, `${d}.enabled`)));
    if (states.includes(true)) return 'compliant';
    if (states.includes('expression')) return undecidable('whether a log destination is enabled is computed at apply time.');
    return fail('log_delivery.worker_log_delivery enables no destination.');
  },
};
