// Address formatting shared by the families (inet_ntop for IPs, colon hex for link-layer).
#pragma once
#include <arpa/inet.h>
#include <cstdint>
#include <string>

namespace nl {

inline std::string ip_to_string(int family, const void* p) {
  char b[INET6_ADDRSTRLEN] = {0};
  if (!inet_ntop(family, p, b, sizeof b)) return std::string();
  return b;
}

// From an attribute payload: 4 bytes → IPv4, 16 → IPv6, else empty.
inline std::string ip_from_bytes(const uint8_t* p, size_t n) {
  if (n == 4) return ip_to_string(AF_INET, p);
  if (n == 16) return ip_to_string(AF_INET6, p);
  return std::string();
}

inline std::string hw_to_string(const uint8_t* p, size_t n) {
  static const char* hex = "0123456789abcdef";
  std::string s;
  s.reserve(n * 3);
  for (size_t i = 0; i < n; ++i) {
    if (i) s.push_back(':');
    s.push_back(hex[p[i] >> 4]);
    s.push_back(hex[p[i] & 15]);
  }
  return s;
}

}  // namespace nl
