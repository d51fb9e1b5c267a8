// End-to-end tests of `noaber-node audit`: a data folder written by a real node, audited by
// the real binary; then copies of it, each damaged in one way directly through RocksDB,
// which the audit must refuse, naming the problem and the first bad entry.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "ledger/testing/temp_dir.h"
#include "noaber/ledger/checkpoint.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/journal.h"
#include "noaber/ledger/merkle.h"
#include "noaber/ledger/operation.h"
#include "noaber/ledger/records.h"
#include "noaber/ledger/strings.h"
#include "noaber/v1/ledger.grpc.pb.h"
#include "tests/harness.h"

namespace noaber {
namespace {

using ledger::Amount;
using ledger::KeyPair;
using ledger::StrCat;
using testing::NodeProcess;
using testing::ProcessResult;
using testing::RunProcess;

constexpr char kNode[] = NOABER_NODE_BINARY;
constexpr int64_t kHourMs = 3'600'000;
// The journal the fixture writes: the genesis, two accounts and four payments.
constexpr uint64_t kEntries = 7;

// As in node_e2e_test.cc: an idle client acknowledges the node's shutdown within 50 ms.
const bool kFastClientPolling = [] {
  return setenv("GRPC_CLIENT_CHANNEL_BACKUP_POLL_INTERVAL_MS", "50", /*overwrite=*/1) == 0;
}();

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string BigEndian(uint64_t value) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i, value >>= 8) out[i] = static_cast<char>(value & 0xff);
  return out;
}
// The store's key encodings (ledger/rocksdb/rocksdb_store.cc), written out independently.
std::string JournalKey(uint64_t index) { return BigEndian(index); }
std::string MerkleKey(uint8_t level, uint64_t index) {
  return std::string(1, static_cast<char>(level)) + BigEndian(index);
}
std::string BalanceKey(const std::string& handle, const std::string& asset) {
  return handle + std::string(1, '\0') + asset;
}

// The data folder's RocksDB database opened directly, with every column family it has.
class RawDatabase {
 public:
  explicit RawDatabase(const std::string& path) {
    std::vector<std::string> names;
    EXPECT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
    for (const std::string& name : names) descriptors.emplace_back(name, rocksdb::Options());
    rocksdb::DB* db = nullptr;
    rocksdb::Status s = rocksdb::DB::Open(rocksdb::DBOptions(), path, descriptors, &handles_, &db);
    EXPECT_TRUE(s.ok()) << s.ToString();
    db_.reset(db);
    for (size_t i = 0; i < names.size() && i < handles_.size(); ++i) families_[names[i]] = i;
  }
  ~RawDatabase() {
    for (rocksdb::ColumnFamilyHandle* handle : handles_) db_->DestroyColumnFamilyHandle(handle);
    if (db_) EXPECT_TRUE(db_->Close().ok());
  }

  std::string Get(const std::string& family, const std::string& key) {
    std::string value;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), Family(family), key, &value);
    EXPECT_TRUE(s.ok()) << family << ": " << s.ToString();
    return value;
  }
  bool Absent(const std::string& family, const std::string& key) {
    std::string value;
    return db_->Get(rocksdb::ReadOptions(), Family(family), key, &value).IsNotFound();
  }
  void Put(const std::string& family, const std::string& key, const std::string& value) {
    EXPECT_TRUE(db_->Put(rocksdb::WriteOptions(), Family(family), key, value).ok());
  }
  void Delete(const std::string& family, const std::string& key) {
    EXPECT_TRUE(db_->Delete(rocksdb::WriteOptions(), Family(family), key).ok());
  }

  ledger::JournalEntry Entry(uint64_t index) {
    absl::StatusOr<ledger::JournalEntry> entry =
        ledger::DecodeJournalEntry(Get("default", JournalKey(index)));
    EXPECT_TRUE(entry.ok()) << entry.status();
    return entry.value_or(ledger::JournalEntry{});
  }

 private:
  rocksdb::ColumnFamilyHandle* Family(const std::string& name) {
    auto it = families_.find(name);
    EXPECT_NE(it, families_.end()) << "no column family " << name;
    return handles_.at(it == families_.end() ? 0 : it->second);
  }

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::map<std::string, size_t> families_;
};

