"""A stand-in for `axelera.compiler` (the Voyager SDK's Python compiler API), for tests of resources/metis/compile.py.

It has the calls compile.py makes, with the names metis.md and the SDK's public users give them: CompilerConfig(**),
quantize(model=, calibration_dataset=, config=) and compile(model=, config=, output_dir=). It records what it was
given in the JSON file named by FAKE_AXELERA_LOG (the shape, dtype and first values of every calibration array, the
config, the output folder and the working folder) and writes a compiled_model/model.json, so that the test can check
that compile.py feeds the compiler what it should.
"""
import json
import os


class CompilerConfig:
    def __init__(self, **options):
        self.options = options


def _log(entry):
    path = os.environ["FAKE_AXELERA_LOG"]
    log = json.load(open(path)) if os.path.exists(path) else {}
    log.update(entry)
    json.dump(log, open(path, "w"))


def quantize(model, calibration_dataset, config, transform_fn=None):
    arrays = [
        {"shape": list(a.shape), "dtype": str(a.dtype), "first": [float(v) for v in a.reshape(-1)[:3]]}
        for a in calibration_dataset
    ]
    _log({"model": model, "calibration": arrays, "config": config.options, "transform_fn": transform_fn is not None})
    return {"quantized": model}


def compile(model, config, output_dir):
    _log({"compiled": model["quantized"], "output_dir": str(output_dir), "cwd": os.getcwd()})
    os.makedirs(os.path.join(output_dir, "compiled_model"), exist_ok=True)
    with open(os.path.join(output_dir, "compiled_model", "model.json"), "w") as f:
        f.write("{}")
