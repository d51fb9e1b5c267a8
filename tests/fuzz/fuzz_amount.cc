// Fuzz target for amounts and durations as people type them: ledger::ParseAmount (time and
// currency, with and without negatives), ledger::ParseDurationMs, and the wallet's checks on
// top of them (wallet-cli/inputs.h: CheckAmountSyntax, ParseAmountFor, ParseTimeoutMs,
// ParseExpiryMs, ParseUntilMs). The input is the typed text.
//
// Properties: a parsed amount is within +-kAmountMax, formats back to text that parses to the
// same amount, and is negative only when negatives are allowed; the wallet accepts exactly what
// the ledger parses; a parsed duration is not negative and its formatted text (whole seconds)
// parses back to it; the wallet's bounds on timeouts, expiries and listing ends hold.
#include <string>

#include "noaber/ledger/amount.h"
#include "noaber/ledger/operation.h"
#include "noaber/ledger/types.h"
#include "tests/fuzz/fuzz_check.h"
#include "wallet-cli/inputs.h"

namespace noaber::fuzz {
namespace {

using ledger::Amount;
using ledger::AssetKind;

// 2026-01-05 09:00 UTC: a fixed clock, so runs repeat.
constexpr int64_t kNowMs = 1767603600000;

void AmountOfKind(std::string_view text, AssetKind kind) {
  absl::StatusOr<Amount> signed_amount = ledger::ParseAmount(text, kind, /*allow_negative=*/true);
  absl::StatusOr<Amount> amount = ledger::ParseAmount(text, kind, /*allow_negative=*/false);
  Require(!amount.ok() || signed_amount.ok(), "allowing negatives refuses nothing more");
  if (amount.ok()) {
    Require(*amount == *signed_amount, "allowing negatives changes no value");
    Require(amount->minor_units >= 0, "a refused sign gives no negative amount");
  }
  absl::StatusOr<Amount> wallet = wallet::ParseAmountFor(text, "X", kind, true);
  Require(wallet.ok() == signed_amount.ok(), "the wallet parses exactly what the ledger parses");
  if (!signed_amount.ok()) {
    Require(!signed_amount.status().message().empty(), "a refusal says why");
    return;
  }
  Require(ledger::InRange(*signed_amount), "a parsed amount is within +-kAmountMax");
  Require(wallet::CheckAmountSyntax(text, true).ok(), "the wallet's syntax check agrees");
  const std::string formatted = ledger::FormatAmount(*signed_amount, kind);
  absl::StatusOr<Amount> again = ledger::ParseAmount(formatted, kind, true);
  Require(again.ok() && *again == *signed_amount, "a formatted amount parses to the same value");
  Require(ledger::FormatAmount(*again, kind) == formatted, "formatting is canonical");
}

void Duration(std::string_view text) {
  absl::StatusOr<int64_t> ms = ledger::ParseDurationMs(text);
  absl::StatusOr<int64_t> timeout = wallet::ParseTimeoutMs(text);
  absl::StatusOr<int64_t> expiry = wallet::ParseExpiryMs(text);
  absl::StatusOr<int64_t> until = wallet::ParseUntilMs(text, kNowMs);
  if (timeout.ok()) {
    Require(ms.ok() && *timeout == *ms, "a timeout is a duration");
    Require(*timeout >= ledger::kPendingTimeoutMinMs && *timeout <= ledger::kPendingTimeoutMaxMs,
            "a timeout is within the ledger's bounds");
  }
  if (expiry.ok()) {
    Require(ms.ok() && *expiry == *ms, "an expiry is a duration");
    Require(*expiry >= wallet::kRequestExpiryMinMs && *expiry <= wallet::kRequestExpiryMaxMs,
            "an expiry is within its bounds");
  }
  if (until.ok()) {
    Require(*until > kNowMs && *until - kNowMs <= wallet::kListingAheadMaxMs,
            "a listing ends in the future, at most kListingAheadMaxMs ahead");
  }
  if (!ms.ok()) return;
  Require(*ms >= 0, "a duration is not negative");
  Require(*ms % 1000 == 0, "a duration is whole seconds");
  const std::string formatted = ledger::FormatDurationMs(*ms);
  absl::StatusOr<int64_t> again = ledger::ParseDurationMs(formatted);
  Require(again.ok() && *again == *ms, "a formatted duration parses to the same value");
}

}  // namespace
}  // namespace noaber::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace noaber::fuzz;
  const std::string_view text = AsText(data, size);
  AmountOfKind(text, AssetKind::kTime);
  AmountOfKind(text, AssetKind::kCurrency);
  Duration(text);
  return 0;
}
