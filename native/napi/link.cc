// N-API surface of native/link: converts JS values to nl_link::Spec/Settings and back.
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <cstring>

#include "../link/link.h"
#include "../nl/attr.h"
#include "common.h"
#include "families.h"
#include "run.h"

namespace napi_nl {

namespace {

nl_link::Ref ref_arg(const Napi::Value& v) {
  nl_link::Ref r;
  if (v.IsNumber()) r.index = v.As<Napi::Number>().Uint32Value();
  else r.name = v.As<Napi::String>().Utf8Value();
  return r;
}

template <typename T>
void opt_u32(const Napi::Object& o, const char* k, std::optional<T>& out) {
  uint32_t v;
  if (get_u32(o, k, v)) out = static_cast<T>(v);
}

nl_link::Settings settings_arg(const Napi::Value& v) {
  nl_link::Settings s;
  if (!v.IsObject()) return s;
  Napi::Object o = v.As<Napi::Object>();
  std::string str;
  if (get_str(o, "name", str)) s.name = str;
  if (get_str(o, "alias", str)) s.alias = str;
  opt_u32(o, "mtu", s.mtu);
  opt_u32(o, "txqlen", s.txqlen);
  opt_u32(o, "master", s.master);
  opt_u32(o, "group", s.group);
  opt_u32(o, "netnsPid", s.netns_pid);
  int32_t fd;
  if (get_i32(o, "netnsFd", fd)) s.netns_fd = fd;
  std::vector<uint8_t> b;
  if (get_bytes(o, "address", b)) s.address = b;
  if (get_bytes(o, "broadcast", b)) s.broadcast = b;
  bool up;
  if (get_bool(o, "up", up)) s.up = up;
  bool flag;
  if (get_bool(o, "promisc", flag)) s.promisc = flag;
  if (get_bool(o, "allmulti", flag)) s.allmulti = flag;
  if (get_bool(o, "arp", flag)) s.arp = flag;
  return s;
}

// The kind data of kinds.h: { vlanId, vlanProtocol, ipvlanMode, ipvlanFlags, vrfTable, bondMode,
// miimon, updelay, downdelay, minLinks, xmitHashPolicy, lacpRate, tunLocal, tunRemote, tunTtl,
// tunTos, greKey, nopmtudisc, geneveId, genevePort }
void more_arg(const Napi::Object& o, nl_link::KindData& k) {
  opt_u32(o, "vlanId", k.vlan_id);
  opt_u32(o, "vlanProtocol", k.vlan_protocol);
  uint32_t v;
  if (get_u32(o, "ipvlanMode", v)) k.ipvlan_mode = static_cast<uint16_t>(v);
  if (get_u32(o, "ipvlanFlags", v)) k.ipvlan_flags = static_cast<uint16_t>(v);
  opt_u32(o, "vrfTable", k.vrf_table);
  opt_u32(o, "bondMode", k.bond_mode);
  opt_u32(o, "miimon", k.bond_miimon);
  opt_u32(o, "updelay", k.bond_updelay);
  opt_u32(o, "downdelay", k.bond_downdelay);
  opt_u32(o, "minLinks", k.bond_min_links);
  opt_u32(o, "xmitHashPolicy", k.bond_xmit_hash_policy);
  opt_u32(o, "lacpRate", k.bond_lacp_rate);
  std::vector<uint8_t> b;
  if (get_bytes(o, "tunLocal", b)) k.local = b;
  if (get_bytes(o, "tunRemote", b)) k.remote = b;
  opt_u32(o, "tunTtl", k.ttl);
  opt_u32(o, "tunTos", k.tos);
  opt_u32(o, "greKey", k.key);
  bool no;
  if (get_bool(o, "nopmtudisc", no)) k.nopmtudisc = no;
  opt_u32(o, "geneveId", k.geneve_id);
  opt_u32(o, "genevePort", k.geneve_port);
}

nl_link::Spec spec_arg(const Napi::Object& o) {
  nl_link::Spec s;
  get_str(o, "kind", s.kind);
  s.self = settings_arg(o.Get("settings"));
  Napi::Value peer = o.Get("peer");
  if (peer.IsObject()) { s.has_peer = true; s.peer = settings_arg(peer); }
  opt_u32(o, "parent", s.parent);
  opt_u32(o, "stpState", s.stp_state);
  opt_u32(o, "forwardDelay", s.forward_delay);
  opt_u32(o, "vlanFiltering", s.vlan_filtering);
  opt_u32(o, "ageingTime", s.ageing_time);  // issue 9 part A: bridge options
  opt_u32(o, "vlanDefaultPvid", s.vlan_default_pvid);
  opt_u32(o, "mcastSnooping", s.mcast_snooping);
  opt_u32(o, "macvlanMode", s.macvlan_mode);
  opt_u32(o, "vni", s.vni);
  opt_u32(o, "port", s.vx_port);
  opt_u32(o, "ttl", s.vx_ttl);
  opt_u32(o, "learning", s.vx_learning);
  std::vector<uint8_t> b;
  if (get_bytes(o, "remote", b)) s.vx_remote = b;
  if (get_bytes(o, "local", b)) s.vx_local = b;
  if (get_bytes(o, "vxGroup", b)) s.vx_group = b;
  more_arg(o, s.more);
  return s;
}

std::vector<std::string> names_arg(const Napi::Value& v) {
  std::vector<std::string> out;
  if (!v.IsArray()) return out;
  Napi::Array a = v.As<Napi::Array>();
  for (uint32_t i = 0; i < a.Length(); ++i) out.push_back(a.Get(i).As<Napi::String>().Utf8Value());
  return out;
}

// Collects RTM_NEWLINK replies as link records; a malformed one becomes the call's error.
struct LinkCollector {
  nl::RecordWriter w;
  nl::Error err;
  nl::OnMessage fn() {
    return [this](size_t, const nlmsghdr* h) {
      if (h->nlmsg_type != RTM_NEWLINK || err) return;
      size_t mark = w.size();
      nl::Error e = nl_link::decode(h, w);
      if (e) { w.rollback(mark); err = e; }
    };
  }
  Napi::Value result(Napi::Env env) {
    if (err) { make_error(env, err).ThrowAsJavaScriptException(); return env.Undefined(); }
    return records_to_buffer(env, w);
  }
  void reset() { w.rollback(0); err = nl::Error{}; }
};

// linkCreate(sock, spec, echo) → Buffer of link records (the echoed new link, if any)
Napi::Value Create(const Napi::CallbackInfo& info) {
  nl::Socket& s = socket_arg(info);
  nl_link::Spec spec = spec_arg(info[1].As<Napi::Object>());
  bool echo = info[2].ToBoolean().Value();
  LinkCollector c;
  if (!run_one(info.Env(), s, [&](nl::MessageBuffer& m, uint32_t seq) { nl_link::build_create(m, seq, spec, echo); }, c.fn()))
    return info.Env().Undefined();
  return c.result(info.Env());
}

// linkCreateIds(sock, spec) → [index, link]: linkCreate(sock, spec, true) — the same request,
// echo on — reading only ifi_index and IFLA_LINK (-1 when absent) from the echoed RTM_NEWLINK,
// [-1, -1] when no echo came (an older kernel). createVeth returns just { index, peerIndex }:
// decoding and materializing the whole echoed link cost more than the kernel's work (W1).
Napi::Value CreateIds(const Napi::CallbackInfo& info) {
  nl::Socket& s = socket_arg(info);
  nl_link::Spec spec = spec_arg(info[1].As<Napi::Object>());
  double index = -1, link = -1;
  nl::Error bad;
  nl::OnMessage on = [&](size_t, const nlmsghdr* h) {
    if (h->nlmsg_type != RTM_NEWLINK || index >= 0 || bad) return;
    if (h->nlmsg_len < NLMSG_LENGTH(sizeof(ifinfomsg))) { bad = nl::Error::bad("link: RTM_NEWLINK shorter than ifinfomsg"); return; }
    const auto* ifi = reinterpret_cast<const ifinfomsg*>(NLMSG_DATA(h));
    index = ifi->ifi_index;
    const uint8_t* p = reinterpret_cast<const uint8_t*>(h) + NLMSG_LENGTH(sizeof(ifinfomsg));
    nl::AttrIter it(p, h->nlmsg_len - NLMSG_LENGTH(sizeof(ifinfomsg)));
    nl::Attr a;
    while (it.next(a)) {
      uint32_t v;
      if (a.type == IFLA_LINK && a.u32(v)) link = v;
    }
  };
  if (!run_one(info.Env(), s, [&](nl::MessageBuffer& m, uint32_t seq) { nl_link::build_create(m, seq, spec, true); }, on))
    return info.Env().Undefined();
  if (bad) { make_error(info.Env(), bad).ThrowAsJavaScriptException(); return info.Env().Undefined(); }
  Napi::Array out = Napi::Array::New(info.Env(), 2);
  out.Set(0u, Napi::Number::New(info.Env(), index));
  out.Set(1u, Napi::Number::New(info.Env(), link));
  return out;
}

// linkSet(sock, ref, settings)
Napi::Value Set(const Napi::CallbackInfo& info) {
  nl::Socket& s = socket_arg(info);
  nl_link::Ref ref = ref_arg(info[1]);
  nl_link::Settings st = settings_arg(info[2]);
  run_one(info.Env(), s, [&](nl::MessageBuffer& m, uint32_t seq) { nl_link::build_set(m, seq, ref, st); }, nullptr);
  return info.Env().Undefined();
}

// linkAltnames(sock, ref, names: string[], add: boolean) — ip link property add|del … altname …
Napi::Value Altnames(const Napi::CallbackInfo& info) {
  nl::Socket& s = socket_arg(info);
  nl_link::Ref ref = ref_arg(info[1]);
  std::vector<std::string> names = names_arg(info[2]);
  bool add = info[3].ToBoolean().Value();
  run_one(info.Env(), s, [&](nl::MessageBuffer& m, uint32_t seq) { nl_link::build_altnames(m, seq, ref, names, add); }, nullptr);
  return info.Env().Undefined();
}

// linkDelete(sock, ref)
Napi::Value Delete(const Napi::CallbackInfo& info) {
  nl::Socket& s = socket_arg(info);
  nl_link::Ref ref = ref_arg(info[1]);
  run_one(info.Env(), s, [&](nl::MessageBuffer& m, uint32_t seq) { nl_link::build_delete(m, seq, ref); }, nullptr);
  return info.Env().Undefined();
}

// linkDeleteGroup(sock, group)
Napi::Value DeleteGroup(const Napi::CallbackInfo& info) {
  nl::Socket& s = socket_arg(info);
  uint32_t group = info[1].As<Napi::Number>().Uint32Value();
  run_one(info.Env(), s, [&](nl::MessageBuffer& m, uint32_t seq) { nl_link::build_delete_group(m, seq, group); }, nullptr);
  return info.Env().Undefined();
}

// linkGet(sock, ref) → Buffer with one link record
Napi::Value Get(const Napi::CallbackInfo& info) {
  nl::Socket& s = socket_arg(info);
  nl_link::Ref ref = ref_arg(info[1]);
  LinkCollector c;
  if (!run_one(info.Env(), s, [&](nl::MessageBuffer& m, uint32_t seq) { nl_link::build_get(m, seq, ref); }, c.fn()))
    return info.Env().Undefined();
  return c.result(info.Env());
}

// linkDump(sock, kind: string, master: number | -1) → Buffer of link records
Napi::Value Dump(const Napi::CallbackInfo& info) {
  nl::Socket& s = socket_arg(info);
  std::string kind = info[1].IsString() ? info[1].As<Napi::String>().Utf8Value() : std::string();
  std::optional<uint32_t> master;
  if (info[2].IsNumber() && info[2].As<Napi::Number>().Int64Value() >= 0) master = info[2].As<Napi::Number>().Uint32Value();
  LinkCollector c;
  return run_dump(info.Env(), s, [&](nl::MessageBuffer& m, uint32_t seq) { nl_link::build_dump(m, seq, kind, master); }, c.fn(),
                  [&] { c.reset(); }, [&] { return c.result(info.Env()); });
}

// linkIndex(sock, name) → ifindex, in the socket's namespace. SIOCGIFINDEX on the netlink
// socket itself: the kernel answers from the socket's namespace without building a whole
// RTM_NEWLINK message (~1 µs instead of a full RTM_GETLINK round trip and decode).
Napi::Value Index(const Napi::CallbackInfo& info) {
  nl::Socket& s = socket_arg(info);
  std::string name = info[1].As<Napi::String>().Utf8Value();
  ifreq ifr{};
  if (name.size() >= IFNAMSIZ) {
    make_error(info.Env(), nl::Error::sys(ENODEV, "SIOCGIFINDEX")).ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }
  std::memcpy(ifr.ifr_name, name.data(), name.size());
  if (::ioctl(s.fd(), SIOCGIFINDEX, &ifr) != 0) {
    make_error(info.Env(), nl::Error::sys(errno, "SIOCGIFINDEX")).ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }
  return Napi::Number::New(info.Env(), ifr.ifr_ifindex);
}

// ---- codec entry points: build or decode without a socket (byte-vector tests, tools) ----

Napi::Value bytes_of(Napi::Env env, const nl::MessageBuffer& m) {
  return Napi::Buffer<uint8_t>::Copy(env, m.data(), m.size());
}

// linkEncodeCreate(spec, echo, seq) → the RTM_NEWLINK bytes linkCreate would send
Napi::Value EncodeCreate(const Napi::CallbackInfo& info) {
  nl::MessageBuffer m;
  nl_link::build_create(m, info[2].As<Napi::Number>().Uint32Value(), spec_arg(info[0].As<Napi::Object>()), info[1].ToBoolean());
  return bytes_of(info.Env(), m);
}
// linkEncodeSet(ref, settings, seq)
Napi::Value EncodeSet(const Napi::CallbackInfo& info) {
  nl::MessageBuffer m;
  nl_link::build_set(m, info[2].As<Napi::Number>().Uint32Value(), ref_arg(info[0]), settings_arg(info[1]));
  return bytes_of(info.Env(), m);
}
// linkEncodeDelete(ref, seq)
Napi::Value EncodeDelete(const Napi::CallbackInfo& info) {
  nl::MessageBuffer m;
  nl_link::build_delete(m, info[1].As<Napi::Number>().Uint32Value(), ref_arg(info[0]));
  return bytes_of(info.Env(), m);
}
// linkEncodeAltnames(ref, names, add, seq)
Napi::Value EncodeAltnames(const Napi::CallbackInfo& info) {
  nl::MessageBuffer m;
  nl_link::build_altnames(m, info[3].As<Napi::Number>().Uint32Value(), ref_arg(info[0]), names_arg(info[1]), info[2].ToBoolean());
  return bytes_of(info.Env(), m);
}
// linkDecode(bytes) → link records for every RTM_NEWLINK message in a captured reply buffer
Napi::Value Decode(const Napi::CallbackInfo& info) { return decode_captured(info, "link"); }

}  // namespace

void InitLink(Napi::Env env, Napi::Object exports) {
  exports.Set("linkCreate", Napi::Function::New(env, Create));
  exports.Set("linkSet", Napi::Function::New(env, Set));
  exports.Set("linkDelete", Napi::Function::New(env, Delete));
  exports.Set("linkDeleteGroup", Napi::Function::New(env, DeleteGroup));
  exports.Set("linkGet", Napi::Function::New(env, Get));
  exports.Set("linkIndex", Napi::Function::New(env, Index));
  exports.Set("linkDump", Napi::Function::New(env, Dump));
  exports.Set("linkEncodeCreate", Napi::Function::New(env, EncodeCreate));
  exports.Set("linkEncodeSet", Napi::Function::New(env, EncodeSet));
  exports.Set("linkEncodeDelete", Napi::Function::New(env, EncodeDelete));
  exports.Set("linkDecode", Napi::Function::New(env, Decode));
  // issue 9 part B: altnames
  exports.Set("linkAltnames", Napi::Function::New(env, Altnames));
  exports.Set("linkEncodeAltnames", Napi::Function::New(env, EncodeAltnames));
  // perf13: createVeth's echo read for its two indexes only
  exports.Set("linkCreateIds", Napi::Function::New(env, CreateIds));
}

}  // namespace napi_nl
