import { TimeProvider } from '@cdktf/provider-time/lib/provider';
import { Rotating } from '@cdktf/provider-time/lib/rotating';
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';

/** Days a generated credential lives before the next apply replaces it: the 90 days CIS asks of access keys (CIS AWS 1.4 1.14). */
export const CREDENTIAL_ROTATION_DAYS = 90;

/**
 * The rotation epoch of the credentials a construct generates: a time_rotating that lapses
 * every CREDENTIAL_ROTATION_DAYS, given to each random_password as its keeper. On the first
 * plan after it lapses, Terraform replaces the epoch, so every password kept by it is
 * generated anew and written to its secret in the same apply
 * (registry.terraform.io/providers/hashicorp/time, time_rotating: "rotates ... when the
 * current time is past the rotation timestamp"; hashicorp/random, random_password keepers:
 * "arbitrary map of values that, when changed, will trigger recreation"). Rotation thus
 * happens in the deploy pipeline, where the consumers' values are written too.
 */
export function rotationEpoch(scope: Construct, id: string): Rotating {
  const stack = TerraformStack.of(scope);
  if (!stack.node.tryFindChild('time')) new TimeProvider(stack, 'time');
  return new Rotating(scope, id, { rotationDays: CREDENTIAL_ROTATION_DAYS });
}
