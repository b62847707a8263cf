import { App, TerraformLocal, TerraformOutput, TerraformStack } from 'cdktf';
import { getHeapStatistics, setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import { collectBetweenStacks } from '../../stacks/heap';

describe('garbage collected between the stacks of a large synth', () => {
  const build = () => {
    const app = new App({ outdir: 'unused' });
    const stacks = ['a', 'b'].map((id) => {
      const stack = new TerraformStack(app, id);
      const local = new TerraformLocal(stack, 'sites', ['s0000', 's0001']);
      new TerraformOutput(stack, 'count', { value: `\${length(${local.fqn})}` });
      return stack;
    });
    return { app, stacks };
  };

  it("leaves each stack's JSON as cdktf renders it", () => {
    const plain = build();
    const collected = build();
    collectBetweenStacks(collected.app);
    collected.stacks.forEach((s) => s.prepareStack());
    plain.stacks.forEach((s) => s.prepareStack());
    expect(collected.stacks.map((s) => s.toTerraform())).toEqual(plain.stacks.map((s) => s.toTerraform()));
  });

  it('collects once the heap grew by more than 64 MB since the last collection', () => {
    // Start from a collected heap: garbage left by earlier tests, collected by V8 on its own
    // while this test allocates, would otherwise hide the growth from the check (a flake under load).
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
    setFlagsFromString('--no-expose-gc');
    const collect = collectBetweenStacks(build().app);
    // 160 MB of doubles, dropped when allocate returns: garbage the next check must collect.
    const allocate = () => {
      const garbage = Array.from({ length: 200 }, () => new Array<number>(100_000).fill(1.5));
      return { arrays: garbage.length, grown: getHeapStatistics().used_heap_size };
    };
    const { arrays, grown } = allocate();
    collect();
    expect(arrays).toBe(200);
    expect(getHeapStatistics().used_heap_size).toBeLessThan(grown - 64 * 2 ** 20);
  });
});
