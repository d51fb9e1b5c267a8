// The read side of the board and of payment requests: listings filtered and paged for
// ListListings, an account's payment requests for ListRequests. Each scans the store's
// listings or requests once (they have no secondary index) and returns one page, newest
// first. Thread-safe (Store reads are).
#ifndef NOABER_NODE_BOARD_QUERIES_H_
#define NOABER_NODE_BOARD_QUERIES_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "noaber/ledger/genesis.h"
#include "noaber/ledger/store.h"
#include "noaber/v1/ledger.pb.h"

namespace noaber::node {

// ListListings and ListRequests pages: 1..kListPageMax, kListPageDefault when 0.
inline constexpr uint32_t kListPageDefault = 50;
inline constexpr uint32_t kListPageMax = 200;

struct ListingFilter {
  std::string skill;                        // empty: every skill
  std::optional<ledger::ListingKind> kind;  // nullopt: offers and requests
  std::string owner;                        // empty: every owner
  bool include_closed = false;              // also closed and ended listings
  uint64_t before_index = 0;                // 0: from the newest
  size_t limit = kListPageDefault;
};

// Listings matching `filter`, newest first (by the index of the entry that posted them). A
// listing is "ended" when open but past its end at `now_ms`. NotFound for a skill the
// catalogue does not hold.
absl::StatusOr<v1::Listings> QueryListings(const ledger::Store& store,
                                           const ledger::Genesis& genesis,
                                           const ListingFilter& filter, int64_t now_ms);

enum class RequestRole { kPayer, kPayee, kBoth };

struct RequestFilter {
  std::string handle;
  RequestRole role = RequestRole::kBoth;
  bool include_closed = false;  // also accepted, declined and expired requests
  uint64_t before_index = 0;    // 0: from the newest
  size_t limit = kListPageDefault;
};

// The payment requests where `filter.handle` has the role asked, newest first. A request is
// "expired" when open but past its expiry at `now_ms`. NotFound for an unknown account.
absl::StatusOr<v1::PaymentRequests> QueryRequests(const ledger::Store& store,
                                                  const ledger::Genesis& genesis,
                                                  const RequestFilter& filter, int64_t now_ms);

}  // namespace noaber::node

#endif  // NOABER_NODE_BOARD_QUERIES_H_
