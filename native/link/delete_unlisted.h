// Deleting a link, reporting the moment it is gone from its namespace.
// RTM_DELLINK is acknowledged only after the kernel's whole teardown: rtnl_unlock() runs
// netdev_run_todo(), whose rcu_barrier() and reference wait cost ~15 ms per veth here (~35 for a
// bridge) whoever asks. The link is gone well before that: unlisted (its name and index free),
// its NETDEV_UNREGISTER notifiers run (bridge port, addresses, routes removed) and its
// RTM_DELLINK event sent. delete_until_unlisted() sends the request from a thread of its own,
// watches the namespace's link group for that event and calls on_unlisted() when it arrives,
// then waits for the request's own result and returns it.
#pragma once
#include <cstdint>
#include <functional>

#include "../nl/error.h"

namespace nl_link {

// Blocking (call it off the event loop). netns_fd: the namespace the link is in (-1: the
// caller's). on_unlisted() runs at most once, on the calling thread; it is not called when the
// request fails, nor when the event was lost (receive queue overrun): the result then is the
// only signal.
nl::Error delete_until_unlisted(int netns_fd, uint32_t ifindex, const std::function<void()>& on_unlisted);

// True when msg is the RTM_DELLINK event of ifindex (bounds-checked).
bool is_dellink_of(const void* msg, size_t len, uint32_t ifindex);

}  // namespace nl_link
