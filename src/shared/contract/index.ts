import { z } from 'zod';
import { inspectResultSchema, mapViewSchema, recentMapSchema } from './maps';
import { jobRecordSchema, jobRequestSchema } from './jobs';

export * from './maps';
export * from './jobs';

/**
 * The one contract between the faces (Electron IPC, browser-mode WebSocket, tests) and the core.
 * Every input is validated in the core with these (strict) schemas, whatever face it came from.
 */
export const contract = {
  'app/info': {
    input: z.object({}).strict(),
    output: z.object({
      version: z.string(),
      face: z.enum(['electron', 'browser']),
      workspace: z.string(),
      demoMapPath: z.string(),
      /** Electron has native open/save dialogs; browser mode asks for a path instead. */
      nativeDialogs: z.boolean(),
    }),
  },
  'maps/open': {
    input: z.object({ path: z.string().min(1) }).strict(),
    output: mapViewSchema,
  },
  'maps/inspect': {
    input: z.object({ mapId: z.string().min(1), lon: z.number().finite(), lat: z.number().finite() }).strict(),
    output: inspectResultSchema,
  },
  'maps/recent': {
    input: z.object({}).strict(),
    output: z.array(recentMapSchema),
  },
  'jobs/start': {
    input: jobRequestSchema,
    output: z.object({ jobId: z.string() }),
  },
  'jobs/cancel': {
    input: z.object({ jobId: z.string().min(1) }).strict(),
    output: z.object({ ok: z.boolean() }),
  },
  'jobs/list': {
    input: z.object({}).strict(),
    output: z.array(jobRecordSchema),
  },
  'dialog/open-file': {
    input: z.object({ title: z.string().max(200) }).strict(),
    output: z.object({ path: z.string().nullable() }),
  },
  'dialog/save-file': {
    input: z.object({ title: z.string().max(200), defaultPath: z.string() }).strict(),
    output: z.object({ path: z.string().nullable() }),
  },
} as const;

export type Contract = typeof contract;
export type ContractKey = keyof Contract;
export type InputOf<K extends ContractKey> = z.input<Contract[K]['input']>;
export type OutputOf<K extends ContractKey> = z.infer<Contract[K]['output']>;

/** Events pushed from the core to every face. */
export const events = {
  'jobs/update': jobRecordSchema,
} as const;
export type EventKey = keyof typeof events;
export type EventOf<K extends EventKey> = z.infer<(typeof events)[K]>;

export function isContractKey(key: string): key is ContractKey {
  return Object.prototype.hasOwnProperty.call(contract, key);
}

/** How an error crosses a face: a message for the user, and the file it concerns when there is one. */
export const wireErrorSchema = z.object({ message: z.string(), file: z.string().optional() });
export type WireError = z.infer<typeof wireErrorSchema>;
