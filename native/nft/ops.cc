#include "ops.h"

#include <cstring>
#include <string>

#include "../nl/raw.h"
#include "../nl/record.h"
#include "expr/expr.h"
#include "nft.h"
#include "schema.h"

namespace nl_nft {

namespace {

nl::Error bad(const std::string& what) { return nl::Error::bad("internal: malformed nft transaction encoding: " + what); }

template <typename T>
bool opt(const nl::FieldView& f, std::optional<T>& out) {
  T v;
  if (!f.get(v)) return false;
  out = v;
  return true;
}

nl::Error reader_error(const char* where, const nl::FieldReader& r) {
  return r.error() ? bad(std::string(where) + ": " + r.error()) : nl::Error{};
}

nl::Error decode_raw(const nl::FieldView& f, std::vector<RawAttr>& out) {
  nl::FieldReader r(f);
  nl::FieldView x;
  RawAttr a;
  while (r.next(x)) {
    bool ok = true;
    switch (x.id) {
      case nl::rawattr::TYPE: ok = x.get(a.type); break;
      case nl::rawattr::NESTED: ok = x.boolean(a.nested); break;
      case nl::rawattr::DATA: a.data = x.bytes(); break;
      default: break;
    }
    if (!ok) return bad("rawattr field " + std::to_string(x.id) + " has the wrong size");
  }
  if (nl::Error e = reader_error("rawattr", r)) return e;
  out.push_back(std::move(a));
  return nl::Error{};
}

nl::Error decode_expr(const nl::FieldView& f, Expr& e) {
  nl::FieldReader r(f);
  nl::FieldView x;
  while (r.next(x)) {
    bool ok = true;
    switch (x.id) {
      case xf::NAME: e.name = x.str(); break;
      case xf::DREG: ok = opt(x, e.dreg); break;
      case xf::SREG: ok = opt(x, e.sreg); break;
      case xf::KEY: ok = opt(x, e.key); break;
      case xf::BASE: ok = opt(x, e.base); break;
      case xf::OFFSET: ok = opt(x, e.offset); break;
      case xf::LEN: ok = opt(x, e.len); break;
      case xf::OP: ok = opt(x, e.op); break;
      case xf::FLAGS: ok = opt(x, e.flags); break;
      case xf::DIR: ok = opt(x, e.dir); break;
      case xf::NAT_TYPE: ok = opt(x, e.natType); break;
      case xf::NFPROTO: ok = opt(x, e.nfproto); break;
      case xf::REG_ADDR_MIN: ok = opt(x, e.regAddrMin); break;
      case xf::REG_ADDR_MAX: ok = opt(x, e.regAddrMax); break;
      case xf::REG_PROTO_MIN: ok = opt(x, e.regProtoMin); break;
      case xf::REG_PROTO_MAX: ok = opt(x, e.regProtoMax); break;
      case xf::SET_ID: ok = opt(x, e.setId); break;
      case xf::VERDICT: ok = opt(x, e.verdict); break;
      case xf::CHAIN: e.chain = x.str(); break;
      case xf::SET: e.set = x.str(); break;
      case xf::DATA: e.data = x.bytes(); break;
      case xf::DATA_TO: e.dataTo = x.bytes(); break;
      case xf::MASK: e.mask = x.bytes(); break;
      case xf::XOR: e.xor_ = x.bytes(); break;
      case xf::BYTES: ok = opt(x, e.bytes); break;
      case xf::PACKETS: ok = opt(x, e.packets); break;
      case xf::RAW:
        if (nl::Error err = decode_raw(x, e.raw)) return err;
        break;
      default: break;
    }
    if (!ok) return bad("nftexpr field " + std::to_string(x.id) + " has the wrong size");
  }
  return reader_error("nftexpr", r);
}

nl::Error decode_elem(const nl::FieldView& f, ElemSpec& el) {
  nl::FieldReader r(f);
  nl::FieldView x;
  while (r.next(x)) {
    bool ok = true;
    switch (x.id) {
      case ef::KEY: el.key = x.bytes(); break;
      case ef::KEY_END: el.keyEnd = x.bytes(); break;
      case ef::FLAGS: ok = opt(x, el.flags); break;
      case ef::RAW:
        if (nl::Error err = decode_raw(x, el.raw)) return err;
        break;
      default: break;
    }
    if (!ok) return bad("nftelem field " + std::to_string(x.id) + " has the wrong size");
  }
  return reader_error("nftelem", r);
}

struct KindName {
  const char* name;
  Op::Kind kind;
};
const KindName kKinds[] = {
    {"newtable", Op::NEW_TABLE}, {"deltable", Op::DEL_TABLE}, {"flushtable", Op::FLUSH_TABLE},
    {"newchain", Op::NEW_CHAIN}, {"delchain", Op::DEL_CHAIN}, {"flushchain", Op::FLUSH_CHAIN},
    {"newrule", Op::NEW_RULE},   {"delrule", Op::DEL_RULE},   {"newset", Op::NEW_SET},
    {"delset", Op::DEL_SET},     {"newelems", Op::NEW_ELEMS}, {"delelems", Op::DEL_ELEMS},
    {"newobj", Op::NEW_OBJ},     {"delobj", Op::DEL_OBJ},
};

enum class Group { Table, Chain, Rule, Set, Elems, Obj };
Group group_of(Op::Kind k) {
  switch (k) {
    case Op::NEW_TABLE: case Op::DEL_TABLE: case Op::FLUSH_TABLE: return Group::Table;
    case Op::NEW_CHAIN: case Op::DEL_CHAIN: case Op::FLUSH_CHAIN: return Group::Chain;
    case Op::NEW_RULE: case Op::DEL_RULE: return Group::Rule;
    case Op::NEW_SET: case Op::DEL_SET: return Group::Set;
    case Op::NEW_ELEMS: case Op::DEL_ELEMS: return Group::Elems;
    case Op::NEW_OBJ: case Op::DEL_OBJ: return Group::Obj;
  }
  return Group::Table;
}

// First pass over an op's fields: its kind (lib/ writes it first, but the layout does not
// promise an order) and how many expressions / elements follow, to size their vectors once.
nl::Error scan(nl::FieldReader r, Op& op) {
  nl::FieldView x;
  bool found = false;
  size_t exprs = 0, elems = 0;
  while (r.next(x)) {
    if (x.id == of::EXPRS) ++exprs;
    else if (x.id == of::ELEMS) ++elems;
    else if (x.id == of::KIND) {
      for (const KindName& k : kKinds) {
        if (x.len == std::strlen(k.name) && std::memcmp(x.data, k.name, x.len) == 0) { op.kind = k.kind; found = true; break; }
      }
      if (!found) return bad("unknown nft op kind " + x.str());
    }
  }
  if (nl::Error e = reader_error("nftop", r)) return e;
  if (!found) return bad("nftop record without a kind");
  op.rule.exprs.reserve(exprs);
  op.elems.elems.reserve(elems);
  return nl::Error{};
}

nl::Error decode_op(const nl::FieldReader& fields, Op& op) {
  if (nl::Error e = scan(fields, op)) return e;
  const Group g = group_of(op.kind);
  nl::FieldReader r = fields;
  nl::FieldView x;
  uint8_t family = 0;
  std::string name, table, chain;
  std::optional<uint64_t> handle;
  std::optional<uint32_t> flags;
  std::optional<std::vector<uint8_t>> userdata;
  std::optional<std::string> comment;
  while (r.next(x)) {
    bool ok = true;
    switch (x.id) {
      case of::KIND: break;
      case of::FAMILY: ok = x.get(family); break;
      case of::EXCL: {
        bool excl = false;
        ok = x.boolean(excl);
        if (excl) op.nlflags = NLM_F_EXCL;
        break;
      }
      case of::MODE: {
        std::string m = x.str();
        op.mode = m == "insert" ? RuleMode::Insert : m == "replace" ? RuleMode::Replace : RuleMode::Append;
        break;
      }
      case of::NAME: name = x.str(); break;
      case of::TABLE: table = x.str(); break;
      case of::CHAIN: chain = x.str(); break;
      case of::SET: op.elems.set = x.str(); break;
      case of::HANDLE: ok = opt(x, handle); break;
      case of::POSITION: ok = opt(x, op.rule.position); break;
      case of::FLAGS: ok = opt(x, flags); break;
      case of::HOOK: ok = opt(x, op.chain.hook); break;
      case of::PRIORITY: ok = opt(x, op.chain.priority); break;
      case of::TYPE: op.chain.type = x.str(); break;
      case of::POLICY: ok = opt(x, op.chain.policy); break;
      case of::DEV: op.chain.dev = x.str(); break;
      case of::USERDATA: userdata = x.bytes(); break;
      case of::COMMENT: comment = x.str(); break;
      case of::KEY_TYPE: ok = opt(x, op.set.keyType); break;
      case of::KEY_LEN: ok = opt(x, op.set.keyLen); break;
      case of::DATA_TYPE: ok = opt(x, op.set.dataType); break;
      case of::DATA_LEN: ok = opt(x, op.set.dataLen); break;
      case of::ID: ok = opt(x, op.set.id); break;
      case of::SET_ID: ok = opt(x, op.elems.setId); break;
      case of::EXPRS: {
        op.rule.exprs.emplace_back();
        if (nl::Error e = decode_expr(x, op.rule.exprs.back())) return e;
        break;
      }
      case of::RAW:
        if (nl::Error e = decode_raw(x, op.set.raw)) return e;
        break;
      case of::OBJ_TYPE: ok = x.get(op.obj.type); break;
      case of::OBJ_DATA:
        if (nl::Error e = decode_raw(x, op.obj.data)) return e;
        break;
      case of::ELEMS: {
        op.elems.elems.emplace_back();
        if (nl::Error e = decode_elem(x, op.elems.elems.back())) return e;
        break;
      }
      default: break;
    }
    if (!ok) return bad("nftop field " + std::to_string(x.id) + " has the wrong size");
  }
  if (nl::Error e = reader_error("nftop", r)) return e;
  switch (g) {
    case Group::Table: {
      TableSpec& t = op.table;
      t.family = family; t.name = std::move(name); t.flags = flags; t.handle = handle;
      t.userdata = std::move(userdata); t.comment = std::move(comment);
      break;
    }
    case Group::Chain: {
      ChainSpec& c = op.chain;
      c.family = family; c.table = std::move(table); c.name = std::move(name); c.handle = handle; c.flags = flags;
      c.userdata = std::move(userdata); c.comment = std::move(comment);
      break;
    }
    case Group::Rule: {
      RuleSpec& rs = op.rule;
      rs.family = family; rs.table = std::move(table); rs.chain = std::move(chain); rs.handle = handle;
      rs.userdata = std::move(userdata); rs.comment = std::move(comment);
      break;
    }
    case Group::Set: {
      SetSpec& s = op.set;
      s.family = family; s.table = std::move(table); s.name = std::move(name); s.flags = flags;
      s.userdata = std::move(userdata);
      break;
    }
    case Group::Elems:
      op.elems.family = family;
      op.elems.table = std::move(table);
      break;
    case Group::Obj: {
      ObjSpec& o = op.obj;
      o.family = family; o.table = std::move(table); o.name = std::move(name); o.handle = handle;
      if (userdata) o.userdata = std::move(userdata);
      else if (comment) o.userdata = udata_comment(*comment);
      break;
    }
  }
  return nl::Error{};
}

}  // namespace

nl::Error for_each_op(const uint8_t* data, size_t len, const std::function<nl::Error(const Op&)>& fn) {
  nl::RecordReader records(data, len);
  nl::FieldReader fields(nullptr, 0);
  while (records.next(fields)) {
    // A fresh Op per record on the stack: its few small vectors reuse the chunks the previous
    // one freed, where a vector of every Op (1 KiB each plus ~430 bytes per expression) made a
    // 1,000-rule transaction touch ~4 MB of fresh pages (a page fault costs µs on this VM).
    Op op;
    if (nl::Error e = decode_op(fields, op)) return e;
    if (nl::Error e = fn(op)) return e;
  }
  if (records.error()) return bad(std::string("nftop: ") + records.error());
  return nl::Error{};
}

nl::Error decode_ops(const uint8_t* data, size_t len, std::vector<Op>& ops) {
  return for_each_op(data, len, [&](const Op& op) {
    ops.push_back(op);
    return nl::Error{};
  });
}

using nl::FieldType;
static const nl::FieldDef kOp[] = {
    {of::KIND, "kind", FieldType::STR, false, nullptr},
    {of::FAMILY, "family", FieldType::U8, false, nullptr},
    {of::EXCL, "excl", FieldType::BOOL, false, nullptr},
    {of::MODE, "mode", FieldType::STR, false, nullptr},
    {of::NAME, "name", FieldType::STR, false, nullptr},
    {of::TABLE, "table", FieldType::STR, false, nullptr},
    {of::CHAIN, "chain", FieldType::STR, false, nullptr},
    {of::SET, "set", FieldType::STR, false, nullptr},
    {of::HANDLE, "handle", FieldType::U64, false, nullptr},
    {of::POSITION, "position", FieldType::U64, false, nullptr},
    {of::FLAGS, "flags", FieldType::U32, false, nullptr},
    {of::HOOK, "hook", FieldType::U32, false, nullptr},
    {of::PRIORITY, "priority", FieldType::S32, false, nullptr},
    {of::TYPE, "type", FieldType::STR, false, nullptr},
    {of::POLICY, "policy", FieldType::U32, false, nullptr},
    {of::DEV, "dev", FieldType::STR, false, nullptr},
    {of::USERDATA, "userdata", FieldType::BYTES, false, nullptr},
    {of::COMMENT, "comment", FieldType::STR, false, nullptr},
    {of::KEY_TYPE, "keyType", FieldType::U32, false, nullptr},
    {of::KEY_LEN, "keyLen", FieldType::U32, false, nullptr},
    {of::DATA_TYPE, "dataType", FieldType::U32, false, nullptr},
    {of::DATA_LEN, "dataLen", FieldType::U32, false, nullptr},
    {of::ID, "id", FieldType::U32, false, nullptr},
    {of::SET_ID, "setId", FieldType::U32, false, nullptr},
    {of::EXPRS, "exprs", FieldType::REC, true, "nftexpr"},
    {of::ELEMS, "elems", FieldType::REC, true, "nftelem"},
    {of::RAW, "raw", FieldType::REC, true, "rawattr"},
    {of::OBJ_TYPE, "objType", FieldType::U32, false, nullptr},
    {of::OBJ_DATA, "objData", FieldType::REC, true, "rawattr"},
};
NL_SCHEMA(kOpSchema, "nftop", kOp)

}  // namespace nl_nft
