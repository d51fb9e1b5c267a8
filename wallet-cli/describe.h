// One-line descriptions of journal entries' actions for people, from the point of view of
// the account whose history is shown, and their JSON form. Pure functions, thread-safe.
#ifndef NOABER_WALLET_CLI_DESCRIBE_H_
#define NOABER_WALLET_CLI_DESCRIBE_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "noaber/ledger/operation.h"

namespace noaber::wallet {

// Asset code -> kind, from the community. An unknown asset formats as time.
using AssetKinds = std::map<std::string, ledger::AssetKind, std::less<>>;

// What the node says about an action that its signed bytes do not (v1::Action's fields).
// Everything is optional: an empty ActionNotes describes the bytes alone.
struct ActionNotes {
  // Administrator keys (hex) that signed a payment for an assisted account whose own keys
  // did not sign.
  std::vector<std::string> signed_on_behalf_by;
  // The account acted for, when the action's bytes do not say (an acceptance names only
  // the request): the node's `handle`. Empty: the payer `from`.
  std::string account;
  // accept_request and correct_transfer: the money that moved. Zero amount: unknown.
  std::string from;
  std::string to;
  std::string asset;
  ledger::Amount amount;
  uint64_t original_index = 0;  // correct_transfer: the journal entry it corrects; 0: unknown
};

// "paid 1h30m to bert (tuin): "thanks"", "received 2h from anna", "opened resident account
// bert", "offered help with tuin: ...", ... `viewer` is the account whose history this is;
// `operation_id` the id of the operation holding the action (it names the pending transfer,
// listing or payment request the action creates). Every ledger::Action alternative has a
// description. A payment signed on behalf of an assisted resident ends in "(signed on behalf
// of jan by administrator key 8818f418)".
std::string DescribeAction(const ledger::Action& action, const ledger::OperationId& operation_id,
                           std::string_view viewer, const AssetKinds& kinds,
                           const ActionNotes& notes = {});

// {"type": "transfer", "from": ..., "to": ..., "amount": {...}, "description": ...}
nlohmann::json ActionJson(const ledger::Action& action, const ledger::OperationId& operation_id,
                          std::string_view viewer, const AssetKinds& kinds,
                          const ActionNotes& notes = {});

}  // namespace noaber::wallet

#endif  // NOABER_WALLET_CLI_DESCRIBE_H_
