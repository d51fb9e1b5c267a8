// Fuzz target for what a node sends to prove its log (ledger/receipt.h, merkle.h,
// wallet-cli/log_check.h): receipts as the wallet receives them (a noaber.v1.Receipt message,
// converted by ReceiptFromProto and checked by VerifyReceipt) and consistency proofs
// (VerifyConsistency). The input is a serialized noaber.v1.Receipt; when its outcome field is
// 1000 its fields are read as a consistency proof instead: index = old size, timestamp_ms =
// new size, previous_hash = old root, leaf_hash = new root, inclusion_proof = the proof.
//
// The log is fixed: eight entries (tests/fuzz/make_seeds.cc builds the same), its checkpoints
// signed by a fixed key. Properties: a receipt is converted exactly when every hash is 32
// bytes; a receipt that verifies tells the truth: its leaf is the true leaf of that entry and
// its checkpoint commits to the true root of the log at that size; a consistency proof that
// verifies from a true new root proves only the true old root.
#include <string>
#include <vector>

#include "noaber/ledger/checkpoint.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/journal.h"
#include "noaber/ledger/merkle.h"
#include "noaber/ledger/receipt.h"
#include "noaber/ledger/strings.h"
#include "noaber/v1/log.pb.h"
#include "tests/fuzz/fuzz_check.h"
#include "wallet-cli/log_check.h"

namespace noaber::fuzz {
namespace {

constexpr uint64_t kEntries = 8;
constexpr uint32_t kConsistencyMode = 1000;

struct Log {
  ledger::KeyPair key;
  std::string origin;
  std::vector<ledger::JournalEntry> entries;
  std::vector<ledger::Hash> roots;  // roots[n]: the root of the first n entries
};

const Log& TheLog() {
  static const Log* log = [] {
    Require(ledger::InitCrypto().ok(), "libsodium starts");
    auto* out = new Log;
    out->key = ledger::KeyPairFromSeed(ledger::Sha256("noaber fuzz log key"));
    ledger::CommunityId community{};
    community.fill(0xab);
    out->origin = ledger::LogOrigin(community);
    ledger::MemoryMerkleNodes nodes;
    ledger::Hash previous{};
    out->roots.push_back(ledger::EmptyRoot());
    for (uint64_t i = 0; i < kEntries; ++i) {
      ledger::JournalEntry entry;
      entry.index = i;
      entry.timestamp_ms = 1'700'000'000'000 + static_cast<int64_t>(i) * 250;
      entry.previous_hash = previous;
      entry.signed_bytes = ledger::StrCat("operation number ", i);
      previous = ledger::HashJournalEntry(entry);
      nodes.Append(ledger::LeafHash(ledger::EncodeJournalEntry(entry)));
      out->roots.push_back(ledger::RootHash(nodes, i + 1).value());
      out->entries.push_back(std::move(entry));
    }
    return out;
  }();
  return *log;
}

void Receipt(const v1::Receipt& proto) {
  absl::StatusOr<ledger::Receipt> receipt = wallet::ReceiptFromProto(proto);
  bool all_hashes = proto.previous_hash().size() == 32 && proto.leaf_hash().size() == 32;
  for (const std::string& hash : proto.inclusion_proof()) all_hashes &= hash.size() == 32;
  Require(receipt.ok() == all_hashes, "a receipt converts exactly when every hash is 32 bytes");
  if (!receipt.ok()) return;
  const Log& log = TheLog();
  const std::string signed_bytes =
      receipt->index < kEntries ? log.entries[receipt->index].signed_bytes : "operation";
  absl::StatusOr<ledger::Checkpoint> checkpoint =
      ledger::VerifyReceipt(*receipt, signed_bytes, log.origin, log.key.public_key);
  if (!checkpoint.ok()) return;
  Require(receipt->index < checkpoint->size && checkpoint->size <= kEntries,
          "a verified receipt's entry lies within the signed tree");
  const ledger::JournalEntry& truth = log.entries[receipt->index];
  Require(receipt->leaf_hash == ledger::LeafHash(ledger::EncodeJournalEntry(truth)),
          "a verified receipt has the true leaf");
  Require(checkpoint->root == log.roots[checkpoint->size], "a verified checkpoint has the true root");
}

void Consistency(const v1::Receipt& proto) {
  if (proto.previous_hash().size() != 32 || proto.leaf_hash().size() != 32) return;
  ledger::Hash old_root{}, new_root{};
  std::copy(proto.previous_hash().begin(), proto.previous_hash().end(), old_root.begin());
  std::copy(proto.leaf_hash().begin(), proto.leaf_hash().end(), new_root.begin());
  std::vector<ledger::Hash> proof;
  for (const std::string& hash : proto.inclusion_proof()) {
    if (hash.size() != 32) return;
    proof.emplace_back();
    std::copy(hash.begin(), hash.end(), proof.back().begin());
  }
  const uint64_t old_size = proto.index();
  const auto new_size = static_cast<uint64_t>(proto.timestamp_ms());
  if (!ledger::VerifyConsistency(old_size, new_size, old_root, new_root, proof).ok()) return;
  Require(old_size <= new_size, "a tree is consistent only with a larger one");
  if (new_size <= kEntries && new_root == TheLog().roots[new_size]) {
    Require(old_root == TheLog().roots[old_size], "a proof from the true new root proves the true old root");
  }
}

}  // namespace
}  // namespace noaber::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace noaber::fuzz;
  TheLog();
  noaber::v1::Receipt proto;
  if (!proto.ParseFromArray(data, static_cast<int>(size))) return 0;
  if (proto.outcome() == kConsistencyMode) {
    Consistency(proto);
  } else {
    Receipt(proto);
  }
  return 0;
}
