import { fail, type PolicyRule } from '../rule';

export const KAF041: PolicyRule = {
  id: 'KAF-041',
  title: 'Key Vault keys and secrets carry an expiration date',
  why: 'A key or secret without expiry is valid forever; with one, Key Vault reports it before it lapses and a key rotation policy rotates ahead of it.',
  fix: 'set expiration_date (RFC 3339); with a rotation policy, let the first version expire a year after creation and ignore later changes (rotation sets the date of each new version).',
  severity: 'error',
  scanners: [
    {
      scanner: 'checkov',
      id: 'CKV_AZURE_40',
      relation: 'mirrors',
      source: 'bridgecrewio/checkov/checkov/terraform/checks/resource/azure/KeyExpirationDate.py',
    },
    {
      scanner: 'checkov',
      id: 'CKV_AZURE_41',
      relation: 'mirrors',
      source: 'bridgecrewio/checkov/checkov/terraform/checks/resource/azure/SecretExpirationDate.py',
    },
    {
      scanner: 'trivy',
      id: 'AVD-AZU-0014',
      relation: 'mirrors',
      source: 'aquasecurity/trivy-checks/checks/cloud/azure/keyvault/ensure_key_expiry.rego',
    },
    {
      scanner: 'trivy',
      id: 'AVD-AZU-0017',
      relation: 'mirrors',
      source: 'aquasecurity/trivy-checks/checks/cloud/azure/keyvault/ensure_secret_expiry.rego',
    },
  ],
  controls: ['NIST 800-53 SC-12', 'NIST 800-53 IA-5', 'ISO 27001 A.8.24', 'PCI DSS 4.0 3.7.4', 'DORA Art. 9'],
  appliesTo: ['azurerm_key_vault_key', 'azurerm_key_vault_secret'],
  check: (r) => {
    if (r.type !== 'azurerm_key_vault_key' && r.type !== 'azurerm_key_vault_secret') return 'not-applicable';
    const date = r.config.expiration_date;
    return typeof date === 'string' && date !== '' ? 'compliant' : fail('expiration_date is not set, so the item never expires.');
  },
};
