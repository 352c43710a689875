// N-API surface of native/route. Route add/delete is the hot path: positional numbers and small
// Buffers in, nothing allocated per call that the request does not need.
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <cstring>
#include <vector>

#include "../route/list.h"
#include "../route/route.h"
#include "common.h"
#include "families.h"
#include "plain_v4.h"
#include "positional.h"
#include "run.h"
#include "socket_wrap.h"

namespace napi_nl {

namespace {

uint8_t family_of_len(size_t n) { return n == 16 ? AF_INET6 : AF_INET; }

nl_route::Gateway gateway_arg(const Napi::Value& v, bool& bad) {
  nl_route::Gateway g;
  if (v.IsNull() || v.IsUndefined()) return g;
  if (!v.IsBuffer()) { bad = true; return g; }
  auto b = v.As<Napi::Buffer<uint8_t>>();
  if (b.Length() != 4 && b.Length() != 16) { bad = true; return g; }
  g.bytes = b.Data();
  g.family = family_of_len(b.Length());
  return g;
}

// (family, dstLen, dst|null, gateway|null, oif, prefsrc|null, table, metric, scope, protocol,
//  type, nexthops|null) starting at argument `i`; -1 selects iproute2's default for metric,
// scope, protocol and type. nexthops: [[gateway|null, ifindex, weight], …].
bool spec_args(const Napi::CallbackInfo& info, size_t i, nl_route::Spec& s, std::vector<nl_route::Nexthop>& hops) {
  s.family = static_cast<uint8_t>(u32_arg(info, i));
  s.dst_len = static_cast<uint8_t>(u32_arg(info, i + 1));
  const size_t n = s.family == AF_INET6 ? 16 : 4;
  bool bad = false;
  s.dst = bytes_arg(info, i + 2, n, bad);
  s.gw = gateway_arg(info[i + 3], bad);
  s.oif = u32_arg(info, i + 4);
  s.prefsrc = bytes_arg(info, i + 5, n, bad);
  s.table = u32_arg(info, i + 6);
  s.metric = i64_arg(info, i + 7);
  s.scope = static_cast<int>(i64_arg(info, i + 8));
  s.protocol = static_cast<int>(i64_arg(info, i + 9));
  s.type = static_cast<int>(i64_arg(info, i + 10));
  Napi::Value nv = info[i + 11];
  if (nv.IsArray()) {
    Napi::Array a = nv.As<Napi::Array>();
    hops.resize(a.Length());
    for (uint32_t k = 0; k < a.Length(); ++k) {
      Napi::Value e = a.Get(k);
      if (!e.IsArray()) { bad = true; break; }
      Napi::Array t = e.As<Napi::Array>();
      hops[k].gw = gateway_arg(t.Get(0u), bad);
      hops[k].ifindex = t.Get(1u).As<Napi::Number>().Uint32Value();
      hops[k].weight = static_cast<uint16_t>(t.Get(2u).As<Napi::Number>().Uint32Value());
      if (t.Length() > 3 && t.Get(3u).IsNumber()) hops[k].flags = static_cast<uint8_t>(t.Get(3u).As<Napi::Number>().Uint32Value());
    }
    s.nexthops = hops.data();
    s.nexthop_count = hops.size();
  }
  if (bad) {
    Napi::TypeError::New(info.Env(), "route arguments: addresses must be Buffers of 4 or 16 bytes").ThrowAsJavaScriptException();
    return false;
  }
  return true;
}

struct RouteCollector {
  nl::RecordWriter w;
  nl::Error err;
  nl::OnMessage fn() {
    return [this](size_t, const nlmsghdr* h) {
      if (h->nlmsg_type != RTM_NEWROUTE || err) return;
      size_t mark = w.size();
      nl::Error e = nl_route::decode(h, w);
      if (e) { w.rollback(mark); err = e; }
    };
  }
  void reset() { w.rollback(0); err = nl::Error{}; }
  Napi::Value result(Napi::Env env) {
    if (err) { make_error(env, err).ThrowAsJavaScriptException(); return env.Undefined(); }
    return records_to_buffer(env, w);
  }
};

// The listing fast path (native/route/list.h): fixed entries for plain IPv4 routes.
struct ListCollector {
  nl::RecordWriter w;
  nl::Error err;
  size_t rows = 0;       // entries appended
  bool fixed = true;     // every one a kFixed (plain IPv4) entry
  bool ip_only = true;   // every one an IPv4 or IPv6 route (not IPMR, MPLS…)
  nl::OnMessage fn() {
    return [this](size_t, const nlmsghdr* h) {
      if (h->nlmsg_type != RTM_NEWROUTE || err) return;
      size_t at = w.size();
      if (nl::Error e = nl_route::list::append(h, w)) { err = e; return; }
      ++rows;
      if (w.data()[at + nl_route::list::kKind] == nl_route::list::kFixed) return;
      fixed = false;
      // append() validated the header: the family byte is there.
      uint8_t family = reinterpret_cast<const rtmsg*>(NLMSG_DATA(h))->rtm_family;
      if (family != AF_INET && family != AF_INET6) ip_only = false;
    };
  }
};

Napi::Value change(const Napi::CallbackInfo& info, nl_route::Change c, size_t first) {
  nl::Socket& s = socket_arg(info);
  nl_route::Spec spec;
  std::vector<nl_route::Nexthop> hops;
  if (!spec_args(info, first, spec, hops)) return info.Env().Undefined();
  run_one(info.Env(), s, [&](nl::MessageBuffer& m, uint32_t seq) { nl_route::build_change(m, seq, c, spec); }, nullptr);
  return info.Env().Undefined();
}

// routeAdd(sock, replace, family, dstLen, dst, gateway, oif, prefsrc, table, metric, scope,
//          protocol, type, nexthops)
Napi::Value Add(const Napi::CallbackInfo& info) {
  bool replace = info[1].ToBoolean().Value();
  return change(info, replace ? nl_route::Change::Replace : nl_route::Change::Create, 2);
}

// routeDelete(sock, family, dstLen, dst, gateway, oif, prefsrc, table, metric, scope, protocol,
//             type, nexthops)
Napi::Value Delete(const Napi::CallbackInfo& info) { return change(info, nl_route::Change::Delete, 1); }

// Reads (change, dst string, oif) at `i`… into a Spec; false when dst is not a plain IPv4 prefix.
bool plain_v4_args(const Napi::CallbackInfo& info, size_t i, nl_route::Change& c, nl_route::Spec& spec, uint8_t* bytes) {
  uint32_t which = u32_arg(info, i);
  c = which == 2 ? nl_route::Change::Delete : which == 1 ? nl_route::Change::Replace : nl_route::Change::Create;
  // The longest plain form, '255.255.255.255/32', is 18 characters: a longer string is not one.
  uint32_t value = 0;
  uint8_t prefix = 0;
  if (!plain_v4_arg(info.Env(), info[i + 1], true, value, prefix)) return false;
  bytes[0] = static_cast<uint8_t>(value >> 24);
  bytes[1] = static_cast<uint8_t>(value >> 16);
  bytes[2] = static_cast<uint8_t>(value >> 8);
  bytes[3] = static_cast<uint8_t>(value);
  spec.family = AF_INET;
  spec.dst_len = prefix;
  spec.dst = bytes;
  spec.oif = u32_arg(info, i + 2);
  return true;
}

// routeParseV4(dst: string) → value * 64 + prefix for a plain IPv4 prefix (isPlainV4's rule),
// -1 for anything else. The batch queues plain routes with it: one N-API call costs less than
// the JavaScript character loop does until V8 has compiled it.
Napi::Value ParseV4(const Napi::CallbackInfo& info) {
  uint32_t value = 0;
  uint8_t prefix = 0;
  if (!plain_v4_arg(info.Env(), info[0], true, value, prefix)) return Napi::Number::New(info.Env(), -1);
  return Napi::Number::New(info.Env(), static_cast<double>(value) * 64 + prefix);
}

// routeChangeV4(sockId, change: 0 add | 1 replace | 2 delete, dst: string, oif) → true when sent,
// false (nothing sent) when dst is not a plain IPv4 prefix.
// The plain IPv4 shape { dst: 'a.b.c.d[/n]', dev: ifindex } (lib/route/spec.ts isPlainV4): the
// same Spec and bytes as routeAdd/routeDelete with [AF_INET, dstLen, dst, null, oif, null, 0,
// -1, -1, -1, -1, null]. The address is parsed here, not in JavaScript: until V8 has compiled
// the caller, a character loop in the interpreter costs more than the whole N-API call. The
// request buffer is the socket's own, reused, and the ACK is read by nl::Socket::transact_ack.
Napi::Value ChangeV4(const Napi::CallbackInfo& info) {
  nl::Socket* sp = socket_by_id(info.Env(), info[0]);
  if (!sp) return info.Env().Undefined();
  nl::Socket& s = *sp;
  nl_route::Change c;
  nl_route::Spec spec;
  uint8_t bytes[4];
  if (!plain_v4_args(info, 1, c, spec, bytes)) return Napi::Boolean::New(info.Env(), false);
  nl::MessageBuffer& m = s.scratch();
  uint32_t seq = s.next_seq();
  nl_route::build_change(m, seq, c, spec);
  if (!ack_one(info.Env(), s, m, seq)) return info.Env().Undefined();
  return Napi::Boolean::New(info.Env(), true);
}

// encodeRouteRequestV4(change, dst: string, oif) → the request routeChangeV4 would send (seq 0),
// or null when dst is not plain. For tests: it must equal the general path's bytes.
Napi::Value EncodeV4(const Napi::CallbackInfo& info) {
  nl_route::Change c;
  nl_route::Spec spec;
  uint8_t bytes[4];
  if (!plain_v4_args(info, 0, c, spec, bytes)) return info.Env().Null();
  nl::MessageBuffer m;
  nl_route::build_change(m, 0, c, spec);
  return Napi::Buffer<uint8_t>::Copy(info.Env(), m.data(), m.size());
}

// routeDump(sock, family (0 = any), table (0 = all), oif (0 = any)) → Buffer of route records
Napi::Value Dump(const Napi::CallbackInfo& info) {
  nl::Socket& s = socket_arg(info);
  uint8_t family = static_cast<uint8_t>(u32_arg(info, 1));
  uint32_t table = u32_arg(info, 2);
  uint32_t oif = u32_arg(info, 3);
  RouteCollector c;
  return run_dump(info.Env(), s, [&](nl::MessageBuffer& m, uint32_t seq) { nl_route::build_dump(m, seq, family, table, oif); },
                  c.fn(), [&] { c.reset(); }, [&] { return c.result(info.Env()); });
}

// A row count argument: a non-negative integer number.
bool rows_arg(const Napi::Value& v, size_t& n) {
  if (!v.IsNumber()) return false;
  double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= 0) || d > 1e12 || d != static_cast<double>(static_cast<size_t>(d))) return false;
  n = static_cast<size_t>(d);
  return true;
}

