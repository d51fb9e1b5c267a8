#include "node/entry_view.h"

#include <algorithm>

#include "noaber/ledger/crypto.h"
#include "noaber/ledger/operation.h"
#include "noaber/ledger/strings.h"
#include "node/action_view.h"
#include "node/journal_reading.h"
#include "node/view_text.h"

namespace noaber::node {

using ledger::Amount;
using ledger::StrCat;

absl::Status ActionViewer::operator()(const ledger::OpenAccount& a) {
  out_->set_handle(a.handle);
  std::string welcome;
  for (const ledger::Asset& asset : genesis_.assets) {
    const Amount amount = ledger::WelcomeFor(genesis_, a.kind, asset.code);
    if (amount.minor_units <= 0) continue;
    welcome = StrCat(welcome, welcome.empty() ? ", welcomed with " : " and ",
                     Show(genesis_, asset.code, amount));
  }
  out_->set_detail(StrCat("opened ", ledger::AccountKindName(a.kind), " account ", Quoted(a.handle),
                          " (", a.keys.size(), " key", a.keys.size() == 1 ? "" : "s",
                          ", threshold ", a.threshold, ")", welcome));
  return absl::OkStatus();
}

absl::Status ActionViewer::operator()(const ledger::Transfer& t) {
  SetTransfer(t);
  if (t.from == ledger::kCommunityHandle) {
    // Issuance: the memo is the reason the ledger requires for it.
    out_->set_detail(
        StrCat(Quoted(t.from), " issued ", Shown(t), " to ", Quoted(t.to), Purpose(t)));
  } else {
    out_->set_detail(StrCat(Quoted(t.from), " paid ", Quoted(t.to), " ", Shown(t), Purpose(t)));
  }
  return MarkOnBehalf(t.from);
}

absl::Status ActionViewer::operator()(const ledger::CreatePending& p) {
  SetTransfer(p.transfer);
  out_->set_pending_id(Bytes(operation_.id));
  out_->set_timeout_ms(p.timeout_ms);
  out_->set_detail(StrCat(Quoted(p.transfer.from), " reserved ", Shown(p.transfer), " for ",
                          Quoted(p.transfer.to), Purpose(p.transfer), " for at most ",
                          ledger::FormatDurationMs(p.timeout_ms)));
  return MarkOnBehalf(p.transfer.from);
}

absl::Status ActionViewer::operator()(const ledger::PostPending& p) {
  std::string payer;
  absl::StatusOr<std::string> of = Resolve(p.pending_id, &payer);
  if (!of.ok()) return of.status();
  if (p.amount) {
    out_->set_amount(p.amount->minor_units);
    out_->set_formatted_amount(Show(genesis_, out_->asset(), *p.amount));
  }
  out_->set_detail(StrCat("posted ", p.amount ? out_->formatted_amount() : "all", " of ", *of));
  return payer.empty() ? absl::OkStatus() : MarkOnBehalf(payer);
}

absl::Status ActionViewer::operator()(const ledger::VoidPending& v) {
  std::string payer;
  absl::StatusOr<std::string> of = Resolve(v.pending_id, &payer);
  if (!of.ok()) return of.status();
  out_->set_detail(StrCat("voided ", *of));
  return absl::OkStatus();
}

absl::Status ActionViewer::operator()(const ledger::ExpirePending& e) {
  std::string payer;
  absl::StatusOr<std::string> of = Resolve(e.pending_id, &payer);
  if (!of.ok()) return of.status();
  out_->set_detail(StrCat(*of, " expired"));
  return absl::OkStatus();
}

absl::Status ActionViewer::operator()(const ledger::SetLimits& s) {
  out_->set_handle(s.handle);
  out_->set_asset(s.asset);
  auto limit = [&](const std::optional<Amount>& a) {
    return a ? Show(genesis_, s.asset, *a) : std::string("unchanged");
  };
  out_->set_detail(StrCat("limits of ", Quoted(s.handle), " in ", s.asset, ": minimum ",
                          limit(s.min), ", maximum ", limit(s.max)));
  return absl::OkStatus();
}

absl::Status ActionViewer::operator()(const ledger::SetStatus& s) {
  out_->set_handle(s.handle);
  out_->set_detail(StrCat(Quoted(s.handle), " is now ", ledger::AccountStatusName(s.status)));
  return absl::OkStatus();
}

absl::Status ActionViewer::operator()(const ledger::RotateKeys& r) {
  out_->set_handle(r.handle);
  out_->set_detail(StrCat("keys of ", Quoted(r.handle), " replaced (", r.keys.size(), " key",
                          r.keys.size() == 1 ? "" : "s", ", threshold ", r.threshold, ")"));
  return absl::OkStatus();
}

void ActionViewer::SetTransfer(const ledger::Transfer& t) {
  out_->set_from(t.from);
  out_->set_to(t.to);
  out_->set_asset(t.asset);
  out_->set_amount(t.amount.minor_units);
  out_->set_formatted_amount(Shown(t));
  out_->set_skill(t.skill);
  out_->set_memo(t.memo);
}

std::string ActionViewer::Shown(const ledger::Transfer& t) const {
  return Show(genesis_, t.asset, t.amount);
}

std::string ActionViewer::Purpose(const ledger::Transfer& t) {
  std::string purpose = t.skill.empty() ? "" : StrCat(" for ", t.skill);
  if (!t.memo.empty()) purpose = StrCat(purpose, ": \"", t.memo, "\"");
  return purpose;
}

absl::StatusOr<std::string> ActionViewer::Resolve(const ledger::OperationId& id,
                                                  std::string* payer) {
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
  out_->set_skill(p.skill);
  *payer = p.from;
  return StrCat("the pending transfer ", short_id, " of ", Show(genesis_, p.asset, p.amount),
                " from ", Quoted(p.from), " to ", Quoted(p.to));
}

namespace {

// How many of `account`'s keys are among `signers` (sorted): its threshold met or not.
bool SignedBy(const ledger::Account& account, const std::vector<ledger::PublicKey>& signers) {
  size_t count = 0;
  for (const ledger::PublicKey& key : account.keys) {
    if (std::binary_search(signers.begin(), signers.end(), key)) ++count;
  }
  return count >= account.threshold;
}

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

absl::Status ActionViewer::MarkOnBehalf(std::string_view handle) {
  if (state_ == nullptr || handle == ledger::kCommunityHandle || signers_.empty()) {
    return absl::OkStatus();
  }
  absl::StatusOr<std::optional<ledger::Account>> account = state_->GetAccount(handle);
  if (!account.ok()) return account.status();
  if (!account->has_value() || SignedBy(**account, signers_)) return absl::OkStatus();
  absl::StatusOr<std::optional<ledger::Account>> community =
      state_->GetAccount(ledger::kCommunityHandle);
  if (!community.ok()) return community.status();
  if (!community->has_value()) return absl::OkStatus();
  const std::vector<ledger::PublicKey>& admin_keys = (*community)->keys;
  for (const ledger::PublicKey& key : signers_) {
    if (std::find(admin_keys.begin(), admin_keys.end(), key) != admin_keys.end()) {
      out_->add_signed_on_behalf_by(ledger::ToHex(key));
    }
  }
  if (out_->signed_on_behalf_by_size() > 0) {
    out_->set_detail(StrCat(out_->detail(), " (signed on behalf of ", Quoted(handle),
                            " by the administrators)"));
  }
  return absl::OkStatus();
}

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
  absl::StatusOr<DecodedEntry> decoded = DecodeEntry(entry);
  if (!decoded.ok()) return decoded.status();
  out.set_operation_id(Bytes(decoded->operation.id));
  for (const ledger::PublicKey& key : decoded->signers) out.add_signers(Bytes(key));
  // Signatures are stored sorted by key; sort anyway, since MarkOnBehalf searches them.
  std::vector<ledger::PublicKey> signers = decoded->signers;
  std::sort(signers.begin(), signers.end());
  for (const ledger::Action& action : decoded->operation.actions) {
    v1::Action* view = out.add_actions();
    view->set_type(ledger::ActionTypeName(ledger::TypeOf(action)));
    absl::Status s =
        std::visit(ActionViewer(genesis, state, decoded->operation, signers, view), action);
    if (!s.ok()) return s;
  }
  return out;
}

}  // namespace noaber::node
