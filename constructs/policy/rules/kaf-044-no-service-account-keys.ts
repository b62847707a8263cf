import { fail, referrers, type PolicyRule } from '../rule';

export const KAF044: PolicyRule = {
  id: 'KAF-044',
  title: 'No user-managed service-account keys',
  why: "A google_service_account_key is a long-lived credential: its private key is written to Terraform state (and to every copy of it), works from anywhere until someone deletes it, and does not rotate. Google offers keyless ways for every workload this product places: attached service accounts in Google Cloud and workload identity federation outside it (the edge sites' certificates).",
  fix: "remove the google_service_account_key; let the workload act as the service account through workload identity federation (an edge site's certificate of the fleet's CA: constructs/gcp/edge-hub.ts) or the service account attached to its VM or Connect cluster.",
  severity: 'error',
  // Checkov's graph check fails only keys without public_key_data (Google-generated private keys); an
  // uploaded public key is still a long-lived user-managed key, so this rule refuses every key.
  scanners: [
    {
      scanner: 'checkov',
      id: 'CKV2_GCP_3',
      relation: 'extends',
      source: 'bridgecrewio/checkov/checkov/terraform/checks/graph_checks/gcp/ServiceAccountHasGCPmanagedKey.yaml',
    },
  ],
  // CIS Google Cloud Platform Foundation Benchmark 1.3.0: 1.4 "Ensure that there are only GCP-managed service account
  // keys for each service account" and 1.7 "Ensure user-managed/external keys for service accounts are rotated every
  // 90 days or less", as turbot/steampipe-mod-gcp-compliance numbers them (cis_v130_1_7; 1.4 carries that title from
  // v1.2.0 to v4.0.0, e.g. cis_v200_1_4).
  controls: ['CIS GCP 1.3 1.4', 'CIS GCP 1.3 1.7', 'NIST 800-53 IA-5', 'ISO 27001 A.5.17', 'PCI DSS 4.0 8.6.3', 'DORA Art. 9'],
  appliesTo: ['google_service_account_key', 'google_service_account'],
  check: (r) => {
    if (r.type === 'google_service_account_key')
      return fail(
        `${r.address} creates a user-managed key of ${String(r.config.service_account_id)}; its private key lives in state and never rotates.`,
      );
    if (r.type !== 'google_service_account') return 'not-applicable';
    // An account judged alone has no keys in view; its keys, wherever they are, fail on their own.
    const keys = referrers(r, 'google_service_account_key') ?? [];
    return keys.length === 0
      ? 'compliant'
      : fail(`the account has user-managed keys (${keys.map((k) => k.address).join(', ')}); let its workload act as it without a key.`);
  },
};