// The entries of this thread's last listing dump (routeList, routeListHeld). Kept across calls:
// a 10,000-route listing then touches no fresh memory (a fresh ~560 KB vector per call, grown by
// doubling, cost more in zero-fill, copies and page faults than the kernel's dump itself).
ListCollector& held() {
  static thread_local ListCollector c;
  return c;
}

// Dumps the routes of (sock, family (0 = any), table (0 = all), oif (0 = any)) at info[0..3]
// into held(); false with a JavaScript exception pending when the request or a message failed.
bool dump_held(const Napi::CallbackInfo& info) {
  nl::Socket& s = socket_arg(info);
  uint8_t family = static_cast<uint8_t>(u32_arg(info, 1));
  uint32_t table = u32_arg(info, 2);
  uint32_t oif = u32_arg(info, 3);
  ListCollector& c = held();
  c.w.reset(64u << 20);  // keep up to 64 MiB (~1.2 M routes) between calls
  c.err = nl::Error{};
  c.rows = 0;
  c.fixed = true;
  c.ip_only = true;
  if (info.Env().IsExceptionPending()) return false;
  if (!run_one(info.Env(), s, [&](nl::MessageBuffer& m, uint32_t seq) { nl_route::build_dump(m, seq, family, table, oif); }, c.fn()))
    return false;
  if (c.err) { make_error(info.Env(), c.err).ThrowAsJavaScriptException(); return false; }
  return true;
}

