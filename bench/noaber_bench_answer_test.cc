#include "bench/noaber_bench_answer.h"

#include <grpcpp/impl/codegen/proto_utils.h>
#include <gtest/gtest.h>

#include <string>

#include "noaber/v1/ledger.pb.h"

namespace noaber::bench {
namespace {

grpc::ByteBuffer Bytes(const std::string& wire) {
  grpc::Slice slice(wire);
  return grpc::ByteBuffer(&slice, 1);
}

grpc::ByteBuffer Serialized(const v1::SubmitBatchResponse& response) {
  grpc::ByteBuffer bytes;
  bool own = false;
  EXPECT_TRUE(grpc::SerializationTraits<v1::SubmitBatchResponse>::Serialize(response, &bytes, &own)
                  .ok());
  return bytes;
}

// An answer as the node sends it: receipts with a checkpoint and an inclusion proof.
v1::SubmitBatchResponse Answer() {
  v1::SubmitBatchResponse response;
  response.set_tag(77);
  for (int i = 0; i < 300; ++i) {
    v1::OperationOutcome* outcome = response.add_outcomes();
    const bool accepted = i % 7 != 3;
    outcome->set_result_code(accepted ? 0 : 12);
    outcome->set_result_name(accepted ? "accepted" : "insufficient_funds");
    outcome->set_message(accepted ? "" : "the payer's balance " + std::to_string(i) + " is short");
    if (!accepted) continue;
    outcome->set_index(1000 + i);
    outcome->set_timestamp_ms(1'700'000'000'000 + i);
    v1::Receipt* receipt = outcome->mutable_receipt();
    receipt->set_index(1000 + i);
    receipt->set_previous_hash(std::string(32, 'p'));
    receipt->set_leaf_hash(std::string(32, 'l'));
    receipt->set_checkpoint("noaber.example/wijk\n1300\nroot\n\n- sig\n");
    for (int h = 0; h < 20; ++h) receipt->add_inclusion_proof(std::string(32, char('a' + h)));
  }
  return response;
}

TEST(BatchAnswerTest, ReadsTheTagAndEachOutcomeAsTheFullParserDoes) {
  const v1::SubmitBatchResponse response = Answer();
  grpc::ByteBuffer bytes = Serialized(response);
  BatchAnswer answer;
  ASSERT_TRUE(ReadBatchAnswer(&bytes, &answer).ok());
  EXPECT_EQ(answer.tag, 77u);
  ASSERT_EQ(answer.outcomes.size(), static_cast<size_t>(response.outcomes_size()));
  for (int i = 0; i < response.outcomes_size(); ++i) {
    EXPECT_EQ(answer.outcomes[i].result_name, response.outcomes(i).result_name()) << i;
    EXPECT_EQ(answer.outcomes[i].message, response.outcomes(i).message()) << i;
  }
}

TEST(BatchAnswerTest, ReadsAnswerSplitAcrossManySlices) {
  const std::string wire = Answer().SerializeAsString();
  std::vector<grpc::Slice> slices;
  for (size_t at = 0; at < wire.size(); at += 997) slices.emplace_back(wire.substr(at, 997));
  grpc::ByteBuffer bytes(slices.data(), slices.size());
  BatchAnswer answer;
  ASSERT_TRUE(ReadBatchAnswer(&bytes, &answer).ok());
  EXPECT_EQ(answer.outcomes.size(), 300u);
  EXPECT_EQ(answer.outcomes[3].result_name, "insufficient_funds");
  EXPECT_EQ(answer.outcomes[3].message, "the payer's balance 3 is short");
}

TEST(BatchAnswerTest, AnEmptyAnswerHasNoOutcomes) {
  grpc::ByteBuffer bytes = Bytes("");
  BatchAnswer answer;
  answer.tag = 5;
  ASSERT_TRUE(ReadBatchAnswer(&bytes, &answer).ok());
  EXPECT_EQ(answer.tag, 0u);
  EXPECT_TRUE(answer.outcomes.empty());
}

TEST(BatchAnswerTest, RefusesBytesCutShortAnywhere) {
  const std::string wire = Answer().SerializeAsString();
  // Cutting inside the message must never read as a well-formed answer with every outcome.
  int refused = 0;
  for (size_t cut = 1; cut < wire.size(); cut += 53) {
    grpc::ByteBuffer bytes = Bytes(wire.substr(0, cut));
    BatchAnswer answer;
    const absl::Status read = ReadBatchAnswer(&bytes, &answer);
    if (!read.ok()) {
      ++refused;
      EXPECT_NE(std::string(read.message()).find("not a well-formed SubmitBatchResponse"),
                std::string::npos);
    } else {
      EXPECT_LT(answer.outcomes.size(), 300u) << "cut at " << cut;
    }
  }
  EXPECT_GT(refused, 0);
}

TEST(BatchAnswerTest, RefusesAZeroTagAndAnOutcomeLongerThanTheAnswer) {
  BatchAnswer answer;
  grpc::ByteBuffer zero_tag = Bytes(std::string("\x00\x01", 2));
  EXPECT_FALSE(ReadBatchAnswer(&zero_tag, &answer).ok());
  // Field 1, length 100, then 3 bytes.
  grpc::ByteBuffer too_long = Bytes(std::string("\x0a\x64\x12\x01x", 5));
  EXPECT_FALSE(ReadBatchAnswer(&too_long, &answer).ok());
}

}  // namespace
}  // namespace noaber::bench
