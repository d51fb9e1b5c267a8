// Sums over one account's history: an initiative's funding and spending (GetInitiative) and a
// contribution statement signed by the node (GetStatement). Both read the account's history
// through ForEachMovement (movements.h). Thread-safe (Store reads are).
#ifndef NOABER_NODE_ACCOUNT_SUMS_H_
#define NOABER_NODE_ACCOUNT_SUMS_H_

#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/genesis.h"
#include "noaber/ledger/store.h"
#include "noaber/v1/ledger.pb.h"
#include "node/movements.h"

namespace noaber::node {

// The budget (balances) of initiative `handle`, who funded it and whom it paid (summed per
// account and asset, corrections subtracted), and its owners: the other accounts holding one
// of its keys. NotFound for an unknown account; FailedPrecondition if it is not an
// initiative; ResourceExhausted for a history above kHistoryEntriesSummedMax entries.
absl::StatusOr<v1::InitiativeInfo> QueryInitiative(const ledger::Store& store,
                                                   const ledger::Genesis& genesis,
                                                   std::string_view handle);

// Per time asset, per skill ("-" for none): the help an account gave (time it was paid) and
// received (time it paid) in one calendar year.
struct StatementFigures {
  std::map<std::string, std::map<std::string, ledger::Amount>> given;     // asset -> skill
  std::map<std::string, std::map<std::string, ledger::Amount>> received;  // asset -> skill
};

// Counts movement `m` of `handle`'s history into `figures` for `year`: a transfer, posted
// pending transfer or accepted request made in that year; a correction subtracts the
// transfer it undoes from the year that transfer was made in. Welcomes are not help and are
// not counted.
void CountForStatement(const Movement& m, std::string_view handle, int year,
                       StatementFigures* figures);

// The first millisecond of calendar year `year` as CalendarYearOf() counts it (UTC+1).
int64_t YearStartMs(int year);

struct StatementRequest {
  std::string handle;
  int year = 0;       // a calendar year the community has seen
  std::string asset;  // a time asset; empty: every time asset
};

// One signed statement per time asset asked for, issued at `now_ms` and signed with
// `node_key`. NotFound for an unknown account; InvalidArgument for an asset that is not one
// of the community's time assets; ResourceExhausted for a history too long to sum.
absl::StatusOr<v1::Statements> QueryStatement(const ledger::Store& store,
                                              const ledger::Genesis& genesis,
                                              const ledger::CommunityId& community_id,
                                              const ledger::KeyPair& node_key,
                                              const StatementRequest& request, int64_t now_ms);

}  // namespace noaber::node

#endif  // NOABER_NODE_ACCOUNT_SUMS_H_
