#include "wallet-cli/channel_security.h"

#include <gtest/gtest.h>

#include <fstream>

#include "ledger/testing/temp_dir.h"
#include "wallet-cli/failure.h"

namespace noaber::wallet {
namespace {

constexpr char kCertificate[] = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
constexpr char kKey[] = "-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----\n";

class ChannelSecurityTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_.Sub(name)) << text;
    return dir_.Sub(name);
  }
  void ExpectUsage(const absl::StatusOr<ChannelSecurity>& security, const std::string& text) {
    ASSERT_FALSE(security.ok());
    EXPECT_EQ(ExitCodeOf(security.status()), ExitCode::kUsage);
    EXPECT_NE(std::string(security.status().message()).find(text), std::string::npos)
        << security.status();
  }
  ledger::testing::TempDir dir_;
};

TEST_F(ChannelSecurityTest, PlainWithoutACaFile) {
  absl::StatusOr<ChannelSecurity> plain = LoadChannelSecurity("", "", "");
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_FALSE(plain->tls());
}

TEST_F(ChannelSecurityTest, ReadsTheCaAndTheClientCertificate) {
  const std::string ca = Write("ca.pem", kCertificate);
  absl::StatusOr<ChannelSecurity> tls =
      LoadChannelSecurity(ca, Write("client.pem", kCertificate), Write("client.key", kKey));
  ASSERT_TRUE(tls.ok()) << tls.status();
  EXPECT_TRUE(tls->tls());
  EXPECT_EQ(tls->ca_file, ca);
  EXPECT_EQ(tls->ca_pem, kCertificate);
  EXPECT_EQ(tls->client_key_pem, kKey);
}

TEST_F(ChannelSecurityTest, RefusesWhatCannotWork) {
  const std::string ca = Write("ca.pem", kCertificate);
  const std::string cert = Write("client.pem", kCertificate);
  const std::string key = Write("client.key", kKey);
  ExpectUsage(LoadChannelSecurity(ca, cert, ""), "give --client-cert and --client-key");
  ExpectUsage(LoadChannelSecurity(ca, "", key), "give --client-cert and --client-key");
  ExpectUsage(LoadChannelSecurity("", cert, key), "give the node's CA with --ca-file");
  ExpectUsage(LoadChannelSecurity(dir_.Sub("missing.pem"), "", ""),
              "--ca-file " + dir_.Sub("missing.pem") + ": cannot read the file");
  ExpectUsage(LoadChannelSecurity(key, "", ""), "--ca-file " + key + ": not a PEM certificate");
  ExpectUsage(LoadChannelSecurity(ca, cert, cert), "--client-key " + cert + ": not a PEM private");
  ExpectUsage(LoadChannelSecurity(Write("big.pem", std::string(kPemFileBytesMax + 1, 'x')), "", ""),
              "larger than");
}

}  // namespace
}  // namespace noaber::wallet
