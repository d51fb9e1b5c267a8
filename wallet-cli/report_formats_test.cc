// The impact report's three file formats from a hand-made report: suppressed figures, CSV
// quoting, HTML escaping, the chart elements and their data-* numbers, both languages.
#include "wallet-cli/report_formats.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace noaber::wallet {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

void SetFigure(v1::ImpactFigure* f, int64_t amount, int64_t count, int64_t persons) {
  f->set_amount(amount);
  f->set_count(count);
  f->set_persons(persons);
}

v1::ImpactReport SampleReport() {
  v1::ImpactReport report;
  report.set_community_name("Wijk <Noord> & Zuid");
  report.set_first_month("2026-10");
  report.set_last_month("2026-11");
  report.set_suppressed(true);
  report.set_persons_min(5);
  report.set_applied_index(41);
  v1::ImpactAsset* hour = report.add_assets();
  hour->set_code("HOUR");
  hour->set_kind("time");
  for (const char* month : {"2026-10", "2026-11"}) {
    v1::ImpactPeriod* p = report.add_months();
    p->set_first_month(month);
    p->set_last_month(month);
  }
  SetFigure(report.mutable_months(0)->mutable_hours(), 90, 2, 6);
  report.mutable_months(0)->mutable_residents()->mutable_active()->set_value(6);
  report.mutable_months(1)->mutable_hours()->set_suppressed(true);
  report.mutable_months(1)->mutable_residents()->mutable_active()->set_suppressed(true);
  v1::ImpactPeriod* total = report.mutable_total();
  total->set_first_month("2026-10");
  total->set_last_month("2026-11");
  SetFigure(total->mutable_hours(), 150, 3, 7);
  v1::ImpactSkill* tuin = total->add_skills();
  tuin->set_code("tuin");
  tuin->set_label_nl("Tuin & <haag>");
  tuin->set_label_en("Garden");
  SetFigure(tuin->mutable_figure(), 150, 3, 7);
  v1::ImpactSkill* hidden = total->add_skills();
  hidden->set_code("koken,extra");
  hidden->mutable_figure()->set_suppressed(true);
  v1::ImpactCategory* category = total->add_categories();
  category->set_category("=HYPERLINK(\"x\")");
  SetFigure(category->mutable_figure(), 150, 3, 7);
  v1::ImpactFlow* flow = total->add_flows();
  flow->set_from_kind("resident");
  flow->set_to_kind("partner");
  flow->set_asset("HOUR");
  SetFigure(flow->mutable_figure(), 150, 3, 7);
  return report;
}

TEST(ReportFormatsTest, JsonLeavesSuppressedNumbersOut) {
  nlohmann::json json = ImpactReportJson(SampleReport());
  EXPECT_EQ(json["months"][0]["hours"]["amount"], 90);
  EXPECT_EQ(json["months"][1]["hours"], nlohmann::json({{"suppressed", true}}));
  EXPECT_EQ(json["months"][1]["residents"]["active"], nlohmann::json({{"suppressed", true}}));
  EXPECT_EQ(json["total"]["skills"][1]["figure"], nlohmann::json({{"suppressed", true}}));
  EXPECT_EQ(json["journal_entries"], 42);
  EXPECT_EQ(json["k"], 5);
}

TEST(ReportFormatsTest, CsvHasOneRowPerFigureAndQuotesKeys) {
  const std::string csv = ImpactReportCsv(SampleReport());
  EXPECT_THAT(csv, HasSubstr("2026-10,hours,,,90,2,6,false\n"));
  EXPECT_THAT(csv, HasSubstr("2026-11,hours,,,,,,true\n"));
  EXPECT_THAT(csv, HasSubstr("2026-11,residents_active,,,,,,true\n"));
  EXPECT_THAT(csv, HasSubstr("total,skill,\"koken,extra\",,,,,true\n"));
  EXPECT_THAT(csv, HasSubstr("total,flow,resident>partner,HOUR,150,3,7,false\n"));
  EXPECT_THAT(csv, HasSubstr("total,category,\"'=HYPERLINK(\"\"x\"\")\",,150,3,7,false\n"));
}

TEST(ReportFormatsTest, HtmlIsSelfContainedEscapedAndCarriesTheNumbers) {
  const std::string nl = ImpactReportHtml(SampleReport(), "nl");
  EXPECT_THAT(nl, HasSubstr("<html lang=\"nl\">"));
  EXPECT_THAT(nl, HasSubstr("Wijk &lt;Noord&gt; &amp; Zuid"));
  EXPECT_THAT(nl, Not(HasSubstr("<Noord>")));
  EXPECT_THAT(nl, HasSubstr("Tuin &amp; &lt;haag&gt;"));
  EXPECT_THAT(nl, Not(HasSubstr("<script")));
  EXPECT_THAT(nl, HasSubstr("data-chart=\"hours-per-month\""));
  EXPECT_THAT(nl, HasSubstr("data-month=\"2026-10\" data-value=\"90\" data-suppressed=\"false\""));
  EXPECT_THAT(nl, HasSubstr("data-month=\"2026-11\" data-value=\"\" data-suppressed=\"true\""));
  EXPECT_THAT(nl, HasSubstr("data-skill=\"tuin\" data-value=\"150\""));
  EXPECT_THAT(nl, HasSubstr("data-from=\"resident\" data-to=\"partner\" data-asset=\"HOUR\" "
                            "data-value=\"150\""));
  EXPECT_THAT(nl, HasSubstr("minder dan 5 bewoners"));
  EXPECT_THAT(nl, HasSubstr("2h30m"));
  const std::string en = ImpactReportHtml(SampleReport(), "en");
  EXPECT_THAT(en, HasSubstr("Hours per skill"));
  EXPECT_THAT(en, HasSubstr(">Garden<"));
  EXPECT_THAT(en, HasSubstr("fewer than 5 residents"));
}

}  // namespace
}  // namespace noaber::wallet
