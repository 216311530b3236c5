import { z } from 'zod';
import { sceneSettingsSchema } from './scenes';

/**
 * Axelera Metis deployment: what the core says about the card, the SDK, a bundle's compatibility, a deployment and
 * its steps. Facts about the card and the SDK come from ../shared/docs/metis.md; every record that comes from the
 * simulator (main/metis/simulator) carries `simulated: true`, and its texts say "simulated".
 */

/** Every state that stops or weakens a deployment, each with a remedy (main/metis/discovery/problems.ts). */
export const METIS_PROBLEM_CODES = [
  'no-card',
  'no-driver',
  'node-missing',
  'no-permission',
  'sdk-missing',
  'axdevice-failed',
  'device-not-listed',
  'firmware-update',
  'broken-flash',
  'device-failure',
  'device-in-use',
] as const;
export type MetisProblemCode = (typeof METIS_PROBLEM_CODES)[number];

export const metisProblemSchema = z
  .object({
    code: z.enum(METIS_PROBLEM_CODES),
    /** blocker: nothing can run on the card until it is fixed; warning: it may run, with the risk named. */
    severity: z.enum(['blocker', 'warning']),
    /** The card it concerns (PCI address), when it concerns one. */
    pciAddress: z.string().nullable(),
    message: z.string(),
    remedy: z.string(),
    simulated: z.boolean(),
  })
  .strict();
export type MetisProblem = z.infer<typeof metisProblemSchema>;

/** What `axdevice` says about one device (main/metis/sdk/axdevice-parse.ts): any of its documented line formats. */
export const metisBoardSchema = z
  .object({
    index: z.number().int().min(0),
    /** "metis-0:1:0" as axdevice prints it. */
    name: z.string(),
    /** "pcie", "m2"..., or "unknown" (a broken flash). */
    boardType: z.string().nullable(),
    /** Firmware version as printed (fwver or flver), quotes removed. */
    firmware: z.string().nullable(),
    /** Board controller version (bcver), in the newest format only. */
    boardController: z.string().nullable(),
    clockMHz: z.number().nullable(),
    /** Per-core clocks, "0-3" -> 800. */
    coreClocksMHz: z.record(z.string(), z.number()),
    /** Board memory as printed ("4GiB"), newest format only. */
    memory: z.string().nullable(),
    /** The line itself, for the log. */
    line: z.string(),
  })
  .strict();
export type MetisBoard = z.infer<typeof metisBoardSchema>;

export const metisDeviceSchema = z
  .object({
    /** "0000:01:00.0" */
    pciAddress: z.string(),
    /** "0x1100" */
    deviceId: z.string(),
    model: z.string(),
    /** The bound PCI driver ("axl"), or null when none is bound. */
    driver: z.string().nullable(),
    /** The /dev node that exists (either naming scheme), or null. */
    deviceNode: z.string().nullable(),
    /** Both names the driver may give the node: `metis-%x-%x-%x` (SDK 1.8+) and `metis-%x:%x:%x` (older). */
    deviceNodeNames: z.tuple([z.string(), z.string()]),
    accessible: z.boolean(),
    /** Why it is not accessible, in words; null when it is. */
    accessProblem: z.string().nullable(),
    /** Behind a USB4/Thunderbolt link (main/metis/discovery/usb4-link.ts), with the sysfs evidence. */
    usb4: z.boolean(),
    usb4Evidence: z.string().nullable(),
    /** Other Metis devices behind the same PCIe switch (a 4-AIPU card shows as 4 devices). */
    switchSiblings: z.number().int().min(0),
    /** The firmware version from axdevice, when the SDK could be asked. */
    firmware: z.string().nullable(),
    board: metisBoardSchema.nullable(),
    simulated: z.boolean(),
  })
  .strict();
export type MetisDevice = z.infer<typeof metisDeviceSchema>;

