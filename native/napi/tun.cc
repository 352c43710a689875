// N-API surface of native/tun (filled in by its family).
#include "families.h"

namespace napi_nl {
void InitTun(Napi::Env, Napi::Object) {}
}  // namespace napi_nl
