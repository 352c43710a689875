// Runs every registered test case. The process first moves itself into a fresh network
// namespace (unshare(CLONE_NEWNET)), so the kernel tests can create links and addresses
// without touching the caller's namespace; where that is not allowed (not root), they skip.
//
// Usage: native_tests [substring]   runs only the cases whose name contains substring.
#include <errno.h>
#include <sched.h>

#include <cstdio>
#include <cstring>

#include "harness.h"

namespace t {

std::vector<Case>& cases() {
  static std::vector<Case> c;
  return c;
}
bool own_netns = false;
std::string netns_skip_reason;

static int failures_in_case = 0;
void fail(const char* file, int line, const std::string& what) {
  ++failures_in_case;
  std::printf("    %s:%d: %s\n", file, line, what.c_str());
}

}  // namespace t

int main(int argc, char** argv) {
  // Line-buffered, so a sanitizer abort still leaves every earlier result on the screen.
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  const char* filter = argc > 1 ? argv[1] : nullptr;
  if (::unshare(CLONE_NEWNET) == 0) {
    t::own_netns = true;
  } else {
    t::netns_skip_reason = std::string("unshare(CLONE_NEWNET) failed: ") + std::strerror(errno) +
                           " (kernel tests need root)";
  }
  int passed = 0, failed = 0, skipped = 0;
  for (const t::Case& c : t::cases()) {
    if (filter && !std::strstr(c.name, filter)) continue;
    t::failures_in_case = 0;
    std::string skip;
    try {
      c.fn();
    } catch (const t::Stop&) {
    } catch (const t::Skip& s) {
      skip = s.why;
    } catch (const std::exception& e) {
      t::fail(__FILE__, __LINE__, std::string("exception: ") + e.what());
    }
    if (t::failures_in_case) { ++failed; std::printf("FAIL %s\n", c.name); }
    else if (!skip.empty()) { ++skipped; std::printf("skip %s: %s\n", c.name, skip.c_str()); }
    else { ++passed; std::printf("ok   %s\n", c.name); }
  }
  std::printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
  return failed ? 1 : 0;
}
