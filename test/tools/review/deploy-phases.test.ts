import type { StackPlan } from '../../../constructs/analysis/plan';
import { deployPhases, secretSuffix } from '../../../tools/review';

type S = Pick<StackPlan, 'id' | 'runner' | 'dependsOn'>;
const hosted = (id: string, ...after: string[]): S => ({
  id,
  runner: { kind: 'hosted' },
  dependsOn: after.map((stack) => ({ stack, reason: 'r' })),
});
const inside = (id: string, site: string, ...after: string[]): S => ({
  id,
  runner: { kind: 'self-hosted', label: `e-${site}`, site, why: 'w' },
  dependsOn: after.map((stack) => ({ stack, reason: 'r' })),
});

describe('deploy phases (review.json deployPhases)', () => {
  it('puts hosted stacks first, then each site runner’s stacks, each after what it depends on', () => {
    const stacks = [hosted('e-fra'), inside('e-fra-topics', 'fra', 'e-fra'), hosted('e-par'), inside('e-par-topics', 'par', 'e-par')];
    expect(
      deployPhases(stacks, [
        ['e-fra', 'e-par'],
        ['e-fra-topics', 'e-par-topics'],
      ]),
    ).toEqual([
      { runsOn: ['ubuntu-latest'], label: 'hosted', secretSuffix: 'HOSTED', stacks: ['e-fra', 'e-par'] },
      { runsOn: ['self-hosted', 'e-fra'], label: 'e-fra', secretSuffix: 'E_FRA', stacks: ['e-fra-topics'] },
      { runsOn: ['self-hosted', 'e-par'], label: 'e-par', secretSuffix: 'E_PAR', stacks: ['e-par-topics'] },
    ]);
  });

  it('opens a second hosted phase for a hosted stack that depends on a private one', () => {
    const stacks = [hosted('e-a'), inside('e-b', 'b', 'e-a'), hosted('e-links', 'e-b')];
    expect(deployPhases(stacks, [['e-a'], ['e-b'], ['e-links']]).map((p) => [p.label, p.stacks])).toEqual([
      ['hosted', ['e-a']],
      ['e-b', ['e-b']],
      ['hosted', ['e-links']],
    ]);
  });

  it('refuses a dependency cycle instead of looping', () => {
    expect(() => deployPhases([hosted('e-a', 'e-b'), hosted('e-b', 'e-a')], [])).toThrow(/cycle: e-a, e-b/);
  });

  it('names secrets as GitHub allows (letters, digits, underscores)', () => {
    expect(secretSuffix('retail-store-mia')).toBe('RETAIL_STORE_MIA');
  });
});
