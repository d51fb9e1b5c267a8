// noaber witness: follows a node's checkpoints, checks each is consistent with the last one
// this witness cosigned, and cosigns it (C2SP tlog-cosignature). State per witness name and
// community: HOME/witness/<name>-<community id>.json; evidence of a fork goes next to it.
#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>
#include <thread>

#include "noaber/ledger/cosignature.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/receipt.h"
#include "noaber/ledger/strings.h"
#include "wallet-cli/commands.h"
#include "wallet-cli/failure.h"
#include "wallet-cli/log_check.h"
#include "wallet-cli/private_files.h"

namespace noaber::wallet {
namespace {

using ledger::StrCat;
using nlohmann::json;

constexpr size_t kWitnessStateBytesMax = 64 * 1024;

// What a witness remembers of one log.
struct WitnessState {
  std::string log_key;     // pinned
  std::string checkpoint;  // the last checkpoint it cosigned
  int64_t cosigned_ms = 0;
  std::string node;
};

std::string FileSafe(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') c = '_';
  }
  return out;
}

std::string StatePath(const std::string& home, std::string_view name,
                      const ledger::CommunityId& community) {
  return StrCat(home, "/witness/", FileSafe(name), "-", ledger::ToHex(community), ".json");
}

absl::StatusOr<WitnessState> LoadState(const std::string& path) {
  absl::StatusOr<SmallFile> file = ReadSmallFile(path, kWitnessStateBytesMax);
  if (absl::IsNotFound(file.status())) return WitnessState{};
  if (!file.ok()) return file.status();
  json object = json::parse(file->contents, nullptr, /*allow_exceptions=*/false);
  try {
    // A fraction or a number beyond int64 would convert with undefined behaviour.
    if (!object.at("cosigned_ms").is_number_integer()) {
      return absl::DataLossError(StrCat(path, ": not a witness state file (cosigned_ms)"));
    }
    return WitnessState{
        object.at("log_key").get<std::string>(), object.at("checkpoint").get<std::string>(),
        object.at("cosigned_ms").get<int64_t>(), object.at("node").get<std::string>()};
  } catch (const json::exception& e) {
    return absl::DataLossError(StrCat(path, ": not a witness state file (", e.what(), ")"));
  }
}

absl::Status SaveState(const std::string& path, const WitnessState& state) {
  const json object = {{"log_key", state.log_key},
                       {"checkpoint", state.checkpoint},
                       {"cosigned_ms", state.cosigned_ms},
                       {"node", state.node}};
  return WritePrivateFileAtomically(path, object.dump(1) + "\n", /*replace=*/true);
}

// Writes both checkpoints and the finding next to the state, for whoever must act on it.
std::string KeepEvidence(const std::string& state_path, const WitnessState& state,
                         const std::string& offered, std::string_view node,
                         std::string_view finding) {
  const std::string path = StrCat(state_path, ".fork-", ClockMs(), ".txt");
  const std::string text =
      StrCat("noaber witness: the log does not check out\n", finding,
             "\n\nThe checkpoint this "
             "witness cosigned on ",
             FormatTime(state.cosigned_ms), " (from ", state.node, "):\n", state.checkpoint,
             "\nThe checkpoint ", node, " offered on ", FormatTime(ClockMs()), ":\n", offered);
  if (!WritePrivateFileAtomically(path, text, /*replace=*/false).ok()) return "";
  return path;
}

struct Round {
  uint64_t size = 0;
  bool cosigned = false;
};

// One round: fetch, check, cosign, send, remember.
absl::StatusOr<Round> WitnessRound(Wallet& wallet, const WitnessOptions& options,
                                   const std::string& origin, const std::string& state_path) {
  absl::StatusOr<WitnessState> state = LoadState(state_path);
  if (!state.ok()) return state.status();
  absl::StatusOr<v1::Checkpoints> checkpoints = wallet.node().GetCheckpoint();
  if (!checkpoints.ok()) return checkpoints.status();
  bool pinned_now = false;
  absl::StatusOr<ledger::VerifierKey> key =
      PinLogKey(&state->log_key, origin,
                options.log_key.empty() ? checkpoints->log_key() : options.log_key, &pinned_now);
  if (!key.ok()) return key.status();
  const std::string& offered = checkpoints->witness_checkpoint().empty()
                                   ? checkpoints->checkpoint()
                                   : checkpoints->witness_checkpoint();
  absl::StatusOr<VerifiedCheckpoint> now =
      OpenCheckpoint(*key, origin, offered, "the checkpoint the node offers");
  if (!now.ok()) return now.status();
  if (!state->checkpoint.empty()) {
    absl::StatusOr<VerifiedCheckpoint> seen =
        OpenCheckpoint(*key, origin, state->checkpoint, "this witness's last checkpoint");
    if (!seen.ok()) return seen.status();
    const std::string label =
        StrCat("the checkpoint of ", seen->checkpoint.size, " entries this witness cosigned on ",
               FormatTime(state->cosigned_ms));
    // Smaller is checked (proved a prefix) and then not cosigned, below.
    absl::Status consistent =
        CheckConsistent(wallet.node(), *seen, label, *now, /*allow_smaller=*/true);
    if (ExitCodeOf(consistent) == ExitCode::kUnverified) {
      const std::string evidence =
          KeepEvidence(state_path, *state, offered, wallet.node().address(),
                       ledger::ToView(consistent.message()));
      return UnverifiedError(StrCat(ledger::ToView(consistent.message()),
                                    "; not cosigned; evidence kept in ", evidence));
    }
    if (!consistent.ok()) return consistent;
    // A cosignature says "the largest tree I have seen": never cosign a smaller one.
    if (now->checkpoint.size < seen->checkpoint.size) return Round{seen->checkpoint.size, false};
  }
  absl::StatusOr<ledger::Note> note = ledger::ParseNote(offered);
  if (!note.ok()) return UnverifiedError("the node's checkpoint is malformed");
  const uint64_t now_s = static_cast<uint64_t>(ClockMs() / 1000);
  absl::StatusOr<std::string> line = wallet.Cosign(note->body, options.name, now_s);
  if (!line.ok()) return line.status();
  // Remembered before it leaves this machine: a cosignature the node keeps while the reply
  // is lost must still bind every later round, or the witness could cosign a fork of it.
  state->checkpoint = offered;
  state->cosigned_ms = ClockMs();
  state->node = wallet.node().address();
  if (absl::Status s = SaveState(state_path, *state); !s.ok()) return s;
  absl::StatusOr<v1::AddCosignatureResponse> added =
      wallet.node().AddCosignature(now->checkpoint.size, *line);
  if (!added.ok()) return added.status();
  return Round{now->checkpoint.size, true};
}

absl::Status ShowKey(Wallet& wallet, const WitnessOptions& options) {
  absl::StatusOr<std::vector<std::string>> names = wallet.KeyNames();
  if (!names.ok()) return names.status();
  absl::StatusOr<KeyInfo> info = wallet.keystore().Read(names->front());
  if (!info.ok()) return FromKeystore(info.status());
  absl::StatusOr<std::string> key = ledger::EncodeCosignerKey(options.name, info->public_key);
  if (!key.ok()) return UsageError(ledger::ToView(key.status().message()));
  wallet.output().Result(*key, {{"witness_key", *key}, {"name", options.name}});
  return absl::OkStatus();
}

}  // namespace