export const metisSdkSchema = z
  .object({
    found: z.boolean(),
    /** The SDK root (AXELERA_FRAMEWORK or the configured path), or the folder its tools were found in. */
    path: z.string().nullable(),
    via: z.enum(['AXELERA_FRAMEWORK', 'configured', 'PATH']).nullable(),
    version: z.string().nullable(),
    driverVersion: z.string().nullable(),
    tools: z
      .object({ axdevice: z.string().nullable(), axcompile: z.string().nullable(), axrunmodel: z.string().nullable(), axversion: z.string().nullable() })
      .strict(),
    /** The SDK venv's Python, which runs resources/metis/compile.py. */
    python: z.string().nullable(),
    simulated: z.boolean(),
  })
  .strict();
export type MetisSdk = z.infer<typeof metisSdkSchema>;

export const metisStatusSchema = z
  .object({
    devices: z.array(metisDeviceSchema),
    sdk: metisSdkSchema,
    problems: z.array(metisProblemSchema),
    simulated: z.boolean(),
  })
  .strict();
export type MetisStatus = z.infer<typeof metisStatusSchema>;

/**
 * What LCZ Studio changes in a model before compiling it, each semantics-preserving and checked with ONNX Runtime:
 * input-shape: batch 1 and every dim fixed (the compiler wants static shapes, batch 1); opset-14: a model of opset 13
 * declared as 14 (the ops changed in 14 keep their old meaning under their defaults); input-transpose: the NHWC->NCHW
 * Transpose after an NHWC input removed (the card takes NHWC input itself, so it would only run on the host);
 * no-ops: Identity and Dropout nodes removed.
 */
export const COMPILE_FIXES = ['input-shape', 'opset-14', 'input-transpose', 'no-ops'] as const;
export type CompileFix = (typeof COMPILE_FIXES)[number];

/** Where an operator of the model would run (main/metis/check/placement.ts). */
export const OPERATOR_PLACEMENTS = ['aipu', 'host-preamble', 'host-postamble', 'unsupported'] as const;

export const compatibilityIssueSchema = z
  .object({
    /** blocker: the compile cannot work as the model is; warning: it may fail or run partly on the host; info. */
    severity: z.enum(['blocker', 'warning', 'info']),
    code: z.enum(['dynamic-shape', 'batch', 'opset', 'operator', 'constraint', 'inputs', 'outputs', 'channels']),
    /** The node concerned ("Conv \"conv_3\""), when one is. */
    node: z.string().nullable(),
    message: z.string(),
    remedy: z.string(),
  })
  .strict();
export type CompatibilityIssue = z.infer<typeof compatibilityIssueSchema>;

export const compatibilityReportSchema = z
  .object({
    model: z.string(),
    opset: z.number().int(),
    input: z
      .object({ name: z.string(), dims: z.array(z.union([z.number(), z.string(), z.null()])), layout: z.enum(['NCHW', 'NHWC']), channels: z.number().int() })
      .strict(),
    /** ready: compiles as it is; fixable: after the listed fixes, which LCZ Studio applies; may-fail; incompatible. */
    verdict: z.enum(['ready', 'fixable', 'may-fail', 'incompatible']),
    issues: z.array(compatibilityIssueSchema),
    /** Fixes LCZ Studio applies before compiling (main/metis/check/prepare-model.ts). */
    fixes: z.array(z.enum(COMPILE_FIXES)),
    operators: z.array(z.object({ op: z.string(), count: z.number().int(), placement: z.enum(OPERATOR_PLACEMENTS) }).strict()),
    /** What would run on the host CPU (ONNX Runtime) before and after the AIPU part. */
    host: z.object({ preamble: z.array(z.string()), postamble: z.array(z.string()) }).strict(),
    /** Input channels: the card pads them to a hardware multiple that metis.md does not give. */
    channels: z.object({ count: z.number().int(), note: z.string() }).strict(),
    macs: z.number().nullable(),
  })
  .strict();
export type CompatibilityReport = z.infer<typeof compatibilityReportSchema>;

