// noaber verify: checks the node's log against this wallet's books (books.h, log_check.h).
#include <optional>

#include "noaber/ledger/strings.h"
#include "wallet-cli/books.h"
#include "wallet-cli/commands.h"
#include "wallet-cli/failure.h"
#include "wallet-cli/log_check.h"

namespace noaber::wallet {
namespace {

using ledger::StrAppend;
using ledger::StrCat;
using nlohmann::json;

absl::StatusOr<std::vector<ledger::CosignerKey>> WitnessKeys(const VerifyOptions& options) {
  std::vector<ledger::CosignerKey> keys;
  for (const std::string& text : options.witness_keys) {
    absl::StatusOr<ledger::CosignerKey> key = ledger::DecodeCosignerKey(text);
    if (!key.ok()) {
      return UsageError(
          StrCat("--witness-key ", text, ": ", ledger::ToView(key.status().message())));
    }
    keys.push_back(*key);
  }
  if (options.witnesses > keys.size()) {
    return UsageError(StrCat("--witnesses ", options.witnesses,
                             " needs at least as many "
                             "--witness-key options (",
                             keys.size(), " given)"));
  }
  return keys;
}

// What one verification found.
struct Findings {
  std::vector<std::string> problems;
  size_t receipts_checked = 0;
  size_t receipts_unwitnessed =
      0;  // newer than the witnessed checkpoint; checked against the latest
  std::optional<VerifiedCheckpoint> head;
  std::vector<ledger::Cosignature> cosignatures;
  std::string seen;  // the books' checkpoint before this run, described
  bool pinned_now = false;
};

// Records a failed check in `findings`; passes on anything that is not a finding about the
// log (the node unreachable, a damaged books file).
absl::Status Record(const absl::Status& status, Findings* findings) {
  if (status.ok()) return status;
  if (ExitCodeOf(status) != ExitCode::kUnverified) return status;
  findings->problems.push_back(std::string(ledger::ToView(status.message())));
  return absl::OkStatus();
}

// The checkpoint to trust: the node's newest, or with --witnesses the newest cosigned one
// (which the newest must extend).
absl::StatusOr<VerifiedCheckpoint> TrustedHead(Wallet& wallet, const VerifyOptions& options,
                                               const std::vector<ledger::CosignerKey>& witnesses,
                                               const v1::Checkpoints& checkpoints,
                                               const ledger::VerifierKey& key, const Books& books,
                                               const VerifiedCheckpoint& latest,
                                               Findings* findings) {
  if (options.witnesses == 0) return latest;
  absl::StatusOr<WitnessedCheckpoint> witnessed =
      SelectWitnessed(checkpoints, key, books.origin, witnesses, options.witnesses);
  if (!witnessed.ok()) return witnessed.status();
  findings->cosignatures = witnessed->cosignatures;
  absl::Status extends =
      CheckConsistent(wallet.node(), witnessed->checkpoint, "the witnessed checkpoint", latest,
                      /*allow_smaller=*/false);
  if (absl::Status s = Record(extends, findings); !s.ok()) return s;
  return witnessed->checkpoint;
}

absl::Status CheckBooks(Wallet& wallet, const VerifyOptions& options,
                        const std::vector<ledger::CosignerKey>& witnesses,
                        const v1::Checkpoints& checkpoints, Books& books, Findings* findings) {
  if (!options.log_key.empty() && books.log_key.empty()) books.log_key = options.log_key;
  absl::StatusOr<ledger::VerifierKey> key =
      PinLogKey(&books.log_key, books.origin, checkpoints.log_key(), &findings->pinned_now);
  if (!key.ok()) return key.status();
  if (!options.log_key.empty() && options.log_key != books.log_key) {
    return UnverifiedError(
        StrCat("this wallet pinned the log key ", books.log_key, ", not the --log-key given"));
  }
  absl::StatusOr<VerifiedCheckpoint> latest =
      OpenCheckpoint(*key, books.origin, checkpoints.checkpoint(), "the node's newest checkpoint");
  if (!latest.ok()) return latest.status();
  absl::StatusOr<VerifiedCheckpoint> head =
      TrustedHead(wallet, options, witnesses, checkpoints, *key, books, *latest, findings);
  if (!head.ok()) return head.status();
  findings->head = *head;
  if (!books.checkpoint.empty()) {
    absl::StatusOr<VerifiedCheckpoint> seen =
        OpenCheckpoint(*key, books.origin, books.checkpoint, "the books' newest checkpoint");
    if (!seen.ok()) return seen.status();
    findings->seen = SeenLabel(books, *seen);
    // Against the node's newest, which must not be smaller than anything seen before (the
    // witnessed head may be: the books also hold receipts' newer checkpoints).
    absl::Status consistent =
        CheckConsistent(wallet.node(), *seen, findings->seen, *latest, /*allow_smaller=*/false);
    if (absl::Status s = Record(consistent, findings); !s.ok()) return s;
  }
  for (const StoredReceipt& stored : books.receipts) {
    const bool unwitnessed = stored.receipt.index >= head->checkpoint.size &&
                             stored.receipt.index < latest->checkpoint.size;
    absl::Status included =
        CheckReceiptIncluded(wallet.node(), stored, unwitnessed ? *latest : *head);
    if (absl::Status s = Record(included, findings); !s.ok()) return s;
    ++findings->receipts_checked;
    if (unwitnessed) ++findings->receipts_unwitnessed;
  }
  // Asked for witnesses, a receipt only the node vouches for is not verified: the node could
  // show this wallet a fork the witnesses never saw.
  if (findings->receipts_unwitnessed > 0) {
    findings->problems.push_back(
        StrCat(findings->receipts_unwitnessed, " receipt(s) are newer than the newest checkpoint ",
               options.witnesses, " of the named witnesses cosigned (", head->checkpoint.size,
               " entries): not yet witnessed; run verify again after the witnesses' next round"));
  }
  if (!findings->problems.empty()) return absl::OkStatus();
  RememberCheckpoint(books, *latest, wallet.node().address(), ClockMs());
  return absl::OkStatus();
}

std::string Summary(const Findings& findings, const Books& books, size_t witnesses_named) {
  const ledger::Checkpoint& head = findings.head->checkpoint;
  std::string text = StrCat("the books check out: ", findings.receipts_checked,
                            " receipt(s) of this wallet are in the log of ", head.size,
                            " entries, signed by the log key ", books.log_key);
  if (!findings.cosignatures.empty()) {
    StrAppend(&text, "\ncosigned by ", findings.cosignatures.size(), " of the ", witnesses_named,
              " witnesses named:");
    for (const ledger::Cosignature& c : findings.cosignatures) {
      StrAppend(&text, " ", c.name, " (", FormatTime(static_cast<int64_t>(c.timestamp_s) * 1000),
                ")");
    }
  }
  if (findings.receipts_unwitnessed > 0) {
    StrAppend(&text, "\n", findings.receipts_unwitnessed,
              " newer receipt(s) are in the node's newest checkpoint but not yet cosigned");
  }
  if (!findings.seen.empty()) StrAppend(&text, "\nconsistent with ", findings.seen);
  return text;
}

}  // namespace

absl::Status RunVerify(Wallet& wallet, const VerifyOptions& options) {
  absl::StatusOr<std::vector<ledger::CosignerKey>> witnesses = WitnessKeys(options);
  if (!witnesses.ok()) return witnesses.status();
  absl::StatusOr<const CommunityInfo*> community = wallet.Community();
  if (!community.ok()) return community.status();
  absl::StatusOr<v1::Checkpoints> checkpoints = wallet.node().GetCheckpoint();
  if (!checkpoints.ok()) return checkpoints.status();
  Findings findings;
  Books checked;
  absl::Status status =
      UpdateBooks(ResolveHome(wallet.options().home), (*community)->id, [&](Books& books) {
        absl::Status s = CheckBooks(wallet, options, *witnesses, *checkpoints, books, &findings);
        checked = books;
        // Books change only when everything checked out: a failed run keeps the evidence.
        if (s.ok() && !findings.problems.empty()) return UnverifiedError("not saved");
        return s;
      });
  if (!findings.problems.empty()) {
    std::string message =
        StrCat("the books do not check out against ", wallet.node().address(), ":");
    for (const std::string& problem : findings.problems) StrAppend(&message, "\n  - ", problem);
    return UnverifiedError(message);
  }
  if (!status.ok()) return status;
  if (findings.pinned_now) {
    wallet.output().Note(StrCat("noaber: first contact with this community's log; pinned its key ",
                                checked.log_key,
                                " (compare it with the one the wijkcentrum publishes)"));
  }
  json cosigners = json::array();
  for (const ledger::Cosignature& c : findings.cosignatures) {
    cosigners.push_back({{"name", c.name}, {"timestamp_s", c.timestamp_s}});
  }
  wallet.output().Result(
      Summary(findings, checked, witnesses->size()),
      {{"tree_size", findings.head->checkpoint.size},
       {"root", ledger::EncodeBase64(std::string(findings.head->checkpoint.root.begin(),
                                                 findings.head->checkpoint.root.end()))},
       {"receipts_checked", findings.receipts_checked},
       {"receipts_unwitnessed", findings.receipts_unwitnessed},
       {"log_key", checked.log_key},
       {"cosignatures", cosigners},
       {"pinned_now", findings.pinned_now}});
  return absl::OkStatus();
}

}  // namespace noaber::wallet
