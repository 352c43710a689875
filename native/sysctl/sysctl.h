// sysctl files under /proc/sys/net, read and written inside a chosen network namespace.
// /proc/sys/net shows the namespace of the task that looks the path up (not of /proc's mount
// or the process): the open happens on a helper thread that has setns()'d, so the caller's
// thread never moves. Pure C++ (no N-API).
#pragma once
#include <string>

#include "../nl/error.h"

namespace nl_sysctl {

// True when `rel` is a path below /proc/sys/net that cannot escape it: starts with "net/",
// no empty, "." or ".." component, no NUL. lib/ validates keys first; this is the re-check.
bool valid_path(const std::string& rel);

// Equivalent to: ip netns exec NS sysctl -n KEY. `rel` is relative to /proc/sys
// ("net/ipv4/conf/all/forwarding"); nsfd -1 = the caller's namespace. `out` gets the raw file
// contents (with the kernel's trailing newline).
nl::Error read(int nsfd, const std::string& rel, std::string& out);

// Equivalent to: ip netns exec NS sysctl -w KEY=VALUE. The value goes in one write(), as the
// kernel's integer handlers ignore writes at a non-zero offset (sysctl_writes_strict).
nl::Error write(int nsfd, const std::string& rel, const std::string& value);

}  // namespace nl_sysctl
