import type { LayersModel } from '@tensorflow/tfjs-layers';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { softmaxRows } from '../metrics/calibration';
import { exportModelToOnnx } from '../onnx/export';
import { threadsForMachine } from '../onnx/classifier-session';
import type { Normalisation } from '../so2sat/normalise';
import type { So2SatFile } from '../so2sat/so2sat-file';
import type { MemberChannels } from './input-modes';
import { memberInput, rowArgmax } from './member-input';
import type { Predictions } from '../evaluation/scores';

const K = 17;

/**
 * A trained member's class probabilities (temperature 1) on some patches, computed by ONNX Runtime on the model as
 * exported: three to seven times faster than TensorFlow.js inference, and exactly the model the bundles carry.
 */
export class MemberPredictor {
  private constructor(
    private readonly session: InferenceSession,
    private readonly channels: MemberChannels,
  ) {}

  static async open(model: LayersModel, channels: MemberChannels): Promise<MemberPredictor> {
    const bytes = exportModelToOnnx(model, { layout: 'NHWC' });
    // No busy-waiting between runs: the pool's threads would spin while this thread reads the next patches.
    const session = await InferenceSession.create(bytes, { intraOpNumThreads: threadsForMachine(), interOpNumThreads: 1, extra: { session: { intra_op: { allow_spinning: '0' } } } });
    return new MemberPredictor(session, channels);
  }

  async predict(file: So2SatFile, indices: Uint32Array, norm: { sen2: Normalisation; sen1: Normalisation | null }, signal?: AbortSignal): Promise<Predictions> {
    const probabilities = new Float32Array(indices.length * K);
    const labels = new Uint8Array(indices.length);
    let at = 0;
    const c = this.channels.names.length;
    const inputName = this.session.inputNames[0]!;
    const outputName = this.session.outputNames[0]!;
    for await (const batch of file.batches(indices, 256, { sen2Normalisation: norm.sen2, sen1: this.channels.sen1.length > 0, sen1Normalisation: norm.sen1, signal })) {
      const out = await this.session.run({ [inputName]: new Tensor('float32', memberInput(batch, this.channels), [batch.n, 32, 32, c]) });
      probabilities.set(softmaxRows(out[outputName]!.data as Float32Array, K), at * K);
      labels.set(rowArgmax(batch.labels, K), at);
      at += batch.n;
    }
    return { probabilities, labels };
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
