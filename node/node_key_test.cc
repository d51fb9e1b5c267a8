#include "node/node_key.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "ledger/testing/temp_dir.h"

namespace noaber::node {
namespace {

class NodeKeyTest : public ::testing::Test {
 protected:
  NodeKeyTest() { EXPECT_TRUE(ledger::InitCrypto().ok()); }
  void Write(const std::string& text, mode_t mode = 0600) {
    {
      std::ofstream out(NodeKeyPath(dir_.path()), std::ios::binary | std::ios::trunc);
      out << text;
    }
    ::chmod(NodeKeyPath(dir_.path()).c_str(), mode);
  }
  ledger::testing::TempDir dir_;
};

TEST_F(NodeKeyTest, CreatedPrivateAndLoadedBack) {
  absl::StatusOr<ledger::KeyPair> created = CreateNodeKey(dir_.path());
  ASSERT_TRUE(created.ok()) << created.status();
  struct stat info {};
  ASSERT_EQ(::stat(NodeKeyPath(dir_.path()).c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
  EXPECT_EQ(info.st_size, 129) << "128 hex digits and a newline";
  absl::StatusOr<ledger::KeyPair> loaded = LoadNodeKey(dir_.path());
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->public_key, created->public_key);
  EXPECT_EQ(loaded->secret_key, created->secret_key);
  EXPECT_EQ(CreateNodeKey(dir_.path()).status().code(), absl::StatusCode::kAlreadyExists)
      << "never overwritten";
}

TEST_F(NodeKeyTest, LoadOrCreateSaysWhichItDid) {
  bool created = false;
  absl::StatusOr<ledger::KeyPair> first = LoadOrCreateNodeKey(dir_.path(), &created);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(created);
  absl::StatusOr<ledger::KeyPair> second = LoadOrCreateNodeKey(dir_.path(), &created);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(created);
  EXPECT_EQ(first->public_key, second->public_key);
}

TEST_F(NodeKeyTest, RawBytesAreReadToo) {
  const ledger::KeyPair key = ledger::NewKeyPair();
  Write(std::string(reinterpret_cast<const char*>(key.secret_key.data()), 64));
  absl::StatusOr<ledger::KeyPair> loaded = LoadNodeKey(dir_.path());
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->public_key, key.public_key);
}

TEST_F(NodeKeyTest, RefusesWhatIsNotAPrivateMatchingKey) {
  EXPECT_EQ(LoadNodeKey(dir_.path()).status().code(), absl::StatusCode::kNotFound);
  ledger::KeyPair key = ledger::NewKeyPair();
  Write(ledger::ToHex(key.secret_key) + "\n", 0644);
  absl::StatusOr<ledger::KeyPair> readable = LoadNodeKey(dir_.path());
  EXPECT_EQ(readable.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(readable.status().message().find("chmod 600"), absl::string_view::npos);
  Write("not a key\n");
  EXPECT_EQ(LoadNodeKey(dir_.path()).status().code(), absl::StatusCode::kInvalidArgument);
  key.secret_key[40] ^= 0x01;  // the public half no longer matches
  Write(ledger::ToHex(key.secret_key) + "\n");
  absl::StatusOr<ledger::KeyPair> damaged = LoadNodeKey(dir_.path());
  EXPECT_EQ(damaged.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(damaged.status().message().find("does not match"), absl::string_view::npos);
}

}  // namespace
}  // namespace noaber::node
