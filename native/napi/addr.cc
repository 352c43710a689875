// N-API surface of native/addr (filled in by its family).
#include "families.h"

namespace napi_nl {
void InitAddr(Napi::Env, Napi::Object) {}
}  // namespace napi_nl
