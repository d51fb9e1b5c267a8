// The demo neighbourhood Bornholm (Haarlemmermeer): a wijkcentrum, a dozen residents, the
// partners of the core coalition, a shop, two resident initiatives and three weeks of
// exchanges, written through the ledger's own rules with timestamps in the past.
#ifndef NOABER_DEPLOY_DEMO_BORNHOLM_H_
#define NOABER_DEPLOY_DEMO_BORNHOLM_H_

#include <functional>
#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/store.h"

namespace noaber::demo {

struct DemoSummary {
  uint64_t entries = 0;
  uint64_t accepted = 0;
  uint64_t rejected = 0;  // demo operations the rules refused (should be none)
  std::map<std::string, ledger::KeyPair> keys;  // key name -> key pair
};

// Makes the key pair of one person or organisation, by name ("wijkcentrum", "anna", ...).
using KeyMaker = std::function<absl::StatusOr<ledger::KeyPair>(const std::string& name)>;

// Creates the community in the empty `store` and writes its history, ending at `now_ms`.
// Keys come from `make_key` (the demo tool stores them in a wallet); by default fresh ones.
absl::StatusOr<DemoSummary> SeedBornholm(ledger::Store* store, int64_t now_ms,
                                         const KeyMaker& make_key = {});

}  // namespace noaber::demo

#endif  // NOABER_DEPLOY_DEMO_BORNHOLM_H_
