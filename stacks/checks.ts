import type { EnvironmentCheck } from '../constructs/model/problems';
import { ENVIRONMENT_CHECKS } from '../constructs/analysis/validate';
import { checkAlertTargets } from '../constructs/analysis/alarms';
import { checkConstructLimits } from '../constructs/analysis/construct-limits';
import { checkSuppressions } from '../constructs/policy';
import { checkImplemented } from './clusters';
import { checkReplicationBuildable } from './replication-links';
import { checkConnectorsBuildable } from './connectors';

/**
 * The one list of environment checks: what the app (main.ts), the tests, the review
 * and the bench run before anything is built. It lives in stacks/ because some checks
 * are about what the stacks can build (a kind with no placement, a copy with no
 * implementation); an environment that passes it never reaches a construct error.
 * Order is the order problems are reported in.
 */
export const ESTATE_CHECKS: readonly EnvironmentCheck[] = [
  ...ENVIRONMENT_CHECKS,
  checkImplemented,
  checkSuppressions,
  checkReplicationBuildable,
  checkConnectorsBuildable,
  checkAlertTargets,
  checkConstructLimits,
];
