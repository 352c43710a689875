#include "batch.h"

#include <cstring>
#include <string>
#include <unordered_map>

#include "nft.h"
#include "ops.h"
#include "schema.h"

namespace nl_nft {

namespace {

void begin_batch_marker(nl::MessageBuffer& m, uint16_t type, uint32_t seq) {
  m.begin(type, NLM_F_REQUEST, seq);
  nfgenmsg g{};
  g.nfgen_family = AF_UNSPEC;
  g.version = NFNETLINK_V0;
  g.res_id = htons(NFNL_SUBSYS_NFTABLES);
  m.put_header(g);
}

void build_op(nl::MessageBuffer& m, uint32_t seq, const Op& op) {
  switch (op.kind) {
    case Op::NEW_TABLE: build_table_new(m, seq, op.nlflags, op.table); break;
    case Op::DEL_TABLE: build_table_del(m, seq, op.table); break;
    case Op::FLUSH_TABLE: build_table_flush(m, seq, op.table); break;
    case Op::NEW_CHAIN: build_chain_new(m, seq, static_cast<uint16_t>(NLM_F_CREATE | op.nlflags), op.chain); break;
    case Op::DEL_CHAIN: build_chain_del(m, seq, op.chain); break;
    case Op::FLUSH_CHAIN: build_chain_flush(m, seq, op.chain); break;
    case Op::NEW_RULE: build_rule_new(m, seq, op.mode, op.rule); break;
    case Op::DEL_RULE: build_rule_del(m, seq, op.rule); break;
    case Op::NEW_SET: build_set_new(m, seq, static_cast<uint16_t>(NLM_F_CREATE | op.nlflags), op.set); break;
    case Op::DEL_SET: build_set_del(m, seq, op.set); break;
    case Op::NEW_ELEMS: build_elems(m, seq, true, op.elems); break;
    case Op::DEL_ELEMS: build_elems(m, seq, false, op.elems); break;
    case Op::NEW_OBJ: build_obj_new(m, seq, static_cast<uint16_t>(NLM_F_CREATE | op.nlflags), op.obj); break;
    case Op::DEL_OBJ: build_obj_del(m, seq, op.obj); break;
  }
}

bool creates(Op::Kind k) {
  return k == Op::NEW_TABLE || k == Op::NEW_CHAIN || k == Op::NEW_RULE || k == Op::NEW_SET || k == Op::NEW_OBJ;
}

// The table an element belongs to, as one key (family byte + name).
std::string table_key(const Op& op) {
  auto key = [](uint8_t family, const std::string& name) { return std::string(1, static_cast<char>(family)) + name; };
  switch (op.kind) {
    case Op::NEW_TABLE: case Op::DEL_TABLE: case Op::FLUSH_TABLE: return key(op.table.family, op.table.name);
    case Op::NEW_CHAIN: case Op::DEL_CHAIN: case Op::FLUSH_CHAIN: return key(op.chain.family, op.chain.table);
    case Op::NEW_RULE: case Op::DEL_RULE: return key(op.rule.family, op.rule.table);
    case Op::NEW_SET: case Op::DEL_SET: return key(op.set.family, op.set.table);
    case Op::NEW_ELEMS: case Op::DEL_ELEMS: return key(op.elems.family, op.elems.table);
    case Op::NEW_OBJ: case Op::DEL_OBJ: return key(op.obj.family, op.obj.table);
  }
  return std::string();
}

// The handle attribute of an echoed NEWTABLE/NEWCHAIN/NEWRULE/NEWSET, 0 if absent.
uint64_t echoed_handle(const nlmsghdr* h) {
  if ((h->nlmsg_type >> 8) != NFNL_SUBSYS_NFTABLES || h->nlmsg_len < NLMSG_LENGTH(sizeof(nfgenmsg))) return 0;
  uint16_t attr;
  switch (h->nlmsg_type & 0xff) {
    case NFT_MSG_NEWTABLE: attr = NFTA_TABLE_HANDLE; break;
    case NFT_MSG_NEWCHAIN: attr = NFTA_CHAIN_HANDLE; break;
    case NFT_MSG_NEWRULE: attr = NFTA_RULE_HANDLE; break;
    case NFT_MSG_NEWSET: attr = NFTA_SET_HANDLE; break;
    case NFT_MSG_NEWOBJ: attr = NFTA_OBJ_HANDLE; break;
    default: return 0;
  }
  nfgenmsg g;
  const uint8_t* p;
  size_t len;
  nl::split_message(h, g, p, len);  // length checked above
  nl::AttrIter it(p, len);
  nl::Attr a;
  uint64_t v = 0;
  while (it.next(a))
    if (a.type == attr && a.be64(v)) return v;
  return 0;
}

}  // namespace

OpKey key_of(const Op& op) { return OpKey{op.kind, op.mode, table_key(op)}; }

EchoPlan plan_echo(const std::vector<OpKey>& ops) {
  EchoPlan p;
  p.echo.assign(ops.size(), 0);
  std::unordered_map<std::string, size_t> open;  // table → index in p.runs of its open run
  for (size_t i = 0; i < ops.size(); ++i) {
    const OpKey& op = ops[i];
    bool numbered_rule = op.kind == Op::NEW_RULE && op.mode != RuleMode::Replace;  // replace keeps its handle
    auto it = open.find(op.table);
    if (numbered_rule) {
      if (it != open.end()) p.runs[it->second].push_back(i);
      else { open.emplace(op.table, p.runs.size()); p.runs.push_back({i}); }
      continue;
    }
    // Anything else in that table may take a number from its counter: the run ends here.
    if (it != open.end()) open.erase(it);
    if (creates(op.kind)) p.echo[i] = 1;
  }
  for (const auto& run : p.runs) {
    p.echo[run.front()] = 1;
    p.echo[run.back()] = 1;
  }
  return p;
}

EchoPlan plan_echo(const std::vector<Op>& ops) {
  std::vector<OpKey> keys;
  keys.reserve(ops.size());
  for (const Op& op : ops) keys.push_back(key_of(op));
  return plan_echo(keys);
}

void derive_handles(const EchoPlan& plan, std::vector<uint64_t>& handles) {
  for (const auto& run : plan.runs) {
    if (run.size() < 3) continue;
    uint64_t first = handles[run.front() + 1], last = handles[run.back() + 1];
    if (first == 0 || last < first || last - first != run.size() - 1) continue;
    for (size_t k = 1; k + 1 < run.size(); ++k) handles[run[k] + 1] = first + k;
  }
}

size_t count_ops(const uint8_t* data, size_t len) {
  nl::RecordReader records(data, len);
  nl::FieldReader fields(nullptr, 0);
  size_t n = 0;
  while (records.next(fields)) ++n;
  return n;  // a malformed tail is reported by build_batch
}

nl::Error build_batch(nl::MessageBuffer& m, uint32_t first_seq, const uint8_t* data, size_t len,
                      std::optional<uint32_t> genid, bool ack_each, EchoPlan* echo, size_t* count) {
  // The netlink batch is about as long as its records: one allocation instead of doublings.
  m.reserve(len + len / 4 + 256);
  begin_batch_marker(m, NFNL_MSG_BATCH_BEGIN, first_seq);
  if (genid) m.put_be32(NFNL_BATCH_GENID, *genid);
  std::vector<size_t> at;  // offset of each element's message, for the flags set below
  std::vector<OpKey> keys;
  uint32_t seq = first_seq + 1;
  nl::Error e = for_each_op(data, len, [&](const Op& op) {
    build_op(m, seq++, op);
    at.push_back(m.current_offset());
    if (echo) keys.push_back(key_of(op));
    return nl::Error{};
  });
  if (e) return e;
  if (echo) *echo = plan_echo(keys);
  for (size_t i = 0; i < at.size(); ++i) {
    nlmsghdr* h = reinterpret_cast<nlmsghdr*>(m.data() + at[i]);
    if (echo && echo->echo[i]) h->nlmsg_flags |= NLM_F_ECHO;
    if (ack_each || i + 1 == at.size()) h->nlmsg_flags |= NLM_F_ACK;
  }
  begin_batch_marker(m, NFNL_MSG_BATCH_END, first_seq + 1 + static_cast<uint32_t>(at.size()));
  if (count) *count = at.size();
  return nl::Error{};
}

nl::Error commit(nl::Socket& s, const uint8_t* data, size_t len, std::optional<uint32_t> genid, bool echo,
                 std::vector<nl::Outcome>& out, std::vector<uint64_t>& handles) {
  nl::MessageBuffer m;
  size_t n = count_ops(data, len);
  uint32_t seq = s.next_seq(static_cast<uint32_t>(n + 2));
  EchoPlan plan;
  if (nl::Error e = build_batch(m, seq, data, len, genid, false, echo ? &plan : nullptr, nullptr)) return e;
  handles.assign(n + 2, 0);
  // The kernel sends echoes during its commit, before the ACK of the last element.
  nl::Error e = s.transact(m, seq, [&](size_t idx, const nlmsghdr* h) {
    if (idx < handles.size() && handles[idx] == 0) handles[idx] = echoed_handle(h);
  }, out);
  if (!e && echo) derive_handles(plan, handles);
  return e;
}

void build_dump(nl::MessageBuffer& m, uint32_t seq, uint16_t msg, uint8_t family, const std::string& table,
                const std::string& chain) {
  begin(m, msg, NLM_F_DUMP, seq, family);
  // GETRULE/GETCHAIN/GETSET accept a table filter (same attribute number 1 for all three).
  if (!table.empty() && msg != NFT_MSG_GETTABLE) m.put_strz(NFTA_RULE_TABLE, table);
  // A chain filter makes a rule dump cost what that chain holds, not the whole table (nft list
  // chain sends the same).
  if (!table.empty() && !chain.empty() && msg == NFT_MSG_GETRULE) m.put_strz(NFTA_RULE_CHAIN, chain);
}

void build_getgen(nl::MessageBuffer& m, uint32_t seq) {
  begin(m, NFT_MSG_GETGEN, NLM_F_ACK, seq, AF_UNSPEC);
}

nl::Error decode_gen(const nlmsghdr* h, nl::RecordWriter& w) {
  nfgenmsg g;
  const uint8_t* p;
  size_t len;
  if (!nl::split_message(h, g, p, len)) return nl::Error::bad("NFT_MSG_NEWGEN: shorter than nfgenmsg");
  size_t rec = w.begin();
  nl::AttrIter it(p, len);
  nl::Attr a;
  uint32_t v;
  while (it.next(a)) {
    switch (a.type) {
      case NFTA_GEN_ID: if (a.be32(v)) w.u32(gf::ID, v); break;
      case NFTA_GEN_PROC_PID: if (a.be32(v)) w.u32(gf::PROC_PID, v); break;
      case NFTA_GEN_PROC_NAME: w.str(gf::PROC_NAME, a.str()); break;
      default: break;
    }
  }
  w.end(rec);
  return nl::Error{};
}

using nl::FieldType;
static const nl::FieldDef kGen[] = {
    {gf::ID, "id", FieldType::U32, false, nullptr},
    {gf::PROC_PID, "procPid", FieldType::U32, false, nullptr},
    {gf::PROC_NAME, "procName", FieldType::STR, false, nullptr},
};
NL_SCHEMA(kGenSchema, "nftgen", kGen)

}  // namespace nl_nft
