import { bool, fail, get, referrers, undecidable, worst, type PolicyRule, type Verdict } from '../rule';

export const KAF040: PolicyRule = {
  id: 'KAF-040',
  title: 'Key Vaults are reachable only through a private endpoint',
  why: 'The vaults hold the Event Hubs customer keys and the VPN pre-shared keys; a public endpoint lets anyone with a leaked token reach them from anywhere, and an IP allow-list is only as good as the addresses on it.',
  fix: 'set public_network_access_enabled = false and network_acls { default_action = "Deny", bypass = "AzureServices" }, and add an azurerm_private_endpoint (subresource vault) in the site network; Terraform then runs on a runner inside that network.',
  severity: 'error',
  scanners: [
    {
      scanner: 'checkov',
      id: 'CKV_AZURE_189',
      relation: 'extends',
      source: 'bridgecrewio/checkov/checkov/terraform/checks/resource/azure/KeyVaultDisablesPublicNetworkAccess.py',
    },
    {
      scanner: 'checkov',
      id: 'CKV_AZURE_109',
      relation: 'mirrors',
      source: 'bridgecrewio/checkov/checkov/terraform/checks/resource/azure/KeyVaultEnablesFirewallRulesSettings.py',
    },
    {
      scanner: 'checkov',
      id: 'CKV2_AZURE_32',
      relation: 'mirrors',
      source: 'bridgecrewio/checkov/checkov/terraform/checks/graph_checks/azure/AzureKeyVaultConfigPrivateEndpoint.yaml',
    },
    {
      scanner: 'trivy',
      id: 'AVD-AZU-0013',
      relation: 'mirrors',
      source: 'aquasecurity/trivy-checks/checks/cloud/azure/keyvault/specify_network_acl.rego',
    },
  ],
  controls: [
    'NIST 800-53 SC-7',
    'NIST 800-53 SC-12',
    'ISO 27001 A.8.20',
    'ISO 27001 A.8.24',
    'PCI DSS 4.0 1.4.1',
    'PCI DSS 4.0 3.6.1',
    'DORA Art. 9',
  ],
  appliesTo: ['azurerm_key_vault'],
  check: (r) => {
    if (r.type !== 'azurerm_key_vault') return 'not-applicable';
    const verdicts: Verdict[] = [];
    // Checkov's CKV_AZURE_189 also passes a public vault with IP rules; this rule does not (it extends the check).
    const open = bool(r.config.public_network_access_enabled);
    verdicts.push(
      open === false
        ? 'compliant'
        : open === 'expression'
          ? undecidable('public_network_access_enabled is computed at apply time.')
          : fail(`public_network_access_enabled is ${open === undefined ? 'not set (true by default)' : 'true'}.`),
    );
    const action = get(r.config, 'network_acls.default_action');
    verdicts.push(
      action === 'Deny'
        ? 'compliant'
        : fail(`network_acls.default_action is ${action === undefined ? 'not set (no network ACL)' : JSON.stringify(action)}.`),
    );
    const endpoints = referrers(r, 'azurerm_private_endpoint');
    verdicts.push(
      endpoints === undefined
        ? undecidable('the vault was judged without its stack, so its private endpoint cannot be seen.')
        : endpoints.length > 0
          ? 'compliant'
          : fail('no azurerm_private_endpoint in this stack connects to the vault.'),
    );
    return worst(verdicts);
  },
};
