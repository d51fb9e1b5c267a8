#include "ledger/impact/aggregator.h"

#include <span>
#include <variant>
#include <vector>

#include "ledger/impact/figures_codec.h"
#include "noaber/ledger/operation.h"
#include "noaber/ledger/strings.h"

namespace noaber::impact {

namespace {

using ledger::AccountKind;
using ledger::StrCat;

struct Opened {
  std::string handle;
  AccountKind kind;
};
// One effect of an action, in the order the actions ran.
using Step = std::variant<Movement, Opened, ledger::Skill>;

absl::StatusOr<ledger::Operation> DecodeEntryOperation(const ledger::JournalEntry& entry) {
  ledger::SignedOperation signed_operation;
  ledger::Operation operation;
  ledger::Rejection r = ledger::DecodeSignedOperation(entry.signed_bytes, &signed_operation);
  if (r.ok()) r = ledger::DecodeOperation(signed_operation.body, &operation);
  if (!r.ok()) {
    return absl::DataLossError(
        StrCat("journal entry ", entry.index, " does not decode: ", r.message));
  }
  return operation;
}

// Reads what each action refers to and lists its effects. Fallible; changes nothing.
class StepFinder {
 public:
  StepFinder(const ledger::StateReader& state, const ledger::Genesis& genesis,
             const ledger::JournalEntry& entry, std::vector<Step>* out)
      : state_(state), genesis_(genesis), entry_(entry), out_(out) {}

  absl::Status operator()(const ledger::OpenAccount& a) {
    out_->push_back(Opened{a.handle, a.kind});
    for (const ledger::Asset& asset : genesis_.assets) {
      const ledger::Amount welcome = ledger::WelcomeFor(genesis_, a.kind, asset.code);
      if (welcome.minor_units > 0)
        Move(ledger::kCommunityHandle, a.handle, asset.code, welcome, "");
    }
    return absl::OkStatus();
  }
  absl::Status operator()(const ledger::Transfer& t) {
    Move(t.from, t.to, t.asset, t.amount, t.skill);
    return absl::OkStatus();
  }
  absl::Status operator()(const ledger::PostPending& p) {
    absl::StatusOr<std::optional<ledger::Pending>> pending = state_.GetPending(p.pending_id);
    if (!pending.ok()) return pending.status();
    if (!pending->has_value()) return Missing("pending transfer");
    const ledger::Pending& found = **pending;
    Move(found.from, found.to, found.asset, p.amount.value_or(found.amount), found.skill);
    return absl::OkStatus();
  }
  absl::Status operator()(const ledger::AcceptRequest& a) {
    absl::StatusOr<std::optional<ledger::PaymentRequest>> request = state_.GetRequest(a.request_id);
    if (!request.ok()) return request.status();
    if (!request->has_value()) return Missing("payment request");
    const ledger::PaymentRequest& found = **request;
    Move(found.payer, found.payee, found.asset, found.amount, found.skill);
    return absl::OkStatus();
  }
  absl::Status operator()(const ledger::CorrectTransfer& c) {
    absl::StatusOr<std::optional<ledger::OperationRecord>> record =
        state_.GetOperationRecord(c.original_id);
    if (!record.ok()) return record.status();
    if (!record->has_value()) return Missing("corrected operation");
    absl::StatusOr<std::optional<ledger::JournalEntry>> original =
        state_.GetEntry((*record)->index);
    if (!original.ok()) return original.status();
    if (!original->has_value()) return Missing("corrected entry");
    absl::StatusOr<ledger::Operation> operation = DecodeEntryOperation(**original);
    if (!operation.ok()) return operation.status();
    if (c.action_index >= operation->actions.size() ||
        !std::holds_alternative<ledger::Transfer>(operation->actions[c.action_index])) {
      return Missing("corrected transfer");
    }
    const auto& t = std::get<ledger::Transfer>(operation->actions[c.action_index]);
    out_->push_back(Movement{t.from, t.to, t.asset, t.amount.minor_units, t.skill,
                             (*original)->timestamp_ms, -1});
    return absl::OkStatus();
  }
  absl::Status operator()(const ledger::SetSkill& s) {
    out_->push_back(s.skill);
    return absl::OkStatus();
  }
  // Everything else moves nothing.
  template <typename OtherAction>
  absl::Status operator()(const OtherAction&) {
    return absl::OkStatus();
  }

