// The byte form of an ImpactAggregator's state, which the node keeps in its data folder so a
// restart continues where it stopped. Fixed-width big-endian fields (ledger/src/codec.h),
// starting with a format tag. Private to ledger/impact.
#ifndef NOABER_LEDGER_IMPACT_FIGURES_CODEC_H_
#define NOABER_LEDGER_IMPACT_FIGURES_CODEC_H_

#include <map>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "ledger/impact/figures.h"

namespace noaber::impact {

std::string EncodeAggregatorState(uint64_t applied_index,
                                  const std::map<std::string, ledger::AccountKind>& kinds,
                                  const std::map<std::string, ledger::Skill>& skills,
                                  const std::map<Month, MonthFigures>& months);

// DataLoss unless `bytes` is exactly one encoding of this format.
absl::Status DecodeAggregatorState(std::string_view bytes, uint64_t* applied_index,
                                   std::map<std::string, ledger::AccountKind>* kinds,
                                   std::map<std::string, ledger::Skill>* skills,
                                   std::map<Month, MonthFigures>* months);

}  // namespace noaber::impact

#endif  // NOABER_LEDGER_IMPACT_FIGURES_CODEC_H_
