// N-API surface of native/nft (filled in by its family).
#include "families.h"

namespace napi_nl {
void InitNft(Napi::Env, Napi::Object) {}
}  // namespace napi_nl
