// Tests of the node's checkpoint log (checkpoint_log.h): publishing signed checkpoints, the
// checkpoint offered to witnesses and when it moves on (on an injected clock), keeping
// witnesses' cosignatures of the latest and of older checkpoints, refusing lines that are
// malformed, by strangers or over another checkpoint, and the bound on cosigned checkpoints.
#include "node/checkpoint_log.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "noaber/ledger/checkpoint.h"
#include "noaber/ledger/cosignature.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/merkle.h"
#include "noaber/ledger/receipt.h"
#include "noaber/ledger/strings.h"

namespace noaber::node {
namespace {

using ledger::StrCat;

constexpr uint64_t kLeaves = 40;
constexpr uint64_t kTimeS = 1'700'000'000;
constexpr int64_t kIntervalMs = 5'000;
constexpr std::string_view kWitness1 = "witness.example/w1";
constexpr std::string_view kWitness2 = "witness.example/w2";

ledger::KeyPair TestKey(uint8_t fill) {
  std::array<uint8_t, 32> seed{};
  seed.fill(fill);
  return ledger::KeyPairFromSeed(seed);
}

ledger::CosignerKey CosignerOf(std::string_view name, const ledger::KeyPair& key) {
  return ledger::CosignerKey{std::string(name), ledger::CosignerKeyId(name, key.public_key),
                             key.public_key};
}

// The signature lines of a note (everything after its last empty line), one per entry.
std::vector<std::string> SignatureLines(const std::string& note) {
  absl::StatusOr<ledger::Note> parsed = ledger::ParseNote(note);
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  std::vector<std::string> lines;
  if (!parsed.ok()) return lines;
  for (const ledger::NoteSignature& signature : parsed->signatures) {
    lines.push_back(signature.name);
  }
  return lines;
}

class CheckpointLogTest : public ::testing::Test {
 protected:
  CheckpointLogTest()
      : community_(TestCommunity()),
        origin_(ledger::LogOrigin(community_)),
        log_key_(TestKey(0x10)),
        witness1_(TestKey(0x21)),
        witness2_(TestKey(0x22)),
        stranger_(TestKey(0x33)) {}

  static ledger::CommunityId TestCommunity() {
    ledger::CommunityId community{};
    community.fill(0x5c);
    return community;
  }

  void SetUp() override {
    ASSERT_TRUE(ledger::InitCrypto().ok());
    for (uint64_t i = 0; i < kLeaves; ++i) nodes_.Append(ledger::LeafHash(StrCat("leaf ", i)));
  }

  std::vector<ledger::CosignerKey> Witnesses() const {
    return {CosignerOf(kWitness1, witness1_), CosignerOf(kWitness2, witness2_)};
  }

  CheckpointLog MakeLog(std::vector<ledger::CosignerKey> witnesses) {
    CheckpointLogOptions options;
    options.witnesses = std::move(witnesses);
    options.witness_interval_ms = kIntervalMs;
    return CheckpointLog(origin_, log_key_, &nodes_, options, [this] { return now_ms_.load(); });
  }
  CheckpointLog MakeLog() { return MakeLog(Witnesses()); }

  ledger::Hash Root(uint64_t size) const { return ledger::RootHash(nodes_, size).value(); }
  ledger::Checkpoint CheckpointOf(uint64_t size) const {
    return ledger::Checkpoint{origin_, size, Root(size)};
  }
  std::string Body(uint64_t size) const { return ledger::FormatCheckpointBody(CheckpointOf(size)); }

  std::string Line(std::string_view name, const ledger::KeyPair& key, uint64_t size,
                   uint64_t time_s = kTimeS) const {
    return ledger::Cosign(Body(size), name, key.secret_key, time_s).value();
  }
  std::string Line1(uint64_t size, uint64_t time_s = kTimeS) const {
    return Line(kWitness1, witness1_, size, time_s);
  }
  std::string Line2(uint64_t size, uint64_t time_s = kTimeS) const {
    return Line(kWitness2, witness2_, size, time_s);
  }

  void Publish(CheckpointLog& log, uint64_t size) {
    ASSERT_TRUE(log.Publish(size, Root(size)).ok()) << size;
  }

