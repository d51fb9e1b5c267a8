#include "node/entry_view.h"

#include "noaber/ledger/crypto.h"
#include "noaber/ledger/operation.h"
#include "noaber/ledger/strings.h"

namespace noaber::node {

namespace {

using ledger::Amount;
using ledger::StrCat;

template <size_t N>
std::string Bytes(const std::array<uint8_t, N>& bytes) {
  return std::string(reinterpret_cast<const char*>(bytes.data()), N);
}

std::string Quoted(std::string_view handle) { return StrCat("'", handle, "'"); }

// "1h30m HOUR" or "12.50 BORN"; the raw number for an asset the genesis does not know (or
// that is not known here: a post read without the state).
std::string Show(const ledger::Genesis& genesis, std::string_view asset, Amount amount) {
  const ledger::Asset* found = ledger::FindAsset(genesis, asset);
  if (found == nullptr) {
    return asset.empty() ? StrCat(amount.minor_units) : StrCat(amount.minor_units, " ", asset);
  }
  return StrCat(ledger::FormatAmount(amount, found->kind), " ", asset);
}

// Fills one Action message per action type. Reads pendings through `state` when given.
class ActionViewer {
 public:
  ActionViewer(const ledger::Genesis& genesis, const ledger::StateReader* state,
               const ledger::Operation& operation, v1::Action* out)
      : genesis_(genesis), state_(state), operation_(operation), out_(out) {}

  absl::Status operator()(const ledger::OpenAccount& a) {
    out_->set_handle(a.handle);
    out_->set_detail(StrCat("opened ", ledger::AccountKindName(a.kind), " account ",
                            Quoted(a.handle), " (", a.keys.size(), " key",
                            a.keys.size() == 1 ? "" : "s", ", threshold ", a.threshold, ")"));
    return absl::OkStatus();
  }
  absl::Status operator()(const ledger::Transfer& t) {
    SetTransfer(t);
    out_->set_detail(StrCat(Quoted(t.from), " paid ", Quoted(t.to), " ", Shown(t), Purpose(t)));
    return absl::OkStatus();
  }
  absl::Status operator()(const ledger::CreatePending& p) {
    SetTransfer(p.transfer);
    out_->set_pending_id(Bytes(operation_.id));
    out_->set_timeout_ms(p.timeout_ms);
    out_->set_detail(StrCat(Quoted(p.transfer.from), " reserved ", Shown(p.transfer), " for ",
                            Quoted(p.transfer.to), Purpose(p.transfer), " for at most ",
                            ledger::FormatDurationMs(p.timeout_ms)));
    return absl::OkStatus();
  }
  absl::Status operator()(const ledger::PostPending& p) {
    absl::StatusOr<std::string> of = Resolve(p.pending_id);
    if (!of.ok()) return of.status();
    if (p.amount) {
      out_->set_amount(p.amount->minor_units);
      out_->set_formatted_amount(Show(genesis_, out_->asset(), *p.amount));
    }
    out_->set_detail(StrCat("posted ", p.amount ? out_->formatted_amount() : "all", " of ", *of));
    return absl::OkStatus();
  }
  absl::Status operator()(const ledger::VoidPending& v) {
    absl::StatusOr<std::string> of = Resolve(v.pending_id);
    if (!of.ok()) return of.status();
    out_->set_detail(StrCat("voided ", *of));
    return absl::OkStatus();
  }
  absl::Status operator()(const ledger::ExpirePending& e) {
    absl::StatusOr<std::string> of = Resolve(e.pending_id);
    if (!of.ok()) return of.status();
    out_->set_detail(StrCat(*of, " expired"));
    return absl::OkStatus();
  }
  absl::Status operator()(const ledger::SetLimits& s) {
    out_->set_handle(s.handle);
    out_->set_asset(s.asset);
    auto limit = [&](const std::optional<Amount>& a) {
      return a ? Show(genesis_, s.asset, *a) : std::string("unchanged");
    };
    out_->set_detail(StrCat("limits of ", Quoted(s.handle), " in ", s.asset, ": minimum ",
                            limit(s.min), ", maximum ", limit(s.max)));
    return absl::OkStatus();
  }
  absl::Status operator()(const ledger::SetStatus& s) {
    out_->set_handle(s.handle);
    out_->set_detail(StrCat(Quoted(s.handle), " is now ", ledger::AccountStatusName(s.status)));
    return absl::OkStatus();
  }
  absl::Status operator()(const ledger::RotateKeys& r) {
    out_->set_handle(r.handle);
    out_->set_detail(StrCat("keys of ", Quoted(r.handle), " replaced (", r.keys.size(), " key",
                            r.keys.size() == 1 ? "" : "s", ", threshold ", r.threshold, ")"));
    return absl::OkStatus();
  }

