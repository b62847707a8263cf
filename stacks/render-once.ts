import { ref, TerraformStack, type App, type IResolveContext } from 'cdktf';
import { ConstructError } from '../constructs/construct-error';

/**
 * What cdktf's `Reference` token (an attribute, `fqn`, local or variable of an element)
 * holds: the stack it belongs to, and the name it goes by in each stack that prepared it.
 */
interface ReferenceToken {
  readonly identifier: string;
  readonly originStack?: TerraformStack;
  readonly crossStackIdentifier: Record<string, string>;
  resolve(context: IResolveContext): unknown;
}

const READERS = new WeakSet<TerraformStack>();

/**
 * Declares that `stack` uses tokens of other stacks (cdktf turns each into an output of
 * the other stack and remote state here): its elements are resolved once more before
 * the App renders, as cdktf does for every stack. A links stack reads the far site's
 * gateway this way.
 */
export function readsOtherStacksByToken(stack: TerraformStack): void {
  READERS.add(stack);
}

/**
 * Lets the App render most stacks once instead of twice. `App.synth()` first prepares
 * every stack: a full resolution of each element whose only outcome is finding tokens of
 * one stack used in another (cdktf then adds an output to the one and remote state to
 * the other; `TerraformStack.prepareStack` and `Reference.resolve` in cdktf 0.21). Most
 * stacks find other stacks' resources by planned name, never by token, so that pass
 * finds nothing in them; it was 11 to 16% of a fleet's synth (profiles in the README).
 * Stacks declared with readsOtherStacksByToken keep it; the others only get their
 * backend made where missing, as the pass did.
 *
 * Should another stack's token be used in a stack that was not declared, the render
 * would write the other stack's address as if it were local; the guard makes that synth
 * fail instead, naming the token and both stacks.
 */
export function renderOnce(app: App): void {
  guardCrossStackTokens();
  for (const stack of app.node.children.filter(TerraformStack.isStack)) {
    if (READERS.has(stack)) continue;
    stack.prepareStack = () => {
      stack.ensureBackendExists();
    };
  }
}

let guarded = false;

/**
 * Refuses, while a stack renders, a token that belongs to another stack and was not
 * prepared (given its remote-state name) for this one. A synth with cdktf's own
 * preparing pass never meets one, so the guard holds for every App of the process.
 */
export function guardCrossStackTokens(): void {
  if (guarded) return;
  guarded = true;
  const prototype = Object.getPrototypeOf(ref('guard')) as ReferenceToken;
  const resolveReference = prototype.resolve;
  prototype.resolve = function (this: ReferenceToken, context: IResolveContext): unknown {
    if (!context.preparing && this.originStack) {
      const here = TerraformStack.of(context.scope);
      if (here !== this.originStack && this.crossStackIdentifier[here.toString()] === undefined)
        throw new ConstructError(
          here,
          `uses a token of stack ${this.originStack.node.path} (${this.identifier}) but was not declared with readsOtherStacksByToken, so cdktf never made the output and remote state that carry it. Find the resource by its planned name instead, or declare the stack (and its deploy order)`,
          'stack',
        );
    }
    return resolveReference.call(this, context);
  };
}