export const DEPLOY_STEP_IDS = ['check', 'calibration', 'compile', 'load', 'verify', 'benchmark'] as const;
export type DeployStepId = (typeof DEPLOY_STEP_IDS)[number];

export const deployStepSchema = z
  .object({
    id: z.enum(DEPLOY_STEP_IDS),
    status: z.enum(['pending', 'running', 'succeeded', 'failed', 'skipped', 'cancelled']),
    startedAt: z.string().nullable(),
    endedAt: z.string().nullable(),
    /** One line: what it did, or why it failed and what to do. */
    message: z.string().nullable(),
    simulated: z.boolean(),
  })
  .strict();
export type DeployStep = z.infer<typeof deployStepSchema>;

const accuracySchema = z.object({ cpu: z.number().nullable(), int8: z.number().nullable(), device: z.number().nullable() }).strict();

export const benchmarkSchema = z
  .object({
    fps: z.object({ device: z.number().nullable(), host: z.number().nullable(), system: z.number().nullable() }).strict(),
    latencyMs: z.object({ p50: z.number().nullable(), p95: z.number().nullable(), p99: z.number().nullable() }).strict().nullable(),
    /** Watts when the card reports power (only the 4-AIPU card does); otherwise null and `powerNote` says why. */
    powerW: z.number().nullable(),
    powerNote: z.string(),
    aipuCores: z.number().int().min(1).max(4),
    seconds: z.number().positive(),
    simulated: z.boolean(),
  })
  .strict();
export type Benchmark = z.infer<typeof benchmarkSchema>;

export const verificationSchema = z
  .object({
    patches: z.number().int().min(1),
    /** Where the patches come from ("held-out patches of file.h5", "cells of scene.tif"), and how many have a true class. */
    data: z.string(),
    labelledPatches: z.number().int().min(0),
    /** Overall accuracy against the labels, on the CPU (float32), with the int8 QDQ model, and on the card (null: no labels). */
    accuracy: accuracySchema,
    /** Share of patches whose class on the card equals the class on the CPU. */
    agreementWithCpu: z.number().min(0).max(1),
    agreementWithInt8: z.number().min(0).max(1).nullable(),
    /** Largest difference of any class probability between the card and the CPU, over all patches. */
    maxProbabilityDifference: z.number().min(0),
    /** What the card ran in the simulator ("int8 QDQ model" or "float model: no int8 bundle"), null on a real card. */
    simulatedModel: z.string().nullable(),
    simulated: z.boolean(),
  })
  .strict();
export type Verification = z.infer<typeof verificationSchema>;

export const DEPLOYMENT_FILE = 'deployment.json';
export const DEPLOYMENT_SCHEMA_VERSION = 1;

/** deployment.json, in the deployment folder beside its bundle. */
export const deploymentSchema = z
  .object({
    schemaVersion: z.literal(DEPLOYMENT_SCHEMA_VERSION),
    createdAt: z.string(),
    bundle: z.object({ dir: z.string(), name: z.string(), modelSha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
    int8Bundle: z.object({ dir: z.string(), name: z.string() }).strict().nullable(),
    sdk: z.object({ version: z.string().nullable(), path: z.string().nullable() }).strict(),
    device: z.object({ pciAddress: z.string().nullable(), name: z.string().nullable(), boardType: z.string().nullable(), firmware: z.string().nullable() }).strict(),
    compile: z
      .object({
        route: z.enum(['python-api', 'axcompile']),
        /** Relative to the deployment folder: compiled_model/model.json, or a .axm file. */
        model: z.string(),
        status: z.string(),
        calibrationSamples: z.number().int().min(1),
      })
      .strict(),
    verification: verificationSchema.nullable(),
    benchmark: benchmarkSchema.nullable(),
    steps: z.array(deployStepSchema),
    simulated: z.boolean(),
  })
  .strict();
export type Deployment = z.infer<typeof deploymentSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Requests and jobs (the faces: the Deploy view, `lcz metis ...`, the Mapping tab's device choice)
// ---------------------------------------------------------------------------------------------------------------

const path = z.string().min(1).max(4096);

/**
 * Where the calibration (and, unless told otherwise, the verification) patches come from: a So2Sat LCZ42-format HDF5
 * file (labelled patches), or a scene read as a mapping reads it (its band mapping and scaling; its true LCZ map,
 * when one is known, labels the verification patches).
 */
export const calibrationSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('so2sat'), path }).strict(),
  z.object({ kind: z.literal('scene'), path, settings: sceneSettingsSchema, truth: path.nullable().default(null) }).strict(),
]);
export type CalibrationSource = z.infer<typeof calibrationSourceSchema>;

