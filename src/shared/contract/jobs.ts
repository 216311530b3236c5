import { z } from 'zod';

export const exportMapParamsSchema = z
  .object({
    input: z.string().min(1),
    output: z.string().min(1),
    overviewResampling: z.enum(['nearest', 'mode']).default('mode'),
  })
  .strict();
export type ExportMapParams = z.infer<typeof exportMapParamsSchema>;

/** Every job kind with its parameters: adding a kind here is how a new job enters the app. */
export const jobRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('export-map'), params: exportMapParamsSchema }).strict(),
]);
export type JobRequest = z.infer<typeof jobRequestSchema>;
export type JobKind = JobRequest['kind'];

export const jobProgressSchema = z.object({
  stage: z.string(),
  done: z.number().nonnegative(),
  total: z.number().nonnegative(),
});
export type JobProgress = z.infer<typeof jobProgressSchema>;

const base = {
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  startedAt: z.string(),
  progress: jobProgressSchema.nullable(),
};

/** A job's record: its state decides which fields exist, so a finished job cannot lack its outcome. */
export const jobRecordSchema = z.discriminatedUnion('state', [
  z.object({ ...base, state: z.literal('running') }),
  z.object({ ...base, state: z.literal('succeeded'), endedAt: z.string(), outputs: z.array(z.string()) }),
  z.object({ ...base, state: z.literal('failed'), endedAt: z.string(), reason: z.string() }),
  z.object({ ...base, state: z.literal('cancelled'), endedAt: z.string() }),
]);
export type JobRecord = z.infer<typeof jobRecordSchema>;
export type JobState = JobRecord['state'];