 private:
  void Move(std::string_view from, std::string_view to, std::string_view asset,
            ledger::Amount amount, std::string_view skill) {
    out_->push_back(Movement{std::string(from), std::string(to), std::string(asset),
                             amount.minor_units, std::string(skill), entry_.timestamp_ms, 1});
  }
  absl::Status Missing(std::string_view what) const {
    return absl::DataLossError(
        StrCat("journal entry ", entry_.index, " names a ", what, " the state does not hold"));
  }

  const ledger::StateReader& state_;
  const ledger::Genesis& genesis_;
  const ledger::JournalEntry& entry_;
  std::vector<Step>* out_;
};

// A resident a figure is about.
struct Person {
  std::string_view handle;
  CountCache::Party party;
};

// Adds movements to the figures of one month: through `cache` when it follows that month,
// else by searching the maps (a correction of an earlier month).
class MonthCounter {
 public:
  MonthCounter(MonthFigures* month, CountCache* cache) : month_(month), cache_(cache) {}

  MonthFigures& month() { return *month_; }

  // Adds (sign 1) or subtracts (sign -1) a movement of `amount` about `persons`.
  void AddTo(Cell* cell, int64_t amount, int64_t sign, std::span<const Person> persons) {
    cell->amount += sign * amount;
    cell->count += sign;
    for (const Person& person : persons) {
      if (cache_ != nullptr) {
        cache_->AddToPerson(cell, person.handle, person.party, sign);
        continue;
      }
      auto found = cell->persons.try_emplace(std::string(person.handle)).first;
      found->second += sign;
      if (found->second == 0) cell->persons.erase(found);
    }
  }

  void AddResident(const Person& person, int64_t gave, int64_t received) {
    if (cache_ != nullptr) {
      cache_->AddToResident(month_, person.handle, person.party, gave, received);
      return;
    }
    auto found = month_->residents.try_emplace(std::string(person.handle)).first;
    found->second.gave += gave;
    found->second.received += received;
    if (found->second.gave == 0 && found->second.received == 0) month_->residents.erase(found);
  }

