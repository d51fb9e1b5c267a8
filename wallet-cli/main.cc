// noaber: the command-line wallet. CLI11 wiring only: every command lives in commands_*.cc.
#include <sodium.h>

#include <CLI/CLI.hpp>
#include <functional>
#include <iostream>

#include "wallet-cli/commands.h"
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
  PayOptions pay;
  PostOptions post;
  VoidOptions void_pending;
  RotateKeysOptions rotate_keys;
  BalanceOptions balance;
  HistoryOptions history;
  AccountOptions account;
  PendingOptions pending;
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
  app.add_option("--node", global.node, "The node, HOST:PORT")
      ->envname("NOABER_NODE")
      ->capture_default_str();
  app.add_option("--home", global.home, "The wallet's folder (default ~/.noaber)")
      ->envname("NOABER_HOME");
  app.add_option("--as", global.as, "The key(s) that sign, comma-separated")->envname("NOABER_KEY");
  app.add_option("--from", global.from, "Which account acts, when the key holds several");
  app.add_flag("--json", global.json, "One JSON object per command on stdout");
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
  issue->add_option("--memo", c.issue.memo, "A note");
  On(issue, c, [&c](Wallet& w) { return RunIssue(w, c.issue); });
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

int Main(int argc, char** argv) {
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
  Wallet wallet(choices.global, &output);
  absl::Status status = choices.action(wallet);
  if (!status.ok()) output.Failure(status);
  return static_cast<int>(ExitCodeOf(status));
}

}  // namespace
}  // namespace noaber::wallet

int main(int argc, char** argv) { return noaber::wallet::Main(argc, argv); }
