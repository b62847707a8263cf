import type { ResolvedTopic } from '../model/defaults';
import type { Cluster, Environment } from '../model/schema';

/**
 * The vocabulary of resilience outcomes, shared by the models that produce them
 * (quorum, replication, edge buffers) and the assessment that combines them
 * (resilience.ts). Kept apart so the models never import the assessment.
 *
 * Failure scopes: `zone` (one availability zone or one broker rack inside a site) and
 * `site` (a whole region or edge site).
 */
export type FailureScope = 'zone' | 'site';

export type Mechanism = 'replicas-across-zones' | 'synchronous-stretch' | 'async-replication' | 'edge-buffer' | 'metadata-only' | 'none';

/** What happens to one topic when one failure domain is lost. */
export interface Outcome {
  readonly topic: string;
  readonly cluster: string;
  readonly scope: FailureScope;
  /** Which failure, in words: "zone of fra lost", "site fra lost". */
  readonly failure: string;
  /** Worst data loss in seconds: 0, a bound, or Infinity (everything not copied elsewhere). */
  readonly rpoSeconds: number;
  /** True when the RPO is a replication-lag bound rather than a placement fact. */
  readonly rpoIsLagBound: boolean;
  /** Time until writes go on; Infinity when they wait for the failed domain to return. */
  readonly rtoSeconds: number;
  readonly writesContinue: boolean;
  readonly mechanism: Mechanism;
  readonly reason: string;
  /** Site whose loss (or whose zone's loss) this outcome describes, when one site is at fault. */
  readonly lostSite?: string;
  /** What would improve the RPO, when the model producing the outcome knows better than the generic advice. */
  readonly rpoFix?: string;
  /** What would improve the RTO, likewise. */
  readonly rtoFix?: string;
}

/** Produces outcomes for the topics of one cluster kind. Later features register theirs. */
export type ClusterResilience = (env: Environment, cluster: Cluster, topics: ResolvedTopic[]) => Outcome[];

/** Refines the outcomes so far (replication links, edge buffers); each receives the outcomes so far. */
export type OutcomeRefinement = (env: Environment, outcomes: Outcome[]) => Outcome[];
