#include "wallet-cli/describe.h"

#include "noaber/ledger/strings.h"
#include "wallet-cli/output.h"

namespace noaber::wallet {
namespace {

using ledger::StrAppend;
using ledger::StrCat;

ledger::AssetKind KindOf(const AssetKinds& kinds, std::string_view asset) {
  auto found = kinds.find(asset);
  return found == kinds.end() ? ledger::AssetKind::kTime : found->second;
}

std::string Amount(const AssetKinds& kinds, std::string_view asset, ledger::Amount amount) {
  return AmountText(asset, amount, KindOf(kinds, asset));
}

// " (tuin): "thanks"", or less.
std::string SkillAndMemo(std::string_view skill, std::string_view memo) {
  std::string text;
  if (!skill.empty()) StrAppend(&text, " (", skill, ")");
  if (!memo.empty()) StrAppend(&text, ": \"", memo, "\"");
  return text;
}

// "paid 2h to bert" / "received 2h from anna" / "anna paid 2h to bert", with `verb` "paid" or
// "paid back" (and "received" or "received back").
std::string MoveText(std::string_view from, std::string_view to, const std::string& amount,
                     std::string_view viewer, bool back) {
  std::string_view paid = back ? "paid back " : "paid ";
  if (from == viewer) return StrCat(paid, amount, " to ", to);
  if (to == viewer) return StrCat(back ? "received back " : "received ", amount, " from ", from);
  return StrCat(from, " ", paid, amount, " to ", to);
}

// "paid 2h to bert" ...; for a pending transfer "reserved 2h for bert" / "anna reserved 2h for
// you" / "anna reserved 2h for bert".
std::string TransferText(const ledger::Transfer& t, std::string_view viewer,
                         const AssetKinds& kinds, bool pending) {
  std::string amount = Amount(kinds, t.asset, t.amount);
  std::string text;
  if (!pending) {
    text = MoveText(t.from, t.to, amount, viewer, false);
  } else if (t.from == viewer) {
    text = StrCat("reserved ", amount, " for ", t.to);
  } else {
    text = StrCat(t.from, " reserved ", amount, " for ", t.to == viewer ? "you" : t.to);
  }
  return StrCat(text, SkillAndMemo(t.skill, t.memo));
}

std::string LimitText(const std::optional<ledger::Amount>& amount, const AssetKinds& kinds,
                      std::string_view asset) {
  return amount.has_value() ? ledger::FormatAmount(*amount, KindOf(kinds, asset)) : "unchanged";
}

std::string ListingText(const ledger::PostListing& a, const ledger::OperationId& id,
                        std::string_view viewer, const AssetKinds& kinds) {
  std::string text = a.owner == viewer ? "" : StrCat(a.owner, " ");
  StrAppend(&text, a.kind == ledger::ListingKind::kOffer ? "offered" : "asked for", " help with ",
            a.skill, ": \"", a.text, "\"");
  if (!a.asset.empty()) StrAppend(&text, ", about ", Amount(kinds, a.asset, a.estimate));
  if (a.ends_at_ms != 0) StrAppend(&text, ", until ", FormatTime(a.ends_at_ms));
  return StrCat(text, " (listing ", ShortId(id), ")");
}

std::string RequestText(const ledger::RequestPayment& a, const ledger::OperationId& id,
                        std::string_view viewer, const AssetKinds& kinds) {
  std::string amount = Amount(kinds, a.asset, a.amount);
  std::string text;
  if (a.payee == viewer) {
    text = StrCat("asked ", a.payer, " to pay ", amount);
  } else {
    text = StrCat(a.payee, " asked ", a.payer == viewer ? "you" : a.payer, " to pay ", amount);
  }
  StrAppend(&text, SkillAndMemo(a.skill, a.memo), " (request ", ShortId(id));
  if (a.listing.has_value()) StrAppend(&text, ", for listing ", ShortId(*a.listing));
  if (a.expires_at_ms != 0) StrAppend(&text, ", until ", FormatTime(a.expires_at_ms));
  return StrCat(text, ")");
}

std::string CorrectionText(const ledger::CorrectTransfer& a, std::string_view viewer,
                           const AssetKinds& kinds, const ActionNotes& notes) {
  std::string text = notes.original_index != 0 ? StrCat("corrected entry #", notes.original_index)
                                               : StrCat("corrected action ", a.action_index + 1,
                                                        " of operation ", ShortId(a.original_id));
  if (notes.amount.minor_units != 0) {
    StrAppend(
        &text, ": ",
        MoveText(notes.from, notes.to, Amount(kinds, notes.asset, notes.amount), viewer, true));
  }
  return StrCat(text, ", because \"", a.reason, "\"");
}

struct Describer {
  const ledger::OperationId& operation_id;
  std::string_view viewer;
  const AssetKinds& kinds;
  const ActionNotes& notes;

