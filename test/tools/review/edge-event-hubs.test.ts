import { join } from 'path';
import { loadEnvironmentFile } from '../../../constructs/model/environment-file';
import { planEstate } from '../../../constructs/analysis/plan';
import { ESTATE_CHECKS } from '../../../stacks/checks';
import { topologyDot } from '../../../tools/review/diagram';
import { siteLossRows } from '../../../tools/review/site-loss';
import { ROOT } from './reference-synth';

const plan = planEstate(loadEnvironmentFile(join(ROOT, 'environments/automotive.yaml'), ESTATE_CHECKS).env!);

describe('the review shows automotive’s plant on its Event Hubs hub', () => {
  it('draws the site and its push to the namespace', () => {
    const dot = topologyDot(plan);
    expect(dot).toContain('"edge_plant-leipzig" [label="site plant-leipzig\\n3 Kafka nodes · offline ≤ 2d"]');
    expect(dot).toContain('"edge_plant-leipzig" -> "c_iiot_weu" [style=dashed');
  });

  it('lists the site and its uplink in the site-loss table', () => {
    const rows = siteLossRows(plan);
    const site = rows.find((r) => r.lost === 'site plant-leipzig')!;
    expect(site.dataLoss).toContain('sensor-readings');
    expect(site.runbook).toContain('cdktf.out/edge/automotive/plant-leipzig/');
    expect(rows.find((r) => r.lost === 'uplink of plant-leipzig (up to 48h)')?.writes).toBe('continue');
  });

  it('lists the site’s flow to the hub among the estate’s flows', () => {
    expect(plan.flows.map((f) => f.id)).toEqual(
      expect.arrayContaining([
        'edge plant-leipzig -> hub iiot',
        'connector leipzig-mqtt: writes sensor-readings on edge site plant-leipzig',
      ]),
    );
  });
});
