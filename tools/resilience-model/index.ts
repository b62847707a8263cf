import type { Environment } from '../../constructs/model/schema';
import { failuresOf, type Failure } from './failures';
import { verdictsUnder, type Verdict } from './simulate';
import { estateOf, type Estate } from './topology';

/**
 * A second opinion on the product's resilience claims: an independent model of Kafka
 * durability and availability that plays every failure through the estate. It shares
 * no code with constructs/analysis (see facts.ts for the one table it reads), so a
 * mistake there and here would have to be made twice, differently, to go unnoticed.
 * test/tools/resilience-model holds the agreement tests.
 */
export interface ModelReport {
  readonly estate: Estate;
  readonly failures: readonly Failure[];
  readonly verdicts: readonly Verdict[];
}

export function modelEnvironment(env: Environment, pairs: ReadonlyArray<readonly [string, string]> = []): ModelReport {
  const estate = estateOf(env);
  const failures = failuresOf(estate, pairs);
  return { estate, failures, verdicts: failures.flatMap((f) => verdictsUnder(estate, f)) };
}

export { failuresOf, type Failure } from './failures';
export { backlogSurvives, rackCounts, underFailure, verdictsUnder, type Loss, type Verdict } from './simulate';
export { estateOf, seconds, zoneOf, type EdgeSite, type Estate, type ModelCluster, type Node, type Place } from './topology';
