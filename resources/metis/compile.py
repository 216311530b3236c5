#!/usr/bin/env python3
"""Compiles an LCZ Studio model for the Axelera Metis AIPU with the Voyager SDK's Python compiler API.

Run by LCZ Studio in the SDK's venv (main/metis/sdk/commands.ts builds the command line):

    python3 compile.py --model model.onnx --output OUTDIR --calibration CALDIR \
        --input-layout NCHW --aipu-cores 1

Why the Python API and not `axcompile --imageset`: metis.md ("Compiling a model") says the calibration set of the
Python API is any iterator of arrays in the model's input shape, "the practical route for 10-band inputs: the
YAML/image pipeline assumes RGB images". The calls are `quantize(model, calibration_dataset, config)` then
`compile(quantized, config, output_dir)` (metis.md); the module path (`from axelera import compiler`) and the
CompilerConfig fields (aipu_cores_used, resources_used, multicore_mode) are those of the SDK's public compiler API
documentation and its users (Ultralytics' Axelera exporter).

Calibration data (written by main/metis/deploy/calibration-set.ts): a folder of .npy files, one patch each,
float32 [H, W, C] (NHWC), already normalised as the bundle says (per band (reflectance - mean) / std), 100-400 of
them (metis.md: 100-400 samples, default 200). They are fed in the model's input layout with a batch dimension of 1.

Exit status 0 when the compiler finished; otherwise the exception on stderr and status 1 (the compiler's own
compilation_report.json, when it wrote one, says at which stage).
"""
import argparse
import glob
import os
import sys
from pathlib import Path


def calibration_batches(folder, layout, limit):
    import numpy as np

    files = sorted(glob.glob(os.path.join(folder, "*.npy")))[:limit]
    if not files:
        raise SystemExit(f"{folder}: no .npy calibration patches")
    for path in files:
        patch = np.load(path).astype(np.float32)  # [H, W, C]
        if patch.ndim != 3:
            raise SystemExit(f"{path}: a calibration patch is [H, W, C], not {list(patch.shape)}")
        if layout == "NCHW":
            patch = patch.transpose(2, 0, 1)
        yield patch[np.newaxis, ...]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", required=True, help="the prepared ONNX model (batch 1, static shapes)")
    parser.add_argument("--output", required=True, help="the folder the compiled model goes to")
    parser.add_argument("--calibration", required=True, help="folder of .npy calibration patches, NHWC float32")
    parser.add_argument("--input-layout", choices=["NCHW", "NHWC"], required=True, help="the ONNX model's input layout")
    parser.add_argument("--aipu-cores", type=int, choices=[1, 4], default=1,
                        help="1: one core per model instance (batch 1, four instances); 4: all four cores on a batch of 4")
    parser.add_argument("--samples", type=int, default=400, help="calibration patches to use at most")
    parser.add_argument("--quantization-scheme", default=None,
                        help="per_tensor_histogram (the default in some SDK versions) or per_tensor_min_max")
    args = parser.parse_args()

    from axelera import compiler
    from axelera.compiler import CompilerConfig

    options = dict(
        aipu_cores_used=args.aipu_cores,
        resources_used=0.25 if args.aipu_cores == 1 else 1.0,
        multicore_mode="batch",
    )
    if args.quantization_scheme:
        options["quantization_scheme"] = args.quantization_scheme
    config = CompilerConfig(**options)

    quantized = compiler.quantize(
        model=str(Path(args.model).resolve()),
        calibration_dataset=calibration_batches(args.calibration, args.input_layout, args.samples),
        config=config,
    )
    # Compiled into a path relative to the output's parent: some SDK versions write broken artefacts for absolute
    # output paths (noted by Ultralytics' exporter).
    output = Path(args.output).resolve()
    output.mkdir(parents=True, exist_ok=True)
    os.chdir(output.parent)
    compiler.compile(model=quantized, config=config, output_dir=Path(output.name))
    print(f"compiled to {output}")


if __name__ == "__main__":
    try:
        main()
    except SystemExit:
        raise
    except Exception as error:  # one line for LCZ Studio's log; the compiler's own log has the rest
        print(f"compile.py: {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(1)
