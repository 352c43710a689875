#include "netns.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "in_netns.h"

namespace nl_netns {

namespace {

// The namespace of the helper thread, not the process: /proc/self would name the thread-group
// leader's (the event loop's) namespace.
constexpr const char* kThreadNetns = "/proc/thread-self/ns/net";

// Steps 1–2: the run directory exists and is a shared mount point. Same sequence iproute2
// follows: try --make-shared; EINVAL means "not a mount point", so bind the directory on itself,
// make it private (a fresh peer group of its own), and try --make-shared again, once.
nl::Error ensure_shared_dir(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) return step_error(errno, "mkdir " + dir);

  // Parallel setups (several `ip netns add` at boot, or us and ip) used to stack bind mounts on
  // the directory until the machine locked up (Debian #949235). iproute2 serializes the setup
  // with an flock on the directory; taking the same lock makes us cooperate with it. Best
  // effort, as there: without the lock we still proceed.
  int lock = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (lock < 0) return step_error(errno, "open " + dir);
  bool locked = ::flock(lock, LOCK_EX) == 0;

  nl::Error err;
  bool made_mount_point = false;
  while (::mount("", dir.c_str(), "none", MS_SHARED | MS_REC, nullptr) != 0) {
    int e = errno;
    if (e != EINVAL || made_mount_point) { err = step_error(e, "mount --make-shared " + dir); break; }
    if (::mount(dir.c_str(), dir.c_str(), "none", MS_BIND | MS_REC, nullptr) != 0) {
      err = step_error(errno, "mount --bind " + dir + " " + dir);
      break;
    }
    if (::mount("", dir.c_str(), "none", MS_PRIVATE | MS_REC, nullptr) != 0) {
      err = step_error(errno, "mount --make-private " + dir);
      break;
    }
    made_mount_point = true;
  }
  if (locked) ::flock(lock, LOCK_UN);
  ::close(lock);
  return err;
}

}  // namespace

bool valid_name(const std::string& name) {
  return !name.empty() && name.size() <= NAME_MAX && name != "." && name != ".." &&
         name.find('/') == std::string::npos && name.find('\0') == std::string::npos;
}

nl::Error create(const std::string& dir, const std::string& name) {
  if (!valid_name(name)) return step_error(EINVAL, "invalid namespace name");
  if (nl::Error e = ensure_shared_dir(dir)) return e;

  // Step 3: the mount target. O_EXCL makes an existing name fail here, before anything changes.
  const std::string path = dir + "/" + name;
  int fd = ::open(path.c_str(), O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
  if (fd < 0) return step_error(errno, "create " + path);
  ::close(fd);

  // Step 4: a new namespace on a thread that dies right after; the bind mount pins it.
  nl::Error err = on_thread([&]() -> nl::Error {
    if (::unshare(CLONE_NEWNET) != 0) return step_error(errno, "unshare(CLONE_NEWNET)");
    if (::mount(kThreadNetns, path.c_str(), "none", MS_BIND, nullptr) != 0)
      return step_error(errno, std::string("mount --bind ") + kThreadNetns + " " + path);
    return nl::Error{};
  });
  if (err) {
    ::umount2(path.c_str(), MNT_DETACH | UMOUNT_NOFOLLOW);
    ::unlink(path.c_str());
  }
  return err;
}

nl::Error remove(const std::string& dir, const std::string& name) {
  if (!valid_name(name)) return step_error(EINVAL, "invalid namespace name");
  const std::string path = dir + "/" + name;
  // Lazy unmount: processes still inside the namespace keep it; the name goes now. A file that
  // is not mounted (a half-made entry) gives EINVAL here and is still unlinked, like ip does.
  ::umount2(path.c_str(), MNT_DETACH | UMOUNT_NOFOLLOW);
  if (::unlink(path.c_str()) != 0) return step_error(errno, "unlink " + path);
  return nl::Error{};
}

}  // namespace nl_netns
