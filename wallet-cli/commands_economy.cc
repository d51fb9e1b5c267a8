// noaber listing post | list | close, request, requests, accept, decline: the board of offers
// and requests, and payment requests. Every change is an operation signed by the --as keys
// for the account they act for (--from chooses it, see Wallet::OwnHandle).
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/strings.h"
#include "wallet-cli/commands.h"
#include "wallet-cli/failure.h"
#include "wallet-cli/inputs.h"

namespace noaber::wallet {
namespace {

using ledger::StrAppend;
using ledger::StrCat;

// How much of a listing's text or a memo a table shows.
constexpr size_t kTableTextCharactersMax = 40;

std::string Hex(const std::string& bytes) {
  return ledger::ToHex(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

ledger::AssetKind KindIn(Wallet& wallet, const std::string& asset) {
  absl::StatusOr<AssetRef> found = wallet.Asset(asset);
  return found.ok() ? found->kind : ledger::AssetKind::kTime;
}

std::string WhenText(int64_t ms) { return ms == 0 ? "-" : FormatTime(ms); }

nlohmann::json ListingJson(Wallet& wallet, const v1::Listing& l) {
  nlohmann::json object = {{"listing_id", Hex(l.listing_id())},
                           {"owner", l.owner()},
                           {"kind", l.kind()},
                           {"skill", l.skill()},
                           {"text", l.text()},
                           {"ends_at_ms", l.ends_at_ms()},
                           {"state", l.state()},
                           {"created_ms", l.created_ms()},
                           {"created_index", l.created_index()}};
  object["estimate"] = l.asset().empty() ? nlohmann::json(nullptr)
                                         : AmountJson(l.asset(), ledger::Amount{l.estimate()},
                                                      KindIn(wallet, l.asset()));
  return object;
}

nlohmann::json RequestJson(Wallet& wallet, const v1::PaymentRequestInfo& r) {
  return {{"request_id", Hex(r.request_id())},
          {"payee", r.payee()},
          {"payer", r.payer()},
          {"amount", AmountJson(r.asset(), ledger::Amount{r.amount()}, KindIn(wallet, r.asset()))},
          {"skill", r.skill()},
          {"memo", r.memo()},
          {"listing_id", Hex(r.listing_id())},
          {"expires_at_ms", r.expires_at_ms()},
          {"state", r.state()},
          {"created_ms", r.created_ms()}};
}

// The open request `id` among those of `handle` (as payer or payee), when the node shows it
// to the first --as key; nullopt when it is not there. Used only to say what a request is
// about: the ledger decides whether it may be accepted or declined.
absl::StatusOr<std::optional<v1::PaymentRequestInfo>> FindOpenRequest(
    Wallet& wallet, const ledger::OperationId& id) {
  absl::StatusOr<std::string> handle = wallet.OwnHandle();
  if (!handle.ok()) return handle.status();
  absl::StatusOr<std::string> auth = wallet.CallAuth(kListRequestsMethod);
  if (!auth.ok()) return auth.status();
  v1::ListRequestsRequest request;
  request.set_handle(*handle);
  request.set_role("both");
  request.set_limit(kListLimitMax);
  absl::StatusOr<v1::PaymentRequests> found = wallet.node().ListRequests(request, *auth);
  if (!found.ok()) {
    if (ExitCodeOf(found.status()) == ExitCode::kRejected) return std::nullopt;
    return found.status();
  }
  const std::string wanted(id.begin(), id.end());
  for (const v1::PaymentRequestInfo& r : found->requests()) {
    if (r.request_id() == wanted) return r;
  }
  return std::nullopt;
}

}  // namespace

absl::Status RunListingPost(Wallet& wallet, const ListingPostOptions& options) {
  absl::StatusOr<ledger::ListingKind> kind = ParseListingKind(options.kind);
  if (!kind.ok()) return kind.status();
  for (absl::Status status :
       {CheckSkillCode(options.skill),
        CheckText(options.text, ledger::kListingTextBytesMax, "the listing's text", true),
        CheckAssetCode(options.asset)}) {
    if (!status.ok()) return status;
  }
  if (options.skill.empty()) return UsageError("say which skill: --skill CODE (see noaber skills)");
  if (!options.estimate.empty()) {
    if (absl::Status status = CheckAmountSyntax(options.estimate); !status.ok()) return status;
  } else if (!options.asset.empty()) {
    return UsageError("--asset goes with --estimate AMOUNT");
  }
  int64_t ends_at_ms = 0;
  if (!options.until.empty()) {
    absl::StatusOr<int64_t> until = ParseUntilMs(options.until, ClockMs());
    if (!until.ok()) return until.status();
    ends_at_ms = *until;
  }
  ledger::PostListing listing{"", *kind, options.skill, options.text, "", {}, ends_at_ms};
  if (!options.estimate.empty()) {
    absl::StatusOr<AssetRef> asset = wallet.Asset(options.asset);
    if (!asset.ok()) return asset.status();
    absl::StatusOr<ledger::Amount> estimate =
        ParseAmountFor(options.estimate, asset->code, asset->kind);
    if (!estimate.ok()) return estimate.status();
    listing.asset = asset->code;
    listing.estimate = *estimate;
  }
  absl::StatusOr<std::string> owner = wallet.OwnHandle();
  if (!owner.ok()) return owner.status();
  listing.owner = *owner;
  ledger::OperationId id{};
  absl::StatusOr<v1::SubmitResponse> response = wallet.SignAndSubmit({listing}, &id);
  if (!response.ok()) return response.status();
  std::string hex = ledger::OperationIdToHex(id);
  wallet.output().Result(
      StrCat("Posted ", *kind == ledger::ListingKind::kOffer ? "an offer" : "a request", " for ",
             options.skill, " by ", *owner, EntryText(*response), ".\nListing id: ", hex,
             "\nClose it with `noaber listing close ", hex, "`."),
      SubmitJson(*response, {{"listing_id", hex},
                             {"owner", *owner},
                             {"kind", options.kind},
                             {"skill", options.skill},
                             {"ends_at_ms", ends_at_ms}}));
  return absl::OkStatus();
}

absl::Status RunListingList(Wallet& wallet, const ListingListOptions& options) {
  if (absl::Status status = CheckSkillCode(options.skill); !status.ok()) return status;
  if (!options.kind.empty()) {
    if (absl::StatusOr<ledger::ListingKind> kind = ParseListingKind(options.kind); !kind.ok()) {
      return kind.status();
    }
  }
  if (absl::Status status = CheckLimit(options.limit, kListLimitMax); !status.ok()) return status;
  absl::StatusOr<std::string> auth = wallet.CallAuth(kListListingsMethod);
  if (!auth.ok()) return auth.status();
  v1::ListListingsRequest request;
  request.set_skill(options.skill);
  request.set_kind(options.kind);
  request.set_include_closed(options.all);
  request.set_limit(static_cast<uint32_t>(options.limit));
  absl::StatusOr<v1::Listings> listings = wallet.node().ListListings(request, *auth);
  if (!listings.ok()) return listings.status();
  std::vector<std::vector<std::string>> rows = {
      {"LISTING", "KIND", "OWNER", "SKILL", "ESTIMATE", "UNTIL", "TEXT"}};
  if (options.all) rows[0].push_back("STATE");
  nlohmann::json list = nlohmann::json::array();
  for (const v1::Listing& l : listings->listings()) {
    rows.push_back({Hex(l.listing_id()), l.kind(), l.owner(), l.skill(),
                    l.asset().empty() ? "-"
                                      : AmountText(l.asset(), ledger::Amount{l.estimate()},
                                                   KindIn(wallet, l.asset())),
                    WhenText(l.ends_at_ms()), Shorten(l.text(), kTableTextCharactersMax)});
    if (options.all) rows.back().push_back(l.state());
    list.push_back(ListingJson(wallet, l));
  }
  std::string human = rows.size() == 1 ? std::string("No listings on the board.")
                                       : StrCat("The board, newest first\n", FormatTable(rows));
  if (listings->next_before_index() != 0) {
    StrAppend(&human, "\n(more listings: raise --limit, at most ", kListLimitMax, ")");
  }
  wallet.output().Result(
      human, {{"listings", list}, {"next_before_index", listings->next_before_index()}});
  return absl::OkStatus();
}

absl::Status RunListingClose(Wallet& wallet, const IdOptions& options) {
  absl::StatusOr<ledger::OperationId> id = ParseOperationId(options.id, "listing id");
  if (!id.ok()) return id.status();
  absl::StatusOr<v1::SubmitResponse> response = wallet.SignAndSubmit({ledger::CloseListing{*id}});
  if (!response.ok()) return response.status();
  wallet.output().Result(StrCat("Closed listing ", ShortId(*id), EntryText(*response), "."),
                         SubmitJson(*response, {{"listing_id", options.id}}));
  return absl::OkStatus();
}

absl::Status RunRequest(Wallet& wallet, const RequestOptions& options) {
  for (absl::Status status :
       {CheckHandle(options.payer), CheckAmountSyntax(options.amount),
        CheckAssetCode(options.asset), CheckSkillCode(options.skill), CheckMemo(options.memo)}) {
    if (!status.ok()) return status;
  }
  ledger::RequestPayment request;
  request.payer = options.payer;
  request.skill = options.skill;
  request.memo = options.memo;
  if (!options.listing.empty()) {
    absl::StatusOr<ledger::OperationId> listing = ParseOperationId(options.listing, "listing id");
    if (!listing.ok()) return listing.status();
    request.listing = *listing;
  }
  if (!options.expires.empty()) {
    absl::StatusOr<int64_t> expires_ms = ParseExpiryMs(options.expires);
    if (!expires_ms.ok()) return expires_ms.status();
    request.expires_at_ms = ClockMs() + *expires_ms;
  }
  absl::StatusOr<AssetRef> asset = wallet.Asset(options.asset);
  if (!asset.ok()) return asset.status();
  absl::StatusOr<ledger::Amount> amount = ParseAmountFor(options.amount, asset->code, asset->kind);
  if (!amount.ok()) return amount.status();
  absl::StatusOr<std::string> payee = wallet.OwnHandle();
  if (!payee.ok()) return payee.status();
  request.payee = *payee;
  request.asset = asset->code;
  request.amount = *amount;
  ledger::OperationId id{};
  absl::StatusOr<v1::SubmitResponse> response = wallet.SignAndSubmit({request}, &id);
  if (!response.ok()) return response.status();
  std::string hex = ledger::OperationIdToHex(id);
  std::string what = AmountText(asset->code, *amount, asset->kind);
  wallet.output().Result(
      StrCat("Asked ", options.payer, " to pay ", what, " to ", *payee, EntryText(*response),
             ".\nRequest id: ", hex, "\n", options.payer, " pays it with `noaber accept ", hex,
             "`."),
      SubmitJson(*response, {{"request_id", hex},
                             {"payee", *payee},
                             {"payer", options.payer},
                             {"amount", AmountJson(asset->code, *amount, asset->kind)},
                             {"skill", options.skill},
                             {"memo", options.memo},
                             {"expires_at_ms", request.expires_at_ms}}));
  return absl::OkStatus();
}

absl::Status RunRequests(Wallet& wallet, const RequestsOptions& options) {
  if (absl::Status status = CheckLimit(options.limit, kListLimitMax); !status.ok()) return status;
  absl::StatusOr<std::string> auth = wallet.CallAuth(kListRequestsMethod);
  if (!auth.ok()) return auth.status();
  absl::StatusOr<std::string> handle = wallet.OwnHandle();
  if (!handle.ok()) return handle.status();
  v1::ListRequestsRequest request;
  request.set_handle(*handle);
  request.set_role("both");
  request.set_include_closed(options.all);
  request.set_limit(static_cast<uint32_t>(options.limit));
  absl::StatusOr<v1::PaymentRequests> found = wallet.node().ListRequests(request, *auth);
  if (!found.ok()) return found.status();
  std::vector<std::string> heading = {"REQUEST", "", "AMOUNT", "SKILL", "EXPIRES", "MEMO"};
  if (options.all) heading.push_back("STATE");
  std::vector<std::vector<std::string>> to_pay = {heading}, asked = {heading};
  to_pay[0][1] = "FROM";
  asked[0][1] = "TO";
  nlohmann::json list = nlohmann::json::array();
  for (const v1::PaymentRequestInfo& r : found->requests()) {
    const bool payer = r.payer() == *handle;
    std::vector<std::string> row = {
        Hex(r.request_id()),
        payer ? r.payee() : r.payer(),
        AmountText(r.asset(), ledger::Amount{r.amount()}, KindIn(wallet, r.asset())),
        r.skill().empty() ? "-" : r.skill(),
        WhenText(r.expires_at_ms()),
        Shorten(r.memo(), kTableTextCharactersMax)};
    if (options.all) row.push_back(r.state());
    (payer ? to_pay : asked).push_back(std::move(row));
    list.push_back(RequestJson(wallet, r));
  }
  std::string human = StrCat(options.all ? "Payment requests of " : "Open payment requests of ",
                             *handle, "\nTo pay:");
  StrAppend(&human, to_pay.size() == 1 ? " none" : StrCat("\n", FormatTable(to_pay)), "\nAsked by ",
            *handle, ":", asked.size() == 1 ? " none" : StrCat("\n", FormatTable(asked)));
  if (to_pay.size() > 1)
    StrAppend(&human, "\nPay with `noaber accept ID`, or `noaber decline ID`.");
  wallet.output().Result(
      human,
      {{"handle", *handle}, {"requests", list}, {"next_before_index", found->next_before_index()}});
  return absl::OkStatus();
}

absl::Status RunAccept(Wallet& wallet, const IdOptions& options) {
  absl::StatusOr<ledger::OperationId> id = ParseOperationId(options.id, "request id");
  if (!id.ok()) return id.status();
  absl::StatusOr<std::optional<v1::PaymentRequestInfo>> found = FindOpenRequest(wallet, *id);
  if (!found.ok()) return found.status();
  absl::StatusOr<v1::SubmitResponse> response = wallet.SignAndSubmit({ledger::AcceptRequest{*id}});
  if (!response.ok()) return response.status();
  nlohmann::json fields = {{"request_id", options.id}};
  std::string human = StrCat("Accepted request ", ShortId(*id), EntryText(*response), ".");
  if (found->has_value()) {
    const v1::PaymentRequestInfo& r = **found;
    ledger::AssetKind kind = KindIn(wallet, r.asset());
    ledger::Amount amount{r.amount()};
    human = StrCat("Paid ", AmountText(r.asset(), amount, kind), " to ", r.payee(), " for request ",
                   ShortId(*id), EntryText(*response), ".");
    fields["from"] = r.payer();
    fields["to"] = r.payee();
    fields["amount"] = AmountJson(r.asset(), amount, kind);
  }
  wallet.output().Result(human, SubmitJson(*response, fields));
  return absl::OkStatus();
}

absl::Status RunDecline(Wallet& wallet, const IdOptions& options) {
  absl::StatusOr<ledger::OperationId> id = ParseOperationId(options.id, "request id");
  if (!id.ok()) return id.status();
  absl::StatusOr<std::optional<v1::PaymentRequestInfo>> found = FindOpenRequest(wallet, *id);
  if (!found.ok()) return found.status();
  absl::StatusOr<v1::SubmitResponse> response = wallet.SignAndSubmit({ledger::DeclineRequest{*id}});
  if (!response.ok()) return response.status();
  std::string human = StrCat("Declined request ", ShortId(*id));
  if (found->has_value()) {
    const v1::PaymentRequestInfo& r = **found;
    StrAppend(&human, " (", r.payee(), " asked ", r.payer(), " for ",
              AmountText(r.asset(), ledger::Amount{r.amount()}, KindIn(wallet, r.asset())), ")");
  }
  wallet.output().Result(StrCat(human, EntryText(*response), "."),
                         SubmitJson(*response, {{"request_id", options.id}}));
  return absl::OkStatus();
}

}  // namespace noaber::wallet
