// End-to-end tests of TLS: the real `noaber-node` serving TLS (and mutual TLS) with
// certificates the `openssl` command makes in the test's temporary folder, and the real
// `noaber` wallet trusting a CA file. Also: without TLS the node listens on loopback only.
#include <filesystem>

#include "tests/wallet_fixture.h"

namespace noaber {
namespace {

using testing::Describe;
using ::testing::HasSubstr;
using testing::kNode;
using testing::NodeProcess;
using testing::ProcessResult;
using testing::RunProcess;

// Runs `openssl args...`, found on the PATH.
ProcessResult OpenSsl(std::vector<std::string> args) {
  args.insert(args.begin(), "openssl");
  return RunProcess("/usr/bin/env", args);
}

// A certificate and its key, as PEM files.
struct Pem {
  std::string cert;
  std::string key;
};

// Certificates for one test: the node's CA, a server certificate it signed for 127.0.0.1, a
// client certificate it signed, and an unrelated CA with a client certificate of its own.
struct Certificates {
  Pem ca;
  Pem server;
  Pem client;
  Pem other_ca;
  Pem other_client;
};

// An EC P-256 key and certificate `name` in `dir` with `subject`: self-signed (a CA) when
// `issuer` is null, else signed by it, with the extensions `extensions`.
void MakeCertificate(const std::string& dir, const std::string& name, const std::string& subject,
                     const Pem* issuer, const std::vector<std::string>& extensions, Pem* out) {
  out->cert = dir + "/" + name + ".pem";
  out->key = dir + "/" + name + ".key";
  std::vector<std::string> args = {
      "req",    "-x509", "-newkey", "ec",    "-pkeyopt", "ec_paramgen_curve:prime256v1",
      "-nodes", "-days", "2",       "-subj", subject,    "-keyout",
      out->key, "-out",  out->cert};
  if (issuer != nullptr) args.insert(args.end(), {"-CA", issuer->cert, "-CAkey", issuer->key});
  for (const std::string& extension : extensions) args.insert(args.end(), {"-addext", extension});
  ProcessResult made = OpenSsl(args);
  ASSERT_EQ(made.exit_code, 0) << Describe(made);
}

class TlsE2eTest : public testing::WalletFixture {
 protected:
  void SetUp() override {
    const std::string dir = dir_.Sub("tls");
    std::filesystem::create_directories(dir);
    const std::vector<std::string> leaf = {"basicConstraints=critical,CA:FALSE"};
    MakeCertificate(dir, "ca", "/CN=Noaber test CA", nullptr, {}, &certs_.ca);
    MakeCertificate(dir, "other-ca", "/CN=Unrelated CA", nullptr, {}, &certs_.other_ca);
    std::vector<std::string> server = leaf;
    server.insert(server.end(), {"subjectAltName=IP:127.0.0.1", "extendedKeyUsage=serverAuth"});
    MakeCertificate(dir, "server", "/CN=noaber-node", &certs_.ca, server, &certs_.server);
    std::vector<std::string> client = leaf;
    client.push_back("extendedKeyUsage=clientAuth");
    MakeCertificate(dir, "client", "/CN=wijkcentrum", &certs_.ca, client, &certs_.client);
    MakeCertificate(dir, "other-client", "/CN=stranger", &certs_.other_ca, client,
                    &certs_.other_client);
    ASSERT_FALSE(HasFailure());

    MakeKeys({"admin", "anna"});
    ProcessResult init = RunProcess(kNode, {"init", "--data-dir", dir_.Sub("data"), "--community",
                                            "Teststad", "--admin-key", public_keys_["admin"]});
    ASSERT_EQ(init.exit_code, 0) << Describe(init);
  }

  void StartNode(std::vector<std::string> extra_args) {
    absl::StatusOr<std::unique_ptr<NodeProcess>> node =
        NodeProcess::Start(kNode, dir_.Sub("data"), extra_args);
    ASSERT_TRUE(node.ok()) << node.status();
    node_ = *std::move(node);
  }
  std::vector<std::string> TlsArgs() const {
    return {"--tls-cert", certs_.server.cert, "--tls-key", certs_.server.key};
  }
  // The wallet trusting the node's CA (and with `client`'s certificate, when given).
  std::map<std::string, std::string> Trusting(const Pem& ca, const Pem* client = nullptr) const {
    std::map<std::string, std::string> env = {{"NOABER_CA_FILE", ca.cert}};
    if (client != nullptr) {
      env["NOABER_CLIENT_CERT"] = client->cert;
      env["NOABER_CLIENT_KEY"] = client->key;
    }
    return env;
  }

