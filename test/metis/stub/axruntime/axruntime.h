/*
 * A stand-in for the Voyager SDK's axruntime/axruntime.h, for tests only: the SDK is not on our machines, so
 * resources/metis/lcz-metis-runner.c is compiled against this header (gcc -fsyntax-only) and linked with
 * fake-axruntime.c to run it. It declares only what the runner uses, and only what is documented:
 *
 * - ../shared/docs/metis.md ("Running from a Node application"): axr_create_context, axr_set_logger, axr_load_model,
 *   axr_num_model_inputs, axr_get_model_input, axrTensorInfo {dims, ndims, bits, type, name, padding[][2], scale,
 *   zero_point}, axr_device_connect(ctx, NULL, num_sub_devices, props), axr_create_properties(ctx, text),
 *   axr_load_model_instance(conn, model, props), axrArgument {ptr, fd, offset, size}, axr_tensor_size(&info),
 *   axr_run_model_instance(inst, in, n_in, out, n_out), axr_last_error_string(AXR_OBJECT(ctx)), axr_destroy, and
 *   the errors AXR_ERROR_CONNECTION_ERROR, AXR_ERROR_DEVICE_IN_USE, AXR_ERROR_INCOMPATIBLE_DEVICE,
 *   AXR_ERROR_PENDING_ERROR; "list devices" by name only;
 * - the SDK's examples/axruntime (public), for what metis.md leaves out: axr_num_model_outputs,
 *   axr_get_model_output, axr_list_devices(ctx, &devices), AXR_SUCCESS, axrLogLevel / AXR_LOG_WARNING and the
 *   logger's signature, axrDeviceInfo {name, subdevice_count}.
 *
 * Array sizes (dims, padding, name) are this stub's choice: the runner reads only the first ndims entries.
 */
#ifndef LCZ_TEST_AXRUNTIME_STUB_H
#define LCZ_TEST_AXRUNTIME_STUB_H
#include <stddef.h>

typedef struct axrObject axrObject;
typedef struct axrContext axrContext;
typedef struct axrModel axrModel;
typedef struct axrConnection axrConnection;
typedef struct axrModelInstance axrModelInstance;
typedef struct axrProperties axrProperties;

#define AXR_OBJECT(x) ((axrObject *)(x))

typedef enum axrResult {
  AXR_SUCCESS = 0,
  AXR_ERROR_CONNECTION_ERROR,
  AXR_ERROR_DEVICE_IN_USE,
  AXR_ERROR_INCOMPATIBLE_DEVICE,
  AXR_ERROR_PENDING_ERROR,
} axrResult;

typedef enum axrLogLevel { AXR_LOG_WARNING = 3 } axrLogLevel;
typedef void (*axrLogger)(void *arg, axrLogLevel level, const char *msg);

typedef struct axrTensorInfo {
  size_t dims[8];
  size_t ndims;
  size_t bits;
  int type;
  const char *name;
  size_t padding[8][2];
  float scale;
  int zero_point;
} axrTensorInfo;

typedef struct axrArgument {
  void *ptr;
  int fd;
  size_t offset;
  size_t size;
} axrArgument;

typedef struct axrDeviceInfo {
  char name[64];
  size_t subdevice_count;
} axrDeviceInfo;

axrContext *axr_create_context(void);
void axr_set_logger(axrContext *ctx, axrLogLevel level, axrLogger logger, void *arg);
axrModel *axr_load_model(axrContext *ctx, const char *path);
size_t axr_num_model_inputs(axrModel *model);
axrTensorInfo axr_get_model_input(axrModel *model, size_t index);
size_t axr_num_model_outputs(axrModel *model);
axrTensorInfo axr_get_model_output(axrModel *model, size_t index);
size_t axr_list_devices(axrContext *ctx, axrDeviceInfo **devices);
axrConnection *axr_device_connect(axrContext *ctx, const axrDeviceInfo *device, size_t num_sub_devices, const axrProperties *props);
axrProperties *axr_create_properties(axrContext *ctx, const char *text);
axrModelInstance *axr_load_model_instance(axrConnection *conn, axrModel *model, axrProperties *props);
size_t axr_tensor_size(const axrTensorInfo *info);
axrResult axr_run_model_instance(axrModelInstance *instance, axrArgument *inputs, size_t n_inputs, axrArgument *outputs, size_t n_outputs);
const char *axr_last_error_string(const axrObject *object);
void axr_destroy(const axrObject *object);

#endif