// Every file of a folder and its bytes.
std::map<std::string, std::string> FolderContents(const std::string& path) {
  std::map<std::string, std::string> out;
  for (const auto& file : std::filesystem::recursive_directory_iterator(path)) {
    if (!file.is_regular_file()) continue;
    std::ifstream in(file.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    out[file.path().string()] = bytes.str();
  }
  return out;
}

std::string Base64(const ledger::Hash& hash) {
  return ledger::EncodeBase64(
      std::string_view(reinterpret_cast<const char*>(hash.data()), hash.size()));
}

// The value after `label` on its line of the audit summary.
std::string SummaryValue(const std::string& summary, const std::string& label) {
  std::istringstream lines(summary);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(label + " ", 0) == 0) {
      return line.substr(line.find_first_not_of(' ', label.size()));
    }
  }
  return "";
}

int Lines(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }

class AuditE2eTest : public ::testing::Test {
 protected:
  // A node founds a community, opens two accounts and records four payments, then stops.
  void SetUp() override {
    ASSERT_TRUE(ledger::InitCrypto().ok());
    admin_ = ledger::NewKeyPair();
    anna_ = ledger::NewKeyPair();
    bob_ = ledger::NewKeyPair();
    ProcessResult init =
        RunProcess(kNode, {"init", "--data-dir", source(), "--community", "Teststad", "--admin-key",
                           ledger::ToHex(admin_.public_key)});
    ASSERT_EQ(init.exit_code, 0) << init.stderr_text;
    absl::StatusOr<std::unique_ptr<NodeProcess>> node = NodeProcess::Start(kNode, source());
    ASSERT_TRUE(node.ok()) << node.status();
    node_ = *std::move(node);
    auto channel =
        grpc::CreateChannel("ipv4:" + node_->address(), grpc::InsecureChannelCredentials());
    stub_ = v1::Ledger::NewStub(channel);
    grpc::ClientContext context;
    v1::Community community;
    ASSERT_TRUE(stub_->GetCommunity(&context, {}, &community).ok());
    std::memcpy(community_id_.data(), community.community_id().data(), community_id_.size());

    Accept(Open("anna", anna_));
    Accept(Open("bob", bob_));
    Accept(Pay(anna_, "anna", "bob", 90));
    Accept(Pay(bob_, "bob", "anna", 30));
    Accept(Pay(anna_, "anna", "bob", 15));
    Accept(Pay(anna_, "anna", "bob", 10));
  }

  // Records `count` more payments, so the journal spans stored Merkle nodes: the store keeps
  // them from level 4 (16 entries) up and hashes the lower ones from the entries again.
  void PayMore(int count) {
    for (int i = 0; i < count; ++i) Accept(Pay(anna_, "anna", "bob", 1));
  }

  // Stops the node (SIGTERM); it must exit cleanly.
  void StopNode() {
    if (node_ == nullptr) return;
    EXPECT_EQ(node_->Stop(), 0) << node_->StderrText();
    stub_.reset();
    node_.reset();
  }

  std::string source() const { return dir_.Sub("data"); }

  // A copy of the stopped node's folder, to damage.
  std::string Copy(const std::string& name) {
    StopNode();
    const std::string copy = dir_.Sub(name);
    std::filesystem::copy(source(), copy, std::filesystem::copy_options::recursive);
    return copy;
  }

  static ProcessResult Audit(const std::string& data_dir,
                             const std::vector<std::string>& extra_args = {}) {
    std::vector<std::string> args = {"audit", "--data-dir", data_dir};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    return RunProcess(kNode, args);
  }

  // Audits a damaged copy: it must fail with one line on stderr, nothing on stdout.
  static std::string AuditFailure(const std::string& data_dir) {
    ProcessResult audit = Audit(data_dir);
    EXPECT_EQ(audit.exit_code, 1) << audit.stdout_text << audit.stderr_text;
    EXPECT_EQ(Lines(audit.stderr_text), 1) << audit.stderr_text;
    EXPECT_EQ(audit.stdout_text, "");
    return audit.stderr_text;
  }

