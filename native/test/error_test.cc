// decode_error_message: NLMSG_ERROR (capped or carrying the original request), extended ACK TLVs,
// NLMSG_DONE with an error, truncated payloads. Real kernel replies first, then synthetic ones.
#include <errno.h>
#include <linux/rtnetlink.h>

#include <climits>

#include "harness.h"
#include "nl/socket.h"
#include "support.h"

using support::Aligned;

namespace {

struct Builder {
  std::vector<uint8_t> b;
  void raw(const void* p, size_t n) {
    const uint8_t* q = static_cast<const uint8_t*>(p);
    b.insert(b.end(), q, q + n);
  }
  void pad() { while (b.size() % 4) b.push_back(0); }
  void tlv(uint16_t type, const void* p, size_t n) {
    uint16_t len = static_cast<uint16_t>(4 + n);
    raw(&len, 2);
    raw(&type, 2);
    raw(p, n);
    pad();
  }
  void u32_tlv(uint16_t type, uint32_t v) { tlv(type, &v, 4); }
};

// NLMSG_ERROR: header, errno, the original request's header (+ its payload unless capped), TLVs.
Aligned error_msg(int32_t error, uint16_t flags, size_t orig_payload,
                  void (*tlvs)(Builder&) = nullptr) {
  Builder m;
  nlmsghdr h{};
  h.nlmsg_type = NLMSG_ERROR;
  h.nlmsg_flags = flags;
  m.raw(&h, sizeof h);
  m.raw(&error, 4);
  nlmsghdr orig{};
  orig.nlmsg_len = static_cast<uint32_t>(sizeof orig + orig_payload);
  orig.nlmsg_type = RTM_NEWLINK;
  m.raw(&orig, sizeof orig);
  if (!(flags & NLM_F_CAPPED)) m.b.insert(m.b.end(), NLMSG_ALIGN(orig_payload), 0xAA);
  if (tlvs) tlvs(m);
  uint32_t len = static_cast<uint32_t>(m.b.size());
  std::memcpy(m.b.data(), &len, 4);
  return Aligned(m.b);
}

void three_tlvs(Builder& m) {
  m.tlv(NLMSGERR_ATTR_MSG, "bad mtu", 8);
  m.u32_tlv(NLMSGERR_ATTR_OFFS, 36);
  m.u32_tlv(NLMSGERR_ATTR_MISS_TYPE, IFLA_IFNAME);
}

}  // namespace

TEST(error_real_kernel_reply_with_request_and_extack) {
  // `ip link set v0 mtu 10`: EINVAL, not capped (the 40-byte request is echoed), one MSG TLV.
  Aligned a(support::fixture("err_mtu_extack.bin"));
  REQUIRE(a.size() == 96);
  nl::Error e;
  nl::decode_error_message(a.hdr(), e);
  CHECK_EQ(e.code, EINVAL);
  CHECK(!e.decode);
  CHECK_EQ(e.extack, std::string("mtu less than device minimum"));
  CHECK_EQ(e.extack_offset, -1);
  CHECK_EQ(e.missing_type, -1);
}

TEST(error_real_kernel_reply_without_tlvs) {
  // `ip link add v0 type veth` with v0 present: EEXIST, no NLM_F_ACK_TLVS.
  Aligned a(support::fixture("err_exists.bin"));
  nl::Error e;
  nl::decode_error_message(a.hdr(), e);
  CHECK_EQ(e.code, EEXIST);
  CHECK(e.extack.empty());
}

TEST(error_capped_with_all_tlvs) {
  Aligned a = error_msg(-EINVAL, NLM_F_CAPPED | NLM_F_ACK_TLVS, 100, three_tlvs);
  nl::Error e;
  nl::decode_error_message(a.hdr(), e);
  CHECK_EQ(e.code, EINVAL);
  CHECK_EQ(e.extack, std::string("bad mtu"));
  CHECK_EQ(e.extack_offset, 36);
  CHECK_EQ(e.missing_type, IFLA_IFNAME);
}

TEST(error_not_capped_skips_echoed_request) {
  // The echoed request bytes (0xAA…) must not be mistaken for TLVs.
  Aligned a = error_msg(-ENODEV, NLM_F_ACK_TLVS, 37, three_tlvs);
  nl::Error e;
  nl::decode_error_message(a.hdr(), e);
  CHECK_EQ(e.code, ENODEV);
  CHECK_EQ(e.extack, std::string("bad mtu"));
  CHECK_EQ(e.extack_offset, 36);
  CHECK_EQ(e.missing_type, IFLA_IFNAME);
}

TEST(error_ack_is_code_zero) {
  Aligned a = error_msg(0, NLM_F_CAPPED, 16);
  nl::Error e;
  nl::decode_error_message(a.hdr(), e);
  CHECK_EQ(e.code, 0);
  CHECK(!e);
}

