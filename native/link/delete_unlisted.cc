#include "delete_unlisted.h"

#include <errno.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <system_error>
#include <thread>

#include "../nl/socket.h"
#include "link.h"

namespace nl_link {

bool is_dellink_of(const void* msg, size_t len, uint32_t ifindex) {
  if (len < NLMSG_LENGTH(sizeof(ifinfomsg))) return false;
  const auto* h = static_cast<const nlmsghdr*>(msg);
  if (h->nlmsg_type != RTM_DELLINK || h->nlmsg_len < NLMSG_LENGTH(sizeof(ifinfomsg)) || h->nlmsg_len > len) return false;
  const auto* ifi = static_cast<const ifinfomsg*>(NLMSG_DATA(h));
  return ifi->ifi_index > 0 && static_cast<uint32_t>(ifi->ifi_index) == ifindex;
}

nl::Error delete_until_unlisted(int netns_fd, uint32_t ifindex, const std::function<void()>& on_unlisted) {
  nl::Socket request;
  if (nl::Error e = nl::Socket::open(NETLINK_ROUTE, netns_fd, request)) return e;
  nl::Error result;
  auto send_delete = [&] {
    nl::MessageBuffer& m = request.scratch();
    uint32_t seq = request.next_seq();
    Ref ref;
    ref.index = ifindex;
    build_delete(m, seq, ref);
    nl::Outcome out;
    result = request.transact_ack(m, seq, out);
    if (!result) result = out.error;
  };
  // Watching needs a socket subscribed before the request is sent (so the event cannot come
  // before we listen), an eventfd and a thread. Without any of them the link is still deleted:
  // the request's result is then the only signal, as with a plain deleteLink.
  nl::Socket events;
  int done_fd = -1;
  if (nl::Socket::open(NETLINK_ROUTE, netns_fd, events) || events.join_group(RTNLGRP_LINK) ||
      (done_fd = ::eventfd(0, EFD_CLOEXEC)) < 0) {
    send_delete();
    return result;
  }
  std::thread deleter;
  try {
    deleter = std::thread([&] {
      send_delete();
      uint64_t one = 1;
      ssize_t w;
      do w = ::write(done_fd, &one, sizeof one);
      while (w < 0 && errno == EINTR);
    });
  } catch (const std::system_error&) {
    ::close(done_fd);
    send_delete();
    return result;
  }

  bool watching = true, finished = false;
  while (!finished) {
    pollfd p[2] = {{done_fd, POLLIN, 0}, {events.fd(), POLLIN, 0}};
    int r = ::poll(p, watching ? 2 : 1, -1);
    if (r < 0) {
      if (errno == EINTR) continue;
      break;  // cannot wait here: join() below waits for the request, whose result is the signal
    }
    if (p[0].revents) finished = true;
    if (watching && p[1].revents) {
      bool seen = false;
      nl::Error e = events.receive_events(0, [&](size_t, const nlmsghdr* h) {
        if (!seen && is_dellink_of(h, h->nlmsg_len, ifindex)) seen = true;
      });
      // ENOBUFS (events lost) or any receive error: stop watching, wait for the result.
      if (e || seen) watching = false;
      if (seen && !finished) on_unlisted();
    }
  }
  deleter.join();
  ::close(done_fd);
  return result;
}

}  // namespace nl_link
