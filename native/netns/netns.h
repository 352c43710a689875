// Named network namespaces: a bind mount of a namespace file under a run directory
// (/run/netns), made the way `ip netns add` makes it, without fork/exec. Pure C++ (no N-API).
#pragma once
#include <string>

#include "../nl/error.h"

namespace nl_netns {

// True when `name` is one path component the kernel will accept as a file name under `dir`:
// not empty, not "." or "..", no '/' or NUL, at most NAME_MAX bytes. lib/ validates first;
// this is the native re-check (TypeScript validates, native still refuses to escape `dir`).
bool valid_name(const std::string& name);

// Equivalent to: ip netns add NAME (with NETNS_RUN_DIR = dir).
//  1. mkdir dir (0755) if missing;
//  2. make dir a shared mount point, so that unmounting a namespace file in one mount
//     namespace unmounts it everywhere (turning dir into a mount point first if it is not one);
//  3. create dir/NAME (O_EXCL: an existing name is EEXIST and nothing is touched);
//  4. on a throwaway thread: unshare(CLONE_NEWNET), then bind /proc/thread-self/ns/net onto
//     dir/NAME. The thread dies; the bind mount keeps the namespace alive.
// The calling thread never changes namespace. On failure everything made is removed and the
// error names the step ("mount --make-shared /run/netns", "unshare(CLONE_NEWNET)", …).
nl::Error create(const std::string& dir, const std::string& name);

// Equivalent to: ip netns delete NAME — lazy unmount (MNT_DETACH), then unlink.
// ENOENT when there is no such file.
nl::Error remove(const std::string& dir, const std::string& name);

}  // namespace nl_netns
