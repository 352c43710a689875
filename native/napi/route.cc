// N-API surface of native/route (filled in by its family).
#include "families.h"

namespace napi_nl {
void InitRoute(Napi::Env, Napi::Object) {}
}  // namespace napi_nl
