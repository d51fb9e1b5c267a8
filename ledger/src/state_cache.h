// The sequencer's cache of the state most operations read: accounts, balances and skills.
// Reads it cannot answer go to the store and are remembered; after a durable commit the
// ledger writes the batch's new values through (Remember), so a cached value is always the
// committed one. Every other kind of state (operation records, pendings, listings, ...) is
// read from the store directly. Bounded: each kind keeps at most kStateCacheEntriesMax
// values and forgets the oldest remembered first.
//
// Owned by the Ledger and used only by its single writer; not thread-safe.
#ifndef NOABER_LEDGER_SRC_STATE_CACHE_H_
#define NOABER_LEDGER_SRC_STATE_CACHE_H_

#include <deque>
#include <unordered_map>

#include "ledger/src/forwarding_reader.h"
#include "noaber/ledger/store.h"

namespace noaber::ledger {

inline constexpr size_t kStateCacheEntriesMax = 1 << 16;

class StateCache final : public ForwardingReader {
 public:
  // Borrows `store`, which must outlive the cache and be written only through it (Remember).
  explicit StateCache(const StateReader* store) : ForwardingReader(store) {}

  // Writes the values of a committed `delta` through. Call only after it is durable.
  void Remember(const Delta& delta);
  // Forgets everything (after a failed commit, when the store's state is unknown).
  void Clear();

  absl::StatusOr<std::optional<Account>> GetAccount(std::string_view handle) const override;
  absl::StatusOr<std::optional<Balance>> GetBalance(std::string_view handle,
                                                    std::string_view asset) const override;
  absl::StatusOr<std::optional<Skill>> GetSkill(std::string_view code) const override;

  // The other reads are not cached: straight to the store (ForwardingReader).

  size_t size() const { return accounts_.size() + balances_.size() + skills_.size(); }

 private:
  // Values by key, forgetting the oldest remembered key beyond kStateCacheEntriesMax.
  template <typename Key, typename Value, typename Hash = std::hash<Key>>
  class Bounded {
   public:
    const Value* Find(const Key& key) const {
      auto it = values_.find(key);
      return it == values_.end() ? nullptr : &it->second;
    }
    void Put(const Key& key, const Value& value) {
      auto [it, inserted] = values_.insert_or_assign(key, value);
      if (!inserted) return;
      order_.push_back(key);
      if (order_.size() > kStateCacheEntriesMax) {
        values_.erase(order_.front());
        order_.pop_front();
      }
    }
    void Clear() {
      values_.clear();
      order_.clear();
    }
    size_t size() const { return values_.size(); }

   private:
    std::unordered_map<Key, Value, Hash> values_;
    std::deque<Key> order_;
  };
  struct BalanceKeyHash {
    size_t operator()(const BalanceKey& key) const {
      return std::hash<std::string>()(key.first) * 31 + std::hash<std::string>()(key.second);
    }
  };

  mutable Bounded<std::string, Account> accounts_;
  mutable Bounded<BalanceKey, Balance, BalanceKeyHash> balances_;
  mutable Bounded<std::string, Skill> skills_;
};

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_SRC_STATE_CACHE_H_
