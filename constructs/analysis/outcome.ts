import type { ResolvedTopic } from '../model/defaults';
import type { Cluster, Environment } from '../model/schema';

/**
 * The vocabulary of resilience outcomes, shared by the models that produce them
 * (quorum, replication, edge buffers) and the assessment that combines them
 * (resilience.ts). Kept apart so the models never import the assessment.
 *
 * Failure scopes nest (analysis/failure-domains.ts): `zone` (one availability zone or
 * broker rack inside a site), `site` (one site: a cloud site, an edge or on-premises
 * site), `region` (every site in one cloud region) and `provider` (every site on one
 * cloud provider).
 */
export type FailureScope = 'zone' | 'site' | 'region' | 'provider';

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
  /** Every site lost at once, for a region or provider failure; a copy in any of them is lost too. */
  readonly lostSites?: readonly string[];
  /** What would improve the RPO, when the model producing the outcome knows better than the generic advice. */
  readonly rpoFix?: string;
  /** What would improve the RTO, likewise. */
  readonly rtoFix?: string;
}

/** Produces outcomes for the topics of one cluster kind. Later features register theirs. */
export type ClusterResilience = (env: Environment, cluster: Cluster, topics: ResolvedTopic[]) => Outcome[];

/** Refines the outcomes so far (replication links, edge buffers); each receives the outcomes so far. */
export type OutcomeRefinement = (env: Environment, outcomes: Outcome[]) => Outcome[];
