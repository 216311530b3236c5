import { z } from 'zod';
import { ARCH_IDS } from '../architectures';
import { FUSIONS, INPUT_MODES } from './training';
import { BASEMAPS } from './basemap';

/**
 * The window's session, kept in the workspace (session.json) so a reload and a restart of the app, in either face,
 * come back to the same place: the map and scene open, where the map looks, the view and tab, the training form.
 * Browser mode cannot keep it in the page (localStorage is per origin, and the port changes on every start).
 */

const path = z.string().min(1).max(4096);
/** A field as the user typed it: the form keeps numbers as text until they are used. */
const typed = z.string().max(64);

/** The views of the window, in the activity bar's order; the renderer says which are built. */
export const SHELL_VIEWS = ['map', 'compare', 'training', 'distillation', 'deploy'] as const;
export type ShellView = (typeof SHELL_VIEWS)[number];

export const SIDEBAR_TABS = ['layers', 'mapping', 'results', 'areas'] as const;
export type SidebarTab = (typeof SIDEBAR_TABS)[number];

/** What the LCZ layer shows: a map file, or a mapping result (its map, with its confidence and accuracy). */
export const lczSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('map'), path }).strict(),
  z.object({ kind: z.literal('result'), dir: path }).strict(),
]);
export type LczSource = z.infer<typeof lczSourceSchema>;

export const cameraSchema = z
  .object({
    center: z.tuple([z.number().min(-360).max(360), z.number().min(-90).max(90)]),
    zoom: z.number().min(0).max(24),
  })
  .strict();
export type Camera = z.infer<typeof cameraSchema>;

/** The training form's hyper-parameters, as typed. */
export const trainSettingsDraftSchema = z
  .object({
    epochs: typed,
    batchSize: typed,
    learningRate: typed,
    weightDecay: typed,
    schedule: z.enum(['cosine', 'constant']),
    augment: z.boolean(),
    /** Percent of the training file held out for validation. */
    validationShare: typed,
    /** Empty: every patch of the file. */
    maxPatches: typed,
    normalisation: z.enum(['published', 'file']),
    fusion: z.enum(FUSIONS),
    /** Empty: a name made from the members and the file. */
    name: z.string().max(200),
  })
  .strict();
export type TrainSettingsDraft = z.infer<typeof trainSettingsDraftSchema>;

export const memberDraftSchema = z.object({ arch: z.enum(ARCH_IDS), inputs: z.enum(INPUT_MODES), seed: typed, width: typed }).strict();
export type SessionMember = z.infer<typeof memberDraftSchema>;

export const trainingSessionSchema = z
  .object({
    train: path.nullable(),
    test: path.nullable(),
    members: z.array(memberDraftSchema).max(30),
    settings: trainSettingsDraftSchema,
  })
  .strict();
export type TrainingSession = z.infer<typeof trainingSessionSchema>;

export const sessionSchema = z
  .object({
    view: z.enum(SHELL_VIEWS),
    tab: z.enum(SIDEBAR_TABS),
    /** Whether the "Map my city" guide is open. */
    guide: z.boolean(),
    lcz: lczSourceSchema.nullable(),
    lczVisible: z.boolean(),
    scene: path.nullable(),
    sceneVisible: z.boolean(),
    camera: cameraSchema.nullable(),
    training: trainingSessionSchema.nullable(),
    /** The training run whose report is open in the Training view (its folder). */
    run: path.nullable(),
    /** The basemap under the layers (sessions saved before there was one get OpenStreetMap). */
    basemap: z.enum(BASEMAPS).default('osm'),
  })
  .strict();
export type Session = z.infer<typeof sessionSchema>;

/** What session/set takes: the parts that changed (each replaces the stored one whole). */
export const sessionPatchSchema = sessionSchema
  .partial()
  // Without its default: a patch that does not name the basemap must not reset it.
  .extend({ basemap: z.enum(BASEMAPS).optional() })
  .strict();
export type SessionPatch = z.infer<typeof sessionPatchSchema>;
