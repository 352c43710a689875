// RecordWriter: the exact byte layout TypeScript's materializer reads (lib/records.ts).
// record := u32 byte_length, field*;  field := u16 id, u32 byte_length, payload (little endian).
#include "harness.h"
#include "nl/raw.h"
#include "nl/record.h"
#include "support.h"

TEST(record_layout_bytes) {
  nl::RecordWriter w;
  size_t r = w.begin();
  w.u8(1, 0x11);
  w.u16(2, 0x2233);
  w.u32(3, 0x44556677);
  w.str(4, "ab");
  w.boolean(5, true);
  w.end(r);
  const uint8_t want[] = {
      // record length: 7 + 8 + 10 + 8 + 7 = 40
      40, 0, 0, 0,
      1, 0, 1, 0, 0, 0, 0x11,
      2, 0, 2, 0, 0, 0, 0x33, 0x22,
      3, 0, 4, 0, 0, 0, 0x77, 0x66, 0x55, 0x44,
      4, 0, 2, 0, 0, 0, 'a', 'b',
      5, 0, 1, 0, 0, 0, 1,
  };
  REQUIRE(w.size() == sizeof want);
  CHECK(std::memcmp(w.buffer().data(), want, sizeof want) == 0);
}

TEST(record_wide_values_and_bytes) {
  nl::RecordWriter w;
  size_t r = w.begin();
  w.u64(1, 0x0102030405060708ull);
  w.s32(2, -1);
  const uint8_t raw[] = {9, 8, 7};
  w.bytes(3, raw, 3);
  w.bytes(4, nullptr, 0);
  w.end(r);
  std::vector<std::vector<support::Field>> recs;
  REQUIRE(support::parse_records(w.buffer(), recs));
  REQUIRE(recs.size() == 1);
  support::Rec rec{recs[0]};
  CHECK_EQ(rec.num<uint64_t>(1), 0x0102030405060708ull);
  CHECK_EQ(rec.num<int32_t>(2), -1);
  CHECK(rec.get(3)->bytes == std::vector<uint8_t>({9, 8, 7}));
  CHECK(rec.get(4)->bytes.empty());
}

TEST(record_nested_lengths) {
  nl::RecordWriter w;
  size_t r = w.begin();
  w.u32(1, 7);
  size_t n = w.nest_begin(2);
  w.u16(1, 5);
  size_t inner = w.nest_begin(3);
  w.u8(1, 1);
  w.nest_end(inner);
  w.nest_end(n);
  w.end(r);
  // nest 2 = header 6 + u16 field 8 + nest 3 (6 + 7) = 27 → payload 21
  uint32_t outer_len;
  std::memcpy(&outer_len, w.buffer().data() + 4 + 10 + 2, 4);
  CHECK_EQ(outer_len, 21u);
  std::vector<std::vector<support::Field>> recs;
  REQUIRE(support::parse_records(w.buffer(), recs));
  support::Rec rec{recs[0]};
  CHECK_EQ(rec.sub(2).num<uint16_t>(1), 5);
  CHECK_EQ(rec.sub(2).sub(3).num<uint8_t>(1), 1);
}

TEST(record_several_records_and_rollback) {
  nl::RecordWriter w;
  size_t a = w.begin();
  w.u32(1, 1);
  w.end(a);
  size_t mark = w.size();
  size_t b = w.begin();
  w.str(2, "half-written");
  (void)b;
  w.rollback(mark);  // a decoder that fails leaves no partial record behind
  size_t c = w.begin();
  w.u32(1, 3);
  w.end(c);
  std::vector<std::vector<support::Field>> recs;
  REQUIRE(support::parse_records(w.buffer(), recs));
  REQUIRE(recs.size() == 2);
  CHECK_EQ(support::Rec{recs[1]}.num<uint32_t>(1), 3u);
}