 private:
  void SetTransfer(const ledger::Transfer& t) {
    out_->set_from(t.from);
    out_->set_to(t.to);
    out_->set_asset(t.asset);
    out_->set_amount(t.amount.minor_units);
    out_->set_formatted_amount(Shown(t));
    out_->set_skill(t.skill);
    out_->set_memo(t.memo);
  }
  std::string Shown(const ledger::Transfer& t) const { return Show(genesis_, t.asset, t.amount); }
  static std::string Purpose(const ledger::Transfer& t) {
    std::string purpose = t.skill.empty() ? "" : StrCat(" for ", t.skill);
    if (!t.memo.empty()) purpose = StrCat(purpose, ": \"", t.memo, "\"");
    return purpose;
  }
  // Fills the pending id (and payer, payee, asset if `state_` knows them); returns "the
  // pending transfer ..." for the description.
  absl::StatusOr<std::string> Resolve(const ledger::OperationId& id) {
    out_->set_pending_id(Bytes(id));
    const std::string short_id = ledger::OperationIdToHex(id).substr(0, 8);
    if (state_ == nullptr) return StrCat("pending transfer ", short_id);
    absl::StatusOr<std::optional<ledger::Pending>> pending = state_->GetPending(id);
    if (!pending.ok()) return pending.status();
    if (!pending->has_value()) return StrCat("pending transfer ", short_id);
    const ledger::Pending& p = **pending;
    out_->set_from(p.from);
    out_->set_to(p.to);
    out_->set_asset(p.asset);
    return StrCat("the pending transfer ", short_id, " of ", Show(genesis_, p.asset, p.amount),
                  " from ", Quoted(p.from), " to ", Quoted(p.to));
  }

  const ledger::Genesis& genesis_;
  const ledger::StateReader* state_;
  const ledger::Operation& operation_;
  v1::Action* out_;
};

absl::Status GenesisView(const ledger::Genesis& genesis, v1::JournalEntry* out) {
  v1::Action* action = out->add_actions();
  action->set_type("genesis");
  action->set_handle(ledger::kCommunityHandle);
  std::string assets;
  for (const ledger::Asset& asset : genesis.assets) {
    assets = StrCat(assets, assets.empty() ? "" : ", ", asset.code);
  }
  action->set_detail(StrCat("founded the community '", genesis.community_name, "' with ", assets,
                            " and ", genesis.admin_keys.size(), " administrator key",
                            genesis.admin_keys.size() == 1 ? "" : "s"));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::JournalEntry> EntryView(const ledger::JournalEntry& entry,
                                           const ledger::Genesis& genesis,
                                           const ledger::StateReader* state) {
  v1::JournalEntry out;
  out.set_index(entry.index);
  out.set_timestamp_ms(entry.timestamp_ms);
  out.set_previous_hash(Bytes(entry.previous_hash));
  out.set_hash(Bytes(ledger::HashJournalEntry(entry)));
  out.set_signed_operation(entry.signed_bytes);
  if (entry.index == 0) {
    if (absl::Status s = GenesisView(genesis, &out); !s.ok()) return s;
    return out;
  }
  ledger::SignedOperation signed_operation;
  ledger::Operation operation;
  ledger::Rejection r = ledger::DecodeSignedOperation(entry.signed_bytes, &signed_operation);
  if (r.ok()) r = ledger::DecodeOperation(signed_operation.body, &operation);
  if (!r.ok()) {
    return absl::DataLossError(
        StrCat("journal entry ", entry.index, " does not decode: ", r.message));
  }
  out.set_operation_id(Bytes(operation.id));
  for (const ledger::SignatureEntry& s : signed_operation.signatures) {
    out.add_signers(Bytes(s.key));
  }
  for (const ledger::Action& action : operation.actions) {
    v1::Action* view = out.add_actions();
    view->set_type(ledger::ActionTypeName(ledger::TypeOf(action)));
    absl::Status s = std::visit(ActionViewer(genesis, state, operation, view), action);
    if (!s.ok()) return s;
  }
  return out;
}

}  // namespace noaber::node