  static std::vector<uint64_t> CosignedSizes(const CheckpointView& view) {
    std::vector<uint64_t> sizes;
    for (const std::string& note : view.cosigned) {
      absl::StatusOr<ledger::Note> parsed = ledger::ParseNote(note);
      EXPECT_TRUE(parsed.ok()) << parsed.status();
      if (!parsed.ok()) continue;
      absl::StatusOr<ledger::Checkpoint> checkpoint = ledger::ParseCheckpointBody(parsed->body);
      EXPECT_TRUE(checkpoint.ok()) << checkpoint.status();
      if (checkpoint.ok()) sizes.push_back(checkpoint->size);
    }
    return sizes;
  }

  const ledger::CommunityId community_;
  const std::string origin_;
  const ledger::KeyPair log_key_;
  const ledger::KeyPair witness1_;
  const ledger::KeyPair witness2_;
  const ledger::KeyPair stranger_;
  ledger::MemoryMerkleNodes nodes_;
  std::atomic<int64_t> now_ms_{1'000'000};
};

TEST_F(CheckpointLogTest, VerifierKeyIsTheLogKeyUnderTheOrigin) {
  CheckpointLog log = MakeLog();
  EXPECT_EQ(log.origin(), origin_);
  absl::StatusOr<ledger::VerifierKey> key = ledger::DecodeVerifierKey(log.verifier_key());
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(key->name, origin_);
  EXPECT_EQ(key->public_key, log_key_.public_key);
  EXPECT_EQ(key->key_id, ledger::NoteKeyId(origin_, log_key_.public_key));
  EXPECT_EQ(log.witnesses(), Witnesses());
}

TEST_F(CheckpointLogTest, PublishSignsTheLatestCheckpoint) {
  CheckpointLog log = MakeLog();
  Publish(log, 7);
  const SignedCheckpoint latest = log.latest();
  EXPECT_EQ(latest.checkpoint, CheckpointOf(7));
  absl::StatusOr<ledger::VerifierKey> key = ledger::DecodeVerifierKey(log.verifier_key());
  ASSERT_TRUE(key.ok());
  absl::StatusOr<ledger::Checkpoint> opened =
      ledger::OpenCheckpoint(latest.note, origin_, key->public_key);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(*opened, CheckpointOf(7));
  // Only the log's own signature.
  EXPECT_EQ(SignatureLines(latest.note), std::vector<std::string>{origin_});

  Publish(log, 12);
  EXPECT_EQ(log.latest().checkpoint, CheckpointOf(12));
  opened = ledger::OpenCheckpoint(log.latest().note, origin_, log_key_.public_key);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(opened->size, 12u);
}

TEST_F(CheckpointLogTest, SizeNeverGoesDown) {
  CheckpointLog log = MakeLog();
  Publish(log, 9);
  const SignedCheckpoint before = log.latest();
  absl::Status status = log.Publish(8, Root(8));
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal) << status;
  status = log.Publish(0, ledger::EmptyRoot());
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal) << status;
  EXPECT_EQ(log.latest().note, before.note);
  EXPECT_EQ(log.latest().checkpoint.size, 9u);
  // The same size again is no step back.
  EXPECT_TRUE(log.Publish(9, Root(9)).ok());
  EXPECT_EQ(log.latest().note, before.note);
}

TEST_F(CheckpointLogTest, TheEmptyTreeCanBePublished) {
  CheckpointLog log = MakeLog();
  ASSERT_TRUE(log.Publish(0, ledger::EmptyRoot()).ok());
  EXPECT_EQ(log.latest().checkpoint, (ledger::Checkpoint{origin_, 0, ledger::EmptyRoot()}));
  EXPECT_TRUE(ledger::OpenCheckpoint(log.latest().note, origin_, log_key_.public_key).ok());
  Publish(log, 1);
  EXPECT_EQ(log.latest().checkpoint.size, 1u);
}

