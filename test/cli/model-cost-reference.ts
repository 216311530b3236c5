/**
 * Parameters and multiply-accumulates of ONNX files as the onnx package itself tells them: initializer sizes, and
 * shapes from onnx.shape_inference (batch 1) for Conv (output x input channels per group x kernel) and Gemm (output x
 * inner dimension). An independent check of onnx/model-cost.ts and of what compression reports.
 */
import { pythonJson } from '../helpers/python';

const SCRIPT = `
import json, sys, onnx, numpy as np
from onnx import shape_inference
out = []
for path in sys.argv[1:]:
    m = onnx.load(path)
    params = int(sum(np.prod(t.dims) for t in m.graph.initializer))
    inits = {t.name: list(t.dims) for t in m.graph.initializer}
    for i in m.graph.input:
        d = i.type.tensor_type.shape.dim[0]
        d.ClearField('dim_param'); d.dim_value = 1
    m = shape_inference.infer_shapes(m)
    shapes = {v.name: [d.dim_value for d in v.type.tensor_type.shape.dim] for v in list(m.graph.value_info) + list(m.graph.output) + list(m.graph.input)}
    macs = 0
    for n in m.graph.node:
        if n.op_type == 'Conv':
            w = inits.get(n.input[1]) or shapes[n.input[1]]  # int8 models: the weights come through a DequantizeLinear
            macs += int(np.prod(shapes[n.output[0]])) * w[1] * int(np.prod(w[2:]))
        elif n.op_type == 'Gemm':
            a = shapes[n.input[0]]
            trans_a = next((x.i for x in n.attribute if x.name == 'transA'), 0)
            macs += int(np.prod(shapes[n.output[0]])) * (a[0] if trans_a else a[1])
    out.append({'parameters': params, 'macs': int(macs)})
print(json.dumps(out))
`;

export function referenceCosts(...paths: string[]): { parameters: number; macs: number }[] {
  return pythonJson(SCRIPT, undefined, ...paths);
}
