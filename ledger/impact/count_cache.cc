#include "ledger/impact/count_cache.h"

namespace noaber::impact {

CountCache::Party CountCache::PartyOf(std::string_view handle,
                                      const std::map<std::string, ledger::AccountKind>& kinds) {
  if (auto found = parties_.find(handle); found != parties_.end()) return found->second;
  auto kind = kinds.find(std::string(handle));
  const Party party{kind == kinds.end() ? ledger::AccountKind::kResident : kind->second,
                    static_cast<uint32_t>(parties_.size())};
  parties_.emplace(std::string(handle), party);
  return party;
}

void CountCache::SetKind(std::string_view handle, ledger::AccountKind kind) {
  // The number stays: the places cached under it are still that account's.
  if (auto found = parties_.find(handle); found != parties_.end()) found->second.kind = kind;
}

Month CountCache::MonthOf(int64_t timestamp_ms) {
  if (!month_known_ || timestamp_ms < month_start_ms_ || timestamp_ms >= month_end_ms_) {
    // impact::MonthOf is exactly `month_` from its start up to the next month's start.
    month_ = impact::MonthOf(timestamp_ms);
    month_start_ms_ = MonthStartMs(month_);
    month_end_ms_ = MonthStartMs(month_ + 1);
    month_known_ = true;
  }
  return month_;
}

bool CountCache::Follows(Month month) {
  if (following_ && month < followed_) return false;  // a correction of an earlier month
  if (!following_ || month > followed_) {
    // Only the latest month is cached: the cache stays as small as one month's figures.
    for (Places& places : places_) {
      places.in_residents = false;
      places.cells.clear();
    }
    followed_ = month;
    following_ = true;
  }
  return true;
}

CountCache::Places& CountCache::PlacesOf(uint32_t number) {
  if (number >= places_.size()) places_.resize(number + 1);
  return places_[number];
}

void CountCache::AddToPerson(Cell* cell, std::string_view handle, const Party& party,
                             int64_t sign) {
  Places& places = PlacesOf(party.number);
  auto [place, inserted] = places.cells.try_emplace(cell);
  if (inserted) place->second = cell->persons.try_emplace(std::string(handle)).first;
  const Persons::iterator person = place->second;
  person->second += sign;
  if (person->second == 0) {
    cell->persons.erase(person);
    places.cells.erase(place);
  }
}

void CountCache::AddToResident(MonthFigures* month, std::string_view handle, const Party& party,
                               int64_t gave, int64_t received) {
  Places& places = PlacesOf(party.number);
  if (!places.in_residents) {
    places.resident = month->residents.try_emplace(std::string(handle)).first;
    places.in_residents = true;
  }
  ResidentMonth& numbers = places.resident->second;
  numbers.gave += gave;
  numbers.received += received;
  if (numbers.gave == 0 && numbers.received == 0) {
    month->residents.erase(places.resident);
    places.in_residents = false;
  }
}

void CountCache::Clear() {
  parties_.clear();
  month_known_ = false;
  following_ = false;
  places_.clear();
}

}  // namespace noaber::impact