// The held entries: their byte count when they fit in `out` (written there), else a new Buffer.
Napi::Value take_held(Napi::Env env, const Napi::Value& outv, const char* what) {
  if (!outv.IsBuffer()) {
    Napi::TypeError::New(env, std::string(what) + ": out must be a Buffer").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  const ListCollector& c = held();
  size_t n = c.w.size();
  auto out = outv.As<Napi::Buffer<uint8_t>>();
  if (n <= out.Length()) {
    if (n) std::memcpy(out.Data(), c.w.data(), n);
    return Napi::Number::New(env, static_cast<double>(n));
  }
  return Napi::Buffer<uint8_t>::Copy(env, c.w.data(), n);
}

// routeList(sock, family (0 = any), table (0 = all), oif (0 = any), out: Buffer) → the list
// entries (native/route/list.h): their byte count when they fit in `out` (written there), else
// a new Buffer holding them. The caller passes the same `out` every time (no fresh memory).
Napi::Value List(const Napi::CallbackInfo& info) {
  if (!info[4].IsBuffer()) {
    Napi::TypeError::New(info.Env(), "routeList: out must be a Buffer").ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }
  if (!dump_held(info)) return info.Env().Undefined();
  return take_held(info.Env(), info[4], "routeList");
}

// routeListHeld(sock, family, table, oif) → [rows, addrLength]: the number of routes and the
// bytes per address their columns take — 4 when every one is a plain IPv4 route, 16 when some
// are IPv6 (or not plain), 0 when some are not IP routes at all (IPMR, MPLS: the caller takes
// the entries and decodes them itself). The entries stay held for routeListTake /
// routeListTakeColumns, which the caller calls next, synchronously: a columnar listing then
// neither copies the entries out nor walks them in JavaScript.
Napi::Value ListHeld(const Napi::CallbackInfo& info) {
  if (!dump_held(info)) return info.Env().Undefined();
  const ListCollector& c = held();
  Napi::Array r = Napi::Array::New(info.Env(), 2);
  r.Set(0u, Napi::Number::New(info.Env(), static_cast<double>(c.rows)));
  r.Set(1u, Napi::Number::New(info.Env(), c.fixed ? 4 : c.ip_only ? 16 : 0));
  return r;
}

// routeListTake(out: Buffer) → the held entries, as routeList returns them.
Napi::Value ListTake(const Napi::CallbackInfo& info) { return take_held(info.Env(), info[0], "routeListTake"); }

// routeListTakeColumns(out: Uint8Array, n, addrLength: 4 | 16) → fills the columns of the held
// entries (every byte of `out` written): true, or a Uint32Array of (row, entry byte offset)
// pairs for the rows that are generic records, left zero for the caller to decode from
// routeListTake's entries; false when the held entries are not n rows.
Napi::Value ListTakeColumns(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  size_t n = 0, w = 0;
  if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array || !rows_arg(info[1], n) ||
      !rows_arg(info[2], w) || (w != 4 && w != 16) ||
      n * nl_route::list::column_row_bytes(w) != info[0].As<Napi::TypedArray>().ByteLength()) {
    Napi::RangeError::New(env, "routeListTakeColumns(out: Uint8Array, n, addrLength: 4 | 16): out must hold exactly n rows").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  auto out = info[0].As<Napi::Uint8Array>();
  const ListCollector& c = held();
  static thread_local std::vector<uint32_t> records;
  records.clear();
  if (!nl_route::list::fill_columns(c.w.data(), c.w.size(), out.Data(), n, w, &records)) return Napi::Boolean::New(env, false);
  if (records.empty()) return Napi::Boolean::New(env, true);
  Napi::Uint32Array pairs = Napi::Uint32Array::New(env, records.size());
  std::memcpy(pairs.Data(), records.data(), records.size() * 4);
  return pairs;
}

// routeListColumns(entries: Buffer, out: Uint8Array, n) → whether `entries` were n plain IPv4
// entries, written into `out` as lib/route/columns.ts lays its columns out (addrLength 4): the
// bulk listing's per-route work in C++, ~20 instructions a row instead of the JavaScript loop.
Napi::Value ListColumns(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsBuffer() || !info[1].IsTypedArray() || !info[2].IsNumber()) {
    Napi::TypeError::New(env, "routeListColumns(entries: Buffer, out: Uint8Array, n: number)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  auto entries = info[0].As<Napi::Buffer<uint8_t>>();
  auto out = info[1].As<Napi::Uint8Array>();
  size_t n = 0;
  if (!rows_arg(info[2], n) || n * nl_route::list::kColumnRowBytes != out.ByteLength()) {
    Napi::RangeError::New(env, "routeListColumns: out must hold exactly n rows").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  return Napi::Boolean::New(env, nl_route::list::fill_columns(entries.Data(), entries.Length(), out.Data(), n));
}

// routeListLayout() → { kind: 0, family: 1, …, size, kindFixed, kindRecord, hasDst, … }
Napi::Value ListLayout(const Napi::CallbackInfo& info) {
  Napi::Object o = Napi::Object::New(info.Env());
  for (size_t i = 0; i < nl_route::list::kLayoutCount; ++i)
    o.Set(nl_route::list::kLayout[i].name, Napi::Number::New(info.Env(), nl_route::list::kLayout[i].value));
  return o;
}

// The options of routeGet/encodeRouteGet: { src?: Buffer, iif?, oif?, mark?, uid? }.
bool get_options(const Napi::Value& v, uint8_t family, nl_route::GetOptions& o) {
  if (!v.IsObject()) return true;
  Napi::Object obj = v.As<Napi::Object>();
  get_u32(obj, "iif", o.iif);
  get_u32(obj, "oif", o.oif);
  o.has_mark = get_u32(obj, "mark", o.mark);
  o.has_uid = get_u32(obj, "uid", o.uid);
  Napi::Value src = obj.Get("src");
  if (src.IsBuffer()) {
    auto b = src.As<Napi::Buffer<uint8_t>>();
    if (b.Length() != (family == AF_INET6 ? 16u : 4u)) return false;
    o.src = b.Data();
  }
  return true;
}

// routeGet(sock, dst: Buffer of 4 or 16 bytes, options?) → Buffer with one route record
Napi::Value Get(const Napi::CallbackInfo& info) {
  nl::Socket& s = socket_arg(info);
  bool bad = false;
  nl_route::Gateway dst = gateway_arg(info[1], bad);
  nl_route::GetOptions o;
  if (bad || !dst.bytes || !get_options(info[2], dst.family, o)) {
    Napi::TypeError::New(info.Env(), "routeGet: dst (and src) must be Buffers of 4 or 16 bytes").ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }
  RouteCollector c;
  if (!run_one(info.Env(), s, [&](nl::MessageBuffer& m, uint32_t seq) { nl_route::build_get(m, seq, dst.family, dst.bytes, o); }, c.fn()))
    return info.Env().Undefined();
  return c.result(info.Env());
}

// encodeRouteRequest(change: 0 add | 1 replace | 2 delete, …the routeDelete arguments after
// sock) → the request bytes, not sent (seq and portid 0). For codec tests against iproute2.
Napi::Value Encode(const Napi::CallbackInfo& info) {
  uint32_t which = u32_arg(info, 0);
  nl_route::Change c = which == 2 ? nl_route::Change::Delete : which == 1 ? nl_route::Change::Replace : nl_route::Change::Create;
  nl_route::Spec spec;
  std::vector<nl_route::Nexthop> hops;
  if (!spec_args(info, 1, spec, hops)) return info.Env().Undefined();
  nl::MessageBuffer m;
  nl_route::build_change(m, 0, c, spec);
  return Napi::Buffer<uint8_t>::Copy(info.Env(), m.data(), m.size());
}

// encodeRouteGet(dst, options?) → the RTM_GETROUTE routeGet would send (seq 0). For codec tests.
Napi::Value EncodeGet(const Napi::CallbackInfo& info) {
  bool bad = false;
  nl_route::Gateway dst = gateway_arg(info[0], bad);
  nl_route::GetOptions o;
  if (bad || !dst.bytes || !get_options(info[1], dst.family, o)) {
    Napi::TypeError::New(info.Env(), "encodeRouteGet: dst (and src) must be Buffers of 4 or 16 bytes").ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }
  nl::MessageBuffer m;
  nl_route::build_get(m, 0, dst.family, dst.bytes, o);
  return Napi::Buffer<uint8_t>::Copy(info.Env(), m.data(), m.size());
}

// decodeRouteMessages(buf) → route records for every RTM_NEWROUTE/RTM_DELROUTE in `buf`.
// For codec tests: our decoder must read back what `ip` (and our encoder) send.
Napi::Value DecodeMessages(const Napi::CallbackInfo& info) { return decode_captured(info, "route"); }

}  // namespace

void InitRoute(Napi::Env env, Napi::Object exports) {
  exports.Set("routeAdd", Napi::Function::New(env, Add));
  exports.Set("routeDelete", Napi::Function::New(env, Delete));
  exports.Set("routeChangeV4", Napi::Function::New(env, ChangeV4));
  exports.Set("routeParseV4", Napi::Function::New(env, ParseV4));
  exports.Set("routeDump", Napi::Function::New(env, Dump));
  exports.Set("routeList", Napi::Function::New(env, List));
  exports.Set("routeListLayout", Napi::Function::New(env, ListLayout));
  exports.Set("routeListColumns", Napi::Function::New(env, ListColumns));
  exports.Set("routeListHeld", Napi::Function::New(env, ListHeld));
  exports.Set("routeListTake", Napi::Function::New(env, ListTake));
  exports.Set("routeListTakeColumns", Napi::Function::New(env, ListTakeColumns));
  exports.Set("routeGet", Napi::Function::New(env, Get));
  exports.Set("encodeRouteRequest", Napi::Function::New(env, Encode));
  exports.Set("encodeRouteRequestV4", Napi::Function::New(env, EncodeV4));
  exports.Set("decodeRouteMessages", Napi::Function::New(env, DecodeMessages));
  exports.Set("encodeRouteGet", Napi::Function::New(env, EncodeGet));
}

}  // namespace napi_nl
