/** The ONNX checker of python3-onnx, the reference for the models we write. */
import { pythonAsync } from './python';

/** Runs onnx.checker.check_model(full_check=True) on each file; resolves to the list of failures (empty = all pass). */
export async function onnxCheckerFailures(paths: readonly string[]): Promise<string[]> {
  const out = await pythonAsync(
    `import sys, onnx
for path in sys.argv[1:]:
    try:
        onnx.checker.check_model(onnx.load(path), full_check=True)
    except Exception as e:
        print(path + ': ' + str(e).replace('\\n', ' '))`,
    ...paths,
  );
  return out.split('\n').filter(Boolean);
}
