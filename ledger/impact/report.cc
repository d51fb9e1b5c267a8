#include "ledger/impact/report.h"

#include "noaber/ledger/strings.h"

namespace noaber::impact {

namespace {

using ledger::AccountKind;
using ledger::StrCat;

void Merge(const Cell& part, Cell* sum) {
  sum->amount += part.amount;
  sum->count += part.count;
  for (const auto& [person, n] : part.persons) sum->persons[person] += n;
}

template <typename K>
void Merge(const std::map<K, Cell>& part, std::map<K, Cell>* sum) {
  for (const auto& [key, cell] : part) Merge(cell, &(*sum)[key]);
}

void Merge(const MonthFigures& part, MonthFigures* sum) {
  Merge(part.hours, &sum->hours);
  for (const auto& [handle, r] : part.residents) {
    ResidentMonth& into = sum->residents[handle];
    into.gave += r.gave;
    into.received += r.received;
  }
  Merge(part.skills, &sum->skills);
  Merge(part.flows, &sum->flows);
  for (const auto& [asset, c] : part.currencies) {
    CurrencyMonth& into = sum->currencies[asset];
    Merge(c.issued, &into.issued);
    Merge(c.returned, &into.returned);
    Merge(c.spent_at_partners, &into.spent_at_partners);
  }
  for (const auto& [handle, i] : part.initiatives) {
    InitiativeMonth& into = sum->initiatives[handle];
    Merge(i.received_by_kind, &into.received_by_kind);
    Merge(i.received_by_account, &into.received_by_account);
    Merge(i.paid_to_residents, &into.paid_to_residents);
  }
}

// Turns the sums of a period into what the report shows, suppressing where it must.
class Presenter {
 public:
  Presenter(const ImpactAggregator& aggregator, const ReportOptions& options,
            const std::map<std::string, Month>& first_active)
      : aggregator_(aggregator), options_(options), first_active_(first_active) {}

  PeriodFigures Present(const MonthFigures& sum, Month first, Month last,
                        const std::map<std::string, int64_t>& circulation) const {
    PeriodFigures out;
    out.first_month = first;
    out.last_month = last;
    out.hours = Show(sum.hours);
    out.residents = Residents(sum, first);
    Skills(sum, &out);
    for (const auto& [key, cell] : sum.flows) {
      if (cell.count == 0 && cell.amount == 0) continue;
      out.flows.push_back(
          FlowFigure{std::get<0>(key), std::get<1>(key), std::get<2>(key), Show(cell)});
    }
    for (const ledger::Asset& asset : aggregator_.genesis().assets) {
      if (asset.kind != ledger::AssetKind::kCurrency) continue;
      CurrencyFigure currency{asset.code, {}, {}, {}, 0};
      if (auto found = sum.currencies.find(asset.code); found != sum.currencies.end()) {
        currency.issued = Show(found->second.issued);
        currency.returned = Show(found->second.returned);
        currency.spent_at_partners = Show(found->second.spent_at_partners);
      }
      if (auto found = circulation.find(asset.code); found != circulation.end()) {
        currency.in_circulation = found->second;
      }
      out.currencies.push_back(std::move(currency));
    }
    for (const auto& [handle, initiative] : sum.initiatives) {
      out.initiatives.push_back(Initiative(handle, initiative));
    }
    return out;
  }

 private:
  bool Hidden(int64_t persons) const {
    return options_.suppress && persons > 0 && persons < options_.persons_min;
  }
  Figure Show(const Cell& cell) const {
    const int64_t persons = static_cast<int64_t>(cell.persons.size());
    if (Hidden(persons)) return Figure{0, 0, 0, true};
    return Figure{cell.amount, cell.count, persons, false};
  }
  Headcount Count(int64_t value) const {
    if (Hidden(value)) return Headcount{0, true};
    return Headcount{value, false};
  }

  ResidentFigures Residents(const MonthFigures& sum, Month first) const {
    int64_t active = 0, newcomers = 0, returning = 0, reciprocal = 0;
    for (const auto& [handle, r] : sum.residents) {
      if (r.gave <= 0 && r.received <= 0) continue;
      ++active;
      if (r.gave > 0 && r.received > 0) ++reciprocal;
      auto found = first_active_.find(handle);
      if (found != first_active_.end() && found->second < first) {
        ++returning;
      } else {
        ++newcomers;
      }
    }
    ResidentFigures out{Count(active), Count(newcomers), Count(returning), Count(reciprocal), -1};
    if (active > 0 && !out.active.suppressed && !out.reciprocal.suppressed) {
      out.reciprocity_per_mille = reciprocal * 1000 / active;
    }
    return out;
  }

