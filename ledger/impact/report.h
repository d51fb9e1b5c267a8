// Impact reports: the aggregator's monthly figures for a range of months, each month and the
// whole period, ready to show. A report for anyone but the administrators suppresses every
// figure about fewer than k persons (residents): its numbers are left out (zero) and it is
// marked suppressed, and funders of an initiative that are residents are not named. Pure
// functions; see docs/impact.md.
#ifndef NOABER_LEDGER_IMPACT_REPORT_H_
#define NOABER_LEDGER_IMPACT_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ledger/impact/aggregator.h"

namespace noaber::impact {

// A report covers at most this many months.
inline constexpr int32_t kReportMonthsMax = 120;
// Figures about fewer than this many residents are suppressed unless the node says otherwise.
inline constexpr int64_t kPersonsMinDefault = 5;

struct ReportOptions {
  Month first_month = 0;
  Month last_month = 0;
  bool suppress = true;                      // false only for administrators
  int64_t persons_min = kPersonsMinDefault;  // k
};

// A sum shown in a report. Suppressed: it concerned 1..k-1 residents, and every number is 0.
struct Figure {
  int64_t amount = 0;   // minor units (minutes for time)
  int64_t count = 0;    // movements
  int64_t persons = 0;  // distinct residents involved
  bool suppressed = false;
  bool operator==(const Figure&) const = default;
};

// A number of residents; suppressed (and 0) when it is 1..k-1.
struct Headcount {
  int64_t value = 0;
  bool suppressed = false;
  bool operator==(const Headcount&) const = default;
};

struct ResidentFigures {
  Headcount active;      // gave or received help
  Headcount newcomers;   // active for the first time ever
  Headcount returning;   // active, and active in an earlier month too
  Headcount reciprocal;  // both gave and received help
  // reciprocal / active in per-mille; -1 when either is suppressed or nobody was active.
  int64_t reciprocity_per_mille = -1;
  bool operator==(const ResidentFigures&) const = default;
};

struct SkillFigure {
  std::string code;  // "" for help without a skill
  std::string label_nl;
  std::string label_en;
  std::string category;
  Figure figure;
  bool operator==(const SkillFigure&) const = default;
};

struct CategoryFigure {
  std::string category;  // "" for help without a skill
  Figure figure;
  bool operator==(const CategoryFigure&) const = default;
};

struct FlowFigure {
  ledger::AccountKind from = ledger::AccountKind::kResident;
  ledger::AccountKind to = ledger::AccountKind::kResident;
  std::string asset;
  Figure figure;
  bool operator==(const FlowFigure&) const = default;
};

struct CurrencyFigure {
  std::string asset;
  Figure issued;
  Figure returned;
  Figure spent_at_partners;
  int64_t in_circulation = 0;  // at the end of the period: all issued minus all returned
  bool operator==(const CurrencyFigure&) const = default;
};

struct FundingFigure {
  std::string source;  // an account kind ("partner") or a handle
  std::string asset;
  Figure figure;
  bool operator==(const FundingFigure&) const = default;
};

struct InitiativeFigure {
  std::string handle;
  std::vector<FundingFigure> received_by_kind;
  // Funders by account; residents are named only in unsuppressed reports.
  std::vector<FundingFigure> received_by_account;
  std::vector<FundingFigure> paid_to_residents;  // source: empty; persons: residents paid
  bool operator==(const InitiativeFigure&) const = default;
};

struct PeriodFigures {
  Month first_month = 0;
  Month last_month = 0;
  Figure hours;  // help exchanged in the time assets, in minutes; count: transfers
  ResidentFigures residents;
  std::vector<SkillFigure> skills;
  std::vector<CategoryFigure> categories;
  std::vector<FlowFigure> flows;
  std::vector<CurrencyFigure> currencies;
  std::vector<InitiativeFigure> initiatives;
  bool operator==(const PeriodFigures&) const = default;
};

struct ImpactReport {
  Month first_month = 0;
  Month last_month = 0;
  bool suppressed = false;
  int64_t persons_min = 0;
  uint64_t applied_index = 0;         // the figures include journal entries up to this one
  std::vector<PeriodFigures> months;  // every month of the range, in order
  PeriodFigures total;                // the whole range
  bool operator==(const ImpactReport&) const = default;
};

// The report of `options`' months. InvalidArgument when the range is reversed, outside
// kMonthMin..kMonthMax, longer than kReportMonthsMax months, or k is below 1.
absl::StatusOr<ImpactReport> BuildReport(const ImpactAggregator& aggregator,
                                         const ReportOptions& options);

}  // namespace noaber::impact

#endif  // NOABER_LEDGER_IMPACT_REPORT_H_
