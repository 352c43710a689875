// Attributes we do not decode are passed on raw ({type, nested, data}), never dropped.
#pragma once
#include "attr.h"
#include "record.h"

namespace nl::rawattr {
enum : uint16_t { TYPE = 1, NESTED, DATA };
}

namespace nl {
inline void write_raw(RecordWriter& w, uint16_t field, const Attr& a) {
  size_t t = w.nest_begin(field);
  w.u16(rawattr::TYPE, a.type);
  if (a.nested) w.boolean(rawattr::NESTED, true);
  w.bytes(rawattr::DATA, a.data, a.len);
  w.nest_end(t);
}
}  // namespace nl