  void Skills(const MonthFigures& sum, PeriodFigures* out) const {
    std::map<std::string, Cell> by_category;
    for (const auto& [code, cell] : sum.skills) {
      if (cell.count == 0 && cell.amount == 0) continue;
      SkillFigure skill{code, "", "", "", Show(cell)};
      if (auto found = aggregator_.skills().find(code); found != aggregator_.skills().end()) {
        skill.label_nl = found->second.label_nl;
        skill.label_en = found->second.label_en;
        skill.category = found->second.category;
      }
      Merge(cell, &by_category[skill.category]);
      out->skills.push_back(std::move(skill));
    }
    for (const auto& [category, cell] : by_category) {
      out->categories.push_back(CategoryFigure{category, Show(cell)});
    }
  }

  bool IsResident(const std::string& handle) const {
    auto found = aggregator_.kinds().find(handle);
    return found == aggregator_.kinds().end() || found->second == AccountKind::kResident;
  }

  InitiativeFigure Initiative(const std::string& handle, const InitiativeMonth& sum) const {
    InitiativeFigure out;
    out.handle = handle;
    for (const auto& [key, cell] : sum.received_by_kind) {
      out.received_by_kind.push_back(
          FundingFigure{ledger::AccountKindName(key.first), key.second, Show(cell)});
    }
    for (const auto& [key, cell] : sum.received_by_account) {
      // A resident who funds an initiative is a person: named to administrators only.
      if (options_.suppress && IsResident(key.first)) continue;
      out.received_by_account.push_back(FundingFigure{key.first, key.second, Show(cell)});
    }
    for (const auto& [asset, cell] : sum.paid_to_residents) {
      out.paid_to_residents.push_back(FundingFigure{"", asset, Show(cell)});
    }
    return out;
  }

  const ImpactAggregator& aggregator_;
  const ReportOptions& options_;
  const std::map<std::string, Month>& first_active_;
};

absl::Status CheckOptions(const ReportOptions& options) {
  if (options.first_month < kMonthMin || options.last_month > kMonthMax) {
    return absl::InvalidArgumentError("a report covers months from 2000-01 to 9999-12");
  }
  if (options.first_month > options.last_month) {
    return absl::InvalidArgumentError(StrCat("the first month ", MonthText(options.first_month),
                                             " is after the last ", MonthText(options.last_month)));
  }
  if (options.last_month - options.first_month + 1 > kReportMonthsMax) {
    return absl::InvalidArgumentError(
        StrCat("a report covers at most ", kReportMonthsMax, " months"));
  }
  if (options.persons_min < 1) {
    return absl::InvalidArgumentError("the minimum number of persons must be at least 1");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ImpactReport> BuildReport(const ImpactAggregator& aggregator,
                                         const ReportOptions& options) {
  if (absl::Status s = CheckOptions(options); !s.ok()) return s;
  const std::map<Month, MonthFigures>& months = aggregator.months();
  std::map<std::string, Month> first_active;
  for (auto it = months.begin(); it != months.end() && it->first <= options.last_month; ++it) {
    for (const auto& [handle, r] : it->second.residents) {
      if (r.gave > 0 || r.received > 0) first_active.emplace(handle, it->first);
    }
  }
  ImpactReport report;
  report.first_month = options.first_month;
  report.last_month = options.last_month;
  report.suppressed = options.suppress;
  report.persons_min = options.persons_min;
  report.applied_index = aggregator.applied_index();
  const Presenter presenter(aggregator, options, first_active);
  std::map<std::string, int64_t> circulation;
  auto next = months.begin();
  auto add_circulation_until = [&](Month last) {
    for (; next != months.end() && next->first <= last; ++next) {
      for (const auto& [asset, c] : next->second.currencies) {
        circulation[asset] += c.issued.amount - c.returned.amount;
      }
    }
  };
  add_circulation_until(options.first_month - 1);
  MonthFigures total;
  const MonthFigures empty;
  for (Month m = options.first_month; m <= options.last_month; ++m) {
    add_circulation_until(m);
    auto found = months.find(m);
    const MonthFigures& figures = found == months.end() ? empty : found->second;
    Merge(figures, &total);
    report.months.push_back(presenter.Present(figures, m, m, circulation));
  }
  report.total = presenter.Present(total, options.first_month, options.last_month, circulation);
  return report;
}

}  // namespace noaber::impact
