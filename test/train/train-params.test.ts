// A member's architecture is checked at the door (the job request), with the zoo's ids in the message, before any
// process starts.
import { describe, expect, it } from 'vitest';
import { ARCH_IDS } from '../../src/shared/architectures';
import { trainParamsSchema } from '../../src/shared/contract/training';
import { UserError } from '../../src/shared/errors';
import { JobManager } from '../../src/main/jobs/job-manager';

describe('train params', () => {
  it('refuse an architecture the zoo does not have, naming the member and the known ones', () => {
    const jobs = new JobManager();
    // As a script or the CLI could send it: typed loosely.
    const request = JSON.parse('{"kind":"train","params":{"train":"/nonexistent/lcz-test/train.h5","runDir":"/nonexistent/lcz-test/run","members":[{"arch":"tiny-cnn","seed":1},{"arch":"resnet50","seed":2}]}}') as Parameters<JobManager['start']>[0];
    const start = () => jobs.start(request);
    expect(start).toThrow(UserError);
    expect(start).toThrow(`Invalid train job: params.members.1.arch: "resnet50" is not an architecture of the model zoo (${ARCH_IDS.join(', ')})`);
    expect(jobs.list()).toEqual([]);
  });

  it('take every architecture of the zoo', () => {
    for (const arch of ARCH_IDS) expect(trainParamsSchema.parse({ train: '/d/train.h5', members: [{ arch, seed: 1 }] }).members[0]!.arch).toBe(arch);
  });
});