TEST_F(CheckpointLogTest, NothingBeforeTheFirstPublish) {
  CheckpointLog log = MakeLog();
  const CheckpointView view = log.View();
  EXPECT_TRUE(view.latest.note.empty());
  EXPECT_TRUE(view.for_witnesses.note.empty());
  EXPECT_TRUE(view.cosigned.empty());
  EXPECT_EQ(log.AddCosignature(1, Line1(1)).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(log.AddCosignature(0, Line1(1)).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(CheckpointLogTest, FirstPublishedIsOfferedToWitnesses) {
  CheckpointLog log = MakeLog();
  Publish(log, 3);
  const CheckpointView view = log.View();
  EXPECT_EQ(view.latest.checkpoint.size, 3u);
  EXPECT_EQ(view.for_witnesses.checkpoint.size, 3u);
  EXPECT_EQ(view.for_witnesses.note, view.latest.note);
  EXPECT_TRUE(view.cosigned.empty());
}

TEST_F(CheckpointLogTest, MovesOnAtOnceWhileNobodyCosigned) {
  CheckpointLog log = MakeLog();
  Publish(log, 3);
  Publish(log, 5);
  CheckpointView view = log.View();
  EXPECT_EQ(view.for_witnesses.checkpoint.size, 5u);
  EXPECT_EQ(view.for_witnesses.note, view.latest.note);
  Publish(log, 6);
  EXPECT_EQ(log.View().for_witnesses.checkpoint.size, 6u);
}

TEST_F(CheckpointLogTest, StaysWhileSomeButNotAllWitnessesCosigned) {
  CheckpointLog log = MakeLog();
  Publish(log, 3);
  ASSERT_EQ(log.AddCosignature(3, Line1(3)).value(), kWitness1);
  Publish(log, 5);
  now_ms_ += kIntervalMs - 1;
  CheckpointView view = log.View();
  EXPECT_EQ(view.latest.checkpoint.size, 5u);
  EXPECT_EQ(view.for_witnesses.checkpoint.size, 3u);
  EXPECT_EQ(view.for_witnesses.checkpoint, CheckpointOf(3));
  // The second witness completes the set: the latest is offered at once.
  ASSERT_EQ(log.AddCosignature(3, Line2(3)).value(), kWitness2);
  view = log.View();
  EXPECT_EQ(view.for_witnesses.checkpoint.size, 5u);
  EXPECT_EQ(view.for_witnesses.note, view.latest.note);
}

TEST_F(CheckpointLogTest, StaysUntilTheIntervalHasPassed) {
  CheckpointLog log = MakeLog();
  Publish(log, 3);  // offered since now_ms_
  ASSERT_TRUE(log.AddCosignature(3, Line1(3)).ok());
  Publish(log, 5);
  now_ms_ += kIntervalMs - 1;
  EXPECT_EQ(log.View().for_witnesses.checkpoint.size, 3u);
  now_ms_ += 1;
  EXPECT_EQ(log.View().for_witnesses.checkpoint.size, 5u);
  // The interval restarts with the new one on offer.
  ASSERT_TRUE(log.AddCosignature(5, Line2(5)).ok());
  Publish(log, 8);
  now_ms_ += kIntervalMs - 1;
  EXPECT_EQ(log.View().for_witnesses.checkpoint.size, 5u);
  now_ms_ += 1;
  EXPECT_EQ(log.View().for_witnesses.checkpoint.size, 8u);
}

TEST_F(CheckpointLogTest, AllCosignedButNoGrowthKeepsTheOffer) {
  CheckpointLog log = MakeLog();
  Publish(log, 4);
  ASSERT_TRUE(log.AddCosignature(4, Line1(4)).ok());
  ASSERT_TRUE(log.AddCosignature(4, Line2(4)).ok());
  now_ms_ += 10 * kIntervalMs;
  const CheckpointView view = log.View();
  EXPECT_EQ(view.for_witnesses.checkpoint.size, 4u);
  EXPECT_EQ(view.for_witnesses.note, view.latest.note);
}

TEST_F(CheckpointLogTest, WithoutWitnessesTheLatestIsOffered) {
  CheckpointLog log = MakeLog({});
  Publish(log, 2);
  Publish(log, 9);
  EXPECT_EQ(log.View().for_witnesses.checkpoint.size, 9u);
  EXPECT_EQ(log.AddCosignature(9, Line1(9)).status().code(), absl::StatusCode::kPermissionDenied);
}

TEST_F(CheckpointLogTest, KeepsCosignaturesOfTheLatestAndOlderCheckpoints) {
  CheckpointLog log = MakeLog();
  Publish(log, 10);
  const std::string line1_10 = Line1(10, kTimeS + 5);
  const std::string line2_10 = Line2(10, kTimeS + 6);
  const std::string line1_4 = Line1(4, kTimeS + 7);
  EXPECT_EQ(log.AddCosignature(10, line2_10).value(), kWitness2);
  EXPECT_EQ(log.AddCosignature(10, line1_10).value(), kWitness1);
  absl::StatusOr<std::string> name = log.AddCosignature(4, line1_4);
  ASSERT_TRUE(name.ok()) << name.status();
  EXPECT_EQ(*name, kWitness1);

  const CheckpointView view = log.View();
  ASSERT_EQ(view.cosigned.size(), 2u);
  EXPECT_EQ(CosignedSizes(view), (std::vector<uint64_t>{10, 4}));
  // The latest's note with every line appended (by witness name).
  EXPECT_EQ(view.cosigned[0], StrCat(view.latest.note, line1_10, line2_10));
  // The old one is the note the log would have published for 4 entries (Ed25519 signatures
  // are deterministic), with the line.
  CheckpointLog other = MakeLog();
  Publish(other, 4);
  EXPECT_EQ(view.cosigned[1], StrCat(other.latest().note, line1_4));

  const std::vector<ledger::CosignerKey> witnesses = Witnesses();
  for (size_t i = 0; i < view.cosigned.size(); ++i) {
    absl::StatusOr<ledger::Note> note =
        ledger::VerifyNote(view.cosigned[i], origin_, log_key_.public_key);
    ASSERT_TRUE(note.ok()) << note.status();
    absl::StatusOr<ledger::Checkpoint> checkpoint =
        ledger::OpenCheckpoint(view.cosigned[i], origin_, log_key_.public_key);
    ASSERT_TRUE(checkpoint.ok()) << checkpoint.status();
    EXPECT_EQ(*checkpoint, CheckpointOf(i == 0 ? 10 : 4));
    absl::StatusOr<std::vector<ledger::Cosignature>> cosignatures =
        ledger::VerifyCosignatures(*note, witnesses);
    ASSERT_TRUE(cosignatures.ok()) << cosignatures.status();
    std::vector<ledger::Cosignature> expected;
    if (i == 0) {
      expected = {{std::string(kWitness1), witnesses[0].key_id, kTimeS + 5},
                  {std::string(kWitness2), witnesses[1].key_id, kTimeS + 6}};
    } else {
      expected = {{std::string(kWitness1), witnesses[0].key_id, kTimeS + 7}};
    }
    EXPECT_EQ(*cosignatures, expected) << "cosigned note " << i;
  }
}

TEST_F(CheckpointLogTest, CosignsTheCheckpointOfferedToWitnessesAfterTheLogGrew) {
  CheckpointLog log = MakeLog();
  Publish(log, 6);
  ASSERT_TRUE(log.AddCosignature(6, Line1(6)).ok());
  Publish(log, 11);
  ASSERT_EQ(log.View().for_witnesses.checkpoint.size, 6u);
  ASSERT_TRUE(log.AddCosignature(6, Line2(6)).ok());
  const CheckpointView view = log.View();
  ASSERT_EQ(CosignedSizes(view), std::vector<uint64_t>{6});
  EXPECT_EQ(SignatureLines(view.cosigned[0]),
            (std::vector<std::string>{origin_, std::string(kWitness1), std::string(kWitness2)}));
}

TEST_F(CheckpointLogTest, ANewLineOfAWitnessReplacesItsOldOne) {
  CheckpointLog log = MakeLog();
  Publish(log, 10);
  ASSERT_TRUE(log.AddCosignature(10, Line1(10, kTimeS)).ok());
  ASSERT_TRUE(log.AddCosignature(10, Line1(10, kTimeS + 60)).ok());
  const CheckpointView view = log.View();
  ASSERT_EQ(view.cosigned.size(), 1u);
  EXPECT_EQ(view.cosigned[0], StrCat(view.latest.note, Line1(10, kTimeS + 60)));
}

TEST_F(CheckpointLogTest, RefusesLinesByStrangers) {
  CheckpointLog log = MakeLog();
  Publish(log, 10);
  // Another key under another name.
  absl::StatusOr<std::string> name =
      log.AddCosignature(10, Line("stranger.example", stranger_, 10));
  EXPECT_EQ(name.status().code(), absl::StatusCode::kPermissionDenied) << name.status();
  // Another key under a witness's name: its key ID is not the witness's.
  name = log.AddCosignature(10, Line(kWitness1, stranger_, 10));
  EXPECT_EQ(name.status().code(), absl::StatusCode::kPermissionDenied) << name.status();
  // A witness's key under the other witness's name.
  name = log.AddCosignature(10, Line(kWitness2, witness1_, 10));
  EXPECT_EQ(name.status().code(), absl::StatusCode::kPermissionDenied) << name.status();
  // A plain note signature (type 0x01) by a witness's key is no cosignature.
  const std::string signed_note =
      ledger::SignNote(Body(10), kWitness1, witness1_.secret_key).value();
  const std::string note_line = signed_note.substr(Body(10).size() + 1);
  ASSERT_EQ(note_line.rfind("\xE2\x80\x94 ", 0), 0u) << note_line;
  name = log.AddCosignature(10, note_line);
  EXPECT_EQ(name.status().code(), absl::StatusCode::kPermissionDenied) << name.status();
  // The log's own signature line.
  const std::string own_line = log.latest().note.substr(Body(10).size() + 1);
  name = log.AddCosignature(10, own_line);
  EXPECT_EQ(name.status().code(), absl::StatusCode::kPermissionDenied) << name.status();
  EXPECT_TRUE(log.View().cosigned.empty());
}

TEST_F(CheckpointLogTest, RefusesLinesOverAnotherCheckpoint) {
  CheckpointLog log = MakeLog();
  Publish(log, 10);
  // Cosigned 9, offered as 10 (and the reverse).
  absl::StatusOr<std::string> name = log.AddCosignature(10, Line1(9));
  EXPECT_EQ(name.status().code(), absl::StatusCode::kUnauthenticated) << name.status();
  name = log.AddCosignature(9, Line1(10));
  EXPECT_EQ(name.status().code(), absl::StatusCode::kUnauthenticated) << name.status();
  // The right size with another root.
  ledger::Checkpoint forked = CheckpointOf(10);
  forked.root[0] ^= 0x01;
  std::string line =
      ledger::Cosign(ledger::FormatCheckpointBody(forked), kWitness1, witness1_.secret_key, kTimeS)
          .value();
  name = log.AddCosignature(10, line);
  EXPECT_EQ(name.status().code(), absl::StatusCode::kUnauthenticated) << name.status();
  // The right size and root of another log.
  ledger::Checkpoint other_log = CheckpointOf(10);
  other_log.origin = "other.example/log";
  line = ledger::Cosign(ledger::FormatCheckpointBody(other_log), kWitness1, witness1_.secret_key,
                        kTimeS)
             .value();
  name = log.AddCosignature(10, line);
  EXPECT_EQ(name.status().code(), absl::StatusCode::kUnauthenticated) << name.status();
  // A true line with one signature character changed (the last full base64 digit).
  line = Line1(10);
  char& digit = line[line.size() - 4];
  digit = digit == 'A' ? 'B' : 'A';
  name = log.AddCosignature(10, line);
  EXPECT_EQ(name.status().code(), absl::StatusCode::kUnauthenticated) << name.status();
  EXPECT_TRUE(log.View().cosigned.empty());
}

TEST_F(CheckpointLogTest, RefusesSizesItHasNoCheckpointFor) {
  CheckpointLog log = MakeLog();
  Publish(log, 10);
  for (uint64_t size : {uint64_t{11}, uint64_t{kLeaves}, ~uint64_t{0}}) {
    absl::StatusOr<std::string> name = log.AddCosignature(size, Line1(10));
    EXPECT_EQ(name.status().code(), absl::StatusCode::kInvalidArgument)
        << size << ": " << name.status();
  }
  absl::StatusOr<std::string> name = log.AddCosignature(0, Line1(10));
  EXPECT_EQ(name.status().code(), absl::StatusCode::kInvalidArgument) << name.status();
  EXPECT_TRUE(log.View().cosigned.empty());
}

TEST_F(CheckpointLogTest, RefusesMalformedLines) {
  CheckpointLog log = MakeLog();
  Publish(log, 10);
  const std::string line = Line1(10);
  const std::string without_newline = line.substr(0, line.size() - 1);
  for (const std::string& bad : std::vector<std::string>{
           "",
           "\n",
           without_newline,
           StrCat(line, Line2(10)),
           StrCat(line, "\n"),
           StrCat("\n", line),
           "hello\n",
           StrCat(without_newline, " extra\n"),
           StrCat("- ", std::string(kWitness1), " AAAA\n"),
           StrCat(without_newline, "\r\n"),
       }) {
    absl::StatusOr<std::string> name = log.AddCosignature(10, bad);
    EXPECT_EQ(name.status().code(), absl::StatusCode::kInvalidArgument)
        << "'" << bad << "': " << name.status();
  }
  EXPECT_TRUE(log.View().cosigned.empty());
}

// A line by a witness whose signature is not a timestamped signature (too short): a malformed
// line (InvalidArgument), refused and not kept.
TEST_F(CheckpointLogTest, RefusesAWitnessLineOfTheWrongLength) {
  CheckpointLog log = MakeLog();
  Publish(log, 10);
  const ledger::CosignerKey witness = CosignerOf(kWitness1, witness1_);
  const std::string short_line =
      ledger::FormatNoteSignatureLine(kWitness1, witness.key_id, std::string(8, '\0'));
  absl::StatusOr<std::string> name = log.AddCosignature(10, short_line);
  EXPECT_FALSE(name.ok());
  EXPECT_EQ(name.status().code(), absl::StatusCode::kInvalidArgument) << name.status();
  EXPECT_TRUE(log.View().cosigned.empty());
}

TEST_F(CheckpointLogTest, KeepsTheLargestCosignedCheckpoints) {
  static_assert(kCosignedCheckpointsMax + 4 <= kLeaves);
  CheckpointLog log = MakeLog();
  Publish(log, kLeaves);
  const uint64_t count = kCosignedCheckpointsMax + 2;
  for (uint64_t size = 1; size <= count; ++size) {
    ASSERT_TRUE(log.AddCosignature(size, Line1(size)).ok()) << size;
  }
  std::vector<uint64_t> expected;
  for (uint64_t size = count; size > count - kCosignedCheckpointsMax; --size) {
    expected.push_back(size);
  }
  EXPECT_EQ(CosignedSizes(log.View()), expected);
  // A larger one pushes the smallest out.
  ASSERT_TRUE(log.AddCosignature(kLeaves, Line1(kLeaves)).ok());
  expected.insert(expected.begin(), kLeaves);
  expected.pop_back();
  EXPECT_EQ(CosignedSizes(log.View()), expected);
  ASSERT_EQ(log.View().cosigned.size(), kCosignedCheckpointsMax);
  // One smaller than every kept size is refused, not acknowledged and dropped.
  ASSERT_LT(uint64_t{1}, expected.back());
  EXPECT_EQ(log.AddCosignature(1, Line2(1)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CosignedSizes(log.View()), expected);
  // Another line for one kept adds no size.
  ASSERT_TRUE(log.AddCosignature(expected.back(), Line2(expected.back())).ok());
  EXPECT_EQ(CosignedSizes(log.View()), expected);
  const CheckpointView view = log.View();
  EXPECT_EQ(SignatureLines(view.cosigned.back()),
            (std::vector<std::string>{origin_, std::string(kWitness1), std::string(kWitness2)}));
}

TEST_F(CheckpointLogTest, PublishesAndCosignsFromSeveralThreads) {
  CheckpointLog log = MakeLog();
  Publish(log, 1);
  std::atomic<bool> failed{false};
  std::thread publisher([&] {
    for (uint64_t size = 2; size <= kLeaves; ++size) {
      if (!log.Publish(size, Root(size)).ok()) failed = true;
    }
  });
  std::vector<std::thread> witnesses;
  for (int w = 0; w < 2; ++w) {
    witnesses.emplace_back([&, w] {
      for (int round = 0; round < 50; ++round) {
        const CheckpointView view = log.View();
        const uint64_t size = view.for_witnesses.checkpoint.size;
        absl::StatusOr<std::string> name =
            log.AddCosignature(size, w == 0 ? Line1(size) : Line2(size));
        if (!name.ok()) failed = true;
      }
    });
  }
  publisher.join();
  for (std::thread& thread : witnesses) thread.join();
  EXPECT_FALSE(failed);
  EXPECT_EQ(log.latest().checkpoint, CheckpointOf(kLeaves));
  const CheckpointView view = log.View();
  EXPECT_FALSE(view.cosigned.empty());
  EXPECT_LE(view.cosigned.size(), kCosignedCheckpointsMax);
  for (const std::string& cosigned : view.cosigned) {
    absl::StatusOr<ledger::Note> note = ledger::VerifyNote(cosigned, origin_, log_key_.public_key);
    ASSERT_TRUE(note.ok()) << note.status();
    absl::StatusOr<std::vector<ledger::Cosignature>> cosignatures =
        ledger::VerifyCosignatures(*note, Witnesses());
    ASSERT_TRUE(cosignatures.ok()) << cosignatures.status();
    EXPECT_FALSE(cosignatures->empty());
  }
}

}  // namespace
}  // namespace noaber::node
