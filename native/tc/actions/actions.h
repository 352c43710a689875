// One tc action kind: writes TCA_ACT_OPTIONS' content from a "tc_act" record, and reads it back.
#pragma once
#include "../fields.h"
#include "../schema.h"
#include "../tc.h"

namespace nl_tc {

using ActFields = Fields<act::OVERLIMITS>;
struct ActionKind {
  const char* name;
  nl::Error (*encode)(nl::MessageBuffer& m, const ActFields& a);
  bool (*decode)(const nl::Attr& options, nl::RecordWriter& w);
};
extern const ActionKind kMirred, kGact, kPolice;

}  // namespace nl_tc
