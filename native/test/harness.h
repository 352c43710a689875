// A tiny self-contained test framework: TEST(name) registers a case, CHECK records a failure and
// goes on, REQUIRE stops the case, SKIP ends it as skipped with a reason. main.cc runs them and
// prints the closing line "N passed, N failed, N skipped".
#pragma once
#include <cstdint>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

namespace t {

struct Case {
  const char* name;
  void (*fn)();
};
std::vector<Case>& cases();
struct Register {
  Register(const char* name, void (*fn)()) { cases().push_back({name, fn}); }
};

struct Stop {};  // thrown by REQUIRE to end a case
struct Skip {
  std::string why;
};

void fail(const char* file, int line, const std::string& what);

// Values printed in failure messages (bytes as numbers, not characters).
template <typename T>
std::string show(const T& v) {
  std::ostringstream o;
  if constexpr (sizeof(T) == 1 && std::is_integral_v<T>) o << static_cast<int>(v);
  else o << v;
  return o.str();
}

// Set by main(): true when the process is inside its own fresh network namespace.
extern bool own_netns;
extern std::string netns_skip_reason;

}  // namespace t

#define T_CAT2(a, b) a##b
#define T_CAT(a, b) T_CAT2(a, b)
#define TEST(name)                                                 \
  static void name();                                              \
  static ::t::Register T_CAT(t_reg_, name)(#name, &name);          \
  static void name()

#define CHECK(cond) \
  do { if (!(cond)) ::t::fail(__FILE__, __LINE__, "CHECK(" #cond ")"); } while (0)
#define REQUIRE(cond) \
  do { if (!(cond)) { ::t::fail(__FILE__, __LINE__, "REQUIRE(" #cond ")"); throw ::t::Stop{}; } } while (0)
#define CHECK_EQ(a, b)                                                                        \
  do {                                                                                        \
    auto&& t_a = (a);                                                                         \
    auto&& t_b = (b);                                                                         \
    if (!(t_a == t_b))                                                                        \
      ::t::fail(__FILE__, __LINE__,                                                           \
                "CHECK_EQ(" #a ", " #b "): " + ::t::show(t_a) + " != " + ::t::show(t_b));     \
  } while (0)
#define SKIP(why) throw ::t::Skip{why}
// Kernel tests run only inside the namespace main() unshared; never in the caller's.
#define REQUIRE_OWN_NETNS() \
  do { if (!::t::own_netns) SKIP(::t::netns_skip_reason); } while (0)
