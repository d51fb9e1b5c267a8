// Writes the generated seed inputs of the fuzz targets into tests/fuzz/corpus/<target>/:
// signed operations of every action type, journal entries and genesis bytes; signed and
// cosigned checkpoints; receipts and consistency proofs of the fixed log of fuzz_receipt.cc;
// a real key file; books; a signed statement. Deterministic (fixed keys and ids), so running it
// again rewrites the same files. Usage: fuzz_make_seeds <tests/fuzz/corpus>.
// The keys and the log here must match the ones the targets use.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ledger/testing/temp_dir.h"
#include "ledger/testing/test_community.h"
#include "noaber/ledger/checkpoint.h"
#include "noaber/ledger/cosignature.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/journal.h"
#include "noaber/ledger/merkle.h"
#include "noaber/ledger/receipt.h"
#include "noaber/ledger/statement.h"
#include "noaber/ledger/strings.h"
#include "noaber/v1/log.pb.h"
#include "tests/fuzz/fuzz_check.h"
#include "wallet-cli/books.h"
#include "wallet-cli/keystore.h"

namespace noaber::fuzz {
namespace {

using namespace ledger;
using ledger::testing::KeyFor;
using ledger::testing::TestCommunity;

std::filesystem::path corpus;

void Write(const std::string& target, const std::string& name, std::string_view bytes) {
  const std::filesystem::path folder = corpus / target;
  std::filesystem::create_directories(folder);
  std::ofstream out(folder / ("seed-" + name), std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  Require(out.good(), "the seed is written");
}

OperationId IdOf(uint8_t n) {
  OperationId id{};
  id.fill(n);
  return id;
}

std::vector<Action> EveryAction() {
  const OperationId other = IdOf(0x42);
  return {
      OpenAccount{"anna", AccountKind::kResident, {KeyFor("anna").public_key}, 1},
      Transfer{"anna", "bram", "HOUR", Amount{90}, "tuin", "Heg gesnoeid"},
      CreatePending{Transfer{"bram", "anna", "BORN", Amount{1250}, "", ""}, 86'400'000},
      PostPending{other, Amount{30}},
      VoidPending{other},
      SetLimits{"anna", "HOUR", Amount{-600}, std::nullopt},
      SetStatus{"anna", AccountStatus::kFrozen},
      RotateKeys{"anna", {KeyFor("anna2").public_key, KeyFor("anna3").public_key}, 2},
      ExpirePending{other},
      SetSkill{Skill{"fietsen", "Fietsreparatie", "Bicycle repair", "klussen", false}},
      PostListing{"anna", ListingKind::kOffer, "koken", "Soep voor twee", "HOUR", Amount{60},
                  ledger::testing::kStartMs + 86'400'000},
      CloseListing{other},
      RequestPayment{"anna", "bram", "HOUR", Amount{45}, "tuin", "Gras", other, 0},
      AcceptRequest{other},
      DeclineRequest{other},
      SetAssisted{"truus", true},
      CorrectTransfer{other, 0, "Verkeerde buur"},
  };
}

void Operations() {
  TestCommunity community;
  int n = 0;
  auto add = [&](std::vector<Action> actions, const std::vector<std::string>& signers) {
    Operation op = community.Op(std::move(actions));
    op.id = IdOf(static_cast<uint8_t>(++n));
    const std::string bytes = TestCommunity::SignBy(op, signers);
    Write("fuzz_operation", StrCat("signed-", n), std::string(1, '\0') + bytes);
    Write("fuzz_operation", StrCat("body-", n), std::string(1, '\1') + EncodeOperation(op));
  };
  for (const Action& action : EveryAction()) {
    add({action}, {"anna"});
  }
  add({Transfer{"anna", "bram", "HOUR", Amount{30}, "", ""},
       Transfer{"bram", "karim", "HOUR", Amount{30}, "", ""}},
      {"anna", "bram"});
  JournalEntry entry;
  entry.index = 7;
  entry.timestamp_ms = ledger::testing::kStartMs;
  entry.previous_hash = Sha256("previous");
  entry.signed_bytes = TestCommunity::SignBy(community.Op({EveryAction()[1]}), {"anna"});
  Write("fuzz_operation", "journal-entry", std::string(1, '\2') + EncodeJournalEntry(entry));
  Write("fuzz_operation", "genesis",
        std::string(1, '\3') + EncodeGenesis(ledger::testing::EconomyGenesis(2)));
}

constexpr uint64_t kEntries = 8;

struct Log {
  KeyPair key = KeyPairFromSeed(Sha256("noaber fuzz log key"));
  std::string origin;
  std::vector<JournalEntry> entries;
  MemoryMerkleNodes nodes;

  Log() {
    CommunityId community{};
    community.fill(0xab);
    origin = LogOrigin(community);
    Hash previous{};
    for (uint64_t i = 0; i < kEntries; ++i) {
      JournalEntry entry;
      entry.index = i;
      entry.timestamp_ms = 1'700'000'000'000 + static_cast<int64_t>(i) * 250;
      entry.previous_hash = previous;
      entry.signed_bytes = StrCat("operation number ", i);
      previous = HashJournalEntry(entry);
      nodes.Append(LeafHash(EncodeJournalEntry(entry)));
      entries.push_back(entry);
    }
  }
  std::string Body(uint64_t size) const {
    return FormatCheckpointBody({origin, size, RootHash(nodes, size).value()});
  }
  std::string Note(uint64_t size) const { return SignNote(Body(size), origin, key.secret_key).value(); }
};

std::string Bytes(const Hash& hash) { return std::string(hash.begin(), hash.end()); }

void Checkpoints(const Log& log) {
  for (uint64_t size : {1, 5, 8}) {
    Write("fuzz_checkpoint", StrCat("note-", size), log.Note(size));
    Write("fuzz_checkpoint", StrCat("body-", size), log.Body(size));
  }
  Write("fuzz_checkpoint", "base64", EncodeBase64("any bytes"));
  Write("fuzz_checkpoint", "verifier-key", EncodeVerifierKey(log.origin, log.key.public_key).value());

  std::vector<std::string> lines;
  for (std::string name : {"witness.example/one", "witness.example/two"}) {
    const KeyPair key = KeyPairFromSeed(Sha256("noaber fuzz " + name));
    lines.push_back(Cosign(log.Body(8), name, key.secret_key, 1'767'603'600 + lines.size()).value());
    Write("fuzz_cosignature", StrCat("key-", lines.size()), EncodeCosignerKey(name, key.public_key).value());
  }
  const KeyPair witness = KeyPairFromSeed(Sha256("noaber fuzz witness.example/one"));
  Write("fuzz_toml", "config",
        StrCat("listen = \"127.0.0.1:7420\"\nrequest_bytes_max = 262144\nhistory_page_max = 100\n",
               "queue_operations_max = 10000\nwitness_interval_ms = 10000\nwitnesses = [\"",
               EncodeCosignerKey("witness.example/one", witness.public_key).value(), "\"]\n"));
  Write("fuzz_cosignature", "cosigned-1", AppendCosignatures(log.Note(8), std::span(lines).first(1)).value());
  Write("fuzz_cosignature", "cosigned-2", AppendCosignatures(log.Note(8), lines).value());
}

void Receipts(const Log& log) {
  for (auto [index, size] : {std::pair<uint64_t, uint64_t>{0, 1}, {3, 5}, {4, 8}, {7, 8}}) {
    const JournalEntry& e = log.entries[index];
    v1::Receipt proto;
    proto.set_index(e.index);
    proto.set_timestamp_ms(e.timestamp_ms);
    proto.set_previous_hash(Bytes(e.previous_hash));
    proto.set_outcome(0);
    proto.set_leaf_hash(Bytes(LeafHash(EncodeJournalEntry(e))));
    proto.set_checkpoint(log.Note(size));
    for (const Hash& h : InclusionProof(log.nodes, index, size).value()) proto.add_inclusion_proof(Bytes(h));
    Write("fuzz_receipt", StrCat("receipt-", index, "-", size), proto.SerializeAsString());
  }
  for (auto [old_size, new_size] : {std::pair<uint64_t, uint64_t>{1, 8}, {3, 7}, {5, 5}}) {
    v1::Receipt proto;
    proto.set_index(old_size);
    proto.set_timestamp_ms(static_cast<int64_t>(new_size));
    proto.set_previous_hash(Bytes(RootHash(log.nodes, old_size).value()));
    proto.set_leaf_hash(Bytes(RootHash(log.nodes, new_size).value()));
    proto.set_outcome(1000);
    for (const Hash& h : ConsistencyProof(log.nodes, old_size, new_size).value()) {
      proto.add_inclusion_proof(Bytes(h));
    }
    Write("fuzz_receipt", StrCat("consistency-", old_size, "-", new_size), proto.SerializeAsString());
  }
}

void KeyFiles() {
  ledger::testing::TempDir home;
  wallet::Keystore keystore(home.path());
  wallet::Secret<wallet::Passphrase> passphrase;
  const std::string_view text = "fuzz";
  std::copy(text.begin(), text.end(), passphrase->bytes.begin());
  passphrase->size = text.size();
  Require(keystore.Create("fuzz", *passphrase, wallet::MinimumKdf()).ok(), "a key is made");
  std::ifstream in(keystore.PathOf("fuzz"));
  const std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Write("fuzz_key_file", "fuzz", file);
}

void BooksAndStatements(const Log& log) {
  wallet::Books books;
  books.origin = log.origin;
  books.log_key = EncodeVerifierKey(log.origin, log.key.public_key).value();
  books.checkpoint = log.Note(8);
  books.checkpoint_seen_ms = 1'767'603'600'000;
  books.checkpoint_node = "127.0.0.1:7420";
  for (uint64_t index : {2, 6}) {
    wallet::StoredReceipt stored;
    const JournalEntry& e = log.entries[index];
    stored.receipt = {e.index, e.timestamp_ms, e.previous_hash, e.outcome,
                      LeafHash(EncodeJournalEntry(e)), log.Note(8),
                      InclusionProof(log.nodes, index, 8).value()};
    stored.signed_operation = e.signed_bytes;
    stored.summary = StrCat("pay ", index, "h to karim");
    stored.stored_ms = 1'767'603'600'000;
    books.receipts.push_back(stored);
  }
  Write("fuzz_books", "books", wallet::EncodeBooks(books));

  Statement s;
  s.community_name = "Bornholm";
  s.community_id.fill(0xab);
  s.handle = "anna";
  s.year = 2026;
  s.asset = "HOUR";
  s.given = {{"tuin", Amount{270}}, {"-", Amount{30}}};
  s.received = {{"computerhulp", Amount{60}}};
  s.journal_size = 152;
  s.issued_ms = 1'767'603'600'000;
  Write("fuzz_statement", "statement", SignStatement(&s, KeyPairFromSeed(Sha256("node")).secret_key));
}

}  // namespace
}  // namespace noaber::fuzz

int main(int argc, char** argv) {
  using namespace noaber::fuzz;
  if (argc != 2) {
    std::fprintf(stderr, "usage: fuzz_make_seeds <tests/fuzz/corpus>\n");
    return 2;
  }
  corpus = argv[1];
  Require(noaber::ledger::InitCrypto().ok(), "libsodium starts");
  const Log log;
  Operations();
  Checkpoints(log);
  Receipts(log);
  KeyFiles();
  BooksAndStatements(log);
  return 0;
}
