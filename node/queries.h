// The read side of the API: each query reads the Store and builds the reply message. The
// handlers in service.cc validate and authenticate, then make one of these calls.
// Thread-safe (Store reads are).
#ifndef NOABER_NODE_QUERIES_H_
#define NOABER_NODE_QUERIES_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "noaber/ledger/genesis.h"
#include "noaber/ledger/store.h"
#include "noaber/v1/ledger.pb.h"

namespace noaber::node {

// The community: genesis, assets with what is in circulation (minus the community account's
// balance), the skills catalogue as the store holds it now (retired skills included), the
// defaults per account kind, and the journal size (head index + 1).
absl::StatusOr<v1::Community> QueryCommunity(const ledger::Store& store,
                                             const ledger::Genesis& genesis,
                                             const ledger::CommunityId& community_id);

// One account by handle. NotFound if there is none.
absl::StatusOr<v1::AccountInfo> QueryAccount(const ledger::Store& store, std::string_view handle);

// The first account (by handle) holding `key`, with every handle holding it listed in
// handles_with_key. NotFound if no account holds it.
absl::StatusOr<v1::AccountInfo> QueryAccountByKey(const ledger::Store& store,
                                                  const ledger::PublicKey& key);

// The balances of `handle` in every asset. NotFound if there is no such account.
absl::StatusOr<v1::Balances> QueryBalances(const ledger::Store& store,
                                           const ledger::Genesis& genesis, std::string_view handle);

// Up to `limit` entries touching `handle` below `before_index` (0: from the newest), newest
// first; next_before_index is 0 when there are no more.
absl::StatusOr<v1::History> QueryHistory(const ledger::Store& store, const ledger::Genesis& genesis,
                                         std::string_view handle, uint64_t before_index,
                                         size_t limit);

// Journal entry `index`, decoded. DataLoss if it is missing or does not decode.
absl::StatusOr<v1::JournalEntry> QueryEntry(const ledger::Store& store,
                                            const ledger::Genesis& genesis, uint64_t index);

v1::PendingInfo PendingView(const ledger::Pending& pending);

// The journal indexes in [first, last] that a watch of `handle` sees (every index when
// `handle` is empty), ascending. At most `last - first + 1` of them.
absl::StatusOr<std::vector<uint64_t>> WatchedIndexes(const ledger::Store& store,
                                                     std::string_view handle, uint64_t first,
                                                     uint64_t last);

}  // namespace noaber::node

#endif  // NOABER_NODE_QUERIES_H_
