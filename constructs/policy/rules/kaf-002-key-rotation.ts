import { bool, fail, get, isExpression, undecidable, type PolicyRule } from '../rule';

export const KAF002: PolicyRule = {
  id: 'KAF-002',
  title: 'Encryption keys rotate automatically',
  why: 'Keys that protect broker volumes, logs and Event Hubs data must rotate so a leaked key version stops protecting new data.',
  fix: 'AWS: enable_key_rotation = true; Google: rotation_period (e.g. 7776000s); Azure Key Vault keys: a rotation_policy with automatic rotation.',
  severity: 'error',
  scanners: [
    {
      scanner: 'checkov',
      id: 'CKV_AWS_7',
      relation: 'mirrors',
      source: 'bridgecrewio/checkov/checkov/terraform/checks/resource/aws/KMSRotation.py',
    },
    {
      scanner: 'checkov',
      id: 'CKV_GCP_43',
      relation: 'extends',
      source: 'bridgecrewio/checkov/checkov/terraform/checks/resource/gcp/GoogleKMSRotationPeriod.py',
    },
    {
      scanner: 'trivy',
      id: 'AVD-AWS-0065',
      relation: 'mirrors',
      source: 'aquasecurity/trivy-checks/checks/cloud/aws/kms/auto_rotate_keys.rego',
    },
    {
      scanner: 'trivy',
      id: 'AVD-GCP-0065',
      relation: 'mirrors',
      source: 'aquasecurity/trivy-checks/checks/cloud/google/kms/rotate_kms_keys.rego',
    },
  ],
  controls: ['NIST 800-53 SC-12', 'ISO 27001 A.8.24', 'PCI DSS 4.0 3.7.4', 'DORA Art. 9'],
  appliesTo: ['aws_kms_key', 'google_kms_crypto_key', 'azurerm_key_vault_key'],
  check: (r) => {
    switch (r.type) {
      case 'aws_kms_key': {
        const spec = r.config.customer_master_key_spec ?? r.config.key_spec;
        // AWS rotates symmetric keys only; asymmetric and HMAC keys cannot rotate.
        if (typeof spec === 'string' && spec !== 'SYMMETRIC_DEFAULT') return 'not-applicable';
        const on = bool(r.config.enable_key_rotation);
        if (on === true) return 'compliant';
        if (on === 'expression') return undecidable('enable_key_rotation is computed at apply time.');
        return fail(`enable_key_rotation is ${on === undefined ? 'not set (off by default)' : 'false'}.`);
      }
      case 'google_kms_crypto_key': {
        const purpose = r.config.purpose;
        if (typeof purpose === 'string' && purpose !== 'ENCRYPT_DECRYPT') return 'not-applicable';
        const period = r.config.rotation_period;
        return typeof period === 'string' && period !== '' ? 'compliant' : fail('rotation_period is not set, so the key never rotates.');
      }
      case 'azurerm_key_vault_key': {
        const auto = get(r.config, 'rotation_policy.automatic');
        if (auto === undefined) return fail('rotation_policy.automatic is not set, so the key never rotates.');
        const after =
          get(r.config, 'rotation_policy.automatic.time_after_creation') ?? get(r.config, 'rotation_policy.automatic.time_before_expiry');
        return after !== undefined || isExpression(auto)
          ? 'compliant'
          : fail('rotation_policy.automatic has no time_after_creation or time_before_expiry.');
      }
      default:
        return 'not-applicable';
    }
  },
};