  std::string Sign(std::vector<ledger::Action> actions, const KeyPair& signer) {
    ledger::Operation op;
    op.community = community_id_;
    op.id = ledger::NewOperationId();
    op.valid_until_ms = NowMs() + kHourMs;
    op.actions = std::move(actions);
    ledger::SignedOperation s{ledger::EncodeOperation(op), {}};
    EXPECT_TRUE(ledger::AddSignature(signer.secret_key, &s).ok());
    return ledger::EncodeSignedOperation(s);
  }
  std::string Open(const std::string& handle, const KeyPair& key) {
    return Sign({ledger::OpenAccount{handle, ledger::AccountKind::kResident, {key.public_key}, 1}},
                admin_);
  }
  std::string Pay(const KeyPair& signer, const std::string& from, const std::string& to,
                  int64_t minutes) {
    return Sign({ledger::Transfer{from, to, "HOUR", Amount{minutes}, "tuin", "hedge"}}, signer);
  }
  void Accept(const std::string& bytes) {
    grpc::ClientContext context;
    v1::SubmitRequest request;
    request.set_signed_operation(bytes);
    v1::SubmitResponse response;
    grpc::Status status = stub_->Submit(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(response.result_name(), "accepted");
  }

  // The root of the first `size` entries' tree, computed here from the entries themselves.
  ledger::Hash RootOfEntries(const std::string& data_dir, uint64_t size) {
    RawDatabase db(data_dir);
    ledger::MemoryMerkleNodes tree;
    for (uint64_t i = 0; i < size; ++i) {
      tree.Append(ledger::LeafHash(ledger::EncodeJournalEntry(db.Entry(i))));
    }
    absl::StatusOr<ledger::Hash> root = ledger::RootHash(tree, size);
    EXPECT_TRUE(root.ok()) << root.status();
    return root.value_or(ledger::Hash{});
  }

  ledger::testing::TempDir dir_;
  KeyPair admin_, anna_, bob_;
  ledger::CommunityId community_id_{};
  std::unique_ptr<NodeProcess> node_;
  std::unique_ptr<v1::Ledger::Stub> stub_;
};

TEST_F(AuditE2eTest, AnIntactFolderPassesAndNothingInItChanges) {
  ProcessResult busy = Audit(source());
  EXPECT_EQ(busy.exit_code, 1);
  EXPECT_NE(busy.stderr_text.find("is in use"), std::string::npos) << busy.stderr_text;
  StopNode();

  const std::map<std::string, std::string> before = FolderContents(source());
  ProcessResult audit = Audit(source());
  ASSERT_EQ(audit.exit_code, 0) << audit.stderr_text;
  EXPECT_EQ(audit.stderr_text, "") << "no progress bar when stderr is not a terminal";
  EXPECT_TRUE(FolderContents(source()) == before) << "the audit wrote to the folder";

  const ledger::JournalEntry last = RawDatabase(source()).Entry(kEntries - 1);
  const ledger::Hash root = RootOfEntries(source(), kEntries);
  EXPECT_EQ(SummaryValue(audit.stdout_text, "entries"), std::to_string(kEntries));
  EXPECT_EQ(SummaryValue(audit.stdout_text, "head"), ledger::ToHex(ledger::HashJournalEntry(last)));
  EXPECT_EQ(SummaryValue(audit.stdout_text, "merkle size"), std::to_string(kEntries));
  EXPECT_EQ(SummaryValue(audit.stdout_text, "merkle root"), ledger::ToHex(root));
  EXPECT_EQ(SummaryValue(audit.stdout_text, "merkle root b64"), Base64(root));
  EXPECT_EQ(SummaryValue(audit.stdout_text, "accounts"), "3") << "the community, anna, bob";
  EXPECT_TRUE(audit.stdout_text.ends_with("\nOK\n")) << audit.stdout_text;

  // check runs the same audit and answers in one line.
  ProcessResult check = RunProcess(kNode, {"check", "--data-dir", source()});
  EXPECT_EQ(check.exit_code, 0) << check.stderr_text;
  EXPECT_EQ(check.stdout_text,
            "journal ok: 7 entries, head " + ledger::ToHex(ledger::HashJournalEntry(last)) + "\n");
}

TEST_F(AuditE2eTest, NamesAnEntryWhoseSignedBytesChanged) {
  const std::string copy = Copy("changed-entry");
  {
    RawDatabase db(copy);
    ledger::JournalEntry entry = db.Entry(3);
    entry.signed_bytes[entry.signed_bytes.size() / 2] ^= 0x01;
    db.Put("default", JournalKey(3), ledger::EncodeJournalEntry(entry));
  }
  const std::string failure = AuditFailure(copy);
  EXPECT_EQ(
      failure.rfind("noaber-node audit: audit failed: journal entry 3: the signature by key ", 0),
      0u)
      << failure;
  EXPECT_NE(failure.find("does not verify"), std::string::npos) << failure;
  ProcessResult check = RunProcess(kNode, {"check", "--data-dir", copy});
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_NE(check.stderr_text.find("check failed: journal entry 3: the signature"),
            std::string::npos)
      << check.stderr_text;
}

TEST_F(AuditE2eTest, NamesTheFirstEntryMissingFromATruncatedJournal) {
  const std::string copy = Copy("truncated");
  {
    RawDatabase db(copy);
    db.Delete("default", JournalKey(kEntries - 1));
    db.Delete("default", JournalKey(kEntries - 2));
  }
  EXPECT_EQ(AuditFailure(copy),
            "noaber-node audit: audit failed: journal entry 5: missing: the journal ends at "
            "entry 4 but its head is entry 6 and its Merkle tree has 5 leaves\n");
}

TEST_F(AuditE2eTest, FindsATruncationWhoseHeadWasMovedBackByTheTree) {
  PayMore(12);  // entries 0 to 18; the node over entries 0 to 15 is stored
  const std::string copy = Copy("truncated-head");
  {
    RawDatabase db(copy);
    for (uint64_t index = 15; index <= 18; ++index) db.Delete("default", JournalKey(index));
    db.Put("meta", "head",
           ledger::EncodeHead(ledger::JournalHead{14, ledger::HashJournalEntry(db.Entry(14))}));
  }
  EXPECT_EQ(AuditFailure(copy),
            "noaber-node audit: audit failed: the stored Merkle tree has a node beyond its 15 "
            "leaves (level 4, index 0)\n");
}

TEST_F(AuditE2eTest, FindsABalanceTheJournalDoesNotExplain) {
  const std::string copy = Copy("balance");
  {
    RawDatabase db(copy);
    absl::StatusOr<ledger::Balance> balance =
        ledger::DecodeBalance(db.Get("balances", BalanceKey("bob", "HOUR")));
    ASSERT_TRUE(balance.ok()) << balance.status();
    ASSERT_EQ(balance->balance, Amount{85});
    balance->balance = Amount{600};
    db.Put("balances", BalanceKey("bob", "HOUR"), ledger::EncodeBalance(*balance));
  }
  EXPECT_EQ(AuditFailure(copy),
            "noaber-node audit: audit failed: the stored state differs from the journal: "
            "balance bob HOUR differs\n");
}

TEST_F(AuditE2eTest, NamesAChangedMerkleNode) {
  PayMore(25);  // entries 0 to 31: stored nodes at level 4 (two) and level 5 (one)
  for (const int level : {4, 5}) {
    const std::string copy = Copy(StrCat("merkle-level-", level));
    {
      RawDatabase db(copy);
      std::string node = db.Get("merkle", MerkleKey(level, 0));
      ASSERT_EQ(node.size(), 32u);
      node[level == 4 ? 0 : 31] ^= 0x01;
      db.Put("merkle", MerkleKey(level, 0), node);
    }
    EXPECT_EQ(AuditFailure(copy),
              StrCat("noaber-node audit: audit failed: the stored Merkle tree does not match its "
                     "node at level ",
                     level, ", index 0 (over entries 0 to ", (1 << level) - 1, ")\n"));
  }
  // Lower nodes are not stored: each is hashed from its entries again.
  RawDatabase db(source());
  EXPECT_TRUE(db.Absent("merkle", MerkleKey(0, 4)));
  EXPECT_TRUE(db.Absent("merkle", MerkleKey(3, 1)));
}

TEST_F(AuditE2eTest, ComparesTheTreeWithACheckpoint) {
  StopNode();
  const KeyPair log_key = ledger::NewKeyPair();
  const std::string origin = "noaber.test/log";
  auto write = [&](const std::string& name, uint64_t size, const ledger::Hash& root) {
    const std::string path = dir_.Sub(name);
    absl::StatusOr<std::string> note = ledger::SignNote(
        ledger::FormatCheckpointBody({origin, size, root}), origin, log_key.secret_key);
    EXPECT_TRUE(note.ok()) << note.status();
    std::ofstream(path) << note.value_or("");
    return path;
  };
  const std::string key = ledger::EncodeVerifierKey(origin, log_key.public_key).value();
  ledger::Hash root = RootOfEntries(source(), 5);

  // An older checkpoint of this journal: its first 5 entries have that root.
  ProcessResult older = Audit(source(), {"--checkpoint", write("older", 5, root)});
  EXPECT_EQ(older.exit_code, 0) << older.stderr_text;
  EXPECT_EQ(SummaryValue(older.stdout_text, "checkpoint"),
            "noaber.test/log at 5 entries: same root (signature not checked)");
  ProcessResult verified =
      Audit(source(), {"--checkpoint", dir_.Sub("older"), "--checkpoint-key", key});
  EXPECT_EQ(verified.exit_code, 0) << verified.stderr_text;
  EXPECT_EQ(SummaryValue(verified.stdout_text, "checkpoint"),
            "noaber.test/log at 5 entries: same root (signature verified)");
  const std::string other_key =
      ledger::EncodeVerifierKey(origin, ledger::NewKeyPair().public_key).value();
  ProcessResult unsigned_by =
      Audit(source(), {"--checkpoint", dir_.Sub("older"), "--checkpoint-key", other_key});
  EXPECT_EQ(unsigned_by.exit_code, 1);
  EXPECT_NE(unsigned_by.stderr_text.find("is not signed by noaber.test/log"), std::string::npos)
      << unsigned_by.stderr_text;

  const ledger::Hash real = root;
  root[0] ^= 0x01;
  ProcessResult rewritten = Audit(source(), {"--checkpoint", write("rewritten", 5, root)});
  EXPECT_EQ(rewritten.exit_code, 1);
  EXPECT_EQ(rewritten.stderr_text,
            "noaber-node audit: audit failed: history rewritten: the tree of 5 entries has root " +
                Base64(real) + ", the checkpoint says " + Base64(root) + "\n");

  ProcessResult truncated = Audit(source(), {"--checkpoint", write("later", 9, root)});
  EXPECT_EQ(truncated.exit_code, 1);
  EXPECT_EQ(truncated.stderr_text,
            "noaber-node audit: audit failed: truncated: the journal has 7 < 9 entries, the "
            "checkpoint's tree size\n");
}

TEST_F(AuditE2eTest, RefusesWhatItCannotAudit) {
  StopNode();
  ProcessResult missing = Audit(dir_.Sub("none"));
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.stderr_text.find("no database in"), std::string::npos) << missing.stderr_text;
  EXPECT_EQ(RunProcess(kNode, {"audit"}).exit_code, 2);
  EXPECT_EQ(RunProcess(kNode, {"audit", "--data-dir", source(), "--checkpoint-key", "x"}).exit_code,
            2)
      << "--checkpoint-key needs --checkpoint";
  const std::string garbage = dir_.Sub("garbage");
  std::ofstream(garbage) << "not a checkpoint\n";
  ProcessResult refused = Audit(source(), {"--checkpoint", garbage});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.stderr_text.find("is not a checkpoint"), std::string::npos)
      << refused.stderr_text;
}

}  // namespace
}  // namespace noaber
