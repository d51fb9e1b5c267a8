// noaber: the command-line wallet. CLI11 wiring only: every command lives in commands_*.cc.
#include <grpc/support/log.h>
#include <sodium.h>

#include <CLI/CLI.hpp>
#include <functional>
#include <iostream>

#include "wallet-cli/commands.h"
#include "wallet-cli/commands_report.h"
#include "wallet-cli/failure.h"

namespace noaber::wallet {
namespace {

// Everything the command line can fill in, and the one command it chose.
struct Choices {
  GlobalOptions global;
  KeyNewOptions key_new;
  KeyShowOptions key_show;
  OpenAccountOptions open_account;
  SetLimitsOptions set_limits;
  SetStatusOptions set_status;
  IssueOptions issue;
  SetSkillOptions set_skill;
  AssistOptions assist;
  CorrectOptions correct;
  PayOptions pay;
  PostOptions post;
  VoidOptions void_pending;
  RotateKeysOptions rotate_keys;
  BalanceOptions balance;
  HistoryOptions history;
  AccountOptions account;
  PendingOptions pending;
  ListingPostOptions listing_post;
  ListingListOptions listing_list;
  IdOptions listing_close;
  RequestOptions request;
  RequestsOptions requests;
  IdOptions accept;
  IdOptions decline;
  SkillsOptions skills;
  InitiativeOptions initiative;
  StatementOptions statement;
  VerifyStatementOptions verify_statement;
  ImpactReportOptions impact_report;
  VerifyOptions verify;
  WitnessOptions witness;
  std::function<absl::Status(Wallet&)> action;
};

// Runs `run` when `command` is the one given.
void On(CLI::App* command, Choices& choices, std::function<absl::Status(Wallet&)> run) {
  command->callback([&choices, run] { choices.action = run; });
}

// A repeatable option taking one value per occurrence, so it never swallows a positional.
CLI::Option* AddRepeatable(CLI::App* command, const std::string& name,
                           std::vector<std::string>& values, const std::string& help) {
  return command->add_option(name, values, help)->allow_extra_args(false);
}

void AddGlobalOptions(CLI::App& app, GlobalOptions& global) {
  app.add_option("--node", global.node,
                 "The node, HOST:PORT; for a cluster, several: HOST:PORT,HOST:PORT,...")
      ->envname("NOABER_NODE")
      ->capture_default_str();
  app.add_option("--home", global.home, "The wallet's folder (default ~/.noaber)")
      ->envname("NOABER_HOME");
  app.add_option("--as", global.as, "The key(s) that sign, comma-separated")->envname("NOABER_KEY");
  app.add_option("--from", global.from, "Which account acts, when the key holds several");
  app.add_flag("--json", global.json, "One JSON object per command on stdout");
  app.add_option("--ca-file", global.ca_file,
                 "Connect with TLS and trust only node certificates signed by this CA (PEM)")
      ->envname("NOABER_CA_FILE");
  app.add_option("--client-cert", global.client_cert_file,
                 "With --ca-file: show the node this client certificate (PEM)")
      ->envname("NOABER_CLIENT_CERT");
  app.add_option("--client-key", global.client_key_file, "The client certificate's key (PEM)")
      ->envname("NOABER_CLIENT_KEY");
}

void AddKeyCommands(CLI::App& app, Choices& c) {
  CLI::App* key = app.add_subcommand("key", "Keys in the local keystore");
  key->require_subcommand(1);
  CLI::App* create = key->add_subcommand("new", "Make a key, stored encrypted");
  create->add_option("name", c.key_new.name, "The key's local name")->required();
  create->add_option("--kdf", c.key_new.kdf, "Passphrase hardening: moderate or interactive")
      ->check(CLI::IsMember({"moderate", "interactive"}))
      ->capture_default_str();
  On(create, c, [&c](Wallet& w) { return RunKeyNew(w, c.key_new); });
  CLI::App* list = key->add_subcommand("list", "List the keys");
  On(list, c, [](Wallet& w) { return RunKeyList(w); });
  CLI::App* show = key->add_subcommand("show", "Print a key's public key");
  show->add_option("name", c.key_show.name, "The key's local name")->required();
  show->add_flag("--qr", c.key_show.qr, "Also draw it as a QR code");
  On(show, c, [&c](Wallet& w) { return RunKeyShow(w, c.key_show); });
}

void AddStatusCommand(CLI::App* admin, Choices& c, const std::string& name,
                      const std::string& status, const std::string& help) {
  CLI::App* command = admin->add_subcommand(name, help);
  command->add_option("handle", c.set_status.handle, "The account")->required();
  On(command, c, [&c, status](Wallet& w) {
    c.set_status.status = status;
    return RunSetStatus(w, c.set_status);
  });
}

void AddEconomyAdminCommands(CLI::App* admin, Choices& c) {
  CLI::App* skill = admin->add_subcommand("skill", "The skills catalogue");
  skill->require_subcommand(1);
  CLI::App* set = skill->add_subcommand("set", "Add, relabel or retire a skill");
  set->add_option("code", c.set_skill.code, "The skill's code, e.g. tuin")->required();
  set->add_option("--nl", c.set_skill.label_nl, "Dutch label (default: as it is)");
  set->add_option("--en", c.set_skill.label_en, "English label (default: as it is)");
  set->add_option("--category", c.set_skill.category, "Category (default: as it is)");
  set->add_flag("--retire", c.set_skill.retire, "Retire it: kept for history, no new use");
  On(set, c, [&c](Wallet& w) { return RunSetSkill(w, c.set_skill); });

  CLI::App* assist = admin->add_subcommand("assist", "Let administrators sign for a resident");
  assist->add_option("handle", c.assist.handle, "The resident")->required();
  assist->add_flag("--off", c.assist.off, "No longer assisted");
  On(assist, c, [&c](Wallet& w) { return RunAssist(w, c.assist); });

  CLI::App* correct = admin->add_subcommand("correct", "Pay back a mistaken transfer");
  correct->add_option("operation", c.correct.operation_id, "The transfer's operation id")
      ->required();
  correct->add_option("--action", c.correct.action, "Which action of it, from 1")
      ->capture_default_str();
  correct->add_option("--reason", c.correct.reason, "Why (required)")->required();
  On(correct, c, [&c](Wallet& w) { return RunCorrect(w, c.correct); });
}

void AddAdminCommands(CLI::App& app, Choices& c) {
  CLI::App* admin = app.add_subcommand("admin", "Administration, signed by administrator keys");
  admin->require_subcommand(1);
  CLI::App* open = admin->add_subcommand("open-account", "Open an account");
  open->add_option("handle", c.open_account.handle, "The new account's handle")->required();
  open->add_option("--kind", c.open_account.kind, "resident, partner or initiative")
      ->required()
      ->check(CLI::IsMember({"resident", "partner", "initiative"}));
  AddRepeatable(open, "--pubkey", c.open_account.public_keys, "A public key, in hex");
  AddRepeatable(open, "--key", c.open_account.key_names, "A local key's name");
  open->add_option("--threshold", c.open_account.threshold, "Signatures needed")
      ->capture_default_str();
  On(open, c, [&c](Wallet& w) { return RunOpenAccount(w, c.open_account); });

  CLI::App* limits = admin->add_subcommand("set-limits", "Change an account's limits");
  limits->add_option("handle", c.set_limits.handle, "The account")->required();
  limits->add_option("--asset", c.set_limits.asset, "The asset code")->required();
  limits->add_option("--min", c.set_limits.min, "Lowest balance (below zero: credit line)");
  limits->add_option("--max", c.set_limits.max, "Highest balance");
  On(limits, c, [&c](Wallet& w) { return RunSetLimits(w, c.set_limits); });

  AddStatusCommand(admin, c, "freeze", "frozen", "Freeze an account");
  AddStatusCommand(admin, c, "unfreeze", "active", "Unfreeze an account");
  AddStatusCommand(admin, c, "close", "closed", "Close an account (its balances must be zero)");

  CLI::App* issue = admin->add_subcommand("issue", "Pay from the community account");
  issue->add_option("handle", c.issue.handle, "Who receives")->required();
  issue->add_option("amount", c.issue.amount, "How much: 2h, 1h30m, 12.50")->required();
  issue->add_option("--asset", c.issue.asset, "The asset (default HOUR, else the first)");
  issue->add_option("--reason,--memo", c.issue.reason, "Why (required; recorded as the memo)")
      ->required();
  On(issue, c, [&c](Wallet& w) { return RunIssue(w, c.issue); });
  AddEconomyAdminCommands(admin, c);
}

void AddPaymentCommands(CLI::App& app, Choices& c) {
  CLI::App* pay = app.add_subcommand("pay", "Pay a neighbour");
  pay->add_option("handle", c.pay.to, "Who receives")->required();
  pay->add_option("amount", c.pay.amount, "How much: 2h, 1h30m, 90m, 1.5h, 12.50")->required();
  pay->add_option("--asset", c.pay.asset, "The asset (default HOUR, else the first)");
  pay->add_option("--skill", c.pay.skill, "What the help was, as a skill code");
  pay->add_option("--memo", c.pay.memo, "A note for the receiver");
  CLI::Option* pending = pay->add_flag("--pending", c.pay.pending, "Reserve now, pay later");
  pay->add_option("--timeout", c.pay.timeout, "With --pending: release after (default 7d)")
      ->needs(pending);
  On(pay, c, [&c](Wallet& w) { return RunPay(w, c.pay); });

  CLI::App* post = app.add_subcommand("post", "Pay a pending transfer, all or part");
  post->add_option("id", c.post.id, "The pending id")->required();
  post->add_option("amount", c.post.amount, "How much of it (default all)");
  On(post, c, [&c](Wallet& w) { return RunPost(w, c.post); });

  CLI::App* release = app.add_subcommand("void", "Release a pending transfer");
  release->add_option("id", c.void_pending.id, "The pending id")->required();
  On(release, c, [&c](Wallet& w) { return RunVoid(w, c.void_pending); });

  CLI::App* rotate = app.add_subcommand("rotate-keys", "Replace an account's keys");
  rotate->add_option("--account", c.rotate_keys.account, "The account (default your own)");
  AddRepeatable(rotate, "--pubkey", c.rotate_keys.public_keys, "A new public key, in hex");
  AddRepeatable(rotate, "--key", c.rotate_keys.key_names, "A local key's name");
  rotate->add_option("--threshold", c.rotate_keys.threshold, "Signatures needed")
      ->capture_default_str();
  On(rotate, c, [&c](Wallet& w) { return RunRotateKeys(w, c.rotate_keys); });
}

void AddReadCommands(CLI::App& app, Choices& c) {
  CLI::App* balance = app.add_subcommand("balance", "Balances (yours by default)");
  balance->add_option("handle", c.balance.handle, "The account");
  On(balance, c, [&c](Wallet& w) { return RunBalance(w, c.balance); });
  CLI::App* history = app.add_subcommand("history", "Recent entries (yours by default)");
  history->add_option("handle", c.history.handle, "The account");
  history->add_option("--limit", c.history.limit, "How many entries, 1 to 200")
      ->capture_default_str();
  history->add_flag("--ids", c.history.ids, "Show operation ids (for admin correct)");
  On(history, c, [&c](Wallet& w) { return RunHistory(w, c.history); });
  CLI::App* account = app.add_subcommand("account", "An account's kind, status and keys");
  account->add_option("handle", c.account.handle, "The account")->required();
  On(account, c, [&c](Wallet& w) { return RunAccount(w, c.account); });
  CLI::App* community = app.add_subcommand("community", "The community and its assets");
  On(community, c, [](Wallet& w) { return RunCommunity(w); });
  CLI::App* pending = app.add_subcommand("pending", "A pending transfer");
  pending->add_option("id", c.pending.id, "The pending id")->required();
  On(pending, c, [&c](Wallet& w) { return RunPending(w, c.pending); });
}

void AddListingCommands(CLI::App& app, Choices& c) {
  CLI::App* listing = app.add_subcommand("listing", "The board of offers and requests");
  listing->require_subcommand(1);
  CLI::App* post = listing->add_subcommand("post", "Offer help, or ask for it");
  post->add_option("kind", c.listing_post.kind, "offer or request")->required();
  post->add_option("--skill", c.listing_post.skill, "The skill, as a code")->required();
  post->add_option("--text", c.listing_post.text, "What you offer or need")->required();
  post->add_option("--estimate", c.listing_post.estimate, "About how much: 2h, 12.50");
  post->add_option("--asset", c.listing_post.asset, "The estimate's asset (default HOUR)");
  post->add_option("--until", c.listing_post.until, "Ends: a date 2026-12-31 or 30d");
  On(post, c, [&c](Wallet& w) { return RunListingPost(w, c.listing_post); });
  CLI::App* list = listing->add_subcommand("list", "What is on the board");
  list->add_option("--skill", c.listing_list.skill, "Only this skill");
  list->add_option("--kind", c.listing_list.kind, "Only offers or requests")
      ->check(CLI::IsMember({"offer", "request"}));
  list->add_flag("--all", c.listing_list.all, "Also closed and ended listings");
  list->add_option("--limit", c.listing_list.limit, "How many, 1 to 200")->capture_default_str();
  On(list, c, [&c](Wallet& w) { return RunListingList(w, c.listing_list); });
  CLI::App* close = listing->add_subcommand("close", "Take your listing off the board");
  close->add_option("id", c.listing_close.id, "The listing id")->required();
  On(close, c, [&c](Wallet& w) { return RunListingClose(w, c.listing_close); });
}

void AddRequestCommands(CLI::App& app, Choices& c) {
  CLI::App* request = app.add_subcommand("request", "Ask a neighbour to pay you");
  request->add_option("handle", c.request.payer, "Who is to pay")->required();
  request->add_option("amount", c.request.amount, "How much: 2h, 1h30m, 12.50")->required();
  request->add_option("--asset", c.request.asset, "The asset (default HOUR, else the first)");
  request->add_option("--skill", c.request.skill, "What the help was, as a skill code");
  request->add_option("--memo", c.request.memo, "A note for the payer");
  request->add_option("--listing", c.request.listing, "The listing it answers");
  request->add_option("--expires", c.request.expires, "Expires after: 7d, 12h");
  On(request, c, [&c](Wallet& w) { return RunRequest(w, c.request); });
  CLI::App* requests = app.add_subcommand("requests", "Payment requests to and from you");
  requests->add_flag("--all", c.requests.all, "Also accepted, declined and expired ones");
  requests->add_option("--limit", c.requests.limit, "How many, 1 to 200")->capture_default_str();
  On(requests, c, [&c](Wallet& w) { return RunRequests(w, c.requests); });
  CLI::App* accept = app.add_subcommand("accept", "Pay a request made of you");
  accept->add_option("id", c.accept.id, "The request id")->required();
  On(accept, c, [&c](Wallet& w) { return RunAccept(w, c.accept); });
  CLI::App* decline = app.add_subcommand("decline", "Decline a request (it is not paid)");
  decline->add_option("id", c.decline.id, "The request id")->required();
  On(decline, c, [&c](Wallet& w) { return RunDecline(w, c.decline); });
}

void AddLogCommands(CLI::App& app, Choices& c) {
  CLI::App* verify = app.add_subcommand(
      "verify", "Check that the node's log holds every receipt this wallet kept, unrewritten");
  verify->add_option("--witnesses", c.verify.witnesses,
                     "Require cosignatures of this many of the --witness-key witnesses");
  AddRepeatable(verify, "--witness-key", c.verify.witness_keys,
                "A witness's cosigner key, NAME+ID+BASE64 (repeatable)");
  verify->add_option("--log-key", c.verify.log_key,
                     "The log key to pin on first contact, NAME+ID+BASE64 (default: the node's)");
  On(verify, c, [&c](Wallet& w) { return RunVerify(w, c.verify); });

  CLI::App* witness = app.add_subcommand(
      "witness", "Follow the node's checkpoints, check each extends the last, and cosign it");
  witness->add_option("--name", c.witness.name, "The witness's name, e.g. gemeente.example/witness")
      ->required();
  witness->add_flag("--show-key", c.witness.show_key,
                    "Print the cosigner key for the node's witnesses setting, and stop");
  witness->add_flag("--once", c.witness.once, "One round, then stop");
  witness->add_option("--interval-ms", c.witness.interval_ms, "Between rounds")
      ->check(CLI::Range(int64_t{100}, int64_t{3'600'000}))
      ->capture_default_str();
  witness->add_option("--log-key", c.witness.log_key,
                      "The log key to pin on first contact (default: the node's)");
  On(witness, c, [&c](Wallet& w) { return RunWitness(w, c.witness); });
}

void AddCommunityCommands(CLI::App& app, Choices& c) {
  CLI::App* skills = app.add_subcommand("skills", "The skills catalogue");
  skills->add_flag("--all", c.skills.all, "Also retired skills");
  On(skills, c, [&c](Wallet& w) { return RunSkills(w, c.skills); });
  CLI::App* initiative = app.add_subcommand("initiative", "Initiatives' books");
  initiative->require_subcommand(1);
  CLI::App* show = initiative->add_subcommand("show", "Budget, funders, payees, owners");
  show->add_option("handle", c.initiative.handle, "The initiative")->required();
  On(show, c, [&c](Wallet& w) { return RunInitiative(w, c.initiative); });
  CLI::App* statement = app.add_subcommand("statement", "A node-signed contribution statement");
  statement->add_option("handle", c.statement.handle, "The account (default your own)");
  statement->add_option("--year", c.statement.year, "The calendar year (default this one)");
  statement->add_option("--asset", c.statement.asset, "A time asset (default HOUR)");
  statement->add_option("--out", c.statement.out, "Write it to FILE (default stdout)");
  On(statement, c, [&c](Wallet& w) { return RunStatement(w, c.statement); });
  CLI::App* verify = app.add_subcommand("verify-statement", "Check a statement, offline");
  verify->add_option("file", c.verify_statement.file, "The statement file")->required();
  verify->add_option("--node-key", c.verify_statement.node_key, "The node key it must carry");
  On(verify, c, [&c](Wallet& w) { return RunVerifyStatement(w, c.verify_statement); });
  CLI::App* report = app.add_subcommand("report", "Reports on the neighbourhood economy");
  report->require_subcommand(1);
  CLI::App* impact = report->add_subcommand("impact", "Impact figures per month (docs/impact.md)");
  impact->add_option("--from", c.impact_report.from, "First month, YYYY-MM (default: founding)");
  impact->add_option("--to", c.impact_report.to, "Last month, YYYY-MM (default: this month)");
  impact->add_option("--format", c.impact_report.format, "json, csv or html");
  impact->add_option("--out", c.impact_report.out, "Write the report to FILE");
  impact->add_option("--lang", c.impact_report.lang, "nl or en (html; default nl)");
  impact->add_flag("--suppressed", c.impact_report.suppressed,
                   "Administrators: the report others get, small groups left out");
  On(impact, c, [&c](Wallet& w) { return RunImpactReport(w, c.impact_report); });
  CLI::App* node_key = app.add_subcommand("node-key", "The node's statement-signing key");
  On(node_key, c, [](Wallet& w) { return RunNodeKey(w); });
}

// gRPC's own log lines (a failed TLS handshake, say) would come before the wallet's sentence,
// which already carries gRPC's reason; a command-line tool prints one message per failure.
void QuietGrpcLog(gpr_log_func_args* /*args*/) {}

int Main(int argc, char** argv) {
  gpr_set_log_function(&QuietGrpcLog);
  if (sodium_init() < 0) {
    std::cerr << "noaber: libsodium failed to start\n";
    return static_cast<int>(ExitCode::kFailed);
  }
  CLI::App app{"noaber: the wallet of a Noaber neighbourhood time bank"};
  app.fallthrough();  // global options may also follow the command
  app.require_subcommand(1);
  Choices choices;
  AddGlobalOptions(app, choices.global);
  AddKeyCommands(app, choices);
  AddAdminCommands(app, choices);
  AddPaymentCommands(app, choices);
  AddReadCommands(app, choices);
  AddListingCommands(app, choices);
  AddRequestCommands(app, choices);
  AddCommunityCommands(app, choices);
  AddLogCommands(app, choices);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // CLI11 reports a missing command before a word it did not recognise; name the word.
    if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr && app.remaining_size() > 0) {
      std::cerr << "noaber: unknown command '" << app.remaining().front()
                << "' (see noaber --help)\n";
      return static_cast<int>(ExitCode::kUsage);
    }
    int code = app.exit(error);
    return code == 0 ? 0 : static_cast<int>(ExitCode::kUsage);
  }
  Output output(choices.global.json, &std::cout, &std::cerr);
  absl::StatusOr<ChannelSecurity> channel = LoadChannelSecurity(
      choices.global.ca_file, choices.global.client_cert_file, choices.global.client_key_file);
  if (!channel.ok()) {
    output.Failure(channel.status());
    return static_cast<int>(ExitCodeOf(channel.status()));
  }
  choices.global.channel = *std::move(channel);
  Wallet wallet(choices.global, &output);
  absl::Status status = choices.action(wallet);
  if (!status.ok()) output.Failure(status);
  return static_cast<int>(ExitCodeOf(status));
}

}  // namespace
}  // namespace noaber::wallet

int main(int argc, char** argv) { return noaber::wallet::Main(argc, argv); }
