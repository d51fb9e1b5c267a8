// The impact report as JSON and CSV.
#include "noaber/ledger/strings.h"
#include "wallet-cli/report_formats.h"

namespace noaber::wallet {

namespace {

using ledger::StrAppend;
using ledger::StrCat;

nlohmann::json FigureJson(const v1::ImpactFigure& f) {
  if (f.suppressed()) return {{"suppressed", true}};
  return {{"amount", f.amount()}, {"count", f.count()}, {"persons", f.persons()}};
}

nlohmann::json HeadcountJson(const v1::ImpactHeadcount& h) {
  if (h.suppressed()) return {{"suppressed", true}};
  return {{"value", h.value()}};
}

nlohmann::json FundingsJson(const google::protobuf::RepeatedPtrField<v1::ImpactFunding>& list) {
  nlohmann::json out = nlohmann::json::array();
  for (const v1::ImpactFunding& f : list) {
    nlohmann::json item = {{"asset", f.asset()}, {"figure", FigureJson(f.figure())}};
    if (!f.source().empty()) item["source"] = f.source();
    out.push_back(item);
  }
  return out;
}

nlohmann::json PeriodJson(const v1::ImpactPeriod& p) {
  nlohmann::json out;
  out["first_month"] = p.first_month();
  out["last_month"] = p.last_month();
  out["hours"] = FigureJson(p.hours());
  const v1::ImpactResidents& r = p.residents();
  out["residents"] = {{"active", HeadcountJson(r.active())},
                      {"new", HeadcountJson(r.newcomers())},
                      {"returning", HeadcountJson(r.returning())},
                      {"reciprocal", HeadcountJson(r.reciprocal())}};
  if (r.reciprocity_per_mille() >= 0) {
    out["residents"]["reciprocity_per_mille"] = r.reciprocity_per_mille();
  }
  out["skills"] = nlohmann::json::array();
  for (const v1::ImpactSkill& s : p.skills()) {
    out["skills"].push_back({{"code", s.code()},
                             {"label_nl", s.label_nl()},
                             {"label_en", s.label_en()},
                             {"category", s.category()},
                             {"figure", FigureJson(s.figure())}});
  }
  out["categories"] = nlohmann::json::array();
  for (const v1::ImpactCategory& c : p.categories()) {
    out["categories"].push_back({{"category", c.category()}, {"figure", FigureJson(c.figure())}});
  }
  out["flows"] = nlohmann::json::array();
  for (const v1::ImpactFlow& f : p.flows()) {
    out["flows"].push_back({{"from", f.from_kind()},
                            {"to", f.to_kind()},
                            {"asset", f.asset()},
                            {"figure", FigureJson(f.figure())}});
  }
  out["currencies"] = nlohmann::json::array();
  for (const v1::ImpactCurrency& c : p.currencies()) {
    out["currencies"].push_back({{"asset", c.asset()},
                                 {"issued", FigureJson(c.issued())},
                                 {"returned", FigureJson(c.returned())},
                                 {"spent_at_partners", FigureJson(c.spent_at_partners())},
                                 {"in_circulation", c.in_circulation()}});
  }
  out["initiatives"] = nlohmann::json::array();
  for (const v1::ImpactInitiative& i : p.initiatives()) {
    out["initiatives"].push_back({{"handle", i.handle()},
                                  {"received_by_kind", FundingsJson(i.received_by_kind())},
                                  {"received_by_account", FundingsJson(i.received_by_account())},
                                  {"paid_to_residents", FundingsJson(i.paid_to_residents())}});
  }
  return out;
}

// One CSV row per figure, collected for one period.
class CsvRows {
 public:
  explicit CsvRows(std::string* out) : out_(out) {}

  void Figure(const std::string& period, std::string_view section, std::string_view key,
              std::string_view asset, const v1::ImpactFigure& f) {
    if (f.suppressed()) {
      Row(period, section, key, asset, ",,,true");
    } else {
      Row(period, section, key, asset,
          StrCat(f.amount(), ",", f.count(), ",", f.persons(), ",false"));
    }
  }
  void Count(const std::string& period, std::string_view section, const v1::ImpactHeadcount& h) {
    Row(period, section, "", "", h.suppressed() ? ",,,true" : StrCat(",,", h.value(), ",false"));
  }
  void Amount(const std::string& period, std::string_view section, std::string_view asset,
              int64_t amount) {
    Row(period, section, "", asset, StrCat(amount, ",,,false"));
  }