absl::Status RunWitness(Wallet& wallet, const WitnessOptions& options) {
  if (!ledger::IsValidNoteKeyName(options.name)) {
    return UsageError(StrCat("'", options.name,
                             "' is not a valid witness name: no spaces or '+'"
                             ", e.g. gemeente.example/witness"));
  }
  if (options.show_key) return ShowKey(wallet, options);
  if (absl::StatusOr<std::vector<std::string>> names = wallet.KeyNames(); !names.ok()) {
    return names.status();
  }
  absl::StatusOr<const CommunityInfo*> community = wallet.Community();
  if (!community.ok()) return community.status();
  const std::string home = ResolveHome(wallet.options().home);
  if (absl::Status s = MakePrivateFolder(home); !s.ok()) return s;
  if (absl::Status s = MakePrivateFolder(StrCat(home, "/witness")); !s.ok()) return s;
  const std::string origin = ledger::LogOrigin((*community)->id);
  const std::string state_path = StatePath(home, options.name, (*community)->id);
  while (true) {
    absl::StatusOr<Round> round = WitnessRound(wallet, options, origin, state_path);
    if (round.ok()) {
      const std::string text =
          round->cosigned
              ? StrCat("cosigned the checkpoint of ", round->size, " entries of ", origin)
              : StrCat("nothing new to cosign (last cosigned: ", round->size, " entries)");
      if (options.once) {
        wallet.output().Result(
            text, {{"tree_size", round->size}, {"cosigned", round->cosigned}, {"origin", origin}});
        return absl::OkStatus();
      }
      wallet.output().Note(StrCat(FormatTime(ClockMs()), " ", text));
    } else if (options.once || ExitCodeOf(round.status()) != ExitCode::kUnreachable) {
      return round.status();
    } else {
      wallet.output().Note(
          StrCat("noaber witness: ", ledger::ToView(round.status().message()), "; trying again"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(options.interval_ms));
  }
}

}  // namespace noaber::wallet
