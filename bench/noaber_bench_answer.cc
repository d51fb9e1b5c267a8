#include "bench/noaber_bench_answer.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>
#include <grpcpp/support/proto_buffer_reader.h>

#include <limits>

namespace noaber::bench {

namespace {

using google::protobuf::io::CodedInputStream;
using google::protobuf::internal::WireFormatLite;

// Field numbers of noaber.v1.SubmitBatchResponse and noaber.v1.OperationOutcome
// (proto/noaber/v1/ledger.proto).
constexpr int kResponseOutcomes = 1;
constexpr int kResponseTag = 2;
constexpr int kOutcomeResultName = 2;
constexpr int kOutcomeMessage = 3;

bool Is(uint32_t tag, int field, WireFormatLite::WireType type) {
  return WireFormatLite::GetTagFieldNumber(tag) == field &&
         WireFormatLite::GetTagWireType(tag) == type;
}

absl::Status Malformed(const char* what) {
  return absl::InvalidArgumentError(
      std::string("the batch answer is not a well-formed SubmitBatchResponse: ") + what);
}

// One OperationOutcome, `in` limited to its bytes.
absl::Status ReadOutcome(CodedInputStream* in, AnswerOutcome* outcome) {
  while (const uint32_t tag = in->ReadTag()) {
    if (Is(tag, kOutcomeResultName, WireFormatLite::WIRETYPE_LENGTH_DELIMITED)) {
      if (!WireFormatLite::ReadString(in, &outcome->result_name)) {
        return Malformed("an outcome's result name is cut short");
      }
    } else if (Is(tag, kOutcomeMessage, WireFormatLite::WIRETYPE_LENGTH_DELIMITED)) {
      if (!WireFormatLite::ReadString(in, &outcome->message)) {
        return Malformed("an outcome's message is cut short");
      }
    } else if (!WireFormatLite::SkipField(in, tag)) {
      return Malformed("an outcome holds a field that is cut short");
    }
  }
  if (!in->ConsumedEntireMessage()) return Malformed("an outcome ends inside a field");
  return absl::OkStatus();
}

}  // namespace

absl::Status ReadBatchAnswer(grpc::ByteBuffer* bytes, BatchAnswer* answer) {
  *answer = BatchAnswer();
  grpc::ProtoBufferReader reader(bytes);
  if (!reader.status().ok()) return Malformed("its bytes cannot be read");
  CodedInputStream in(&reader);
  in.SetTotalBytesLimit(std::numeric_limits<int>::max());
  while (const uint32_t tag = in.ReadTag()) {
    if (Is(tag, kResponseOutcomes, WireFormatLite::WIRETYPE_LENGTH_DELIMITED)) {
      uint32_t length = 0;
      if (!in.ReadVarint32(&length)) return Malformed("an outcome's length is cut short");
      if (length > static_cast<uint32_t>(std::numeric_limits<int>::max())) {
        return Malformed("an outcome is longer than any answer");
      }
      const CodedInputStream::Limit limit = in.PushLimit(static_cast<int>(length));
      if (absl::Status s = ReadOutcome(&in, &answer->outcomes.emplace_back()); !s.ok()) return s;
      if (in.BytesUntilLimit() != 0) return Malformed("an outcome is cut short");
      in.PopLimit(limit);
    } else if (Is(tag, kResponseTag, WireFormatLite::WIRETYPE_VARINT)) {
      if (!in.ReadVarint64(&answer->tag)) return Malformed("the tag is cut short");
    } else if (!WireFormatLite::SkipField(&in, tag)) {
      return Malformed("a field is cut short");
    }
  }
  if (!in.ConsumedEntireMessage()) return Malformed("it ends inside a field");
  return absl::OkStatus();
}

}  // namespace noaber::bench
