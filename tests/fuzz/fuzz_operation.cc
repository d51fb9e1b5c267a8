// Fuzz target for the ledger's binary decoders of outside bytes: signed operations (what
// Submit receives), operation bodies through VerifyOperation, journal entries and genesis
// bytes (what `noaber-node audit` reads from a folder it is handed). The first byte picks
// the decoder; the rest is its input.
//
// Properties: whatever a decoder accepts re-encodes to exactly the same bytes (one canonical
// form, no trailing garbage); VerifyOperation accepts a body signed by a valid key exactly
// when DecodeOperation and CheckOperation do, and refuses it with their code otherwise.
#include <string>

#include "noaber/ledger/crypto.h"
#include "noaber/ledger/genesis.h"
#include "noaber/ledger/journal.h"
#include "noaber/ledger/ledger.h"
#include "noaber/ledger/operation.h"
#include "tests/fuzz/fuzz_check.h"

namespace noaber::fuzz {
namespace {

using ledger::Rejection;

const ledger::KeyPair& Signer() {
  static const ledger::KeyPair key = [] {
    Require(ledger::InitCrypto().ok(), "libsodium starts");
    return ledger::KeyPairFromSeed(ledger::Sha256("noaber fuzz signer"));
  }();
  return key;
}

void SignedEnvelope(std::string_view bytes) {
  ledger::SignedOperation signed_operation;
  if (!ledger::DecodeSignedOperation(bytes, &signed_operation).ok()) return;
  Require(ledger::EncodeSignedOperation(signed_operation) == bytes,
          "a decoded signed operation re-encodes to the same bytes");
  ledger::Operation operation;
  if (!ledger::DecodeOperation(signed_operation.body, &operation).ok()) return;
  ledger::VerifiedOperation verified;
  if (!ledger::VerifyOperation(operation.community, bytes, &verified).ok()) return;
  Require(verified.signed_bytes == bytes, "a verified operation keeps its bytes verbatim");
  Require(verified.operation == operation, "VerifyOperation decodes as DecodeOperation does");
  Require(verified.signers.size() == signed_operation.signatures.size(),
          "every signature of a verified operation is a signer");
}

void BodySignedByAValidKey(std::string_view body) {
  ledger::Operation operation;
  const Rejection decoded = ledger::DecodeOperation(body, &operation);
  if (decoded.ok()) {
    Require(ledger::EncodeOperation(operation) == body,
            "a decoded operation re-encodes to the same bytes");
  }
  ledger::SignedOperation signed_operation{std::string(body), {}};
  Require(ledger::AddSignature(Signer().secret_key, &signed_operation).ok(), "signing works");
  const std::string bytes = ledger::EncodeSignedOperation(signed_operation);
  if (bytes.size() > ledger::kSignedOperationBytesMax) return;
  ledger::VerifiedOperation verified;
  const Rejection result = ledger::VerifyOperation(operation.community, bytes, &verified);
  if (!decoded.ok()) {
    Require(result.code == decoded.code, "VerifyOperation refuses what DecodeOperation refuses");
    return;
  }
  const Rejection checked = ledger::CheckOperation(operation);
  Require(result.code == checked.code,
          "a validly signed operation is verified exactly when CheckOperation accepts it");
  Require(!result.message.empty() || result.ok(), "every refusal says why");
  if (!result.ok()) return;
  Require(verified.operation == operation, "VerifyOperation decodes as DecodeOperation does");
  Require(verified.signers.size() == 1 && verified.signers[0] == Signer().public_key,
          "the one signer is the signing key");
}

void JournalEntry(std::string_view bytes) {
  absl::StatusOr<ledger::JournalEntry> entry = ledger::DecodeJournalEntry(bytes);
  if (!entry.ok()) return;
  Require(ledger::EncodeJournalEntry(*entry) == bytes,
          "a decoded journal entry re-encodes to the same bytes");
}

void GenesisBytes(std::string_view bytes) {
  absl::StatusOr<ledger::Genesis> genesis = ledger::DecodeGenesis(bytes);
  if (!genesis.ok()) return;
  Require(ledger::EncodeGenesis(*genesis) == bytes, "a decoded genesis re-encodes to the same bytes");
  Require(ledger::ValidateGenesis(*genesis).ok(), "a decoded genesis is valid");
}

}  // namespace
}  // namespace noaber::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace noaber::fuzz;
  if (size == 0) return 0;
  Signer();
  const std::string_view input = AsText(data + 1, size - 1);
  switch (data[0] % 4) {
    case 0: SignedEnvelope(input); break;
    case 1: BodySignedByAValidKey(input); break;
    case 2: JournalEntry(input); break;
    case 3: GenesisBytes(input); break;
  }
  return 0;
}
