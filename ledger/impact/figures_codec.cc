#include "ledger/impact/figures_codec.h"

#include "ledger/src/codec.h"

namespace noaber::impact {

namespace {

using ledger::AccountKind;
using ledger::Reader;
using ledger::Writer;

constexpr char kFormatTag[] = "noaber-impact-v1";
// Bounds every count read back, so a damaged file cannot make the reader allocate wildly.
constexpr uint32_t kEntriesPerMapMax = 50'000'000;

// Declared first: the map templates below call them.
void Put(Writer& w, const InitiativeMonth& i);
void Put(Writer& w, const MonthFigures& m);
void Get(Reader& r, InitiativeMonth* i);
void Get(Reader& r, MonthFigures* m);

void Put(Writer& w, const std::string& s) { w.Str16(s); }
void Put(Writer& w, int64_t v) { w.I64(v); }
void Put(Writer& w, AccountKind kind) { w.U8(static_cast<uint8_t>(kind)); }
void Put(Writer& w, const Cell& cell) {
  w.I64(cell.amount);
  w.I64(cell.count);
  w.U32(static_cast<uint32_t>(cell.persons.size()));
  for (const auto& [person, n] : cell.persons) {
    Put(w, person);
    w.I64(n);
  }
}
void Put(Writer& w, const ResidentMonth& r) {
  w.I64(r.gave);
  w.I64(r.received);
}
void Put(Writer& w, const ledger::Skill& s) {
  Put(w, s.code);
  Put(w, s.label_nl);
  Put(w, s.label_en);
  Put(w, s.category);
  w.U8(s.retired ? 1 : 0);
}
void Put(Writer& w, const CurrencyMonth& c) {
  Put(w, c.issued);
  Put(w, c.returned);
  Put(w, c.spent_at_partners);
}
template <typename A, typename B>
void Put(Writer& w, const std::pair<A, B>& p) {
  Put(w, p.first);
  Put(w, p.second);
}
void Put(Writer& w, const FlowKey& key) {
  Put(w, std::get<0>(key));
  Put(w, std::get<1>(key));
  Put(w, std::get<2>(key));
}
template <typename K, typename V>
void Put(Writer& w, const std::map<K, V>& map) {
  w.U32(static_cast<uint32_t>(map.size()));
  for (const auto& [key, value] : map) {
    Put(w, key);
    Put(w, value);
  }
}
void Put(Writer& w, const InitiativeMonth& i) {
  Put(w, i.received_by_kind);
  Put(w, i.received_by_account);
  Put(w, i.paid_to_residents);
}
void Put(Writer& w, const MonthFigures& m) {
  Put(w, m.hours);
  Put(w, m.residents);
  Put(w, m.skills);
  Put(w, m.flows);
  Put(w, m.currencies);
  Put(w, m.initiatives);
}

void Get(Reader& r, std::string* s) { *s = r.Str16(); }
void Get(Reader& r, int64_t* v) { *v = r.I64(); }
void Get(Reader& r, int32_t* v) { *v = static_cast<int32_t>(r.I64()); }
void Get(Reader& r, AccountKind* kind) {
  const uint8_t v = r.U8();
  if (v < 1 || v > 4) r.Raw(r.remaining() + 1);  // fails the reader
  *kind = static_cast<AccountKind>(v);
}
void Get(Reader& r, Cell* cell) {
  cell->amount = r.I64();
  cell->count = r.I64();
  const uint32_t n = r.U32();
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    std::string person = r.Str16();
    cell->persons[person] = r.I64();
  }
}
void Get(Reader& r, ResidentMonth* m) {
  m->gave = r.I64();
  m->received = r.I64();
}
void Get(Reader& r, ledger::Skill* s) {
  Get(r, &s->code);
  Get(r, &s->label_nl);
  Get(r, &s->label_en);
  Get(r, &s->category);
  s->retired = r.Flag();
}
void Get(Reader& r, CurrencyMonth* c) {
  Get(r, &c->issued);
  Get(r, &c->returned);
  Get(r, &c->spent_at_partners);
}
template <typename A, typename B>
void Get(Reader& r, std::pair<A, B>* p) {
  Get(r, &p->first);
  Get(r, &p->second);
}
void Get(Reader& r, FlowKey* key) {
  Get(r, &std::get<0>(*key));
  Get(r, &std::get<1>(*key));
  Get(r, &std::get<2>(*key));
}
template <typename K, typename V>
void Get(Reader& r, std::map<K, V>* map) {
  const uint32_t n = r.U32();
  if (n > kEntriesPerMapMax) r.Raw(r.remaining() + 1);
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    K key{};
    Get(r, &key);
    Get(r, &(*map)[key]);
  }
}
void Get(Reader& r, InitiativeMonth* i) {
  Get(r, &i->received_by_kind);
  Get(r, &i->received_by_account);
  Get(r, &i->paid_to_residents);
}
void Get(Reader& r, MonthFigures* m) {
  Get(r, &m->hours);
  Get(r, &m->residents);
  Get(r, &m->skills);
  Get(r, &m->flows);
  Get(r, &m->currencies);
  Get(r, &m->initiatives);
}

}  // namespace

std::string EncodeAggregatorState(uint64_t applied_index,
                                  const std::map<std::string, ledger::AccountKind>& kinds,
                                  const std::map<std::string, ledger::Skill>& skills,
                                  const std::map<Month, MonthFigures>& months) {
  Writer w;
  w.Str8(kFormatTag);
  w.U64(applied_index);
  Put(w, kinds);
  Put(w, skills);
  w.U32(static_cast<uint32_t>(months.size()));
  for (const auto& [month, figures] : months) {
    w.I64(month);
    Put(w, figures);
  }
  return w.Take();
}

absl::Status DecodeAggregatorState(std::string_view bytes, uint64_t* applied_index,
                                   std::map<std::string, ledger::AccountKind>* kinds,
                                   std::map<std::string, ledger::Skill>* skills,
                                   std::map<Month, MonthFigures>* months) {
  Reader r(bytes);
  if (r.Str8() != kFormatTag) {
    return absl::DataLossError("the impact state is not in the format noaber-impact-v1");
  }
  *applied_index = r.U64();
  kinds->clear();
  skills->clear();
  months->clear();
  Get(r, kinds);
  Get(r, skills);
  Get(r, months);
  if (!r.done()) return absl::DataLossError("the impact state is damaged or cut short");
  return absl::OkStatus();
}

}  // namespace noaber::impact
