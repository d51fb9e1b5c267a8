// The rules of the neighbourhood economy, one file per family of actions:
//   well_formed.cc  stateless checks of an operation (bounds, syntax)
//   authority.cc    who must sign what
//   accounts.cc     open account, set limits, freeze/unfreeze/close, rotate keys
//   transfer.cc     transfers and the balance arithmetic they share with pendings
//   pending.cc      two-phase transfers: create, post, void, expire
//   skills.cc       the skills catalogue
//   listings.cc     the offers and requests board
//   requests.cc     payment requests: asked by the payee, accepted or declined by the payer
//   corrections.cc  administrators reverse a mistaken transfer
// Each Apply* function first checks against the state it reads, then writes its changes to
// the overlay; on a rejection the caller drops the overlay, so partial writes never escape.
#ifndef NOABER_LEDGER_SRC_RULES_RULES_H_
#define NOABER_LEDGER_SRC_RULES_RULES_H_

#include <set>
#include <string>
#include <vector>

#include "ledger/src/overlay.h"
#include "noaber/ledger/genesis.h"
#include "noaber/ledger/operation.h"
#include "noaber/ledger/result.h"

namespace noaber::ledger {

// What the rules need to apply one operation's actions.
struct RuleContext {
  const Genesis& genesis;
  const Operation& operation;
  int64_t timestamp_ms;                  // the node time of the batch
  uint64_t index;                        // the journal index the operation will get
  const std::vector<PublicKey>& signers;  // verified signers, sorted
  Overlay& state;
  std::set<std::string> touched;  // handles whose history gets this entry
};

// Step 1: stateless checks of every action. `allow_system` admits node-written actions.
Rejection CheckWellFormed(const Operation& operation, bool allow_system);

// Steps 2 and 3 for one action.
Rejection ApplyAction(RuleContext& ctx, const Action& action);

Rejection ApplyOpenAccount(RuleContext& ctx, const OpenAccount& action);
Rejection ApplySetLimits(RuleContext& ctx, const SetLimits& action);
Rejection ApplySetStatus(RuleContext& ctx, const SetStatus& action);
Rejection ApplyRotateKeys(RuleContext& ctx, const RotateKeys& action);
Rejection ApplyTransfer(RuleContext& ctx, const Transfer& action);
Rejection ApplyCreatePending(RuleContext& ctx, const CreatePending& action);
Rejection ApplyPostPending(RuleContext& ctx, const PostPending& action);
Rejection ApplyVoidPending(RuleContext& ctx, const VoidPending& action);
Rejection ApplyExpirePending(RuleContext& ctx, const ExpirePending& action);
Rejection ApplySetSkill(RuleContext& ctx, const SetSkill& action);
Rejection ApplyPostListing(RuleContext& ctx, const PostListing& action);
Rejection ApplyCloseListing(RuleContext& ctx, const CloseListing& action);
Rejection ApplyRequestPayment(RuleContext& ctx, const RequestPayment& action);
Rejection ApplyAcceptRequest(RuleContext& ctx, const AcceptRequest& action);
Rejection ApplyDeclineRequest(RuleContext& ctx, const DeclineRequest& action);
Rejection ApplySetAssisted(RuleContext& ctx, const SetAssisted& action);
Rejection ApplyCorrectTransfer(RuleContext& ctx, const CorrectTransfer& action);

// --- Shared by the rule files ---

// True when the verified signers include `account.threshold` of its keys.
bool SignedBy(const Account& account, const std::vector<PublicKey>& signers);
// kNotAuthorized unless `account` signed; `what` completes "... is needed to <what>".
Rejection RequireSignatureOf(const RuleContext& ctx, const Account& account,
                             std::string_view what);
// kNotAuthorized unless the administrators (the community account's keys) signed.
Rejection RequireAdministrators(const RuleContext& ctx, std::string_view what);
// True when the administrators signed.
bool SignedByAdministrators(const RuleContext& ctx);
// The account's own signature, or for an assisted account the administrators' on its behalf.
Rejection RequireOwnerOrAssistant(const RuleContext& ctx, const Account& account,
                                  std::string_view what);
// kUnknownSkill / kSkillRetired unless `code` names a skill in use.
Rejection RequireSkill(const RuleContext& ctx, std::string_view code);
// Loads an account; kUnknownAccount if there is none.
Rejection LoadAccount(const RuleContext& ctx, std::string_view handle, Account* account);
// kAccountFrozen / kAccountClosed unless the account may move funds; `role` is "send" etc.
Rejection RequireActive(const Account& account, std::string_view role);
// Loads the balance, which exists for every account and genesis asset.
Balance LoadBalance(const RuleContext& ctx, std::string_view handle, const Asset& asset);

// People-readable amount: "1h30m" for time, "12.50 BORN" for currency.
std::string Show(Amount amount, const Asset& asset);

// Moves `amount` out of / into a balance, checking limits counting pending transfers.
// `reserve` only reserves (pending); otherwise the balance itself moves.
Rejection Debit(const Asset& asset, std::string_view handle, Amount amount, bool reserve,
                Balance* balance);
Rejection Credit(const Asset& asset, std::string_view handle, Amount amount, bool reserve,
                 Balance* balance);
struct MoveOptions {
  bool reserve = false;          // only reserve the amount (a pending transfer)
  bool payer_must_sign = true;   // false where the caller has authorized it otherwise
  bool count_received = true;    // false for a correction: money paid back is not earned
};
// A whole transfer between two accounts: moves the amount, or only reserves it.
Rejection MoveOrReserve(RuleContext& ctx, const Transfer& transfer, MoveOptions options);
// Adds `amount` to what `payee` received this calendar year, refusing it past the annual
// cap of its kind in `asset`. Counts nothing when no cap applies.
Rejection CountReceived(RuleContext& ctx, const Account& payee, const Asset& asset,
                        Amount amount);

}  // namespace noaber::ledger

#endif  // NOABER_LEDGER_SRC_RULES_RULES_H_
