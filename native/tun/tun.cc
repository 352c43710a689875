#include "tun.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstring>

#include "../netns/in_netns.h"

namespace nl_tun {

namespace {

constexpr const char* kCloneDevice = "/dev/net/tun";

using nl_netns::step_error;

// One ioctl with an integer argument; returns errno or 0.
int ioctl_arg(int fd, unsigned long req, unsigned long arg) {
  return ::ioctl(fd, req, arg) == 0 ? 0 : errno;
}

nl::Error create_here(const Spec& s) {
  if (s.name.empty() || s.name.size() >= IFNAMSIZ) return step_error(EINVAL, "tun name must be 1-15 bytes");
  int fd = ::open(kCloneDevice, O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    int e = errno;
    if (e == ENOENT) return step_error(e, std::string(kCloneDevice) + " is missing (no tun module, or /dev without it: mknod /dev/net/tun c 10 200)");
    if (e == EACCES) return step_error(e, std::string("open ") + kCloneDevice + " (the device node must be readable and writable by this user)");
    return step_error(e, std::string("open ") + kCloneDevice);
  }
  ifreq ifr;
  std::memset(&ifr, 0, sizeof ifr);
  std::memcpy(ifr.ifr_name, s.name.data(), s.name.size());
  ifr.ifr_flags = static_cast<short>((s.tap ? IFF_TAP : IFF_TUN) | IFF_NO_PI | IFF_TUN_EXCL |
                                     (s.multi_queue ? IFF_MULTI_QUEUE : 0));
  nl::Error err;
  if (::ioctl(fd, TUNSETIFF, &ifr) != 0) {
    int e = errno;
    // With IFF_TUN_EXCL the kernel answers EBUSY for any existing device of that name.
    if (e == EBUSY) err = step_error(EEXIST, "TUNSETIFF: a device named " + s.name + " already exists");
    else err = step_error(e, "TUNSETIFF");
  } else if (int e = s.owner >= 0 ? ioctl_arg(fd, TUNSETOWNER, static_cast<unsigned long>(s.owner)) : 0) {
    err = step_error(e, "TUNSETOWNER");
  } else if (int e2 = s.group >= 0 ? ioctl_arg(fd, TUNSETGROUP, static_cast<unsigned long>(s.group)) : 0) {
    err = step_error(e2, "TUNSETGROUP");
  } else if (int e3 = s.persist ? ioctl_arg(fd, TUNSETPERSIST, 1) : 0) {
    err = step_error(e3, "TUNSETPERSIST");
  }
  // Until TUNSETPERSIST succeeded the device lives only as long as this fd: closing it on an
  // error removes the half-made device, so nothing is left behind.
  ::close(fd);
  return err;
}

}  // namespace

nl::Error create(int nsfd, const Spec& s) {
  return nl_netns::in_netns(nsfd, [&] { return create_here(s); });
}

}  // namespace nl_tun
