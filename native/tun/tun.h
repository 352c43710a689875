// tun/tap devices. The kernel refuses to create them over rtnetlink; they are made through
// /dev/net/tun: TUNSETIFF creates the device in the namespace of the task that opened the
// file, TUNSETPERSIST keeps it after the file is closed. Pure C++ (no N-API).
#pragma once
#include <string>

#include "../nl/error.h"

namespace nl_tun {

struct Spec {
  std::string name;
  bool tap = false;          // IFF_TAP (ethernet frames) vs IFF_TUN (IP packets)
  bool multi_queue = false;  // IFF_MULTI_QUEUE
  bool persist = true;       // TUNSETPERSIST 1: the device outlives our file descriptor
  long owner = -1;           // TUNSETOWNER uid, -1 = unset
  long group = -1;           // TUNSETGROUP gid, -1 = unset
};

// Equivalent to: ip tuntap add dev NAME mode tun|tap [user U] [group G] [multi_queue], inside
// namespace `nsfd` (-1: the caller's), on a helper thread. A device of that name that already
// exists is EEXIST (IFF_TUN_EXCL: never attach to someone else's device).
nl::Error create(int nsfd, const Spec& s);

}  // namespace nl_tun
