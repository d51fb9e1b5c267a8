// Test helper: drives a TestCommunity with random operations, valid and invalid: transfers
// in both assets, two-phase transfers posted, voided or left to expire, limits, freezes,
// payment requests accepted, declined or left to expire, listings posted and closed,
// corrections, skills retired and restored, assisted residents paid for by the
// administrators, linked batches, replays, stale and badly signed operations. Deterministic
// per seed.
#ifndef NOABER_LEDGER_TESTING_RANDOM_OPERATIONS_H_
#define NOABER_LEDGER_TESTING_RANDOM_OPERATIONS_H_

#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "ledger/testing/test_community.h"

namespace noaber::ledger::testing {

struct RandomStats {
  uint64_t submitted = 0;
  uint64_t accepted = 0;
  uint64_t already_applied = 0;
  uint64_t rejected = 0;
  uint64_t batches = 0;
  std::map<ResultCode, uint64_t> codes;  // every outcome, by result code
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

  // How many operations asked for each kind of neighbourhood-economy action.
  struct EconomyCounts {
    uint64_t requests = 0;
    uint64_t accepts = 0;
    uint64_t declines = 0;
    uint64_t listings = 0;
    uint64_t closes = 0;
    uint64_t corrections = 0;
  };
  const EconomyCounts& economy() const { return economy_; }