  std::string operator()(const ledger::OpenAccount& a) const {
    return StrCat("opened ", ledger::AccountKindName(a.kind), " account ", a.handle);
  }
  std::string operator()(const ledger::Transfer& a) const {
    return TransferText(a, viewer, kinds, false);
  }
  std::string operator()(const ledger::CreatePending& a) const {
    return StrCat(TransferText(a.transfer, viewer, kinds, true), " (pending ",
                  ShortId(operation_id), ", for ", ledger::FormatDurationMs(a.timeout_ms), ")");
  }
  std::string operator()(const ledger::PostPending& a) const {
    return StrCat(a.amount.has_value() ? "paid part of pending " : "paid pending ",
                  ShortId(a.pending_id));
  }
  std::string operator()(const ledger::VoidPending& a) const {
    return StrCat("released pending ", ShortId(a.pending_id));
  }
  std::string operator()(const ledger::SetLimits& a) const {
    return StrCat("limits of ", a.handle, " in ", a.asset, ": min ",
                  LimitText(a.min, kinds, a.asset), ", max ", LimitText(a.max, kinds, a.asset));
  }
  std::string operator()(const ledger::SetStatus& a) const {
    return StrCat("status of ", a.handle, " set to ", ledger::AccountStatusName(a.status));
  }
  std::string operator()(const ledger::RotateKeys& a) const {
    return StrCat("keys of ", a.handle, " replaced (", a.keys.size(), " key(s), ",
                  static_cast<int>(a.threshold), " to sign)");
  }
  std::string operator()(const ledger::ExpirePending& a) const {
    return StrCat("pending ", ShortId(a.pending_id), " expired");
  }
  std::string operator()(const ledger::SetSkill& a) const {
    const ledger::Skill& s = a.skill;
    if (s.retired) return StrCat("retired skill ", s.code, " (", s.label_en, ")");
    return StrCat("skill ", s.code, " set: ", s.label_nl, " / ", s.label_en, " (", s.category, ")");
  }
  std::string operator()(const ledger::PostListing& a) const {
    return ListingText(a, operation_id, viewer, kinds);
  }
  std::string operator()(const ledger::CloseListing& a) const {
    return StrCat("closed listing ", ShortId(a.listing_id));
  }
  std::string operator()(const ledger::RequestPayment& a) const {
    return RequestText(a, operation_id, viewer, kinds);
  }
  std::string operator()(const ledger::AcceptRequest& a) const {
    std::string text = StrCat("accepted request ", ShortId(a.request_id));
    if (notes.amount.minor_units == 0) return text;
    std::string amount = Amount(kinds, notes.asset, notes.amount);
    if (notes.to == viewer) {
      return StrCat(notes.from, " ", text, ": received ", amount);
    }
    return StrCat(notes.from == viewer ? "" : StrCat(notes.from, " "), text, ": paid ", amount,
                  " to ", notes.to);
  }
  std::string operator()(const ledger::DeclineRequest& a) const {
    return StrCat("declined request ", ShortId(a.request_id));
  }
  std::string operator()(const ledger::SetAssisted& a) const {
    return a.assisted ? StrCat(a.handle, " is assisted: administrators may sign for them")
                      : StrCat(a.handle, " is no longer assisted");
  }
  std::string operator()(const ledger::CorrectTransfer& a) const {
    return CorrectionText(a, viewer, kinds, notes);
  }
};

// The account a signature on its behalf stood in for: what the bytes say, else the node.
std::string ActingAccount(const ledger::Action& action, const ActionNotes& notes) {
  if (const auto* t = std::get_if<ledger::Transfer>(&action)) return t->from;
  if (const auto* p = std::get_if<ledger::CreatePending>(&action)) return p->transfer.from;
  if (const auto* l = std::get_if<ledger::PostListing>(&action)) return l->owner;
  if (const auto* r = std::get_if<ledger::RequestPayment>(&action)) return r->payee;
  if (!notes.account.empty()) return notes.account;
  return notes.from.empty() ? "the account" : notes.from;
}

// Fills in what the bytes of a transfer-like action say.
void AddMoneyFields(const ledger::Action& action, const ledger::OperationId& operation_id,
                    const AssetKinds& kinds, const ActionNotes& notes, nlohmann::json* object) {
  const ledger::Transfer* transfer = std::get_if<ledger::Transfer>(&action);
  if (const auto* pending = std::get_if<ledger::CreatePending>(&action)) {
    transfer = &pending->transfer;
    (*object)["timeout_ms"] = pending->timeout_ms;
    (*object)["pending_id"] = ledger::OperationIdToHex(operation_id);
  }
  if (const auto* post = std::get_if<ledger::PostPending>(&action)) {
    (*object)["pending_id"] = ledger::OperationIdToHex(post->pending_id);
  }
  if (const auto* release = std::get_if<ledger::VoidPending>(&action)) {
    (*object)["pending_id"] = ledger::OperationIdToHex(release->pending_id);
  }
  if (transfer != nullptr) {
    (*object)["from"] = transfer->from;
    (*object)["to"] = transfer->to;
    (*object)["amount"] =
        AmountJson(transfer->asset, transfer->amount, KindOf(kinds, transfer->asset));
    (*object)["skill"] = transfer->skill;
    (*object)["memo"] = transfer->memo;
  } else if (notes.amount.minor_units != 0) {
    (*object)["from"] = notes.from;
    (*object)["to"] = notes.to;
    (*object)["amount"] = AmountJson(notes.asset, notes.amount, KindOf(kinds, notes.asset));
  }
}

// The economy's own fields: listings, requests, skills, assistance, corrections.
void AddEconomyFields(const ledger::Action& action, const ledger::OperationId& operation_id,
                      const AssetKinds& kinds, nlohmann::json* object) {
  nlohmann::json& o = *object;
  if (const auto* l = std::get_if<ledger::PostListing>(&action)) {
    o["listing_id"] = ledger::OperationIdToHex(operation_id);
    o["owner"] = l->owner;
    o["kind"] = ledger::ListingKindName(l->kind);
    o["skill"] = l->skill;
    o["text"] = l->text;
    o["ends_at_ms"] = l->ends_at_ms;
    if (!l->asset.empty())
      o["estimate"] = AmountJson(l->asset, l->estimate, KindOf(kinds, l->asset));
  } else if (const auto* c = std::get_if<ledger::CloseListing>(&action)) {
    o["listing_id"] = ledger::OperationIdToHex(c->listing_id);
  } else if (const auto* r = std::get_if<ledger::RequestPayment>(&action)) {
    o["request_id"] = ledger::OperationIdToHex(operation_id);
    o["from"] = r->payer;
    o["to"] = r->payee;
    o["amount"] = AmountJson(r->asset, r->amount, KindOf(kinds, r->asset));
    o["skill"] = r->skill;
    o["memo"] = r->memo;
    o["expires_at_ms"] = r->expires_at_ms;
    if (r->listing.has_value()) o["listing_id"] = ledger::OperationIdToHex(*r->listing);
  } else if (const auto* a = std::get_if<ledger::AcceptRequest>(&action)) {
    o["request_id"] = ledger::OperationIdToHex(a->request_id);
  } else if (const auto* d = std::get_if<ledger::DeclineRequest>(&action)) {
    o["request_id"] = ledger::OperationIdToHex(d->request_id);
  } else if (const auto* s = std::get_if<ledger::SetSkill>(&action)) {
    o["skill"] = s->skill.code;
    o["retired"] = s->skill.retired;
  } else if (const auto* h = std::get_if<ledger::SetAssisted>(&action)) {
    o["handle"] = h->handle;
    o["assisted"] = h->assisted;
  } else if (const auto* x = std::get_if<ledger::CorrectTransfer>(&action)) {
    o["original_operation_id"] = ledger::OperationIdToHex(x->original_id);
    o["original_action"] = x->action_index + 1;
    o["reason"] = x->reason;
  }
}

}  // namespace

std::string DescribeAction(const ledger::Action& action, const ledger::OperationId& operation_id,
                           std::string_view viewer, const AssetKinds& kinds,
                           const ActionNotes& notes) {
  std::string text = std::visit(Describer{operation_id, viewer, kinds, notes}, action);
  if (!notes.signed_on_behalf_by.empty()) {
    // Name the administrators by their keys, so the journal says who signed.
    std::string keys;
    for (const std::string& key : notes.signed_on_behalf_by) {
      StrAppend(&keys, keys.empty() ? "" : ", ", key.substr(0, 8));
    }
    StrAppend(&text, " (signed on behalf of ", ActingAccount(action, notes),
              " by administrator key ", keys, ")");
  }
  return text;
}

nlohmann::json ActionJson(const ledger::Action& action, const ledger::OperationId& operation_id,
                          std::string_view viewer, const AssetKinds& kinds,
                          const ActionNotes& notes) {
  nlohmann::json object = {
      {"type", ledger::ActionTypeName(ledger::TypeOf(action))},
      {"description", DescribeAction(action, operation_id, viewer, kinds, notes)}};
  AddMoneyFields(action, operation_id, kinds, notes, &object);
  AddEconomyFields(action, operation_id, kinds, &object);
  if (!notes.signed_on_behalf_by.empty()) {
    object["signed_on_behalf_of"] = ActingAccount(action, notes);
    object["signed_on_behalf_by"] = notes.signed_on_behalf_by;
  }
  if (notes.original_index != 0) object["original_index"] = notes.original_index;
  return object;
}

}  // namespace noaber::wallet
