#include "sysctl.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "../netns/in_netns.h"

namespace nl_sysctl {

namespace {

constexpr const char* kProcSys = "/proc/sys/";

using nl_netns::step_error;

}  // namespace

bool valid_path(const std::string& rel) {
  if (rel.compare(0, 4, "net/") != 0 || rel.find('\0') != std::string::npos) return false;
  size_t start = 0;
  for (;;) {
    size_t end = rel.find('/', start);
    std::string part = rel.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (part.empty() || part == "." || part == "..") return false;
    if (end == std::string::npos) return true;
    start = end + 1;
  }
}

nl::Error read(int nsfd, const std::string& rel, std::string& out) {
  if (!valid_path(rel)) return step_error(EINVAL, "sysctl path outside /proc/sys/net: " + rel);
  const std::string path = kProcSys + rel;
  out.clear();
  return nl_netns::in_netns(nsfd, [&]() -> nl::Error {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return step_error(errno, "open " + path);
    char buf[4096];
    for (;;) {
      ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0) {
        if (errno == EINTR) continue;
        int e = errno;
        ::close(fd);
        return step_error(e, "read " + path);
      }
      if (n == 0) break;
      out.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    return nl::Error{};
  });
}

nl::Error write(int nsfd, const std::string& rel, const std::string& value) {
  if (!valid_path(rel)) return step_error(EINVAL, "sysctl path outside /proc/sys/net: " + rel);
  const std::string path = kProcSys + rel;
  return nl_netns::in_netns(nsfd, [&]() -> nl::Error {
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return step_error(errno, "open " + path);
    ssize_t n;
    do n = ::write(fd, value.data(), value.size());
    while (n < 0 && errno == EINTR);
    int e = n < 0 ? errno : (static_cast<size_t>(n) != value.size() ? EIO : 0);
    // close() can report a deferred error too; the first one wins.
    if (::close(fd) != 0 && e == 0) e = errno;
    if (e) return step_error(e, "write " + path);
    return nl::Error{};
  });
}

}  // namespace nl_sysctl
