// One-line descriptions of journal entries' actions for people, from the point of view of
// the account whose history is shown, and their JSON form. Pure functions, thread-safe.
#ifndef NOABER_WALLET_CLI_DESCRIBE_H_
#define NOABER_WALLET_CLI_DESCRIBE_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "noaber/ledger/operation.h"

namespace noaber::wallet {

// Asset code -> kind, from the community. An unknown asset formats as time.
using AssetKinds = std::map<std::string, ledger::AssetKind, std::less<>>;

// "paid 1h30m to bert for gardening: "thanks"", "received 2h from anna", "opened resident
// account bert", ... `viewer` is the account whose history this is; `operation_id` the id of
// the operation holding the action (it names a pending transfer the action creates).
std::string DescribeAction(const ledger::Action& action, const ledger::OperationId& operation_id,
                           std::string_view viewer, const AssetKinds& kinds);

// {"type": "transfer", "from": ..., "to": ..., "amount": {...}, "description": ...}
nlohmann::json ActionJson(const ledger::Action& action, const ledger::OperationId& operation_id,
                          std::string_view viewer, const AssetKinds& kinds);

}  // namespace noaber::wallet

#endif  // NOABER_WALLET_CLI_DESCRIBE_H_
