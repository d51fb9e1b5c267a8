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

std::string ShortId(const ledger::OperationId& id) {
  return ledger::OperationIdToHex(id).substr(0, 8);
}

// "paid 2h to bert" / "received 2h from anna" / "anna paid 2h to bert"; for a pending
// transfer "reserved 2h for bert" / "anna reserved 2h for you" / "anna reserved 2h for bert".
std::string TransferText(const ledger::Transfer& t, std::string_view viewer,
                         const AssetKinds& kinds, bool pending) {
  std::string amount = Amount(kinds, t.asset, t.amount);
  std::string text;
  if (!pending) {
    if (t.from == viewer) {
      text = StrCat("paid ", amount, " to ", t.to);
    } else if (t.to == viewer) {
      text = StrCat("received ", amount, " from ", t.from);
    } else {
      text = StrCat(t.from, " paid ", amount, " to ", t.to);
    }
  } else if (t.from == viewer) {
    text = StrCat("reserved ", amount, " for ", t.to);
  } else {
    text = StrCat(t.from, " reserved ", amount, " for ", t.to == viewer ? "you" : t.to);
  }
  if (!t.skill.empty()) StrAppend(&text, " (", t.skill, ")");
  if (!t.memo.empty()) StrAppend(&text, ": \"", t.memo, "\"");
  return text;
}

std::string LimitText(const std::optional<ledger::Amount>& amount, const AssetKinds& kinds,
                      std::string_view asset) {
  return amount.has_value() ? ledger::FormatAmount(*amount, KindOf(kinds, asset)) : "unchanged";
}

struct Describer {
  const ledger::OperationId& operation_id;
  std::string_view viewer;
  const AssetKinds& kinds;

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
};

}  // namespace

std::string DescribeAction(const ledger::Action& action, const ledger::OperationId& operation_id,
                           std::string_view viewer, const AssetKinds& kinds) {
  return std::visit(Describer{operation_id, viewer, kinds}, action);
}

nlohmann::json ActionJson(const ledger::Action& action, const ledger::OperationId& operation_id,
                          std::string_view viewer, const AssetKinds& kinds) {
  nlohmann::json object = {{"type", ledger::ActionTypeName(ledger::TypeOf(action))},
                           {"description", DescribeAction(action, operation_id, viewer, kinds)}};
  const ledger::Transfer* transfer = std::get_if<ledger::Transfer>(&action);
  if (const auto* pending = std::get_if<ledger::CreatePending>(&action)) {
    transfer = &pending->transfer;
    object["timeout_ms"] = pending->timeout_ms;
    object["pending_id"] = ledger::OperationIdToHex(operation_id);
  }
  if (const auto* post = std::get_if<ledger::PostPending>(&action)) {
    object["pending_id"] = ledger::OperationIdToHex(post->pending_id);
  }
  if (const auto* release = std::get_if<ledger::VoidPending>(&action)) {
    object["pending_id"] = ledger::OperationIdToHex(release->pending_id);
  }
  if (transfer != nullptr) {
    object["from"] = transfer->from;
    object["to"] = transfer->to;
    object["amount"] =
        AmountJson(transfer->asset, transfer->amount, KindOf(kinds, transfer->asset));
    object["skill"] = transfer->skill;
    object["memo"] = transfer->memo;
  }
  return object;
}

}  // namespace noaber::wallet