TEST(record_write_raw_attr) {
  uint8_t payload[] = {1, 2, 3};
  nl::Attr a;
  a.type = 0x43;
  a.nested = true;
  a.data = payload;
  a.len = 3;
  nl::RecordWriter w;
  size_t r = w.begin();
  nl::write_raw(w, 9, a);
  w.end(r);
  std::vector<std::vector<support::Field>> recs;
  REQUIRE(support::parse_records(w.buffer(), recs));
  support::Rec raw = support::Rec{recs[0]}.sub(9);
  CHECK_EQ(raw.num<uint16_t>(nl::rawattr::TYPE), 0x43);
  CHECK_EQ(raw.num<uint8_t>(nl::rawattr::NESTED), 1);
  CHECK(raw.get(nl::rawattr::DATA)->bytes == std::vector<uint8_t>({1, 2, 3}));
}

TEST(record_schema_registry_has_link_schemas) {
  bool link = false, raw = false;
  for (const nl::Schema* s : nl::schema_registry()) {
    if (std::string(s->name) == "link") link = true;
    if (std::string(s->name) == "rawattr") raw = true;
    for (size_t i = 0; i < s->count; ++i)  // ids are unique within a schema
      for (size_t j = i + 1; j < s->count; ++j) CHECK(s->fields[i].id != s->fields[j].id);
  }
  CHECK(link);
  CHECK(raw);
}

// FieldReader / RecordReader: the same layout read back, as the addon reads requests lib/ writes.
TEST(record_reader_reads_what_the_writer_wrote) {
  nl::RecordWriter w;
  for (uint32_t i = 0; i < 2; ++i) {
    size_t r = w.begin();
    w.u32(1, 40 + i);
    w.str(2, "ab");
    size_t n = w.nest_begin(3);
    w.u16(1, 7);
    w.nest_end(n);
    w.end(r);
  }
  const std::vector<uint8_t>& b = w.buffer();
  nl::RecordReader records(b.data(), b.size());
  nl::FieldReader fields(nullptr, 0);
  uint32_t seen = 0;
  while (records.next(fields)) {
    nl::FieldView f;
    REQUIRE(fields.next(f));
    uint32_t v = 0;
    CHECK(f.get(v));
    CHECK_EQ(v, 40 + seen);
    uint16_t wrong;
    CHECK(!f.get(wrong));  // a u32 field is not a u16
    REQUIRE(fields.next(f));
    CHECK_EQ(f.str(), std::string("ab"));
    REQUIRE(fields.next(f));
    CHECK_EQ(f.id, 3);
    nl::FieldReader inner(f);
    nl::FieldView g;
    REQUIRE(inner.next(g));
    uint16_t u = 0;
    CHECK(g.get(u));
    CHECK_EQ(u, 7);
    CHECK(!inner.next(g));
    CHECK(inner.error() == nullptr);
    CHECK(!fields.next(f));
    CHECK(fields.error() == nullptr);
    ++seen;
  }
  CHECK_EQ(seen, 2u);
  CHECK(records.error() == nullptr);
}

TEST(record_reader_rejects_overruns_and_truncation) {
  // a record claiming 100 bytes in a 10-byte buffer
  const uint8_t big[] = {100, 0, 0, 0, 1, 0, 0, 0, 0, 0};
  nl::RecordReader r1(big, sizeof big);
  nl::FieldReader f(nullptr, 0);
  CHECK(!r1.next(f));
  CHECK(r1.error() != nullptr);
  // a truncated record header
  nl::RecordReader r2(big, 3);
  CHECK(!r2.next(f));
  CHECK(r2.error() != nullptr);
  // a field whose length runs past its record
  const uint8_t fld[] = {1, 0, 9, 0, 0, 0, 1, 2};
  nl::FieldReader f1(fld, sizeof fld);
  nl::FieldView v;
  CHECK(!f1.next(v));
  CHECK(f1.error() != nullptr);
  // a truncated field header
  nl::FieldReader f2(fld, 5);
  CHECK(!f2.next(v));
  CHECK(f2.error() != nullptr);
}
