// N-API surface of native/netns (filled in by its family).
#include "families.h"

namespace napi_nl {
void InitNetns(Napi::Env, Napi::Object) {}
}  // namespace napi_nl
