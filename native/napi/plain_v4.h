// 'a.b.c.d' or 'a.b.c.d/n' read straight from a JS string, for the hot single-request paths
// (route add/delete, address add/delete): one N-API call parses what JavaScript would otherwise
// parse in the interpreter until V8 has compiled it. The rule is lib/util/validate.ts ipv4's
// (four decimal parts 0–255, no leading zeros) with a 1–3 digit prefix ≤ 32 (none = 32); any
// other text → false, and lib/ takes its general path with its checks and error messages.
#pragma once
#include <napi.h>

#include <cstddef>
#include <cstdint>

namespace napi_nl {

// `network`: a route destination (lib/route/spec.ts isPlainV4): prefix 1–32, no host bits.
// Otherwise an interface address (prefix 0–32, host bits are the address).
inline bool parse_plain_v4(const char16_t* t, size_t n, bool network, uint32_t& value, uint8_t& prefix) {
  uint32_t v = 0;  // at most 3 octets shifted in before the last: no overflow
  uint32_t octet = 0, digits = 0, dots = 0;
  size_t i = 0;
  for (; i < n; ++i) {
    char16_t c = t[i];
    if (c >= u'0' && c <= u'9') {
      if (digits > 0 && octet == 0) return false;  // leading zero
      octet = octet * 10 + (c - u'0');
      if (++digits > 3 || octet > 255) return false;
    } else if (c == u'.') {
      if (digits == 0 || ++dots > 3) return false;
      v = (v << 8) | octet;
      octet = 0;
      digits = 0;
    } else if (c == u'/') {
      break;
    } else {
      return false;
    }
  }
  if (dots != 3 || digits == 0) return false;
  value = (v << 8) | octet;
  uint32_t p = 32;
  if (i != n) {
    if (i + 1 == n || n - i > 3) return false;
    p = 0;
    for (size_t j = i + 1; j < n; ++j) {
      char16_t c = t[j];
      if (c < u'0' || c > u'9') return false;
      p = p * 10 + (c - u'0');
    }
    if (p > 32) return false;
    if (network && p == 0) return false;
  }
  if (network && p < 32 && (value & ((1u << (32 - p)) - 1)) != 0) return false;
  prefix = static_cast<uint8_t>(p);
  return true;
}

// The string argument `v` parsed as above; false for a non-string or a longer text than the
// longest plain form, '255.255.255.255/32' (18 characters).
inline bool plain_v4_arg(napi_env env, napi_value v, bool network, uint32_t& value, uint8_t& prefix) {
  char16_t text[20];
  size_t len = 0;
  if (napi_get_value_string_utf16(env, v, text, sizeof text / sizeof text[0], &len) != napi_ok || len > 18) return false;
  return parse_plain_v4(text, len, network, value, prefix);
}

}  // namespace napi_nl
