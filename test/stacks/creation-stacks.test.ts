import { Lazy, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { skipCreationStacks } from '../../stacks/creation-stacks';

/** The error of a token whose value cannot be produced, made while `env` is in force. */
function resolutionError(env: NodeJS.ProcessEnv): string {
  const restore = skipCreationStacks(env);
  try {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new TerraformOutput(stack, 'broken', {
      value: Lazy.stringValue({
        produce: () => {
          throw new Error('no value');
        },
      }),
    });
    try {
      Testing.synth(stack);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('the broken token resolved');
  } finally {
    restore();
  }
}

describe('where tokens were made', () => {
  it('is not recorded by the synth: a resolution error still names its cause', () => {
    const message = resolutionError({});
    expect(message).toMatch(/^Resolution error: no value\./);
    expect(message).not.toMatch(/Object creation stack/);
  });

  it('is recorded again with SYNTH_CREATION_STACKS=on, and the error says where the token was made', () => {
    expect(resolutionError({ SYNTH_CREATION_STACKS: 'on' })).toMatch(/Object creation stack:\n\s+at [^]*creation-stacks\.test\.ts/);
  });

  it("is cdktf's own recording again once restored", () => {
    skipCreationStacks({})();
    const stack = new TerraformStack(Testing.app(), 'stack');
    new TerraformOutput(stack, 'broken', {
      value: Lazy.stringValue({
        produce: () => {
          throw new Error('no value');
        },
      }),
    });
    expect(() => Testing.synth(stack)).toThrow(/Object creation stack/);
  });
});
