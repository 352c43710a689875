// N-API surface of native/sysctl (filled in by its family).
#include "families.h"

namespace napi_nl {
void InitSysctl(Napi::Env, Napi::Object) {}
}  // namespace napi_nl
