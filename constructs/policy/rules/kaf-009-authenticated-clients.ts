import { bool, fail, get, list, strimzi, worst, type PolicyRule, type Verdict } from '../rule';

function msk(config: Readonly<Record<string, unknown>>): Verdict {
  const auth = config.client_authentication;
  if (auth === undefined) return fail('client_authentication is not set, so clients connect unauthenticated.');
  const verdicts: Verdict[] = [];
  if (bool(get(auth, 'unauthenticated')) === true) verdicts.push(fail('client_authentication.unauthenticated is true.'));
  const iam = bool(get(auth, 'sasl.iam')) === true;
  const scram = bool(get(auth, 'sasl.scram')) === true;
  const tls = get(auth, 'tls.certificate_authority_arns') !== undefined;
  if (!iam && !scram && !tls) verdicts.push(fail('client_authentication enables none of sasl.iam, sasl.scram, tls.'));
  return verdicts.length > 0 ? worst(verdicts) : 'compliant';
}

export const KAF009: PolicyRule = {
  id: 'KAF-009',
  title: 'Clients are always authenticated (IAM, SCRAM or mTLS)',
  why: 'An unauthenticated listener lets anyone who can route to a broker read and write every topic; ACLs mean nothing without identities.',
  fix: 'MSK: client_authentication with sasl.iam or sasl.scram (unauthenticated = false); MSK Serverless: sasl.iam.enabled = true; MSK Connect: authentication_type = "IAM"; Strimzi: an authentication block on every listener.',
  severity: 'error',
  controls: ['NIST 800-53 IA-2', 'NIST 800-53 AC-3', 'ISO 27001 A.8.5', 'PCI DSS 4.0 8.3.1', 'DORA Art. 9'],
  appliesTo: ['aws_msk_cluster', 'aws_msk_serverless_cluster', 'aws_mskconnect_connector', 'kubernetes_manifest'],
  check: (r) => {
    switch (r.type) {
      case 'aws_msk_cluster':
        return msk(r.config);
      case 'aws_msk_serverless_cluster':
        return bool(get(r.config, 'client_authentication.sasl.iam.enabled')) === true
          ? 'compliant'
          : fail('client_authentication.sasl.iam.enabled is not true.');
      case 'aws_mskconnect_connector': {
        const t = get(r.config, 'kafka_cluster_client_authentication.authentication_type');
        return t === 'IAM'
          ? 'compliant'
          : fail(`kafka_cluster_client_authentication.authentication_type is ${t === undefined ? 'not set (NONE)' : JSON.stringify(t)}.`);
      }
      default: {
        const spec = strimzi(r, 'Kafka');
        if (!spec) return 'not-applicable';
        const open = list(get(spec, 'kafka.listeners'))
          .filter((l) => get(l, 'authentication.type') === undefined)
          .map((l) => String(get(l, 'name') ?? '?'));
        return open.length === 0 ? 'compliant' : fail(`listeners without authentication: ${open.join(', ')}.`);
      }
    }
  },
};