 private:
  MonthFigures* month_;
  CountCache* cache_;  // null when it does not follow this month
};

}  // namespace

ImpactAggregator::ImpactAggregator(const ledger::Genesis& genesis) : genesis_(genesis) {
  kinds_[ledger::kCommunityHandle] = AccountKind::kCommunity;
  for (const ledger::Skill& skill : genesis.skills) skills_[skill.code] = skill;
}

absl::Status ImpactAggregator::Apply(const ledger::StateReader& state,
                                     const ledger::JournalEntry& entry) {
  if (entry.index != applied_index_ + 1) {
    return absl::FailedPreconditionError(StrCat("the impact figures are at journal entry ",
                                                applied_index_, ", not before ", entry.index));
  }
  std::vector<Step> steps;
  if (entry.outcome == ledger::ResultCode::kAccepted) {
    absl::StatusOr<ledger::Operation> operation = DecodeEntryOperation(entry);
    if (!operation.ok()) return operation.status();
    for (const ledger::Action& action : operation->actions) {
      if (absl::Status s = std::visit(StepFinder(state, genesis_, entry, &steps), action);
          !s.ok()) {
        return s;
      }
    }
  }
  for (const Step& step : steps) {
    if (const auto* opened = std::get_if<Opened>(&step)) {
      kinds_[opened->handle] = opened->kind;
      cache_.SetKind(opened->handle, opened->kind);
    } else if (const auto* skill = std::get_if<ledger::Skill>(&step)) {
      skills_[skill->code] = *skill;
    } else {
      Count(std::get<Movement>(step));
    }
  }
  applied_index_ = entry.index;
  return absl::OkStatus();
}

absl::Status ImpactAggregator::CatchUp(const ledger::Store& store, uint64_t last_index) {
  if (applied_index_ >= last_index) return absl::OkStatus();
  absl::Status applied;
  absl::Status read =
      store.ForEachEntry(applied_index_ + 1, last_index, [&](const ledger::JournalEntry& entry) {
        applied = Apply(store, entry);
        return applied.ok();
      });
  return applied.ok() ? read : applied;
}

void ImpactAggregator::Count(const Movement& m) {
  const Person from{m.from, cache_.PartyOf(m.from, kinds_)};
  const Person to{m.to, cache_.PartyOf(m.to, kinds_)};
  const AccountKind from_kind = from.party.kind;
  const AccountKind to_kind = to.party.kind;
  const bool from_resident = from_kind == AccountKind::kResident;
  const bool to_resident = to_kind == AccountKind::kResident;
  // The residents the movement is about: the payer first, so `payer` is its first part.
  Person both[2];
  size_t persons = 0;
  if (from_resident) both[persons++] = from;
  if (to_resident && m.to != m.from) both[persons++] = to;
  const std::span<const Person> residents(both, persons);
  const std::span<const Person> payer(both, from_resident ? 1 : 0);
  const std::span<const Person> payee(&to, 1);
  const ledger::Asset* asset = ledger::FindAsset(genesis_, m.asset);
  const bool time = asset == nullptr || asset->kind == ledger::AssetKind::kTime;
  const Month month_made = cache_.MonthOf(m.made_ms);
  MonthCounter counter(&months_[month_made], cache_.Follows(month_made) ? &cache_ : nullptr);
  MonthFigures& month = counter.month();
  counter.AddTo(&month.flows[{from_kind, to_kind, m.asset}], m.amount, m.sign, residents);
  const bool community = from_kind == AccountKind::kCommunity || to_kind == AccountKind::kCommunity;
  if (time && !community) {
    counter.AddTo(&month.hours, m.amount, m.sign, residents);
    counter.AddTo(&month.skills[m.skill], m.amount, m.sign, residents);
    // The one who was paid gave the help; the one who paid received it.
    if (to_resident) counter.AddResident(to, m.sign, 0);
    if (from_resident) counter.AddResident(from, 0, m.sign);
  }
  if (!time) {
    CurrencyMonth& currency = month.currencies[m.asset];
    if (from_kind == AccountKind::kCommunity) counter.AddTo(&currency.issued, m.amount, m.sign, {});
    if (to_kind == AccountKind::kCommunity) counter.AddTo(&currency.returned, m.amount, m.sign, {});
    if (from_resident && to_kind == AccountKind::kPartner) {
      counter.AddTo(&currency.spent_at_partners, m.amount, m.sign, payer);
    }
  }
  if (to_kind == AccountKind::kInitiative) {
    InitiativeMonth& initiative = month.initiatives[m.to];
    counter.AddTo(&initiative.received_by_kind[{from_kind, m.asset}], m.amount, m.sign, payer);
    counter.AddTo(&initiative.received_by_account[{m.from, m.asset}], m.amount, m.sign, payer);
  }
  if (from_kind == AccountKind::kInitiative && to_resident) {
    counter.AddTo(&month.initiatives[m.from].paid_to_residents[m.asset], m.amount, m.sign, payee);
  }
}

std::string ImpactAggregator::Encode() const {
  return EncodeAggregatorState(applied_index_, kinds_, skills_, months_);
}

absl::StatusOr<ImpactAggregator> ImpactAggregator::Decode(const ledger::Genesis& genesis,
                                                          std::string_view bytes) {
  ImpactAggregator out(genesis);
  if (absl::Status s = DecodeAggregatorState(bytes, &out.applied_index_, &out.kinds_, &out.skills_,
                                             &out.months_);
      !s.ok()) {
    return s;
  }
  return out;
}

}  // namespace noaber::impact
