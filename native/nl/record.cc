#include "record.h"

namespace nl {

std::vector<const Schema*>& schema_registry() {
  static std::vector<const Schema*> r;  // filled by static SchemaRegistration objects at load
  return r;
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
