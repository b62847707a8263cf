import { AzurermBackend, GcsBackend, LocalBackend, S3Backend, type TerraformStack } from 'cdktf';
import { REQUIRED_TERRAFORM, type EstatePlan, type StackBackend, type StackPlan } from '../constructs/analysis/plan';

/** Human description of a stack's backend for the synth summary. */
export function describeBackend(b: StackBackend): string {
  switch (b.type) {
    case 'local':
      return 'local';
    case 's3':
      return `s3://${b.bucket} (${b.region}, encrypted, lockfile)`;
    case 'azurerm':
      return `azurerm ${b.storageAccountName}/${b.containerName}${b.region ? ` (${b.region})` : ''}`;
    case 'gcs':
      return `gcs://${b.bucket}${b.region ? ` (${b.region})` : ''}`;
  }
}

/**
 * Configures the stack's state backend as the plan decided it (analysis/plan/state.ts), and
 * the Terraform version it needs: `use_lockfile` is an argument of the S3 backend from
 * Terraform 1.10 (https://developer.hashicorp.com/terraform/language/backend/s3, "State
 * Locking"); an older Terraform stops with an unsupported-argument error instead of saying so.
 */
export function applyBackend(stack: TerraformStack, b: StackBackend): void {
  stack.addOverride('terraform.required_version', REQUIRED_TERRAFORM);
  switch (b.type) {
    case 'local':
      new LocalBackend(stack, { path: b.path });
      return;
    case 's3': {
      const s3 = new S3Backend(stack, { bucket: b.bucket, key: b.key, region: b.region, encrypt: true, kmsKeyId: b.kmsKeyId });
      // S3-native locking (Terraform >= 1.10); the cdktf 0.21 config type predates it.
      // Set on the backend itself so the policy (KAF-032) reads it where Terraform does.
      s3.addOverride('use_lockfile', true);
      return;
    }
    case 'azurerm':
      // Blob leases lock the state; storage service encryption is always on.
      new AzurermBackend(stack, {
        resourceGroupName: b.resourceGroupName,
        storageAccountName: b.storageAccountName,
        containerName: b.containerName,
        key: b.key,
        useAzureadAuth: true,
      });
      return;
    case 'gcs':
      // GCS locks natively and encrypts at rest.
      new GcsBackend(stack, { bucket: b.bucket, prefix: b.prefix });
      return;
  }
}

/** A stack's plan: its backend and what it depends on (applied by buildEstate). */
export function stackPlanOf(plan: EstatePlan, id: string): StackPlan {
  const s = plan.stacks.find((x) => x.id === id);
  // Only reachable from code: stacks are created from the plan's own list.
  if (!s) throw new Error(`stack ${id} is not in the plan of ${plan.env.name}; build stacks from planEstate.`);
  return s;
}
