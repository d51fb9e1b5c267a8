// Test helper: drives a TestCommunity with random operations, valid and invalid: transfers
// in both assets, two-phase transfers posted, voided or left to expire, limits, freezes,
// linked batches, replays, stale and badly signed operations. Deterministic per seed.
#ifndef NOABER_LEDGER_TESTING_RANDOM_OPERATIONS_H_
#define NOABER_LEDGER_TESTING_RANDOM_OPERATIONS_H_

#include <random>
#include <string>
#include <vector>

#include "ledger/testing/test_community.h"

namespace noaber::ledger::testing {

struct RandomStats {
  uint64_t submitted = 0;
  uint64_t accepted = 0;
  uint64_t already_applied = 0;
  uint64_t rejected = 0;
  uint64_t batches = 0;
};

class RandomOperations {
 public:
  RandomOperations(TestCommunity& community, uint64_t seed, int accounts)
      : c_(community), rng_(seed) {
    for (int i = 0; i < accounts; ++i) {
      std::string handle = "user" + std::to_string(i);
      AccountKind kind = i % 5 == 4 ? AccountKind::kPartner : AccountKind::kResident;
      handles_.push_back(handle);
      if (c_.Open(handle, kind).code != ResultCode::kAccepted) std::abort();
    }
    handles_.push_back(kCommunityHandle);
    // Issue some local currency so there is something to spend.
    for (int i = 0; i < accounts; ++i) {
      c_.Submit(c_.Op({Transfer{kCommunityHandle, handles_[i], "BORN", Amount{10'000}, "",
                                "welcome"}}),
                {"admin1"});
    }
  }

  // Applies one batch of 1..`size_max` random operations at an advancing clock.
  void Batch(size_t size_max) {
    c_.now_ms += Pick(0, 3) == 0 ? Pick(1, 4'000'000) : Pick(0, 2'000);
    std::vector<VerifiedOperation> batch;
    size_t size = Pick(1, size_max);
    for (size_t i = 0; i < size; ++i) {
      std::string bytes = NextOperation();
      ++stats_.submitted;
      VerifiedOperation v;
      if (!VerifyOperation(c_.id(), bytes, &v).ok()) {
        ++stats_.rejected;
        continue;
      }
      batch.push_back(std::move(v));
    }
    auto outcomes = c_.ledger().ApplyBatch(c_.now_ms, std::move(batch));
    if (!outcomes.ok()) std::abort();
    ++stats_.batches;
    for (const Outcome& o : *outcomes) {
      if (o.code == ResultCode::kAccepted) ++stats_.accepted;
      else if (o.code == ResultCode::kAlreadyApplied) ++stats_.already_applied;
      else ++stats_.rejected;
    }
  }

  const RandomStats& stats() const { return stats_; }

 private:
  int64_t Pick(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng_);
  }
  const std::string& AnyHandle() { return handles_[Pick(0, handles_.size() - 1)]; }
  std::string Signer(const std::string& handle) {
    return handle == kCommunityHandle ? "admin1" : handle;
  }

  Action RandomAction(std::string* signer) {
    const std::string& from = AnyHandle();
    std::string to = AnyHandle();
    if (to == from && Pick(0, 9) > 0) to = handles_[(Pick(0, handles_.size() - 1))];
    const bool hours = Pick(0, 2) > 0;
    Amount amount{hours ? Pick(1, 300) : Pick(1, 20'000)};
    if (Pick(0, 30) == 0) amount = Amount{Pick(-5, 0)};  // malformed
    Transfer t{from, to, hours ? "HOUR" : "BORN", amount, Pick(0, 3) == 0 ? "tuin" : "", "memo"};
    *signer = Signer(from);
    switch (Pick(0, 9)) {
      case 0:
      case 1:
      case 2:
        return t;
      case 3:
        return CreatePending{t, Pick(1, 3) * 1'000'000};
      case 4: {
        PostPending post{PendingId(), std::nullopt};
        if (Pick(0, 1) == 0) post.amount = Amount{Pick(1, 200)};
        *signer = Signer(owners_[post.pending_id]);
        return post;
      }
      case 5: {
        VoidPending v{PendingId()};
        *signer = Pick(0, 1) ? Signer(owners_[v.pending_id]) : Signer(AnyHandle());
        return v;
      }
      case 6:
        *signer = Pick(0, 3) ? "admin1" : from;
        return SetLimits{from, t.asset, Amount{-Pick(0, 900)}, std::nullopt};
      case 7:
        *signer = "admin1";
        return SetStatus{from, Pick(0, 2) ? AccountStatus::kActive : AccountStatus::kFrozen};
      default:
        *signer = Pick(0, 5) ? *signer : Signer(AnyHandle());  // sometimes the wrong key
        return t;
    }
  }

  OperationId PendingId() {
    if (pendings_.empty() || Pick(0, 10) == 0) return NewOperationId();
    return pendings_[Pick(0, pendings_.size() - 1)];
  }

  std::string NextOperation() {
    if (!sent_.empty() && Pick(0, 15) == 0) return sent_[Pick(0, sent_.size() - 1)];  // retry
    size_t count = Pick(0, 6) == 0 ? Pick(2, 4) : 1;  // sometimes a linked batch
    std::vector<Action> actions;
    std::vector<std::string> signers;
    for (size_t i = 0; i < count; ++i) {
      std::string signer;
      actions.push_back(RandomAction(&signer));
      signers.push_back(signer);
    }
    Operation op = c_.Op(std::move(actions));
    if (Pick(0, 25) == 0) op.valid_until_ms = c_.now_ms - 1;  // stale
    for (const Action& a : op.actions) {
      if (const auto* p = std::get_if<CreatePending>(&a)) {
        pendings_.push_back(op.id);
        owners_[op.id] = p->transfer.from;
      }
    }
    std::string bytes = TestCommunity::SignBy(op, signers);
    if (Pick(0, 40) == 0) bytes[bytes.size() - 1] ^= 0x01;  // a broken signature
    sent_.push_back(bytes);
    return bytes;
  }

  TestCommunity& c_;
  std::mt19937_64 rng_;
  std::vector<std::string> handles_;
  std::vector<OperationId> pendings_;
  std::map<OperationId, std::string> owners_;
  std::vector<std::string> sent_;
  RandomStats stats_;
};

}  // namespace noaber::ledger::testing

#endif  // NOABER_LEDGER_TESTING_RANDOM_OPERATIONS_H_
