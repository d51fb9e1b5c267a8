// `noaber report impact` end to end: the demo neighbourhood Bornholm seeded by the demo's own
// seeding tool into a temporary folder, a real node on it, the real wallet writing the report
// as JSON, CSV and HTML (Dutch and English), and the HTML rendered in headless Chromium
// (Debian's chromium, which deploy/install-deps.sh installs; without it these tests fail),
// whose charts must be there and carry the numbers of the JSON report.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "ledger/testing/temp_dir.h"
#include "tests/harness.h"

namespace noaber::testing {
namespace {

using ::testing::HasSubstr;
using json = nlohmann::json;

constexpr char kPassphrase[] = "bornholm";
constexpr char kChromium[] = "chromium";

std::string Describe(const ProcessResult& r) {
  return "exit " + std::to_string(r.exit_code) + "\nstdout: " + r.stdout_text +
         "\nstderr: " + r.stderr_text;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The attributes of every element `tag` in `html` whose attributes contain `marker`.
std::vector<std::map<std::string, std::string>> Elements(const std::string& html,
                                                         const std::string& tag,
                                                         const std::string& marker) {
  std::vector<std::map<std::string, std::string>> out;
  const std::regex element("<" + tag + "\\b([^>]*)>");
  const std::regex attribute("([a-z-]+)=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), element);
       it != std::sregex_iterator(); ++it) {
    const std::string attributes = (*it)[1];
    if (attributes.find(marker) == std::string::npos) continue;
    std::map<std::string, std::string> found;
    for (auto a = std::sregex_iterator(attributes.begin(), attributes.end(), attribute);
         a != std::sregex_iterator(); ++a) {
      found[(*a)[1]] = (*a)[2];
    }
    out.push_back(found);
  }
  return out;
}

// The part of `html` inside the chart figure `id`.
std::string Chart(const std::string& html, const std::string& id) {
  const size_t start = html.find("data-chart=\"" + id + "\"");
  if (start == std::string::npos) return "";
  return html.substr(start, html.find("</figure>", start) - start);
}

// A figure's value as the HTML carries it: empty when suppressed.
std::string Value(const json& figure, const char* field = "amount") {
  return figure.value("suppressed", false) ? "" : std::to_string(figure[field].get<int64_t>());
}

class ImpactReportE2eTest : public ::testing::Test {
 protected:
  // One Bornholm and one node for the whole suite: seeding makes 18 Argon2id keys.
  static void SetUpTestSuite() {
    dir_ = new ledger::testing::TempDir();
    ProcessResult seeded =
        RunProcess(NOABER_DEMO_SEED_BINARY, {"--data-dir", dir_->Sub("data"), "--wallet-home",
                                             dir_->Sub("wallet"), "--passphrase", kPassphrase});
    ASSERT_EQ(seeded.exit_code, 0) << Describe(seeded);
    absl::StatusOr<std::unique_ptr<NodeProcess>> node =
        NodeProcess::Start(NOABER_NODE_BINARY, dir_->Sub("data"));
    ASSERT_TRUE(node.ok()) << node.status();
    node_ = node->release();
  }
  static void TearDownTestSuite() {
    delete node_;
    delete dir_;
  }
  void SetUp() override { ASSERT_NE(node_, nullptr) << "the suite's node did not start"; }

  static ProcessResult Wallet(const std::vector<std::string>& args) {
    ProcessOptions options;
    options.env = {{"NOABER_HOME", dir_->Sub("wallet")},
                   {"NOABER_PASSPHRASE", kPassphrase},
                   {"NOABER_KEY", ""},
                   {"NOABER_NODE", node_->address()}};
    return RunProcess(NOABER_WALLET_BINARY, args, options);
  }
  // Writes the report as `as` in `format` and returns the file's text.
  static std::string Report(const std::string& as, const std::string& format,
                            std::vector<std::string> extra = {}) {
    const std::string out = dir_->Sub(as + "-report." + format);
    std::vector<std::string> args = {"--as",     as,     "report", "impact",
                                     "--format", format, "--out",  out};
    args.insert(args.end(), extra.begin(), extra.end());
    ProcessResult result = Wallet(args);
    EXPECT_EQ(result.exit_code, 0) << Describe(result);
    EXPECT_THAT(result.stdout_text, HasSubstr(out));
    return ReadFile(out);
  }
  // The DOM Chromium builds from the HTML file `path`.
  static std::string RenderedDom(const std::string& path) {
    ProcessOptions options;
    options.timeout = std::chrono::milliseconds(60'000);
    ProcessResult rendered = RunProcess(
        "/usr/bin/env",
        {kChromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--user-data-dir=" + dir_->Sub("chromium-profile"), "--dump-dom", "file://" + path},
        options);
    EXPECT_EQ(rendered.exit_code, 0)
        << "headless Chromium did not render the report (is Debian's chromium installed? "
           "deploy/install-deps.sh installs it)\n"
        << Describe(rendered);
    return rendered.stdout_text;
  }

  static ledger::testing::TempDir* dir_;
  static NodeProcess* node_;
};

ledger::testing::TempDir* ImpactReportE2eTest::dir_ = nullptr;
NodeProcess* ImpactReportE2eTest::node_ = nullptr;

TEST_F(ImpactReportE2eTest, JsonAndCsvCarryTheSameFigures) {
  const json report = json::parse(Report("wijkcentrum", "json"));
  EXPECT_EQ(report["community"], "Bornholm");
  EXPECT_EQ(report["suppressed"], false);
  EXPECT_EQ(report["k"], 5);
  const json& total = report["total"];
  // The demo: residents help each other for three weeks; every one of them takes part.
  EXPECT_GT(total["hours"]["amount"].get<int64_t>(), 60 * 60);
  EXPECT_GE(total["residents"]["active"]["value"].get<int64_t>(), 12);
  ASSERT_FALSE(total["skills"].empty());
  ASSERT_FALSE(total["initiatives"].empty());
  int64_t hours = 0;
  for (const json& month : report["months"]) hours += month["hours"]["amount"].get<int64_t>();
  EXPECT_EQ(hours, total["hours"]["amount"]);

  const std::string csv = Report("wijkcentrum", "csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "period,section,key,asset,amount,count,persons,suppressed");
  const json& hours_figure = total["hours"];
  EXPECT_THAT(
      csv, HasSubstr("\ntotal,hours,,," + Value(hours_figure) + "," + Value(hours_figure, "count") +
                     "," + Value(hours_figure, "persons") + ",false\n"));
  for (const json& skill : total["skills"]) {
    EXPECT_THAT(csv, HasSubstr("\ntotal,skill," + skill["code"].get<std::string>() + ",," +
                               Value(skill["figure"]) + ","));
  }
}

TEST_F(ImpactReportE2eTest, ResidentsAndPartnersGetTheSuppressedReport) {
  const json full = json::parse(Report("wijkcentrum", "json"));
  for (const char* as : {"anna", "gemeente"}) {
    const json report = json::parse(Report(as, "json"));
    EXPECT_EQ(report["suppressed"], true) << as;
    EXPECT_EQ(report["total"]["hours"], full["total"]["hours"]) << "about every resident";
    // Some skill is about fewer than five residents in the demo; it is left out for them.
    bool some_suppressed = false;
    for (const json& skill : report["total"]["skills"]) {
      if (skill["figure"].value("suppressed", false)) {
        some_suppressed = true;
        EXPECT_FALSE(skill["figure"].contains("amount"));
      }
    }
    EXPECT_TRUE(some_suppressed) << as;
  }
}

TEST_F(ImpactReportE2eTest, BadInputIsAUsageErrorAndWritesNothing) {
  const std::string out = dir_->Sub("never.json");
  for (const auto& [args, text] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"--format", "pdf", "--out", out}, "--format 'pdf'"},
           {{"--format", "json"}, "--out FILE is required"},
           {{"--out", out}, "--format json|csv|html is required"},
           {{"--format", "json", "--out", out, "--from", "2026-13"}, "--from '2026-13'"},
           {{"--format", "json", "--out", out, "--from", "2026-05", "--to", "2026-01"},
            "is after --to"},
           {{"--format", "html", "--out", out, "--lang", "de"}, "--lang 'de'"}}) {
    std::vector<std::string> full = {"--as", "wijkcentrum", "report", "impact"};
    full.insert(full.end(), args.begin(), args.end());
    ProcessResult result = Wallet(full);
    EXPECT_EQ(result.exit_code, 2) << Describe(result);
    EXPECT_THAT(result.stderr_text, HasSubstr(text));
  }
  EXPECT_EQ(ReadFile(out), "");
  // A range the node refuses: exit 3 with its sentence.
  ProcessResult too_long = Wallet({"--as", "wijkcentrum", "report", "impact", "--format", "json",
                                   "--out", out, "--from", "2000-01", "--to", "2026-01"});
  EXPECT_EQ(too_long.exit_code, 3) << Describe(too_long);
  EXPECT_THAT(too_long.stderr_text, HasSubstr("at most 120 months"));
}

TEST_F(ImpactReportE2eTest, ChromiumRendersTheChartsWithTheNumbersOfTheJsonReport) {
  const json report = json::parse(Report("wijkcentrum", "json"));
  for (const char* lang : {"nl", "en"}) {
    const std::string html = Report("wijkcentrum", "html", {"--lang", lang});
    // Self-contained: no scripts, nothing fetched.
    EXPECT_THAT(html, ::testing::Not(HasSubstr("<script")));
    EXPECT_THAT(html, ::testing::Not(HasSubstr("src=")));
    EXPECT_THAT(html, ::testing::Not(HasSubstr("href=")));
    EXPECT_THAT(html, HasSubstr("@media print"));
    EXPECT_THAT(html, HasSubstr(std::string(lang) == "nl" ? "Uren per maand" : "Hours per month"));
    const std::string path = dir_->Sub(std::string("report-") + lang + ".html");
    std::ofstream(path) << html;
    const std::string dom = RenderedDom(path);
    ASSERT_THAT(dom, HasSubstr("<svg")) << "Chromium rendered no charts";

    const auto hours = Elements(Chart(dom, "hours-per-month"), "rect", "data-month");
    const auto active = Elements(Chart(dom, "active-residents-per-month"), "rect", "data-month");
    ASSERT_EQ(hours.size(), report["months"].size());
    ASSERT_EQ(active.size(), report["months"].size());
    for (size_t i = 0; i < hours.size(); ++i) {
      const json& month = report["months"][i];
      EXPECT_EQ(hours[i].at("data-month"), month["first_month"]);
      EXPECT_EQ(hours[i].at("data-value"), Value(month["hours"]));
      EXPECT_EQ(active[i].at("data-value"), Value(month["residents"]["active"], "value"));
    }
    const auto skills = Elements(Chart(dom, "hours-per-skill"), "rect", "data-skill");
    ASSERT_EQ(skills.size(), report["total"]["skills"].size());
    for (size_t i = 0; i < skills.size(); ++i) {
      const json& skill = report["total"]["skills"][i];
      EXPECT_EQ(skills[i].at("data-skill"), skill["code"]);
      EXPECT_EQ(skills[i].at("data-value"), Value(skill["figure"]));
    }
    size_t flows_seen = 0;
    for (const json& flow : report["total"]["flows"]) {
      const std::string asset = flow["asset"];
      bool found = false;
      for (const auto& bar : Elements(Chart(dom, "flows-" + asset), "rect", "data-from")) {
        if (bar.at("data-from") == flow["from"] && bar.at("data-to") == flow["to"]) {
          found = true;
          EXPECT_EQ(bar.at("data-value"), Value(flow["figure"])) << flow.dump();
        }
      }
      EXPECT_TRUE(found) << "no bar for " << flow.dump();
      flows_seen += found;
    }
    EXPECT_GT(flows_seen, 3u);
  }
}

TEST_F(ImpactReportE2eTest, ChromiumPrintsTheReport) {
  const std::string html = Report("gemeente", "html", {"--lang", "en"});
  const std::string path = dir_->Sub("print.html");
  std::ofstream(path) << html;
  const std::string pdf = dir_->Sub("print.pdf");
  ProcessOptions options;
  options.timeout = std::chrono::milliseconds(60'000);
  ProcessResult printed =
      RunProcess("/usr/bin/env",
                 {kChromium, "--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-dev-shm-usage", "--user-data-dir=" + dir_->Sub("chromium-profile"),
                  "--no-pdf-header-footer", "--print-to-pdf=" + pdf, "file://" + path},
                 options);
  ASSERT_EQ(printed.exit_code, 0) << Describe(printed);
  const std::string bytes = ReadFile(pdf);
  EXPECT_EQ(bytes.substr(0, 5), "%PDF-");
  EXPECT_GT(bytes.size(), 10'000u);
  EXPECT_THAT(html, HasSubstr("fewer than 5 residents are left out"));
}

}  // namespace
}  // namespace noaber::testing
