import { App, TerraformLocal, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { readFileSync } from 'fs';
import { join } from 'path';
import { readsOtherStacksByToken, renderOnce } from '../../stacks/render-once';

/** Two stacks; b's output takes a's local by token when `crossStack`, else its own. */
function build(opts: { crossStack?: boolean; declared?: boolean; once?: boolean } = {}) {
  const app = Testing.app() as App;
  const a = new TerraformStack(app, 'a');
  const sites = new TerraformLocal(a, 'sites', ['s0000', 's0001']);
  new TerraformOutput(a, 'count', { value: `\${length(${sites.fqn})}` });
  const b = new TerraformStack(app, 'b');
  const own = new TerraformLocal(b, 'own', ['x']);
  new TerraformOutput(b, 'first', { value: (opts.crossStack ? sites : own).asList });
  if (opts.declared) readsOtherStacksByToken(b);
  // Each time cdktf resolves the local's block: once to prepare, once to render.
  let renders = 0;
  const toTerraform = sites.toTerraform.bind(sites);
  sites.toTerraform = () => (renders++, toTerraform());
  if (opts.once) renderOnce(app);
  const json = (stack: string) =>
    JSON.parse(readFileSync(join(app.outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as Record<string, Record<string, unknown>>;
  return { app, json, renders: () => renders };
}

describe('stacks rendered once', () => {
  const plain = build();
  plain.app.synth();
  const once = build({ once: true });
  once.app.synth();

  it("leaves each stack's JSON as cdktf renders it, backend included", () => {
    for (const stack of ['a', 'b']) expect(once.json(stack)).toEqual(plain.json(stack));
    expect(once.json('b').terraform.backend).toEqual({ local: { path: expect.stringContaining('terraform.b.tfstate') } });
  });

  it('resolves each element once instead of twice', () => {
    expect(plain.renders()).toBe(2);
    expect(once.renders()).toBe(1);
  });

  it('keeps the preparing pass for a stack declared to read other stacks by token, which then gets its remote state', () => {
    const declared = build({ crossStack: true, declared: true, once: true });
    declared.app.synth();
    expect(declared.json('b').data).toEqual({ terraform_remote_state: expect.any(Object) });
    expect(Object.keys(declared.json('a').output)).toEqual(expect.arrayContaining([expect.stringMatching(/^cross-stack-output-/)]));
  });

  it("fails the synth, naming both stacks and the token, when an undeclared stack uses another stack's token", () => {
    const undeclared = build({ crossStack: true, once: true });
    expect(() => undeclared.app.synth()).toThrow(
      /stack b: uses a token of stack a \(local\.sites\) but was not declared with readsOtherStacksByToken/,
    );
  });
});
