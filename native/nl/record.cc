#include "record.h"

namespace nl {

std::vector<const Schema*>& schema_registry() {
  static std::vector<const Schema*> r;  // filled by static SchemaRegistration objects at load
  return r;
}

std::vector<MessageDecoder>& decoder_registry() {
  static std::vector<MessageDecoder> r;
  return r;
}

const MessageDecoder* decoder_for(uint16_t type) {
  for (const auto& d : decoder_registry())
    if (d.type == type) return &d;
  return nullptr;
}

}  // namespace nl

#include "raw.h"

namespace nl {
static const FieldDef kRawFields[] = {
    {rawattr::TYPE, "type", FieldType::U16, false, nullptr},
    {rawattr::NESTED, "nested", FieldType::BOOL, false, nullptr},
    {rawattr::DATA, "data", FieldType::BYTES, false, nullptr},
};
static const Schema kRaw{"rawattr", kRawFields, sizeof kRawFields / sizeof kRawFields[0]};
static SchemaRegistration reg_raw(&kRaw);
}  // namespace nl
