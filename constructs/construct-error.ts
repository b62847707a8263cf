import type { IConstruct } from 'constructs';

/**
 * A construct given props it cannot build: names the construct (class and path) and,
 * per problem, the value received and what would be right. Environment files never
 * reach one: ESTATE_CHECKS (stacks/checks.ts) reports the same things first, with file
 * and path. One that does reach the app from an environment file is a missing check.
 */
export class ConstructError extends Error {
  /** Path of the construct in the tree, e.g. `prod-fra/core/Nodes`. */
  public readonly constructPath: string;
  public readonly problems: readonly string[];

  /** `what` names the construct in the message. @default its class name */
  constructor(construct: IConstruct, problems: string | readonly string[], what: string = construct.constructor.name) {
    const list = typeof problems === 'string' ? [problems] : [...problems];
    super(`${what} ${construct.node.path}: ${list.join(' ')}`);
    this.name = 'ConstructError';
    this.constructPath = construct.node.path;
    this.problems = list;
  }
}
