/*
 * A fake axruntime for tests (the SDK and a card are not on our machines): enough of the C API declared in
 * axruntime/axruntime.h to run resources/metis/lcz-metis-runner.c for real and check its framing, quantisation,
 * padding and batching. The "card" computes two outputs from the dequantised input:
 *   "means": per channel k, the mean over the patch's pixels (shape [B,1,1,C], padded 1 before and 2 after);
 *   "extremes": the largest and smallest value of channel 0 (shape [B,2], no padding).
 * It refuses to run when a padded input position does not hold the zero point.
 * Environment: FAKE_AXR_SHAPE "H,W,C" (default 4,4,3), FAKE_AXR_BATCH (default 1), FAKE_AXR_CPAD (channels the
 * card adds, default 1), FAKE_AXR_FAIL: "load", "in-use" or "run" for the failure modes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <axruntime/axruntime.h>

struct axrObject { int unused; };
struct axrContext { char error[256]; axrDeviceInfo devices[2]; };
struct axrModel { axrTensorInfo in, out[2]; };
struct axrConnection { axrContext *ctx; };
struct axrProperties { int unused; };
struct axrModelInstance { axrContext *ctx; axrModel *model; };

static axrContext context;
static axrModel the_model;
static axrConnection connection;
static axrProperties properties;
static axrModelInstance instance;

static const char *fail_mode(void) { const char *f = getenv("FAKE_AXR_FAIL"); return f ? f : ""; }
static void set_error(const char *text) { snprintf(context.error, sizeof context.error, "%s", text); }

axrContext *axr_create_context(void) {
  strcpy(context.devices[0].name, "metis-0:1:0");
  context.devices[0].subdevice_count = 4;
  strcpy(context.devices[1].name, "metis-0:2:0");
  context.devices[1].subdevice_count = 4;
  return &context;
}
void axr_set_logger(axrContext *ctx, axrLogLevel level, axrLogger logger, void *arg) { (void)ctx; (void)level; logger(arg, level, "fake axruntime: logger set"); }

axrModel *axr_load_model(axrContext *ctx, const char *path) {
  (void)ctx;
  if (!strcmp(fail_mode(), "load")) { set_error("Unsupported model version: 4.0, expected at least 5.0"); return NULL; }
  FILE *f = fopen(path, "r");
  if (!f) { set_error("cannot open the model file"); return NULL; }
  fclose(f);
  size_t h = 4, w = 4, c = 3;
  const char *shape = getenv("FAKE_AXR_SHAPE");
  if (shape) sscanf(shape, "%zu,%zu,%zu", &h, &w, &c);
  size_t batch = getenv("FAKE_AXR_BATCH") ? (size_t)atoi(getenv("FAKE_AXR_BATCH")) : 1;
  size_t cpad = getenv("FAKE_AXR_CPAD") ? (size_t)atoi(getenv("FAKE_AXR_CPAD")) : 1;
  axrTensorInfo *in = &the_model.in;
  memset(in, 0, sizeof *in);
  in->ndims = 4; in->bits = 8; in->name = "input";
  in->dims[0] = batch; in->dims[1] = h + 2; in->dims[2] = w; in->dims[3] = c + cpad;
  in->padding[1][0] = 1; in->padding[1][1] = 1; in->padding[3][1] = cpad;
  in->scale = 0.05f; in->zero_point = -3;
  axrTensorInfo *o = &the_model.out[0];
  memset(o, 0, sizeof *o);
  o->ndims = 4; o->bits = 8; o->name = "means";
  o->dims[0] = batch; o->dims[1] = 1; o->dims[2] = 1; o->dims[3] = c + 3;
  o->padding[3][0] = 1; o->padding[3][1] = 2;
  o->scale = 0.02f; o->zero_point = 5;
  o = &the_model.out[1];
  memset(o, 0, sizeof *o);
  o->ndims = 2; o->bits = 8; o->name = "extremes";
  o->dims[0] = batch; o->dims[1] = 2;
  o->scale = 0.04f; o->zero_point = -1;
  return &the_model;
}
size_t axr_num_model_inputs(axrModel *m) { (void)m; return 1; }
axrTensorInfo axr_get_model_input(axrModel *m, size_t i) { (void)i; return m->in; }
size_t axr_num_model_outputs(axrModel *m) { (void)m; return 2; }
axrTensorInfo axr_get_model_output(axrModel *m, size_t i) { return m->out[i]; }
size_t axr_list_devices(axrContext *ctx, axrDeviceInfo **devices) { *devices = ctx->devices; return 2; }

axrConnection *axr_device_connect(axrContext *ctx, const axrDeviceInfo *device, size_t n, const axrProperties *props) {
  (void)device; (void)props;
  if (!strcmp(fail_mode(), "in-use")) { set_error("AXR_ERROR_DEVICE_IN_USE: all cores of metis-0:1:0 are reserved by another process"); return NULL; }
  if (n < 1 || n > 4) { set_error("num_sub_devices must be 1-4"); return NULL; }
  connection.ctx = ctx;
  return &connection;
}
axrProperties *axr_create_properties(axrContext *ctx, const char *text) {
  (void)ctx;
  return strstr(text, "input_dmabuf=0;num_sub_devices=") ? &properties : NULL;
}
axrModelInstance *axr_load_model_instance(axrConnection *conn, axrModel *model, axrProperties *props) {
  (void)props;
  instance.ctx = conn->ctx;
  instance.model = model;
  return &instance;
}
size_t axr_tensor_size(const axrTensorInfo *t) {
  size_t n = 1;
  for (size_t d = 0; d < t->ndims; d++) n *= t->dims[d];
  return n;
}

static signed char quantise(float x, float scale, int zp) {
  float q = nearbyintf(x / scale + (float)zp);
  return (signed char)(q < -128 ? -128 : q > 127 ? 127 : q);
}

axrResult axr_run_model_instance(axrModelInstance *inst, axrArgument *in, size_t n_in, axrArgument *out, size_t n_out) {
  const axrTensorInfo *t = &inst->model->in;
  if (!strcmp(fail_mode(), "run")) { set_error("Device communication timed out"); return AXR_ERROR_CONNECTION_ERROR; }
  if (n_in != 1 || n_out != 2 || in[0].size != axr_tensor_size(t)) { set_error("wrong arguments"); return AXR_ERROR_CONNECTION_ERROR; }
  const signed char *q = in[0].ptr;
  const size_t hp = t->dims[1], w = t->dims[2], cp = t->dims[3], c = cp - t->padding[3][1];
  for (size_t b = 0; b < t->dims[0]; b++) {
    const signed char *item = q + b * hp * w * cp;
    double sum[64] = {0};
    float hi = -1e30f, lo = 1e30f;
    for (size_t y = 0; y < hp; y++)
      for (size_t x = 0; x < w; x++)
        for (size_t k = 0; k < cp; k++) {
          const signed char v = item[(y * w + x) * cp + k];
          const int padded = y < t->padding[1][0] || y >= hp - t->padding[1][1] || k >= c;
          if (padded) {
            if (v != t->zero_point) { set_error("a padded input position does not hold the zero point"); return AXR_ERROR_CONNECTION_ERROR; }
            continue;
          }
          const float real = (float)(v - t->zero_point) * t->scale;
          sum[k] += real;
          if (k == 0) { hi = real > hi ? real : hi; lo = real < lo ? real : lo; }
        }
    const axrTensorInfo *m = &inst->model->out[0];
    signed char *means = (signed char *)out[0].ptr + b * m->dims[3];
    memset(means, 99, m->dims[3]); /* padding: garbage the runner must drop */
    const size_t pixels = (hp - t->padding[1][0] - t->padding[1][1]) * w;
    for (size_t k = 0; k < c; k++) means[m->padding[3][0] + k] = quantise((float)(sum[k] / (double)pixels), m->scale, m->zero_point);
    const axrTensorInfo *e = &inst->model->out[1];
    signed char *ext = (signed char *)out[1].ptr + b * 2;
    ext[0] = quantise(hi, e->scale, e->zero_point);
    ext[1] = quantise(lo, e->scale, e->zero_point);
  }
  return AXR_SUCCESS;
}
const char *axr_last_error_string(const axrObject *object) { (void)object; return context.error; }
void axr_destroy(const axrObject *object) { (void)object; }
