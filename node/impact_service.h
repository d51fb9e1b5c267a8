// The noaber.v1.Impact gRPC service (proto/noaber/v1/impact.proto, docs/impact.md): the
// monthly impact figures, for the community's members. Administrators see every figure;
// everyone else (and administrators who ask for it) the report that suppresses figures
// about fewer than k residents.
//
// Borrows everything it uses; all of it must outlive the gRPC server. Thread-safe.
#ifndef NOABER_NODE_IMPACT_SERVICE_H_
#define NOABER_NODE_IMPACT_SERVICE_H_

#include <cstdint>
#include <functional>

#include "absl/status/statusor.h"
#include "ledger/impact/report.h"
#include "noaber/ledger/genesis.h"
#include "noaber/v1/impact.grpc.pb.h"
#include "node/impact_follower.h"
#include "node/read_auth.h"

namespace noaber::node {

// The months a request asks for: empty first_month is the genesis' month, empty last_month
// the month of `now_ms`. InvalidArgument naming the field for text that is not "YYYY-MM".
absl::StatusOr<std::pair<impact::Month, impact::Month>> RequestedMonths(
    const v1::GetImpactRequest& request, const ledger::Genesis& genesis, int64_t now_ms);

// The report as the API sends it.
v1::ImpactReport ImpactReportView(const ledger::Genesis& genesis,
                                  const impact::ImpactReport& report);

class ImpactService final : public v1::Impact::Service {
 public:
  ImpactService(const ledger::Genesis& genesis, ImpactFollower* follower,
                ReadAuthenticator* authenticator, int64_t persons_min,
                std::function<int64_t()> clock_ms);

  grpc::Status GetImpact(grpc::ServerContext* context, const v1::GetImpactRequest* request,
                         v1::ImpactReport* response) override;

 private:
  const ledger::Genesis& genesis_;
  ImpactFollower* const follower_;
  ReadAuthenticator* const authenticator_;
  const int64_t persons_min_;
  const std::function<int64_t()> clock_ms_;
};

}  // namespace noaber::node

#endif  // NOABER_NODE_IMPACT_SERVICE_H_
