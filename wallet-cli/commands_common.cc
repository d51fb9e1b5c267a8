#include "noaber/ledger/strings.h"
#include "wallet-cli/commands.h"

namespace noaber::wallet {

std::string EntryText(const v1::SubmitResponse& response) {
  return ledger::StrCat(" (entry ", response.index(),
                        response.result_code() == 1 ? ", already recorded)" : ")");
}

nlohmann::json SubmitJson(const v1::SubmitResponse& response, nlohmann::json fields) {
  fields["entry"] = response.index();
  fields["timestamp_ms"] = response.timestamp_ms();
  fields["result_code"] = response.result_code();
  fields["result_name"] = response.result_name();
  return fields;
}

}  // namespace noaber::wallet
