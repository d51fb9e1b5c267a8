// How each ledger action reads in the API: ActionViewer fills one v1::Action (its fields and a
// one-line description for people) per action alternative. Accounts, transfers and pendings
// are described in entry_view.cc, the neighbourhood economy's actions in economy_view.cc.
// Internal to those two files. Not thread-safe: one viewer per action.
#ifndef NOABER_NODE_ACTION_VIEW_H_
#define NOABER_NODE_ACTION_VIEW_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "noaber/ledger/genesis.h"
#include "noaber/ledger/operation.h"
#include "noaber/ledger/store.h"
#include "noaber/v1/ledger.pb.h"

namespace noaber::node {

// Reads pendings, requests, listings, accounts and corrected transfers through `state` when
// given; without it the fields it would find stay empty and the description is shorter.
// Each call returns storage errors as they come.
class ActionViewer {
 public:
  ActionViewer(const ledger::Genesis& genesis, const ledger::StateReader* state,
               const ledger::Operation& operation, const std::vector<ledger::PublicKey>& signers,
               v1::Action* out)
      : genesis_(genesis), state_(state), operation_(operation), signers_(signers), out_(out) {}

  // entry_view.cc
  absl::Status operator()(const ledger::OpenAccount& a);
  absl::Status operator()(const ledger::Transfer& t);
  absl::Status operator()(const ledger::CreatePending& p);
  absl::Status operator()(const ledger::PostPending& p);
  absl::Status operator()(const ledger::VoidPending& v);
  absl::Status operator()(const ledger::ExpirePending& e);
  absl::Status operator()(const ledger::SetLimits& s);
  absl::Status operator()(const ledger::SetStatus& s);
  absl::Status operator()(const ledger::RotateKeys& r);
  // economy_view.cc
  absl::Status operator()(const ledger::SetSkill& s);
  absl::Status operator()(const ledger::PostListing& p);
  absl::Status operator()(const ledger::CloseListing& c);
  absl::Status operator()(const ledger::RequestPayment& r);
  absl::Status operator()(const ledger::AcceptRequest& a);
  absl::Status operator()(const ledger::DeclineRequest& d);
  absl::Status operator()(const ledger::SetAssisted& s);
  absl::Status operator()(const ledger::CorrectTransfer& c);

 private:
  void SetTransfer(const ledger::Transfer& t);
  std::string Shown(const ledger::Transfer& t) const;
  static std::string Purpose(const ledger::Transfer& t);
  // Fills the pending id (and payer, payee, asset if `state_` knows them); returns "the
  // pending transfer ..." for the description, and the payer in `payer` when known.
  absl::StatusOr<std::string> Resolve(const ledger::OperationId& id, std::string* payer);
  // When `handle`'s own keys did not sign this operation but administrators did (an
  // assisted account), lists the administrators' keys in signed_on_behalf_by and says so in
  // the description. Judged against the keys the accounts hold now.
  absl::Status MarkOnBehalf(std::string_view handle);

  const ledger::Genesis& genesis_;
  const ledger::StateReader* state_;
  const ledger::Operation& operation_;
  const std::vector<ledger::PublicKey>& signers_;
  v1::Action* out_;
};

}  // namespace noaber::node

#endif  // NOABER_NODE_ACTION_VIEW_H_
