/*
 * lcz-metis-runner: runs a compiled Metis model for LCZ Studio, as a child process speaking a small binary protocol
 * on stdin/stdout (main/metis/sdk/runner-protocol.ts is the other side). Built on the user's machine against the
 * Voyager SDK's C runtime (`make`, which uses `pkg-config axruntime`); LCZ Studio ships this source, not a binary.
 *
 * Usage: lcz-metis-runner MODEL_JSON [--device INDEX] [--aipu-cores N]
 *
 * Call order (../shared/docs/metis.md, "Running from a Node application"): axr_create_context -> axr_set_logger ->
 * axr_load_model -> axr_num_model_inputs / axr_get_model_input (axrTensorInfo: dims, ndims, padding, scale,
 * zero_point; the input is NHWC) -> axr_device_connect (NULL: the first free device) -> axr_create_properties
 * ("input_dmabuf=0;num_sub_devices=N;aipu_cores=K") -> axr_load_model_instance -> axrArgument int8 buffers of
 * axr_tensor_size -> axr_run_model_instance -> dequantise (q - zero_point) * scale after removing the padding.
 * Outputs are read with axr_num_model_outputs / axr_get_model_output, and a device is chosen by index with
 * axr_list_devices, as in the SDK's examples/axruntime (metis.md names only the inputs' pair and "list devices").
 *
 * Protocol. Integers are uint32 and floats IEEE-754 float32, both little-endian (every host Metis runs on is):
 *
 *   runner -> LCZ Studio, once, when the model is loaded on the card ("hello"):
 *     "LCZH" version(=1) H W C batch n_outputs, then per output: name_length name(UTF-8, no NUL) count
 *     (H, W, C: the input patch without the card's padding; count: values per patch of that output, unpadded)
 *   LCZ Studio -> runner, per request:
 *     "LCZP" n, then n patches of H*W*C float32 in NHWC order, normalised as the model expects
 *     (n = 0: no more requests; the runner exits 0)
 *   runner -> LCZ Studio, per request:
 *     "LCZR" n, then per patch, per output in order: count float32 (dequantised)
 *
 * Inputs are quantised as metis.md gives it, q = clip(round(x / scale + zero_point), -128, 127), rounding half to
 * even (as NumPy's round), and every padded position (channels the card adds, spatial padding) holds the zero point.
 * A model compiled for batch B (one patch per core) is run B patches at a time; the last run is filled with the zero
 * point and its extra rows dropped.
 *
 * Errors: one line on stderr, "lcz-metis-runner: <what failed>: <axr_last_error_string>", and exit status 1
 * (2: wrong arguments, 3: a broken request). The SDK's log goes to stderr too: stdout carries only the protocol.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <axruntime/axruntime.h>

#define PROTOCOL_VERSION 1u

static axrContext *g_ctx;

static void fail(const char *what) {
  const char *why = g_ctx ? axr_last_error_string(AXR_OBJECT(g_ctx)) : NULL;
  fprintf(stderr, "lcz-metis-runner: %s%s%s\n", what, why && *why ? ": " : "", why && *why ? why : "");
  if (g_ctx) axr_destroy(AXR_OBJECT(g_ctx));
  exit(1);
}

static void broken(const char *what) {
  fprintf(stderr, "lcz-metis-runner: broken request: %s\n", what);
  if (g_ctx) axr_destroy(AXR_OBJECT(g_ctx));
  exit(3);
}

static void logger(void *arg, axrLogLevel level, const char *msg) {
  (void)arg;
  (void)level;
  fprintf(stderr, "%s\n", msg);
}

static void write_all(const void *data, size_t size) {
  if (size > 0 && fwrite(data, 1, size, stdout) != size) fail("cannot write to LCZ Studio (stdout closed)");
}

static void write_u32(uint32_t v) {
  unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
  write_all(b, 4);
}

/* 1: read all, 0: end of input before the first byte; a partial read is a broken request. */
static int read_all(void *data, size_t size) {
  size_t got = fread(data, 1, size, stdin);
  if (got == size) return 1;
  if (got == 0 && feof(stdin)) return 0;
  broken("the input ended in the middle of a request");
  return 0;
}

