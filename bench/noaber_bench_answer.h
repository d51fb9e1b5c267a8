// noaber-bench: what it reads of a batch answer (a SubmitBatchResponse as it came off the
// wire): the tag, and each outcome's result name and message. The receipts are skipped
// undecoded. The benchmark shares the cores with the node it measures, and decoding some
// twenty hashes and a signed checkpoint per operation that it never checks cost 1.5 us of
// the client's 2.4 us per operation; a client that checks receipts does so on its own machine.
#ifndef NOABER_BENCH_NOABER_BENCH_ANSWER_H_
#define NOABER_BENCH_NOABER_BENCH_ANSWER_H_

#include <grpcpp/support/byte_buffer.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace noaber::bench {

struct AnswerOutcome {
  std::string result_name;
  std::string message;
};

struct BatchAnswer {
  uint64_t tag = 0;
  std::vector<AnswerOutcome> outcomes;  // in request order
};

// Reads `bytes` (a serialized noaber.v1.SubmitBatchResponse) into `answer`. InvalidArgument,
// naming what is wrong, when they are not a well-formed message.
absl::Status ReadBatchAnswer(grpc::ByteBuffer* bytes, BatchAnswer* answer);

}  // namespace noaber::bench

#endif  // NOABER_BENCH_NOABER_BENCH_ANSWER_H_
