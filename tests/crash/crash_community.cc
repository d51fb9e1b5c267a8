#include "tests/crash/crash_community.h"

#include <chrono>
#include <cstdio>

#include "noaber/ledger/call_auth.h"

namespace noaber::crash {

namespace {

// Operations stay valid this long: within the ledger's bound of 7 days ahead.
constexpr int64_t kValidForMs = 6LL * 24 * 3600 * 1000;

ledger::KeyPair KeyFromSeed(uint64_t seed, uint64_t which) {
  std::array<uint8_t, 32> bytes{};
  for (int i = 0; i < 8; ++i) {
    bytes[i] = static_cast<uint8_t>(seed >> (8 * i));
    bytes[8 + i] = static_cast<uint8_t>(which >> (8 * i));
  }
  bytes[16] = 'c';  // never the all-zero seed
  return ledger::KeyPairFromSeed(bytes);
}

}  // namespace

Community MakeCommunity(uint64_t seed, int residents) {
  Community community;
  community.admin = KeyFromSeed(seed, 0);
  for (int i = 0; i < residents; ++i) {
    char handle[16];
    std::snprintf(handle, sizeof(handle), "res%02d", i + 1);
    community.residents.push_back({handle, KeyFromSeed(seed, i + 1)});
  }
  return community;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

ledger::Operation NewOperation(const Community& community, ledger::Action action) {
  ledger::Operation operation;
  operation.community = community.id;
  operation.id = ledger::NewOperationId();
  operation.valid_until_ms = NowMs() + kValidForMs;
  operation.actions.push_back(std::move(action));
  return operation;
}

std::string SignBy(const ledger::Operation& operation, const ledger::KeyPair& key) {
  ledger::SignedOperation signed_operation{ledger::EncodeOperation(operation), {}};
  // A fresh envelope has no signature yet, so AddSignature cannot refuse it.
  (void)ledger::AddSignature(key.secret_key, &signed_operation);
  return ledger::EncodeSignedOperation(signed_operation);
}

void AuthorizeAsAdmin(const Community& community, std::string_view method,
                      grpc::ClientContext* context) {
  context->AddMetadata(ledger::kCallAuthMetadataKey,
                       ledger::EncodeCallAuth(ledger::SignCall(community.admin.secret_key,
                                                               community.id, method, NowMs())));
}

bool OperationIdOf(std::string_view signed_bytes, ledger::OperationId* id) {
  ledger::SignedOperation envelope;
  if (!ledger::DecodeSignedOperation(signed_bytes, &envelope).ok()) return false;
  ledger::Operation operation;
  if (!ledger::DecodeOperation(envelope.body, &operation).ok()) return false;
  *id = operation.id;
  return true;
}

}  // namespace noaber::crash