static uint32_t read_u32(void) {
  unsigned char b[4];
  if (!read_all(b, 4)) broken("the input ended in the middle of a request");
  return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* Unpadded size of dimension d. */
static size_t inner(const axrTensorInfo *t, size_t d) {
  return t->dims[d] - t->padding[d][0] - t->padding[d][1];
}

/* Values per batch item of a tensor, without padding (dimensions 1..ndims-1). */
static size_t unpadded_count(const axrTensorInfo *t) {
  size_t n = 1;
  for (size_t d = 1; d < t->ndims; d++) n *= inner(t, d);
  return n;
}

static int8_t quantise(float x, float scale, int zero_point) {
  float q = nearbyintf(x / scale + (float)zero_point);
  return (int8_t)(q < -128.0f ? -128.0f : q > 127.0f ? 127.0f : q);
}

/* Writes patch `src` (H*W*C floats, NHWC) into batch item `b` of the padded NHWC input buffer. */
static void fill_input(int8_t *dst, const axrTensorInfo *t, size_t b, const float *src) {
  const size_t hp = t->dims[1], wp = t->dims[2], cp = t->dims[3];
  const size_t h = inner(t, 1), w = inner(t, 2), c = inner(t, 3);
  int8_t *item = dst + b * hp * wp * cp;
  for (size_t y = 0; y < h; y++)
    for (size_t x = 0; x < w; x++) {
      int8_t *px = item + ((y + t->padding[1][0]) * wp + x + t->padding[2][0]) * cp + t->padding[3][0];
      for (size_t k = 0; k < c; k++) px[k] = quantise(src[(y * w + x) * c + k], t->scale, t->zero_point);
    }
}

/* Dequantises batch item `b` of an output, dropping padding in every dimension, into `out` (unpadded_count values). */
static float *read_output(const int8_t *src, const axrTensorInfo *t, size_t b, float *out) {
  size_t item = 1;
  for (size_t d = 1; d < t->ndims; d++) item *= t->dims[d];
  size_t index[16] = {0};
  for (size_t i = 0; i < item; i++) {
    size_t rest = i;
    int inside = 1;
    for (size_t d = t->ndims - 1; d >= 1; d--) {
      index[d] = rest % t->dims[d];
      rest /= t->dims[d];
      if (index[d] < t->padding[d][0] || index[d] >= t->dims[d] - t->padding[d][1]) inside = 0;
    }
    if (inside) *out++ = ((float)src[b * item + i] - (float)t->zero_point) * t->scale;
  }
  return out;
}

int main(int argc, char **argv) {
  const char *model_path = NULL;
  long device_index = -1, cores = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--device") && i + 1 < argc) device_index = strtol(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--aipu-cores") && i + 1 < argc) cores = strtol(argv[++i], NULL, 10);
    else if (!model_path && argv[i][0] != '-') model_path = argv[i];
    else {
      fprintf(stderr, "usage: lcz-metis-runner MODEL_JSON [--device INDEX] [--aipu-cores N]\n");
      return 2;
    }
  }
  if (!model_path || cores < 0 || cores > 4) {
    fprintf(stderr, "usage: lcz-metis-runner MODEL_JSON [--device INDEX] [--aipu-cores 1-4]\n");
    return 2;
  }

  g_ctx = axr_create_context();
  if (!g_ctx) fail("cannot create an axruntime context");
  axr_set_logger(g_ctx, AXR_LOG_WARNING, logger, NULL);
  axrModel *model = axr_load_model(g_ctx, model_path);
  if (!model) fail("cannot load the model");
  if (axr_num_model_inputs(model) != 1) fail("the model must have exactly one input (a batch of patches)");
  axrTensorInfo in = axr_get_model_input(model, 0);
  if (in.ndims != 4) fail("the model input is not a 4-D NHWC tensor");
  size_t n_out = axr_num_model_outputs(model);
  if (n_out < 1 || n_out > 64) fail("the model has no outputs, or too many");
  axrTensorInfo *outs = calloc(n_out, sizeof *outs);
  if (!outs) fail("out of memory");
  for (size_t i = 0; i < n_out; i++) {
    outs[i] = axr_get_model_output(model, i);
    if (outs[i].ndims < 1 || outs[i].ndims > 16) fail("an output has an unsupported rank");
  }
  const size_t batch = in.dims[0];

  const axrDeviceInfo *device = NULL;
  if (device_index >= 0) {
    axrDeviceInfo *devices = NULL;
    size_t count = axr_list_devices(g_ctx, &devices);
    if ((size_t)device_index >= count) fail("no device with that index (run axdevice to list them)");
    device = &devices[device_index];
  }
  axrConnection *conn = axr_device_connect(g_ctx, device, batch, NULL);
  if (!conn) fail("cannot connect to the device");
  char props_text[128];
  snprintf(props_text, sizeof props_text, "input_dmabuf=0;num_sub_devices=%zu;aipu_cores=%ld", batch, cores > 0 ? cores : (long)batch);
  axrProperties *props = axr_create_properties(g_ctx, props_text);
  if (!props) fail("cannot create the instance properties");
  axrModelInstance *instance = axr_load_model_instance(conn, model, props);
  if (!instance) fail("cannot load the model on the device");

  axrArgument in_arg = {0};
  in_arg.size = axr_tensor_size(&in);
  in_arg.ptr = malloc(in_arg.size);
  axrArgument *out_args = calloc(n_out, sizeof *out_args);
  if (!in_arg.ptr || !out_args) fail("out of memory");
  size_t values_out = 0;
  for (size_t i = 0; i < n_out; i++) {
    out_args[i].size = axr_tensor_size(&outs[i]);
    out_args[i].ptr = malloc(out_args[i].size);
    if (!out_args[i].ptr) fail("out of memory");
    values_out += unpadded_count(&outs[i]);
  }
  const size_t h = inner(&in, 1), w = inner(&in, 2), c = inner(&in, 3), patch = h * w * c;

  write_all("LCZH", 4);
  write_u32(PROTOCOL_VERSION);
  write_u32((uint32_t)h);
  write_u32((uint32_t)w);
  write_u32((uint32_t)c);
  write_u32((uint32_t)batch);
  write_u32((uint32_t)n_out);
  for (size_t i = 0; i < n_out; i++) {
    const char *name = outs[i].name ? outs[i].name : "";
    write_u32((uint32_t)strlen(name));
    write_all(name, strlen(name));
    write_u32((uint32_t)unpadded_count(&outs[i]));
  }
  fflush(stdout);

  float *patches = NULL, *results = NULL;
  size_t capacity = 0;
  for (;;) {
    char magic[4];
    if (!read_all(magic, 4)) break; /* LCZ Studio closed the pipe: done */
    if (memcmp(magic, "LCZP", 4)) broken("a request does not start with LCZP");
    uint32_t n = read_u32();
    if (n == 0) break;
    if (n > capacity) {
      free(patches);
      free(results);
      patches = malloc((size_t)n * patch * sizeof *patches);
      results = malloc((size_t)n * values_out * sizeof *results);
      if (!patches || !results) fail("out of memory for the request");
      capacity = n;
    }
    if (!read_all(patches, (size_t)n * patch * sizeof *patches)) broken("the input ended in the middle of a request");
    float *out = results;
    for (size_t start = 0; start < n; start += batch) {
      const size_t rows = n - start < batch ? n - start : batch;
      memset(in_arg.ptr, (int8_t)in.zero_point, in_arg.size);
      for (size_t b = 0; b < rows; b++) fill_input(in_arg.ptr, &in, b, patches + (start + b) * patch);
      if (axr_run_model_instance(instance, &in_arg, 1, out_args, n_out) != AXR_SUCCESS) fail("running the model failed");
      for (size_t b = 0; b < rows; b++)
        for (size_t i = 0; i < n_out; i++) out = read_output(out_args[i].ptr, &outs[i], b, out);
    }
    write_all("LCZR", 4);
    write_u32(n);
    write_all(results, (size_t)n * values_out * sizeof *results);
    fflush(stdout);
  }
  axr_destroy(AXR_OBJECT(g_ctx)); /* only the context needs axr_destroy (metis.md) */
  return 0;
}
