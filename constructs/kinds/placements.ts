import type { ClusterKindName } from '../model/schema';
import { placeEdge } from './edge/place';
import { placeEventHubs } from './event-hubs/place';
import { placeGcpManaged } from './gcp-managed/place';
import type { KindModel } from './kind';
import { placeMsk } from './msk/place';
import { placeMskServerless } from './msk-serverless/place';
import type { KindPlacement } from './placement';
import { registerKindModel } from './registry';
import { placeSelfManaged } from './self-managed/place';

export type { KindPlacement, PlacementSite, SiteBlocks } from './placement';

/** How each built-in kind renders: a Record over the schema's kind names, like BUILT_IN_KINDS. */
export const BUILT_IN_PLACEMENTS: Readonly<Record<ClusterKindName, KindPlacement>> = {
  msk: placeMsk,
  'msk-serverless': placeMskServerless,
  'self-managed': placeSelfManaged,
  'event-hubs': placeEventHubs,
  'gcp-managed': placeGcpManaged,
  edge: placeEdge,
};

const placements = new Map<string, KindPlacement>(Object.entries(BUILT_IN_PLACEMENTS));

/** The placement of a kind name; undefined only for a name validation already refused. */
export function kindPlacement(kind: string): KindPlacement | undefined {
  return placements.get(kind);
}

/** A kind brought by a team or a test: its pure model and how it renders. */
export interface KindModule {
  readonly model: KindModel;
  readonly place: KindPlacement;
}

/**
 * Registers a kind at run time: environment files may then name it, validation runs
 * its checks, the resilience model, replication and edge fleets ask it, and site
 * stacks place it. Call before loading environments.
 */
export function registerKind(module: KindModule): void {
  registerKindModel(module.model);
  placements.set(module.model.kind, module.place);
}
