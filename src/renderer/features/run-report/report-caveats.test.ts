import { describe, expect, it } from 'vitest';
import { reportCaveats } from './report-caveats';

const calibration = (ece: number) => ({ ece, mce: 0.3, nll: 1, bins: [] });

describe('training report caveats', () => {
  it('say nothing for a large evaluation whose calibration improved', () => {
    expect(reportCaveats({ n: 24_000, oa: 0.7, calibrationBefore: calibration(0.08), calibrationAfter: calibration(0.03) }, 'member')).toEqual([]);
  });

  it('explain an evaluation on few patches with the uncertainty of its overall accuracy', () => {
    const [few] = reportCaveats({ n: 100, oa: 0.5, calibrationBefore: calibration(0.08), calibrationAfter: calibration(0.03) }, 'member');
    // 1.96 x sqrt(0.25 / 100) = 9.8 points.
    expect(few).toMatch(/^Evaluated on only 100 patches: the overall accuracy is known to about ± 9\.8 percentage points \(95 %\)/);
  });

  it('explain a worse ECE after temperature scaling', () => {
    const caveats = reportCaveats({ n: 200, oa: 0.6, calibrationBefore: calibration(0.041), calibrationAfter: calibration(0.067) }, 'ensemble');
    expect(caveats).toHaveLength(2);
    expect(caveats[1]).toMatch(/^The calibration error \(ECE\) is worse after temperature scaling \(4\.1 % → 6\.7 %\): the temperatures of its members were fitted on the validation patches to minimise the negative log-likelihood, not the ECE/);
    expect(caveats[1]).toMatch(/with few patches the ECE itself is noisy/);
  });
});
