// The monthly figures of the neighbourhood economy as the aggregator keeps them: sums of the
// movements of time and money (transfers, posted pending transfers, accepted payment requests,
// welcome credits, net of corrections), each with the residents it is about, so a report can
// suppress figures about fewer than k persons and count distinct residents over any period.
// Plain values; see docs/impact.md for what each figure means.
#ifndef NOABER_LEDGER_IMPACT_FIGURES_H_
#define NOABER_LEDGER_IMPACT_FIGURES_H_

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <utility>

#include "ledger/impact/month.h"
#include "noaber/ledger/types.h"

namespace noaber::impact {

// What one entry moved from one account to another: a transfer, a posted pending transfer (the
// amount posted), an accepted payment request or a welcome credit; sign -1 undoes an earlier
// transfer (a correction), made_ms then being when the original was made.
struct Movement {
  std::string from;
  std::string to;
  std::string asset;
  int64_t amount = 0;
  std::string skill;
  int64_t made_ms = 0;
  int64_t sign = 1;
};

// Residents a figure is about, each with the number of its movements they took part in, net
// of corrections. A resident whose number falls to zero is removed.
using Persons = std::map<std::string, int64_t>;

// A sum of movements: their amount (minor units of one asset, or minutes over the time
// assets) and number, net of corrections, and the residents involved.
struct Cell {
  int64_t amount = 0;
  int64_t count = 0;
  Persons persons;
  bool operator==(const Cell&) const = default;
};

// What one resident did in a month in the time assets, net of corrections: how many times
// they were paid (gave help) and paid (received help).
struct ResidentMonth {
  int64_t gave = 0;
  int64_t received = 0;
  bool operator==(const ResidentMonth&) const = default;
};

// (payer's kind, payee's kind, asset).
using FlowKey = std::tuple<ledger::AccountKind, ledger::AccountKind, std::string>;

struct CurrencyMonth {
  Cell issued;             // paid out by the community account (issuance, welcome credits)
  Cell returned;           // paid back into the community account
  Cell spent_at_partners;  // paid by residents to partners
  bool operator==(const CurrencyMonth&) const = default;
};

struct InitiativeMonth {
  std::map<std::pair<ledger::AccountKind, std::string>, Cell> received_by_kind;  // (kind, asset)
  std::map<std::pair<std::string, std::string>, Cell> received_by_account;       // (handle, asset)
  std::map<std::string, Cell> paid_to_residents;                                 // by asset
  bool operator==(const InitiativeMonth&) const = default;
};

struct MonthFigures {
  // Help exchanged: movements in time assets between accounts other than the community's
  // (welcome credits and issuance are not help). Amount in minutes.
  Cell hours;
  std::map<std::string, ResidentMonth> residents;      // residents with a non-zero ResidentMonth
  std::map<std::string, Cell> skills;                  // the help by skill code ("" without one)
  std::map<FlowKey, Cell> flows;                       // every movement, by kinds and asset
  std::map<std::string, CurrencyMonth> currencies;     // by currency asset
  std::map<std::string, InitiativeMonth> initiatives;  // by initiative handle
  bool operator==(const MonthFigures&) const = default;
};

}  // namespace noaber::impact

#endif  // NOABER_LEDGER_IMPACT_FIGURES_H_