export const METIS_CALIBRATION = { min: 100, max: 400, default: 200 } as const;

/** The metis-deploy job: a bundle onto the card, as deployToMetis (main/metis/deploy/deploy.ts) does it. */
export const metisDeployParamsSchema = z
  .object({
    bundle: path,
    /** The bundle's int8 QDQ sibling, compared in the verification (and what the simulated card runs). */
    int8Bundle: path.nullable().default(null),
    calibration: calibrationSourceSchema,
    /** Index of the device as axdevice lists it. */
    device: z.number().int().min(0).max(63).default(0),
    /** The deployment folder: new, empty, or an earlier deployment (replaced only by a complete one). */
    out: path,
    aipuCores: z.union([z.literal(1), z.literal(4)]).default(1),
    samples: z.number().int().min(METIS_CALIBRATION.min).max(METIS_CALIBRATION.max).default(METIS_CALIBRATION.default),
    verifyPatches: z.number().int().min(10).max(100_000).default(500),
    benchmarkSeconds: z.number().int().min(1).max(600).default(10),
    route: z.enum(['python-api', 'axcompile']).default('python-api'),
    /** Where the job writes its steps and log as it goes (the Deploy view's stepper reads it); none: not written. */
    log: path.optional(),
  })
  .strict();
export type MetisDeployParams = z.infer<typeof metisDeployParamsSchema>;

/** The metis-benchmark job: axrunmodel on a deployment again; its benchmark.json and deployment.json are updated. */
export const metisBenchmarkParamsSchema = z
  .object({
    deployment: path,
    device: z.number().int().min(0).max(63).default(0),
    seconds: z.number().int().min(1).max(600).default(10),
    aipuCores: z.union([z.literal(1), z.literal(4)]).default(1),
    log: path.optional(),
  })
  .strict();
export type MetisBenchmarkParams = z.infer<typeof metisBenchmarkParamsSchema>;

/**
 * The metis-firmware-update job: `axdevice interactive_flash_update` on one device. Never started by LCZ Studio on
 * its own: the request must carry both confirmations the user gave (the types leave no other way to ask).
 */
export const metisFirmwareParamsSchema = z
  .object({
    device: z.number().int().min(0).max(63),
    confirmations: z
      .object({
        /** "Stage 2 (the board controller) cannot be recovered if it is interrupted: the card can be lost." */
        stage2CannotBeRecovered: z.literal(true),
        /** "The machine must not lose power or be switched off until the update has finished." */
        keepPowered: z.literal(true),
      })
      .strict(),
    /** Where the vendor tool's output is streamed to (the job's target: the update makes nothing else). */
    log: path,
  })
  .strict();
export type MetisFirmwareParams = z.infer<typeof metisFirmwareParamsSchema>;

/** The Mapping tab's (and `lcz map --device metis`'s) device: a verified deployment of the one bundle mapped. */
export const mappingDeviceSchema = z
  .object({
    kind: z.literal('metis'),
    /** The deployment folder (deployment.json): it names the bundle, and whether it was made on the simulator. */
    deployment: path,
    /** Index of the device as axdevice lists it. */
    index: z.number().int().min(0).max(63).default(0),
  })
  .strict();