 private:
  void Row(const std::string& period, std::string_view section, std::string_view key,
           std::string_view asset, std::string_view numbers) {
    StrAppend(out_, period, ",", section, ",", Quoted(key), ",", asset, ",", numbers, "\n");
  }
  // Keys are handles, skill codes and category names: quoted when they hold a comma or quote;
  // a category (free text) starting like a spreadsheet formula gets a leading apostrophe.
  static std::string Quoted(std::string_view text) {
    std::string safe(text);
    if (!safe.empty() && (safe[0] == '=' || safe[0] == '+' || safe[0] == '@')) safe = "'" + safe;
    if (safe.find_first_of(",\"\n") == std::string::npos) return safe;
    std::string out = "\"";
    for (char ch : safe) {
      if (ch == '"') out += '"';
      out += ch;
    }
    return out + "\"";
  }
  std::string* out_;
};

void PeriodCsv(const std::string& period, const v1::ImpactPeriod& p, CsvRows& rows) {
  rows.Figure(period, "hours", "", "", p.hours());
  rows.Count(period, "residents_active", p.residents().active());
  rows.Count(period, "residents_new", p.residents().newcomers());
  rows.Count(period, "residents_returning", p.residents().returning());
  rows.Count(period, "residents_reciprocal", p.residents().reciprocal());
  for (const v1::ImpactSkill& s : p.skills())
    rows.Figure(period, "skill", s.code(), "", s.figure());
  for (const v1::ImpactCategory& c : p.categories()) {
    rows.Figure(period, "category", c.category(), "", c.figure());
  }
  for (const v1::ImpactFlow& f : p.flows()) {
    rows.Figure(period, "flow", StrCat(f.from_kind(), ">", f.to_kind()), f.asset(), f.figure());
  }
  for (const v1::ImpactCurrency& c : p.currencies()) {
    rows.Figure(period, "currency_issued", "", c.asset(), c.issued());
    rows.Figure(period, "currency_returned", "", c.asset(), c.returned());
    rows.Figure(period, "currency_spent_at_partners", "", c.asset(), c.spent_at_partners());
    rows.Amount(period, "currency_in_circulation", c.asset(), c.in_circulation());
  }
  for (const v1::ImpactInitiative& i : p.initiatives()) {
    for (const v1::ImpactFunding& f : i.received_by_kind()) {
      rows.Figure(period, "initiative_received_by_kind", StrCat(i.handle(), ">", f.source()),
                  f.asset(), f.figure());
    }
    for (const v1::ImpactFunding& f : i.received_by_account()) {
      rows.Figure(period, "initiative_received_by_account", StrCat(i.handle(), ">", f.source()),
                  f.asset(), f.figure());
    }
    for (const v1::ImpactFunding& f : i.paid_to_residents()) {
      rows.Figure(period, "initiative_paid_to_residents", i.handle(), f.asset(), f.figure());
    }
  }
}

}  // namespace

nlohmann::json ImpactReportJson(const v1::ImpactReport& report) {
  nlohmann::json out;
  out["community"] = report.community_name();
  out["first_month"] = report.first_month();
  out["last_month"] = report.last_month();
  out["suppressed"] = report.suppressed();
  out["k"] = report.persons_min();
  out["journal_entries"] = report.applied_index() + 1;
  out["assets"] = nlohmann::json::array();
  for (const v1::ImpactAsset& a : report.assets()) {
    out["assets"].push_back({{"code", a.code()}, {"kind", a.kind()}, {"name", a.name()}});
  }
  out["months"] = nlohmann::json::array();
  for (const v1::ImpactPeriod& month : report.months()) out["months"].push_back(PeriodJson(month));
  out["total"] = PeriodJson(report.total());
  return out;
}

std::string ImpactReportCsv(const v1::ImpactReport& report) {
  std::string out = "period,section,key,asset,amount,count,persons,suppressed\n";
  CsvRows rows(&out);
  for (const v1::ImpactPeriod& month : report.months()) PeriodCsv(month.first_month(), month, rows);
  PeriodCsv("total", report.total(), rows);
  return out;
}

}  // namespace noaber::wallet
