// N-API surface of native/batch (filled in by its family).
#include "families.h"

namespace napi_nl {
void InitBatch(Napi::Env, Napi::Object) {}
}  // namespace napi_nl