export type MappingDevice = z.infer<typeof mappingDeviceSchema>;

/** Where a mapping's model ran, when not on the machine's CPU: in the result's summary.json and report.md. */
export const resultDeviceSchema = z
  .object({
    kind: z.literal('metis'),
    deployment: z.string(),
    pciAddress: z.string(),
    boardType: z.string().nullable(),
    firmware: z.string().nullable(),
    /** "the Axelera Metis card at 0000:01:00.0 (pcie)", or the simulated card, said so. */
    description: z.string(),
    simulated: z.boolean(),
  })
  .strict();
export type ResultDevice = z.infer<typeof resultDeviceSchema>;

/** What a job of these kinds writes as it goes (main/metis/deploy/deploy-log.ts): the steps, and the tools' output. */
export const metisJobLogSchema = z
  .object({
    kind: z.enum(['deploy', 'benchmark', 'firmware']),
    steps: z.array(deployStepSchema),
    /** The end of everything the tools printed (the last 64 KB). */
    log: z.string(),
    updatedAt: z.string(),
    simulated: z.boolean(),
  })
  .strict();
export type MetisJobLog = z.infer<typeof metisJobLogSchema>;

/** A bundle as the Deploy view's picker shows it: students (distilled, int8, pruned) first. */
export const metisBundleSchema = z
  .object({
    dir: z.string(),
    name: z.string(),
    description: z.string(),
    demo: z.boolean(),
    /** What its provenance says it is; a bundle may be several (a pruned, distilled student in int8). */
    student: z.object({ distilled: z.boolean(), int8: z.boolean(), pruned: z.boolean() }).strict(),
    /** For an int8 bundle: its float parent among the bundles (the card compiles the float model), when found. */
    parent: z.object({ dir: z.string(), name: z.string() }).strict().nullable(),
    /** For a float bundle: an int8 child among the bundles, compared in the verification. */
    int8Child: z.object({ dir: z.string(), name: z.string() }).strict().nullable(),
    sizeBytes: z.number().int().nonnegative(),
    /** Deployments of this bundle found (newest first). */
    deployments: z.array(z.string()),
  })
  .strict();
export type MetisBundle = z.infer<typeof metisBundleSchema>;

/** What a deploy of a bundle would do, before it starts: the Deploy view shows it and starts the job with it. */
export const metisDeployPlanSchema = z
  .object({
    /** The float model compiled (an int8 bundle's parent), and the int8 model compared. */
    bundle: z.string(),
    int8Bundle: z.string().nullable(),
    out: z.string(),
    log: z.string(),
    /** Why a bundle other than the one chosen is compiled, when it is. */
    note: z.string().nullable(),
    /** Calibration data at hand: the workspace's synthetic So2Sat file and the synthetic demo scene, when made. */
    calibration: z.array(z.object({ label: z.string(), source: calibrationSourceSchema, synthetic: z.boolean() }).strict()),
  })
  .strict();
export type MetisDeployPlan = z.infer<typeof metisDeployPlanSchema>;

/** A deployment as the report shows it: deployment.json and the sizes of what went on the card. */
export const deploymentViewSchema = z
  .object({
    dir: z.string(),
    deployment: deploymentSchema,
    /** model.onnx of the bundle, and the compiled model's folder (or .axm file). */
    sizes: z.object({ bundleModel: z.number().int().nonnegative(), compiledModel: z.number().int().nonnegative() }).strict(),
    compatibility: compatibilityReportSchema.nullable(),
  })
  .strict();
export type DeploymentView = z.infer<typeof deploymentViewSchema>;

export const deploymentListItemSchema = z
  .object({
    dir: z.string(),
    bundleDir: z.string(),
    bundleName: z.string(),
    createdAt: z.string(),
    accuracy: z.number().nullable(),
    systemFps: z.number().nullable(),
    simulated: z.boolean(),
  })
  .strict();
export type DeploymentListItem = z.infer<typeof deploymentListItemSchema>;