TEST(error_tlvs_ignored_without_ack_tlvs_flag) {
  Aligned a = error_msg(-EPERM, NLM_F_CAPPED, 0, three_tlvs);
  nl::Error e;
  nl::decode_error_message(a.hdr(), e);
  CHECK_EQ(e.code, EPERM);
  CHECK(e.extack.empty());
  CHECK_EQ(e.extack_offset, -1);
}

TEST(error_short_tlv_values_are_ignored) {
  Aligned a = error_msg(-EINVAL, NLM_F_CAPPED | NLM_F_ACK_TLVS, 0, [](Builder& m) {
    m.tlv(NLMSGERR_ATTR_OFFS, "\x01\x02", 2);   // too short for a u32
    m.tlv(NLMSGERR_ATTR_MSG, "no nul", 6);      // not NUL-terminated: ends at the payload
  });
  nl::Error e;
  nl::decode_error_message(a.hdr(), e);
  CHECK_EQ(e.extack_offset, -1);
  CHECK_EQ(e.extack, std::string("no nul"));
}

TEST(error_truncated_payloads) {
  // Shorter than the errno: a decode error, not a guess.
  for (uint32_t payload = 0; payload < 4; ++payload) {
    Aligned a = error_msg(-EINVAL, NLM_F_CAPPED, 0);
    a.hdr()->nlmsg_len = NLMSG_HDRLEN + payload;
    nl::Error e;
    nl::decode_error_message(a.hdr(), e);
    CHECK(e.decode);
    CHECK(static_cast<bool>(e));
  }
  // Errno present but the echoed header cut off, at every length: the errno is still reported.
  Aligned full = error_msg(-EBUSY, NLM_F_ACK_TLVS, 40, three_tlvs);
  for (uint32_t len = NLMSG_HDRLEN + 4; len <= full.size(); ++len) {
    Aligned a(full.data(), len);
    a.hdr()->nlmsg_len = len;
    nl::Error e;
    nl::decode_error_message(a.hdr(), e);
    CHECK_EQ(e.code, EBUSY);
    CHECK(!e.decode);
  }
}

TEST(error_echoed_length_larger_than_message) {
  Aligned a = error_msg(-EINVAL, NLM_F_ACK_TLVS, 8, three_tlvs);
  nlmsghdr orig;
  std::memcpy(&orig, a.data() + NLMSG_HDRLEN + 4, sizeof orig);
  orig.nlmsg_len = 0xfffffff0u;  // lies about the echoed request
  std::memcpy(a.data() + NLMSG_HDRLEN + 4, &orig, sizeof orig);
  nl::Error e;
  nl::decode_error_message(a.hdr(), e);
  CHECK_EQ(e.code, EINVAL);
  CHECK(e.extack.empty());  // TLVs would start beyond the message: none read
}

TEST(error_extreme_errno_values) {
  // errno is an int from the kernel; INT_MIN must not overflow when negated.
  Aligned a = error_msg(INT_MIN, NLM_F_CAPPED, 0);
  nl::Error e;
  nl::decode_error_message(a.hdr(), e);
  CHECK(static_cast<bool>(e));
  Aligned b = error_msg(5, NLM_F_CAPPED, 0);  // positive: taken as is
  nl::Error f;
  nl::decode_error_message(b.hdr(), f);
  CHECK_EQ(f.code, 5);
}

TEST(error_done_with_error_and_tlvs) {
  // A dump that fails after it started ends with NLMSG_DONE carrying -errno and extack.
  Builder m;
  nlmsghdr h{};
  h.nlmsg_type = NLMSG_DONE;
  h.nlmsg_flags = NLM_F_MULTI | NLM_F_ACK_TLVS;
  m.raw(&h, sizeof h);
  int32_t code = -EMSGSIZE;
  m.raw(&code, 4);
  m.tlv(NLMSGERR_ATTR_MSG, "dump failed", 12);
  uint32_t len = static_cast<uint32_t>(m.b.size());
  std::memcpy(m.b.data(), &len, 4);
  Aligned a(m.b);
  nl::Error e;
  nl::decode_error_message(a.hdr(), e);
  CHECK_EQ(e.code, EMSGSIZE);
  CHECK_EQ(e.extack, std::string("dump failed"));
}

TEST(error_done_plain_and_short) {
  Aligned real(support::fixture("dump_link_2.bin"));  // the kernel's DONE ending `ip link show`
  REQUIRE(real.size() == 20);
  CHECK_EQ(real.hdr()->nlmsg_type, NLMSG_DONE);
  nl::Error e;
  nl::decode_error_message(real.hdr(), e);
  CHECK(!e);
  // DONE without the errno word (old kernels, other families) is a success.
  real.hdr()->nlmsg_len = NLMSG_HDRLEN;
  nl::Error f;
  nl::decode_error_message(real.hdr(), f);
  CHECK(!f);
}
