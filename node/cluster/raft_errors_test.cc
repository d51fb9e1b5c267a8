#include "node/cluster/raft_errors.h"

#include "gtest/gtest.h"
#include "node/cluster/raft_c.h"

namespace noaber::node::cluster {
namespace {

TEST(RaftErrorsTest, NotLeaderTravelsInThePayload) {
  const absl::Status status = NotLeaderError({2, "127.0.0.1:9002", false}, "raft propose");
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(status.message().find("the leader is 2 at 127.0.0.1:9002"), std::string::npos)
      << status;
  const std::optional<NotLeader> not_leader = GetNotLeader(status);
  ASSERT_TRUE(not_leader.has_value());
  EXPECT_EQ(not_leader->leader_id, 2u);
  EXPECT_EQ(not_leader->leader_address, "127.0.0.1:9002");
  EXPECT_FALSE(not_leader->may_have_committed);
}

TEST(RaftErrorsTest, LeadershipLostIsUnavailableAndSaysTheOutcomeIsUnknown) {
  const absl::Status status = NotLeaderError({0, "", true}, "raft propose (entry 7)");
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(status.message().find("may still be committed"), std::string::npos) << status;
  EXPECT_NE(status.message().find("no leader known"), std::string::npos) << status;
  const std::optional<NotLeader> not_leader = GetNotLeader(status);
  ASSERT_TRUE(not_leader.has_value());
  EXPECT_EQ(not_leader->leader_id, 0u);
  EXPECT_TRUE(not_leader->leader_address.empty());
  EXPECT_TRUE(not_leader->may_have_committed);
}

TEST(RaftErrorsTest, OtherErrorsCarryNoLeader) {
  EXPECT_FALSE(GetNotLeader(StoppingError("raft propose")).has_value());
  EXPECT_FALSE(GetNotLeader(absl::OkStatus()).has_value());
  EXPECT_EQ(StoppingError("raft propose").code(), absl::StatusCode::kUnavailable);
  const absl::Status corrupt = RaftCodeError(RAFT_CORRUPT, "raft folder /x", "bad checksum");
  EXPECT_EQ(corrupt.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(corrupt.message().find("raft folder /x"), std::string::npos);
  EXPECT_NE(corrupt.message().find("bad checksum"), std::string::npos);
  EXPECT_EQ(RaftCodeError(RAFT_CANTCHANGE, "raft add", "").code(), absl::StatusCode::kAborted);
  EXPECT_EQ(RaftCodeError(RAFT_BADID, "raft remove", "").code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace noaber::node::cluster
