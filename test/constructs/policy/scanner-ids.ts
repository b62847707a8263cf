/**
 * Scanner check ids verified to exist in the scanner versions the review workflow pins
 * (.github/workflows/review.yml, job scanners). Checked by reading the scanners' sources:
 *
 * - Checkov 3.3.13 (tag 3.3.13, 2026-08-20, checkov/version.py): each id is the `id` of a
 *   check under checkov/terraform/checks (the path given). 3.3.30, pinned before, is not a
 *   release as far as the repository showed (newest tag 3.3.13), so the pin moved to 3.3.13.
 * - Trivy 0.69.3 (tag v0.69.3, 2026-03-03) embeds trivy-checks at commit 79d27547baf5 (its
 *   go.mod: github.com/aquasecurity/trivy-checks v1.12.2-0.20251219190323-79d27547baf5). There
 *   a check's id is `AWS-0178` and `AVD-AWS-0178` is one of its aliases; Trivy matches an
 *   ignore entry against the id, the AVD id and every alias (pkg/result/filter.go), so the
 *   AVD ids the product writes still match. The workflow passes --skip-check-update so these
 *   embedded checks are the ones that run.
 *
 * A new scanner id in a rule or a waiver must be checked the same way and added here.
 */
export const VERIFIED_SCANNER_IDS: Readonly<Record<'checkov' | 'trivy', Readonly<Record<string, string>>>> = {
  checkov: {
    CKV2_AWS_10: 'graph_checks/aws/CloudtrailHasCloudwatch.yaml',
    CKV2_AWS_11: 'graph_checks/aws/VPCHasFlowLog.yaml',
    CKV2_AWS_12: 'graph_checks/aws/VPCHasRestrictedSG.yaml',
    CKV2_AWS_23: 'graph_checks/aws/Route53ARecordAttachedResource.yaml',
    CKV2_AWS_57: 'graph_checks/aws/SecretsAreRotated.yaml',
    CKV2_AZURE_32: 'graph_checks/azure/AzureKeyVaultConfigPrivateEndpoint.yaml',
    CKV2_GCP_3: 'graph_checks/gcp/ServiceAccountHasGCPmanagedKey.yaml',
    CKV_AWS_145: 'graph_checks/aws/S3KMSEncryptedByDefault.yaml',
    CKV_AWS_158: 'resource/aws/CloudWatchLogGroupKMSKey.py',
    CKV_AWS_18: 'graph_checks/aws/S3BucketLogging.yaml',
    CKV_AWS_189: 'resource/aws/EBSVolumeEncryptedWithCMK.py',
    CKV_AWS_252: 'resource/aws/CloudtrailDefinesSNSTopic.py',
    CKV_AWS_291: 'resource/aws/MSKClusterNodesArePrivate.py',
    CKV_AWS_3: 'resource/aws/EBSEncryption.py',
    CKV_AWS_338: 'resource/aws/CloudWatchLogGroupRetentionYear.py',
    CKV_AWS_62: 'resource/aws/IAMAdminPolicyDocument.py',
    CKV_AWS_63: 'resource/aws/IAMStarActionPolicyDocument.py',
    CKV_AWS_66: 'resource/aws/CloudWatchLogGroupRetention.py',
    CKV_AWS_67: 'resource/aws/CloudtrailMultiRegion.py',
    CKV_AWS_7: 'resource/aws/KMSRotation.py',
    CKV_AWS_79: 'resource/aws/IMDSv1Disabled.py',
    CKV_AWS_8: 'resource/aws/LaunchConfigurationEBSEncryption.py',
    CKV_AWS_80: 'resource/aws/MSKClusterLogging.py',
    CKV_AWS_81: 'resource/aws/MSKClusterEncryption.py',
    CKV_AWS_88: 'resource/aws/EC2PublicIP.py',
    CKV_AZURE_109: 'resource/azure/KeyVaultEnablesFirewallRulesSettings.py',
    CKV_AZURE_189: 'resource/azure/KeyVaultDisablesPublicNetworkAccess.py',
    CKV_AZURE_223: 'resource/azure/EventHubNamespaceMinTLS12.py',
    CKV_AZURE_40: 'resource/azure/KeyExpirationDate.py',
    CKV_AZURE_41: 'resource/azure/SecretExpirationDate.py',
    CKV_GCP_43: 'resource/gcp/GoogleKMSRotationPeriod.py',
    CKV_GCP_62: 'resource/gcp/CloudStorageLogging.py',
    CKV_GCP_82: 'resource/gcp/GoogleKMSPreventDestroy.py',
  },
  trivy: {
    'AVD-AWS-0009': 'cloud/aws/ec2/no_public_ip.rego',
    'AVD-AWS-0014': 'cloud/aws/cloudtrail/enable_all_regions.rego',
    'AVD-AWS-0017': 'cloud/aws/cloudwatch/log_group_customer_key.rego',
    'AVD-AWS-0026': 'cloud/aws/ec2/enable_volume_encryption.rego',
    'AVD-AWS-0027': 'cloud/aws/ec2/encryption_customer_key.rego',
    'AVD-AWS-0028': 'cloud/aws/ec2/enforce_http_token_imds.rego',
    'AVD-AWS-0065': 'cloud/aws/kms/auto_rotate_keys.rego',
    'AVD-AWS-0073': 'cloud/aws/msk/enable_in_transit_encryption.rego',
    'AVD-AWS-0074': 'cloud/aws/msk/enable_logging.rego',
    'AVD-AWS-0089': 'cloud/aws/s3/enable_logging.rego',
    'AVD-AWS-0107': 'cloud/aws/ec2/no_public_ingress_sgr.rego',
    'AVD-AWS-0131': 'cloud/aws/ec2/enable_at_rest_encryption.rego',
    'AVD-AWS-0132': 'cloud/aws/s3/encryption_customer_key.rego',
    'AVD-AWS-0162': 'cloud/aws/cloudtrail/ensure_cloudwatch_integration.rego',
    'AVD-AWS-0163': 'cloud/aws/cloudtrail/require_bucket_access_logging.rego',
    'AVD-AWS-0164': 'cloud/aws/ec2/no_public_ip_subnet.rego',
    'AVD-AWS-0173': 'cloud/aws/ec2/restrict_all_in_default_sg.rego',
    'AVD-AWS-0178': 'cloud/aws/ec2/require_vpc_flow_logs_for_all_vpcs.rego',
    'AVD-AWS-0179': 'cloud/aws/msk/enable_at_rest_encryption.rego',
    'AVD-AZU-0013': 'cloud/azure/keyvault/specify_network_acl.rego',
    'AVD-AZU-0014': 'cloud/azure/keyvault/ensure_key_expiry.rego',
    'AVD-AZU-0017': 'cloud/azure/keyvault/ensure_secret_expiry.rego',
    'AVD-GCP-0065': 'cloud/google/kms/rotate_kms_keys.rego',
    'AVD-GCP-0066': 'cloud/google/storage/bucket_encryption_customer_key.rego',
    'AVD-GCP-0077': 'cloud/google/storage/enable_bucket_logging.rego',
  },
};
