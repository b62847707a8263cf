import {
  heartbeatSilenceThresholds,
  lagThresholds,
  METRIC_CADENCE,
  type MetricCadence,
} from '../../../constructs/analysis/alarm-thresholds';

const aws = METRIC_CADENCE.aws;

describe('lagThresholds: ticket at half the budget, page early enough to arrive within it', () => {
  // detection on AWS = 60 s period + 60 s publishing delay = 120 s
  it.each([
    // budget, ticket, page
    [300, 150, 180],
    [600, 300, 480],
    [3600, 1800, 3480],
    [900, 450, 780],
  ])('budget %i s: ticket at %i s, page at %i s', (budget, ticket, page) => {
    const t = lagThresholds(budget, aws);
    expect(t.unwatchable).toBeUndefined();
    expect(t.alarms.map((a) => [a.severity, a.thresholdSeconds])).toEqual([
      ['ticket', ticket],
      ['page', page],
    ]);
  });

  it.each([60, 300, 600, 3600, 86400])('the page for a %i s budget fires before the budget is spent, counting detection', (budget) => {
    for (const cadence of Object.values(METRIC_CADENCE)) {
      const t = lagThresholds(budget, cadence);
      const page = t.alarms.find((a) => a.severity === 'page');
      if (page && !t.late) expect(page.thresholdSeconds + page.detectionSeconds).toBeLessThanOrEqual(budget);
    }
  });

  it('drops the ticket when half the budget is already past the page threshold', () => {
    const t = lagThresholds(200, aws); // page at 80 s, half the budget is 100 s
    expect(t.alarms.map((a) => a.severity)).toEqual(['page']);
    expect(t.alarms[0].thresholdSeconds).toBe(80);
  });

  it.each([
    [30, 15],
    [120, 60],
  ])('a %i s budget is seen only after it is spent: page at half of it (%i s) and say it is late', (budget, page) => {
    const t = lagThresholds(budget, aws);
    expect(t.alarms.map((a) => [a.severity, a.thresholdSeconds])).toEqual([['page', page]]);
    expect(t.late?.reason).toMatch(/spent before a 1m metric can be published and evaluated \(2m\)/);
    expect(t.late?.minimumBudgetSeconds).toBe(180);
  });

  it('has nothing to alarm on for a zero budget', () => {
    expect(lagThresholds(0, aws)).toMatchObject({ alarms: [], unwatchable: expect.objectContaining({ minimumBudgetSeconds: 180 }) });
  });

  it('needs longer budgets where metrics arrive later (Azure, Google Cloud)', () => {
    expect(lagThresholds(200, METRIC_CADENCE.azure).late).toBeDefined();
    expect(lagThresholds(200, aws).late).toBeUndefined();
    expect(lagThresholds(300, METRIC_CADENCE.gcp).alarms.find((a) => a.severity === 'page')?.thresholdSeconds).toBe(60);
  });
});

describe('heartbeatSilenceThresholds: ticket on unexpected silence, page at the offline window', () => {
  it('24h window on AWS: ticket after 15 minutes of silence, page by 24h (286 silent 5-minute periods)', () => {
    const t = heartbeatSilenceThresholds(86400, 1, aws);
    expect(t.unwatchable).toBeUndefined();
    expect(t.alarms.map((a) => [a.severity, a.silenceSeconds, a.periodSeconds, a.evaluationPeriods])).toEqual([
      ['ticket', 900, 300, 1],
      ['page', 86400, 300, 286],
    ]);
  });

  it.each([
    [3600, 300],
    [6 * 3600, 300],
    [3 * 86400, 3600],
    [7 * 86400, 3600],
  ])('the page for a %i s window fires no later than the window, within CloudWatch limits', (window, period) => {
    const page = heartbeatSilenceThresholds(window, 1, aws).alarms.find((a) => a.severity === 'page');
    expect(page?.periodSeconds).toBe(period);
    const p = page as NonNullable<typeof page>;
    // silence may begin just after a period starts: worst case (N + 1) periods plus the publishing delay
    expect((p.evaluationPeriods + 1) * p.periodSeconds + aws.publishDelaySeconds).toBeLessThanOrEqual(window);
    // and proves at least N periods of silence
    expect(p.evaluationPeriods).toBeGreaterThanOrEqual(1);
    const limit = p.periodSeconds < 3600 ? 86400 : 604800;
    expect(p.evaluationPeriods * p.periodSeconds).toBeLessThanOrEqual(limit);
  });

  it('pages a 14-day window at the 7 days CloudWatch can look back: early, never late', () => {
    const t = heartbeatSilenceThresholds(14 * 86400, 1, aws);
    expect(t.clampedTo).toBe(7 * 86400);
    const page = t.alarms.find((a) => a.severity === 'page');
    expect(page?.why).toMatch(/longer than the 7d this cloud's alarms can look back/);
  });

  it('escalates: the ticket always fires before the page', () => {
    for (const window of [1800, 3600, 86400, 7 * 86400]) {
      const [ticket, page] = heartbeatSilenceThresholds(window, 1, aws).alarms;
      if (page) expect(ticket.periodSeconds * ticket.evaluationPeriods).toBeLessThan(page.periodSeconds * page.evaluationPeriods);
    }
  });

  it('skips the ticket when the window is shorter than the silence a connected site shows', () => {
    const t = heartbeatSilenceThresholds(900, 1, aws);
    expect(t.alarms.map((a) => a.severity)).toEqual(['page']);
  });

  it('stretches "expected silence" for slow heartbeats: 10 missed beats', () => {
    const t = heartbeatSilenceThresholds(86400, 600, aws);
    expect(t.alarms[0]).toMatchObject({ severity: 'ticket', silenceSeconds: 6000 });
  });

  it('cannot watch a window shorter than two 5-minute periods plus the delay', () => {
    const slow: MetricCadence = { ...aws };
    const t = heartbeatSilenceThresholds(600, 1, slow);
    expect(t.alarms).toEqual([]);
    expect(t.unwatchable?.minimumWindowSeconds).toBe(660);
    expect(heartbeatSilenceThresholds(660, 1, slow).alarms).toHaveLength(1);
  });
});
