#include "node/impact_service.h"

#include "noaber/ledger/call_auth.h"
#include "noaber/ledger/strings.h"
#include "node/cluster/gate.h"
#include "node/status_mapping.h"

namespace noaber::node {

namespace {

using ledger::StrCat;

void SetFigure(const impact::Figure& f, v1::ImpactFigure* out) {
  out->set_amount(f.amount);
  out->set_count(f.count);
  out->set_persons(f.persons);
  out->set_suppressed(f.suppressed);
}

void SetHeadcount(const impact::Headcount& h, v1::ImpactHeadcount* out) {
  out->set_value(h.value);
  out->set_suppressed(h.suppressed);
}

void SetFundings(const std::vector<impact::FundingFigure>& fundings,
                 google::protobuf::RepeatedPtrField<v1::ImpactFunding>* out) {
  for (const impact::FundingFigure& f : fundings) {
    v1::ImpactFunding* funding = out->Add();
    funding->set_source(f.source);
    funding->set_asset(f.asset);
    SetFigure(f.figure, funding->mutable_figure());
  }
}

void SetPeriod(const impact::PeriodFigures& p, v1::ImpactPeriod* out) {
  out->set_first_month(impact::MonthText(p.first_month));
  out->set_last_month(impact::MonthText(p.last_month));
  SetFigure(p.hours, out->mutable_hours());
  v1::ImpactResidents* residents = out->mutable_residents();
  SetHeadcount(p.residents.active, residents->mutable_active());
  SetHeadcount(p.residents.newcomers, residents->mutable_newcomers());
  SetHeadcount(p.residents.returning, residents->mutable_returning());
  SetHeadcount(p.residents.reciprocal, residents->mutable_reciprocal());
  residents->set_reciprocity_per_mille(p.residents.reciprocity_per_mille);
  for (const impact::SkillFigure& s : p.skills) {
    v1::ImpactSkill* skill = out->add_skills();
    skill->set_code(s.code);
    skill->set_label_nl(s.label_nl);
    skill->set_label_en(s.label_en);
    skill->set_category(s.category);
    SetFigure(s.figure, skill->mutable_figure());
  }
  for (const impact::CategoryFigure& c : p.categories) {
    v1::ImpactCategory* category = out->add_categories();
    category->set_category(c.category);
    SetFigure(c.figure, category->mutable_figure());
  }
  for (const impact::FlowFigure& f : p.flows) {
    v1::ImpactFlow* flow = out->add_flows();
    flow->set_from_kind(ledger::AccountKindName(f.from));
    flow->set_to_kind(ledger::AccountKindName(f.to));
    flow->set_asset(f.asset);
    SetFigure(f.figure, flow->mutable_figure());
  }
  for (const impact::CurrencyFigure& c : p.currencies) {
    v1::ImpactCurrency* currency = out->add_currencies();
    currency->set_asset(c.asset);
    SetFigure(c.issued, currency->mutable_issued());
    SetFigure(c.returned, currency->mutable_returned());
    SetFigure(c.spent_at_partners, currency->mutable_spent_at_partners());
    currency->set_in_circulation(c.in_circulation);
  }
  for (const impact::InitiativeFigure& i : p.initiatives) {
    v1::ImpactInitiative* initiative = out->add_initiatives();
    initiative->set_handle(i.handle);
    SetFundings(i.received_by_kind, initiative->mutable_received_by_kind());
    SetFundings(i.received_by_account, initiative->mutable_received_by_account());
    SetFundings(i.paid_to_residents, initiative->mutable_paid_to_residents());
  }
}

absl::StatusOr<impact::Month> MonthField(const std::string& text, std::string_view field,
                                         impact::Month fallback) {
  if (text.empty()) return fallback;
  std::optional<impact::Month> month = impact::ParseMonth(text);
  if (!month) {
    return absl::InvalidArgumentError(
        StrCat(field, " '", text, "' is not a month written YYYY-MM (2000-01 to 9999-12)"));
  }
  return *month;
}

}  // namespace

absl::StatusOr<std::pair<impact::Month, impact::Month>> RequestedMonths(
    const v1::GetImpactRequest& request, const ledger::Genesis& genesis, int64_t now_ms) {
  absl::StatusOr<impact::Month> first =
      MonthField(request.first_month(), "first_month",
                 std::max(impact::MonthOf(genesis.created_ms), impact::kMonthMin));
  if (!first.ok()) return first.status();
  absl::StatusOr<impact::Month> last =
      MonthField(request.last_month(), "last_month", impact::MonthOf(now_ms));
  if (!last.ok()) return last.status();
  return std::pair{*first, *last};
}

v1::ImpactReport ImpactReportView(const ledger::Genesis& genesis,
                                  const impact::ImpactReport& report) {
  v1::ImpactReport out;
  out.set_community_name(genesis.community_name);
  out.set_first_month(impact::MonthText(report.first_month));
  out.set_last_month(impact::MonthText(report.last_month));
  out.set_suppressed(report.suppressed);
  out.set_persons_min(report.persons_min);
  out.set_applied_index(report.applied_index);
  for (const ledger::Asset& a : genesis.assets) {
    v1::ImpactAsset* asset = out.add_assets();
    asset->set_code(a.code);
    asset->set_kind(ledger::AssetKindName(a.kind));
    asset->set_name(a.name);
  }
  for (const impact::PeriodFigures& month : report.months) SetPeriod(month, out.add_months());
  SetPeriod(report.total, out.mutable_total());
  return out;
}

ImpactService::ImpactService(const ledger::Genesis& genesis, ImpactFollower* follower,
                             ReadAuthenticator* authenticator, int64_t persons_min,
                             std::function<int64_t()> clock_ms)
    : genesis_(genesis),
      follower_(follower),
      authenticator_(authenticator),
      persons_min_(persons_min),
      clock_ms_(std::move(clock_ms)) {}

grpc::Status ImpactService::GetImpact(grpc::ServerContext* context,
                                      const v1::GetImpactRequest* request,
                                      v1::ImpactReport* response) {
  if (grpc::Status current = CheckReadIsCurrent(context); !current.ok()) return current;
  absl::StatusOr<std::pair<impact::Month, impact::Month>> months =
      RequestedMonths(*request, genesis_, clock_ms_());
  if (!months.ok()) return ToGrpcStatus(months.status());
  const auto& metadata = context->client_metadata();
  auto found = metadata.find(ledger::kCallAuthMetadataKey);
  std::optional<std::string_view> auth_text;
  if (found != metadata.end())
    auth_text = std::string_view(found->second.data(), found->second.size());
  absl::StatusOr<Caller> caller =
      authenticator_->Authenticate(auth_text, "/noaber.v1.Impact/GetImpact");
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  if (absl::Status s = authenticator_->AllowMember(*caller, "the impact report"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  const bool suppress = !caller->administrator || request->suppressed();
  absl::StatusOr<impact::ImpactReport> report = follower_->Report(
      impact::ReportOptions{months->first, months->second, suppress, persons_min_});
  if (!report.ok()) return ToGrpcStatus(report.status());
  *response = ImpactReportView(genesis_, *report);
  return grpc::Status::OK;
}

}  // namespace noaber::node