  Certificates certs_;
};

TEST_F(TlsE2eTest, TheWalletTrustsOnlyTheNodesCa) {
  StartNode(TlsArgs());
  EXPECT_THAT(node_->StderrText(), HasSubstr("serving TLS with the certificate"));
  const auto trusting = Trusting(certs_.ca);
  // Writes and signed private reads go through TLS like any call.
  ProcessResult opened = Wallet(
      {"--as", "admin", "admin", "open-account", "anna", "--kind", "resident", "--key", "anna"},
      trusting);
  ASSERT_EQ(opened.exit_code, 0) << Describe(opened);
  ProcessResult balance = Wallet({"--as", "anna", "balance"}, trusting);
  ASSERT_EQ(balance.exit_code, 0) << Describe(balance);
  EXPECT_THAT(balance.stdout_text, HasSubstr("Balances of anna"));
  // The same through the flag instead of the environment.
  ProcessResult flagged = Wallet({"community", "--ca-file", certs_.ca.cert});
  ASSERT_EQ(flagged.exit_code, 0) << Describe(flagged);
  EXPECT_THAT(flagged.stdout_text, HasSubstr("2 journal entries"));

  ExpectFailure({"community"}, 4,
                "is not trusted: it is not signed by the CA in --ca-file " + certs_.other_ca.cert,
                {{"NOABER_CA_FILE", certs_.other_ca.cert}});
  ExpectFailure({"--as", "anna", "pay", "admin", "1h"}, 4, "is not trusted",
                {{"NOABER_CA_FILE", certs_.other_ca.cert}});
  // A client without TLS hears nothing from a TLS node, and is told why that may be.
  ExpectFailure({"community"}, 4,
                "closed the connection; if it serves TLS, give its CA with "
                "--ca-file");
  // The journal holds only the account opened above.
  EXPECT_THAT(Wallet({"community"}, trusting).stdout_text, HasSubstr("2 journal entries"));
}

TEST_F(TlsE2eTest, ATlsWalletIsToldWhenTheNodeServesNoTls) {
  StartNode({});
  EXPECT_THAT(node_->StderrText(), HasSubstr("serving plain gRPC (no TLS)"));
  ExpectFailure({"community"}, 4, "does not serve TLS; leave out --ca-file", Trusting(certs_.ca));
}

TEST_F(TlsE2eTest, MutualTlsLetsInOnlyClientsWithACertificateFromItsCa) {
  std::vector<std::string> args = TlsArgs();
  args.insert(args.end(), {"--tls-client-ca", certs_.ca.cert});
  StartNode(args);
  EXPECT_THAT(node_->StderrText(), HasSubstr("every client needs a certificate signed by"));
  ExpectFailure({"community"}, 4,
                "it may require a client certificate: give one with "
                "--client-cert and --client-key",
                Trusting(certs_.ca));
  ExpectFailure({"community"}, 4,
                "it may not accept the client certificate " + certs_.other_client.cert,
                Trusting(certs_.ca, &certs_.other_client));
  ProcessResult admitted = Wallet({"community"}, Trusting(certs_.ca, &certs_.client));
  ASSERT_EQ(admitted.exit_code, 0) << Describe(admitted);
  EXPECT_THAT(admitted.stdout_text, HasSubstr("Teststad"));
  // Flags work as the environment does.
  ProcessResult flagged = Wallet({"community", "--ca-file", certs_.ca.cert, "--client-cert",
                                  certs_.client.cert, "--client-key", certs_.client.key});
  EXPECT_EQ(flagged.exit_code, 0) << Describe(flagged);
}

TEST_F(TlsE2eTest, WithoutTlsTheNodeListensOnLoopbackOnly) {
  ProcessResult refused =
      RunProcess(kNode, {"run", "--data-dir", dir_.Sub("data"), "--listen", "0.0.0.0:0"});
  EXPECT_EQ(refused.exit_code, 1) << Describe(refused);
  EXPECT_THAT(refused.stderr_text,
              HasSubstr("refusing to listen on 0.0.0.0:0: the node would serve plain gRPC "
                        "without TLS"));
  EXPECT_EQ(refused.stdout_text, "");

  std::vector<std::string> args = TlsArgs();
  args.insert(args.end(), {"--listen", "0.0.0.0:0"});
  StartNode(args);
  ASSERT_THAT(node_->address(), HasSubstr("0.0.0.0:"));
  const std::string port = node_->address().substr(node_->address().rfind(':') + 1);
  std::map<std::string, std::string> env = Trusting(certs_.ca);
  env["NOABER_NODE"] = "127.0.0.1:" + port;
  ProcessResult reached = Wallet({"community"}, env);
  EXPECT_EQ(reached.exit_code, 0) << Describe(reached);
}

TEST_F(TlsE2eTest, TheNodeRefusesTlsSettingsThatCannotWork) {
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"run", "--data-dir", dir_.Sub("data"), "--listen", "127.0.0.1:0"});
    return RunProcess(kNode, args);
  };
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {{"--tls-cert", certs_.server.cert},
            "TLS needs both a certificate (tls_cert_file, --tls-cert) and its private key"},
           {{"--tls-client-ca", certs_.ca.cert},
            "a client CA (tls_client_ca_file, "
            "--tls-client-ca) needs TLS"},
           {{"--tls-cert", certs_.server.key, "--tls-key", certs_.server.key},
            "tls_cert_file (--tls-cert): " + certs_.server.key + " holds no PEM certificate"},
           {{"--tls-cert", certs_.server.cert, "--tls-key", dir_.Sub("missing.key")},
            "tls_key_file (--tls-key): cannot read " + dir_.Sub("missing.key")},
           {{"--tls-cert", certs_.server.cert, "--tls-key", certs_.client.key},
            "Does the TLS key belong to the certificate?"},
       }) {
    ProcessResult refused = run(c.args);
    EXPECT_EQ(refused.exit_code, 1) << Describe(refused);
    EXPECT_THAT(refused.stderr_text, HasSubstr(c.message)) << Describe(refused);
  }
}

}  // namespace
}  // namespace noaber
