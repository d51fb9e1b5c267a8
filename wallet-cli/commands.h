// The wallet's commands. Each takes the Wallet and its own options (filled in by main.cc's
// CLI11 wiring), checks what was typed before touching the network, does its work, prints
// through wallet.output() and returns a status tagged with its exit code (failure.h).
#ifndef NOABER_WALLET_CLI_COMMANDS_H_
#define NOABER_WALLET_CLI_COMMANDS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "wallet-cli/wallet.h"

namespace noaber::wallet {

// Shared by the commands that submit: commands_common.cc
// " (entry 17)", or " (entry 17, already recorded)" for a repeat.
std::string EntryText(const v1::SubmitResponse& response);
// {"entry": 17, "timestamp_ms": ..., "result_name": "accepted"} plus `fields`.
nlohmann::json SubmitJson(const v1::SubmitResponse& response, nlohmann::json fields);

// Keys: commands_keys.cc
struct KeyNewOptions {
  std::string name;
  std::string kdf = "moderate";  // or "interactive"
};
struct KeyShowOptions {
  std::string name;
  bool qr = false;
};
absl::Status RunKeyNew(Wallet& wallet, const KeyNewOptions& options);
absl::Status RunKeyList(Wallet& wallet);
absl::Status RunKeyShow(Wallet& wallet, const KeyShowOptions& options);

// Administration: commands_admin.cc
struct OpenAccountOptions {
  std::string handle;
  std::string kind;
  std::vector<std::string> public_keys;  // --pubkey, hex
  std::vector<std::string> key_names;    // --key, local keys
  int threshold = 1;
};
struct SetLimitsOptions {
  std::string handle;
  std::string asset;
  std::optional<std::string> min;
  std::optional<std::string> max;
};
struct SetStatusOptions {
  std::string handle;
  std::string status;  // "frozen", "active", "closed"
};
struct IssueOptions {
  std::string handle;
  std::string amount;
  std::string asset;
  std::string reason;  // the transfer's memo; the ledger requires one for an issuance
};
struct SetSkillOptions {
  std::string code;
  std::optional<std::string> label_nl;  // absent: kept from the catalogue
  std::optional<std::string> label_en;
  std::optional<std::string> category;
  bool retire = false;
};
struct AssistOptions {
  std::string handle;
  bool off = false;
};
struct CorrectOptions {
  std::string operation_id;
  int action = 1;  // 1-based, as people count
  std::string reason;
};
absl::Status RunOpenAccount(Wallet& wallet, const OpenAccountOptions& options);
absl::Status RunSetLimits(Wallet& wallet, const SetLimitsOptions& options);
absl::Status RunSetStatus(Wallet& wallet, const SetStatusOptions& options);
absl::Status RunIssue(Wallet& wallet, const IssueOptions& options);
absl::Status RunSetSkill(Wallet& wallet, const SetSkillOptions& options);
absl::Status RunAssist(Wallet& wallet, const AssistOptions& options);
absl::Status RunCorrect(Wallet& wallet, const CorrectOptions& options);

// Payments: commands_payments.cc
struct PayOptions {
  std::string to;
  std::string amount;
  std::string asset;
  std::string skill;
  std::string memo;
  bool pending = false;
  std::string timeout;  // empty: kDefaultPendingTimeout
};
struct PostOptions {
  std::string id;
  std::string amount;  // empty: all of it
};
struct VoidOptions {
  std::string id;
};
struct RotateKeysOptions {
  std::string account;                   // empty: the --as key's own account
  std::vector<std::string> public_keys;  // --pubkey
  std::vector<std::string> key_names;    // --key
  int threshold = 1;
};
absl::Status RunPay(Wallet& wallet, const PayOptions& options);
absl::Status RunPost(Wallet& wallet, const PostOptions& options);
absl::Status RunVoid(Wallet& wallet, const VoidOptions& options);
absl::Status RunRotateKeys(Wallet& wallet, const RotateKeysOptions& options);

// Reads: commands_reads.cc
struct BalanceOptions {
  std::string handle;  // empty: own account
};
struct HistoryOptions {
  std::string handle;
  int limit = 20;
  bool ids = false;  // show each entry's operation id (for admin correct)
};
struct AccountOptions {
  std::string handle;
};
struct PendingOptions {
  std::string id;
};
absl::Status RunBalance(Wallet& wallet, const BalanceOptions& options);
absl::Status RunHistory(Wallet& wallet, const HistoryOptions& options);
absl::Status RunAccount(Wallet& wallet, const AccountOptions& options);
absl::Status RunCommunity(Wallet& wallet);
absl::Status RunPending(Wallet& wallet, const PendingOptions& options);

// The board of listings and payment requests: commands_economy.cc
inline constexpr int kListLimitDefault = 50;
struct ListingPostOptions {
  std::string kind;  // "offer" or "request"
  std::string skill;
  std::string text;
  std::string estimate;  // empty: none
  std::string asset;
  std::string until;  // empty: open-ended
};
struct ListingListOptions {
  std::string skill;
  std::string kind;
  bool all = false;  // also closed and ended listings
  int limit = kListLimitDefault;
};
struct IdOptions {
  std::string id;
};
struct RequestOptions {
  std::string payer;
  std::string amount;
  std::string asset;
  std::string skill;
  std::string memo;
  std::string listing;
  std::string expires;  // empty: no expiry
};
struct RequestsOptions {
  bool all = false;  // also accepted, declined and expired requests
  int limit = kListLimitDefault;
};
absl::Status RunListingPost(Wallet& wallet, const ListingPostOptions& options);
absl::Status RunListingList(Wallet& wallet, const ListingListOptions& options);
absl::Status RunListingClose(Wallet& wallet, const IdOptions& options);
absl::Status RunRequest(Wallet& wallet, const RequestOptions& options);
absl::Status RunRequests(Wallet& wallet, const RequestsOptions& options);
absl::Status RunAccept(Wallet& wallet, const IdOptions& options);
absl::Status RunDecline(Wallet& wallet, const IdOptions& options);

// Skills, initiatives, statements: commands_community.cc
struct SkillsOptions {
  bool all = false;  // also retired skills
};
struct InitiativeOptions {
  std::string handle;
};
struct StatementOptions {
  std::string handle;  // empty: own account
  int year = 0;        // 0: the current year
  std::string asset;   // empty: the default asset
  std::string out;     // empty: stdout
};
struct VerifyStatementOptions {
  std::string file;
  std::string node_key;  // hex; empty: any key (the one in the file)
};
absl::Status RunSkills(Wallet& wallet, const SkillsOptions& options);
absl::Status RunInitiative(Wallet& wallet, const InitiativeOptions& options);
absl::Status RunStatement(Wallet& wallet, const StatementOptions& options);
// Offline: never contacts the node.
absl::Status RunVerifyStatement(Wallet& wallet, const VerifyStatementOptions& options);
absl::Status RunNodeKey(Wallet& wallet);

// The verifiable log: commands_log.cc
struct VerifyOptions {
  size_t witnesses = 0;                   // --witnesses N: cosignatures required
  std::vector<std::string> witness_keys;  // --witness-key NAME+ID+BASE64, repeatable
  std::string log_key;                    // --log-key: pin this key instead of the node's
};
struct WitnessOptions {
  std::string name;            // the witness's name, e.g. "gemeente.example/witness"
  bool show_key = false;       // print the cosigner key and stop
  bool once = false;           // one round, then stop
  int64_t interval_ms = 5000;  // between rounds
  std::string log_key;         // --log-key: pin this key instead of the node's
};
// Checks every kept receipt and the node's checkpoints against the books (books.h).
absl::Status RunVerify(Wallet& wallet, const VerifyOptions& options);
// Follows the node's checkpoints, checks each is consistent with the last, and cosigns it.
absl::Status RunWitness(Wallet& wallet, const WitnessOptions& options);

}  // namespace noaber::wallet

#endif  // NOABER_WALLET_CLI_COMMANDS_H_