  // Applies one batch of 1..`size_max` random operations at an advancing clock.
  void Batch(size_t size_max) {
    c_.now_ms += Pick(0, 3) == 0 ? Pick(1, 4'000'000) : Pick(0, 2'000);
    std::vector<VerifiedOperation> batch;
    size_t size = Pick(1, size_max);
    for (size_t i = 0; i < size; ++i) {
      std::string bytes = NextOperation();
      ++stats_.submitted;
      VerifiedOperation v;
      if (Rejection r = VerifyOperation(c_.id(), bytes, &v); !r.ok()) {
        ++stats_.rejected;
        ++stats_.codes[r.code];
        continue;
      }
      batch.push_back(std::move(v));
    }
    auto outcomes = c_.ledger().ApplyBatch(c_.now_ms, std::move(batch));
    if (!outcomes.ok()) std::abort();
    ++stats_.batches;
    for (const Outcome& o : *outcomes) {
      ++stats_.codes[o.code];
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
    Transfer t{from, to, hours ? "HOUR" : "BORN", amount, AnySkill(), "memo"};
    *signer = Pick(0, 12) ? Signer(from) : "admin1";  // the administrators, for the assisted
    if (Pick(0, 2) == 0) return EconomyAction(t, signer);
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

  std::string AnySkill() {
    switch (Pick(0, 7)) {
      case 0: return "tuin";
      case 1: return "koken";  // retired now and then
      case 2: return "yoga";   // not in the catalogue
      default: return "";
    }
  }

  // One of the neighbourhood economy's actions, built around the random transfer `t`.
  Action EconomyAction(const Transfer& t, std::string* signer) {
    switch (Pick(0, 7)) {
      case 0: {
        ++economy_.requests;
        RequestPayment r{t.to, t.from, t.asset, t.amount, t.skill, t.memo, std::nullopt, 0};
        if (Pick(0, 2) == 0) r.listing = AnyId(listings_);
        if (Pick(0, 1) == 0) r.expires_at_ms = c_.now_ms + Pick(-1, 3) * 1'000'000;
        *signer = Pick(0, 8) ? Signer(t.to) : Signer(t.from);  // sometimes the wrong party
        return r;
      }
      case 1:
      case 2: {
        ++economy_.accepts;
        AcceptRequest a{AnyId(requests_)};
        *signer = Pick(0, 6) ? Signer(parties_[a.request_id].first) : Signer(AnyHandle());
        return a;
      }
      case 3: {
        ++economy_.declines;
        DeclineRequest d{AnyId(requests_)};
        const auto& [payer, payee] = parties_[d.request_id];
        *signer = Pick(0, 4) ? Signer(Pick(0, 1) ? payer : payee) : Signer(AnyHandle());
        return d;
      }
      case 4: {
        ++economy_.listings;
        const bool estimate = Pick(0, 1) == 0;
        return PostListing{t.from, Pick(0, 1) ? ListingKind::kOffer : ListingKind::kRequest,
                           Pick(0, 5) ? "tuin" : AnySkill(), "Wie helpt?",
                           estimate ? t.asset : "", estimate ? t.amount : Amount{0},
                           Pick(0, 2) ? 0 : c_.now_ms + Pick(-1, 3) * 1'000'000};
      }
      case 5: {
        ++economy_.closes;
        CloseListing close{AnyId(listings_)};
        *signer = Pick(0, 5) ? Signer(owners_[close.listing_id]) : Signer(AnyHandle());
        if (Pick(0, 5) == 0) *signer = "admin1";
        return close;
      }
      case 6: {
        ++economy_.corrections;
        *signer = Pick(0, 10) ? "admin1" : Signer(t.from);
        const std::pair<OperationId, uint8_t> original =
            transfers_.empty() || Pick(0, 10) == 0 ? std::pair{NewOperationId(), uint8_t{0}}
                                                   : transfers_[Pick(0, transfers_.size() - 1)];
        return CorrectTransfer{original.first, original.second,
                               Pick(0, 30) ? "Verkeerd bedrag" : ""};  // "" is malformed
      }
      default:
        *signer = Pick(0, 5) ? "admin1" : Signer(t.from);
        if (Pick(0, 1) == 0) return SetAssisted{t.from, Pick(0, 1) == 0};
        return SetSkill{Skill{"koken", "Koken en maaltijden", "Cooking and meals", "care",
                              Pick(0, 1) == 0}};
    }
  }

  // One of `ids`, or now and then an id that names nothing.
  OperationId AnyId(const std::vector<OperationId>& ids) {
    if (ids.empty() || Pick(0, 10) == 0) return NewOperationId();
    return ids[Pick(0, ids.size() - 1)];
  }

  OperationId PendingId() { return AnyId(pendings_); }

  // Remembers what `op` names by its id, so later operations can refer to it.
  void Remember(const Operation& op) {
    for (size_t i = 0; i < op.actions.size(); ++i) {
      const Action& a = op.actions[i];
      if (const auto* p = std::get_if<CreatePending>(&a)) {
        pendings_.push_back(op.id);
        owners_[op.id] = p->transfer.from;
      } else if (const auto* r = std::get_if<RequestPayment>(&a)) {
        requests_.push_back(op.id);
        parties_[op.id] = {r->payer, r->payee};
      } else if (const auto* l = std::get_if<PostListing>(&a)) {
        listings_.push_back(op.id);
        owners_[op.id] = l->owner;
      } else if (std::holds_alternative<Transfer>(a)) {
        transfers_.push_back({op.id, static_cast<uint8_t>(i)});
      }
    }
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
    Remember(op);
    std::string bytes = TestCommunity::SignBy(op, signers);
    if (Pick(0, 40) == 0) bytes[bytes.size() - 1] ^= 0x01;  // a broken signature
    sent_.push_back(bytes);
    return bytes;
  }

  TestCommunity& c_;
  std::mt19937_64 rng_;
  std::vector<std::string> handles_;
  std::vector<OperationId> pendings_;
  std::vector<OperationId> requests_;
  std::vector<OperationId> listings_;
  std::vector<std::pair<OperationId, uint8_t>> transfers_;  // (operation, action index)
  std::map<OperationId, std::string> owners_;  // of pending transfers and listings
  std::map<OperationId, std::pair<std::string, std::string>> parties_;  // (payer, payee)
  std::vector<std::string> sent_;
  RandomStats stats_;
  EconomyCounts economy_;
};

}  // namespace noaber::ledger::testing

#endif  // NOABER_LEDGER_TESTING_RANDOM_OPERATIONS_H_
