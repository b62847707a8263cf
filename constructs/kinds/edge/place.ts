import type { KindPlacement } from '../placement';

/** Never reached: validation refuses `clusters:` entries of kind edge (edge sites are fleets, rendered by EdgeFleetStack). */
export const placeEdge: KindPlacement = () => undefined;
