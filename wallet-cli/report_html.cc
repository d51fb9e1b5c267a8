// The impact report as one self-contained HTML page: no scripts, no links out, inline CSS
// with print rules, charts as inline SVG whose elements carry their numbers as data-*.
#include <algorithm>
#include <vector>

#include "noaber/ledger/amount.h"
#include "noaber/ledger/strings.h"
#include "noaber/ledger/types.h"
#include "wallet-cli/report_formats.h"

namespace noaber::wallet {

namespace {

using ledger::StrAppend;
using ledger::StrCat;

// The page's words in one language.
struct Texts {
  const char* lang;
  const char* title;
  const char* period;
  const char* summary;
  const char* hours;
  const char* transfers;
  const char* active;
  const char* newcomers;
  const char* returning;
  const char* reciprocity;
  const char* hours_per_month;
  const char* active_per_month;
  const char* hours_per_skill;
  const char* flows;
  const char* currency;
  const char* issued;
  const char* returned;
  const char* spent;
  const char* in_circulation;
  const char* initiatives;
  const char* received_from;
  const char* paid_to_residents;
  const char* residents_paid;
  const char* no_skill;
  const char* suppressed_note;  // %k is replaced by k
  const char* full_note;
  const char* hidden;
  const char* source;
  const char* kinds[5];  // by AccountKind number; [0] unused
};

const Texts kDutch = {
    "nl",
    "Impactrapport",
    "Periode",
    "Samenvatting",
    "Uren hulp uitgewisseld",
    "Betalingen in uren",
    "Actieve bewoners",
    "Nieuwe bewoners",
    "Terugkerende bewoners",
    "Wederkerigheid (gaven én kregen hulp)",
    "Uren per maand",
    "Actieve bewoners per maand",
    "Uren per vaardigheid",
    "Stromen tussen soorten rekeningen",
    "Lokale munt",
    "Uitgegeven",
    "Teruggekomen",
    "Besteed bij partners",
    "In omloop (einde periode)",
    "Bewonersinitiatieven",
    "Ontvangen van",
    "Betaald aan bewoners",
    "bewoners betaald",
    "zonder vaardigheid",
    "Cijfers over minder dan %k bewoners zijn weggelaten (—) om de privacy te beschermen.",
    "Alle cijfers, ook over minder dan %k bewoners: alleen voor beheerders.",
    "—",
    "Bron",
    {"", "bewoner", "partner", "initiatief", "wijkcentrum"}};

const Texts kEnglish = {
    "en",
    "Impact report",
    "Period",
    "Summary",
    "Hours of help exchanged",
    "Payments in hours",
    "Active residents",
    "New residents",
    "Returning residents",
    "Reciprocity (both gave and received help)",
    "Hours per month",
    "Active residents per month",
    "Hours per skill",
    "Flows between kinds of account",
    "Local currency",
    "Issued",
    "Returned",
    "Spent at partners",
    "In circulation (end of period)",
    "Resident initiatives",
    "Received from",
    "Paid to residents",
    "residents paid",
    "no skill",
    "Figures about fewer than %k residents are left out (—) to protect privacy.",
    "All figures, also those about fewer than %k residents: for administrators only.",
    "—",
    "Source",
    {"", "resident", "partner", "initiative", "community"}};

constexpr char kStyle[] = R"(
body{font-family:"DejaVu Sans",Arial,sans-serif;color:#1d2b36;margin:2em auto;max-width:52em;line-height:1.4}
h1{font-size:1.7em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:1.6em;border-bottom:2px solid #2f7d6d}
table{border-collapse:collapse;margin:.5em 0}td,th{padding:.25em .8em;border-bottom:1px solid #ccd;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.note{font-size:.9em;color:#555}figure{margin:1em 0}figcaption{font-weight:bold;margin-bottom:.3em}
svg text{font-family:inherit;font-size:11px;fill:#1d2b36}svg .bar{fill:#2f7d6d}svg .bar.suppressed{fill:#bbb}
@media print{body{margin:0;max-width:none;font-size:10.5pt}figure,table{break-inside:avoid}
h2{break-after:avoid}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
@page{size:A4;margin:16mm}
)";

std::string Escape(std::string_view text) {
  std::string out;
  for (char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

std::string WithK(const char* text, int64_t k) {
  std::string out = text;
  size_t at = out.find("%k");
  if (at != std::string::npos) out.replace(at, 2, std::to_string(k));
  return out;
}

const char* KindName(const Texts& t, std::string_view kind) {
  for (int i = 1; i <= 4; ++i) {
    if (kind == kEnglish.kinds[i]) return t.kinds[i];
  }
  return "?";
}

// Formats amounts of the report's assets as people write them.
class AmountFormat {
 public:
  explicit AmountFormat(const v1::ImpactReport& report) : report_(report) {}
  std::string Of(std::string_view asset, int64_t amount) const {
    return ledger::FormatAmount(ledger::Amount{amount}, KindOf(asset));
  }
  std::string Hours(int64_t minutes) const {
    return ledger::FormatAmount(ledger::Amount{minutes}, ledger::AssetKind::kTime);
  }
  bool IsTime(std::string_view asset) const { return KindOf(asset) == ledger::AssetKind::kTime; }

 private:
  ledger::AssetKind KindOf(std::string_view asset) const {
    for (const v1::ImpactAsset& a : report_.assets()) {
      if (a.code() == asset) {
        return a.kind() == "currency" ? ledger::AssetKind::kCurrency : ledger::AssetKind::kTime;
      }
    }
    return ledger::AssetKind::kTime;
  }
  const v1::ImpactReport& report_;
};

// One bar of a chart: its label, value (minor units or a count), shown text, data-* extras.
struct Bar {
  std::string label;
  int64_t value = 0;
  bool suppressed = false;
  std::string shown;
  std::string attributes;  // e.g. ` data-month="2026-11"`
};

std::string BarAttributes(const Bar& bar) {
  return StrCat(bar.attributes, " data-value=\"", bar.suppressed ? "" : std::to_string(bar.value),
                "\" data-suppressed=\"", bar.suppressed ? "true" : "false", "\"");
}

// Vertical bars, one per month.
std::string ColumnChart(std::string_view id, std::string_view caption,
                        const std::vector<Bar>& bars) {
  constexpr int kWidth = 640, kHeight = 200, kTop = 18, kBottom = 34, kColumnWidthMax = 48;
  int64_t max = 1;
  for (const Bar& b : bars) max = std::max(max, b.value);
  const double step = bars.empty() ? kWidth : static_cast<double>(kWidth) / bars.size();
  std::string svg = StrCat(
      "<figure class=\"chart\" data-chart=\"", id, "\"><figcaption>", Escape(caption),
      "</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" ", "width=\"", kWidth, "\" height=\"",
      kHeight, "\" viewBox=\"0 0 ", kWidth, " ", kHeight, "\" role=\"img\">");
  const int plot = kHeight - kTop - kBottom;
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const int height = b.suppressed ? 0 : static_cast<int>(plot * b.value / max);
    const double x = i * step + step * 0.15;
    StrAppend(&svg, "<rect class=\"bar", b.suppressed ? " suppressed" : "", "\"", BarAttributes(b),
              " x=\"", static_cast<int>(x), "\" y=\"", kTop + plot - height, "\" width=\"",
              std::clamp(static_cast<int>(step * 0.7), 1, kColumnWidthMax), "\" height=\"", height,
              "\"/>");
    StrAppend(&svg, "<text x=\"", static_cast<int>(x), "\" y=\"", kTop + plot - height - 4, "\">",
              Escape(b.shown), "</text>");
    StrAppend(&svg, "<text x=\"", static_cast<int>(x), "\" y=\"", kHeight - kBottom + 14, "\">",
              Escape(b.label), "</text>");
  }
  return svg + "</svg></figure>\n";
}

// Horizontal bars, one per row (skills, flows).
std::string BarChart(std::string_view id, std::string_view caption, const std::vector<Bar>& bars) {
  constexpr int kWidth = 640, kRow = 22, kLabel = 230, kValue = 80;
  int64_t max = 1;
  for (const Bar& b : bars) max = std::max(max, b.value);
  const int height = static_cast<int>(bars.size()) * kRow + 6;
  std::string svg =
      StrCat("<figure class=\"chart\" data-chart=\"", id, "\"><figcaption>", Escape(caption),
             "</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" ", "width=\"", kWidth,
             "\" height=\"", height, "\" viewBox=\"0 0 ", kWidth, " ", height, "\" role=\"img\">");
  const int plot = kWidth - kLabel - kValue;
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const int y = static_cast<int>(i) * kRow + 4;
    const int width = b.suppressed ? 0 : static_cast<int>(plot * b.value / max);
    StrAppend(&svg, "<text x=\"0\" y=\"", y + 14, "\">", Escape(b.label), "</text>");
    StrAppend(&svg, "<rect class=\"bar", b.suppressed ? " suppressed" : "", "\"", BarAttributes(b),
              " x=\"", kLabel, "\" y=\"", y, "\" width=\"", width, "\" height=\"", kRow - 6,
              "\"/>");
    StrAppend(&svg, "<text x=\"", kLabel + width + 6, "\" y=\"", y + 14, "\">", Escape(b.shown),
              "</text>");
  }
  return svg + "</svg></figure>\n";
}

std::string Shown(const Texts& t, const v1::ImpactFigure& f, const std::string& text) {
  return f.suppressed() ? t.hidden : text;
}
std::string Shown(const Texts& t, const v1::ImpactHeadcount& h) {
  return h.suppressed() ? t.hidden : std::to_string(h.value());
}

std::string Summary(const Texts& t, const v1::ImpactReport& report, const AmountFormat& format) {
  const v1::ImpactPeriod& total = report.total();
  const v1::ImpactResidents& r = total.residents();
  std::string reciprocity = t.hidden;
  if (r.reciprocity_per_mille() >= 0) {
    reciprocity = StrCat(r.reciprocity_per_mille() / 10, ",", r.reciprocity_per_mille() % 10, "%");
    if (std::string_view(t.lang) == "en") reciprocity[reciprocity.find(',')] = '.';
  }
  std::vector<std::pair<std::string, std::string>> rows = {
      {t.hours, Shown(t, total.hours(), format.Hours(total.hours().amount()))},
      {t.transfers, Shown(t, total.hours(), std::to_string(total.hours().count()))},
      {t.active, Shown(t, r.active())},
      {t.newcomers, Shown(t, r.newcomers())},
      {t.returning, Shown(t, r.returning())},
      {t.reciprocity, reciprocity}};
  std::string out = StrCat("<h2>", t.summary, "</h2><table class=\"summary\">");
  for (const auto& [label, value] : rows) {
    StrAppend(&out, "<tr><th>", Escape(label), "</th><td class=\"n\">", Escape(value),
              "</td></tr>");
  }
  return out + "</table>\n";
}

std::string Charts(const Texts& t, const v1::ImpactReport& report, const AmountFormat& format) {
  std::vector<Bar> hours, active;
  for (const v1::ImpactPeriod& m : report.months()) {
    const std::string month = StrCat(" data-month=\"", m.first_month(), "\"");
    const std::string label = m.first_month().substr(2);  // "26-11"
    hours.push_back(Bar{label, m.hours().amount(), m.hours().suppressed(),
                        Shown(t, m.hours(), format.Hours(m.hours().amount())), month});
    const v1::ImpactHeadcount& a = m.residents().active();
    active.push_back(Bar{label, a.value(), a.suppressed(), Shown(t, a), month});
  }
  std::string out = ColumnChart("hours-per-month", t.hours_per_month, hours);
  out += ColumnChart("active-residents-per-month", t.active_per_month, active);
  std::vector<Bar> skills;
  for (const v1::ImpactSkill& s : report.total().skills()) {
    std::string label = std::string_view(t.lang) == "nl" ? s.label_nl() : s.label_en();
    if (s.code().empty()) label = t.no_skill;
    if (label.empty()) label = s.code();
    skills.push_back(Bar{label, s.figure().amount(), s.figure().suppressed(),
                         Shown(t, s.figure(), format.Hours(s.figure().amount())),
                         StrCat(" data-skill=\"", Escape(s.code()), "\"")});
  }
  out += BarChart("hours-per-skill", t.hours_per_skill, skills);
  for (const v1::ImpactAsset& asset : report.assets()) {
    std::vector<Bar> flows;
    for (const v1::ImpactFlow& f : report.total().flows()) {
      if (f.asset() != asset.code()) continue;
      flows.push_back(Bar{StrCat(KindName(t, f.from_kind()), " → ", KindName(t, f.to_kind())),
                          f.figure().amount(), f.figure().suppressed(),
                          Shown(t, f.figure(), format.Of(f.asset(), f.figure().amount())),
                          StrCat(" data-from=\"", f.from_kind(), "\" data-to=\"", f.to_kind(),
                                 "\" data-asset=\"", Escape(f.asset()), "\"")});
    }
    if (flows.empty()) continue;
    out +=
        BarChart(StrCat("flows-", asset.code()), StrCat(t.flows, " (", asset.code(), ")"), flows);
  }
  return out;
}

std::string CurrencyTable(const Texts& t, const v1::ImpactReport& report,
                          const AmountFormat& format) {
  if (report.total().currencies().empty()) return "";
  std::string out = StrCat("<h2>", t.currency, "</h2><table class=\"currency\"><tr><th></th>");
  for (const char* head : {t.issued, t.returned, t.spent, t.in_circulation}) {
    StrAppend(&out, "<th>", head, "</th>");
  }
  out += "</tr>";
  for (const v1::ImpactCurrency& c : report.total().currencies()) {
    StrAppend(&out, "<tr data-asset=\"", Escape(c.asset()), "\"><th>", Escape(c.asset()), "</th>");
    for (const v1::ImpactFigure* f : {&c.issued(), &c.returned(), &c.spent_at_partners()}) {
      StrAppend(&out, "<td class=\"n\">", Shown(t, *f, format.Of(c.asset(), f->amount())), "</td>");
    }
    StrAppend(&out, "<td class=\"n\">", format.Of(c.asset(), c.in_circulation()), "</td></tr>");
  }
  return out + "</table>\n";
}

std::string InitiativesTable(const Texts& t, const v1::ImpactReport& report,
                             const AmountFormat& format) {
  if (report.total().initiatives().empty()) return "";
  std::string out = StrCat("<h2>", t.initiatives, "</h2>");
  for (const v1::ImpactInitiative& i : report.total().initiatives()) {
    StrAppend(&out, "<h3>", Escape(i.handle()), "</h3><table class=\"initiative\"><tr><th>",
              t.received_from, "</th><th></th></tr>");
    for (const v1::ImpactFunding& f : i.received_by_kind()) {
      StrAppend(
          &out, "<tr><td>", KindName(t, f.source()), "</td><td class=\"n\">",
          Shown(t, f.figure(), StrCat(format.Of(f.asset(), f.figure().amount()), " ", f.asset())),
          "</td></tr>");
    }
    for (const v1::ImpactFunding& f : i.paid_to_residents()) {
      StrAppend(&out, "<tr><td>", t.paid_to_residents, "</td><td class=\"n\">",
                Shown(t, f.figure(),
                      StrCat(format.Of(f.asset(), f.figure().amount()), " ", f.asset(), " (",
                             f.figure().persons(), " ", t.residents_paid, ")")),
                "</td></tr>");
    }
    out += "</table>\n";
  }
  return out;
}

}  // namespace

std::string ImpactReportHtml(const v1::ImpactReport& report, const std::string& lang) {
  const Texts& t = lang == "en" ? kEnglish : kDutch;
  const AmountFormat format(report);
  const std::string title = StrCat(t.title, " ", report.community_name());
  std::string out =
      StrCat("<!DOCTYPE html>\n<html lang=\"", t.lang, "\"><head><meta charset=\"utf-8\"><title>",
             Escape(title), "</title><style>", kStyle, "</style></head><body>\n");
  StrAppend(&out, "<h1>", Escape(title), "</h1><p>", t.period, ": ", report.first_month(), " – ",
            report.last_month(), "</p>\n<p class=\"note\">",
            WithK(report.suppressed() ? t.suppressed_note : t.full_note, report.persons_min()),
            "</p>\n");
  out += Summary(t, report, format);
  out += Charts(t, report, format);
  out += CurrencyTable(t, report, format);
  out += InitiativesTable(t, report, format);
  const bool dutch = std::string_view(t.lang) == "nl";
  StrAppend(&out, "<p class=\"note\">", t.source, ": ", dutch ? "het journaal, " : "the journal, ",
            report.applied_index() + 1, dutch ? " regels" : " entries", ".</p>\n</body></html>\n");
  return out;
}

}  // namespace noaber::wallet
