import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { EvaluationRecord, RunFile } from '../../shared/contract/training';
import type { So2SatFile } from '../so2sat/so2sat-file';
import type { MemberChannels } from '../train/input-modes';
import { MemberPredictor } from '../train/member-predictions';
import type { RunContext } from '../train/run-context';
import type { RunData } from '../train/run-data';
import { fuse, scoresOf, temperatureFor, withTemperature, type Predictions } from './scores';

/** Evaluation data: the test file when there is one (temperature fitted on the validation split), else the
 * validation split halved: one half to fit temperatures, the other to score, so nothing is scored on what it fitted. */
function evaluationSets(data: RunData): { fit: Uint32Array; score: Uint32Array; scoreFile: So2SatFile; label: string } {
  if (data.test) return { fit: data.validation, score: Uint32Array.from({ length: data.test.patches }, (_, i) => i), scoreFile: data.test, label: data.test.path };
  const fit = data.validation.filter((_, i) => i % 2 === 0);
  const score = data.validation.filter((_, i) => i % 2 === 1);
  return { fit, score, scoreFile: data.file, label: `held-out half of the validation split of ${data.file.path}` };
}

/**
 * Accuracy and calibration of a run's members and of their ensemble on held-out data: each member's temperature is
 * fitted on data it is not scored on, and the ensemble is scored as the mapping engine runs it.
 */
export async function evaluateRun(models: LayersModel[], channels: MemberChannels[], data: RunData, status: RunFile, ctx: RunContext): Promise<EvaluationRecord> {
  const sets = evaluationSets(data);
  const fitted: Predictions[] = [];
  const scored: Predictions[] = [];
  for (const [k, model] of models.entries()) {
    ctx.signal.throwIfAborted();
    const predictor = await MemberPredictor.open(model, channels[k]!);
    try {
      fitted.push(await predictor.predict(data.file, sets.fit, data, ctx.signal));
      scored.push(await predictor.predict(sets.scoreFile, sets.score, data, ctx.signal));
    } finally {
      await predictor.dispose();
    }
  }
  const temperatures = fitted.map(temperatureFor);
  const members = scored.map((p, k) => ({
    name: `${k + 1}: ${status.members[k]!.spec.arch} (${status.members[k]!.spec.inputs}, seed ${status.members[k]!.spec.seed})`,
    scores: scoresOf(p, withTemperature(p.probabilities, temperatures[k]!), temperatures[k]!),
  }));
  const fusion = status.params.fusion;
  const ensemble =
    models.length > 1
      ? {
          fusion,
          // The ensemble as the mapping engine runs it: members calibrated one by one, then fused.
          scores: scoresOf(
            { probabilities: fuse(scored.map((p) => p.probabilities), fusion), labels: scored[0]!.labels },
            fuse(scored.map((p, k) => withTemperature(p.probabilities, temperatures[k]!)), fusion),
            1,
          ),
        }
      : null;
  return { data: sets.label, members, ensemble, nonFinite: sets.scoreFile.nonFiniteAmong(sets.score) };
}
