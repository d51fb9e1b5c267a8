#include "deploy/demo/bornholm.h"

#include <algorithm>
#include <random>
#include <vector>

#include "noaber/ledger/ledger.h"
#include "noaber/ledger/strings.h"

namespace noaber::demo {

namespace {

using namespace noaber::ledger;

constexpr int64_t kMinute = 60'000;
constexpr int64_t kDay = 24 * 60 * kMinute;
constexpr int kDays = 21;

const char* const kResidents[] = {"anna",  "bram",  "fatima",  "henk",     "ineke", "jan",
                                  "karim", "lotte", "marieke", "mohammed", "sanne", "wim"};
// Truus (87) is not online: the wijkcentrum signs her payments on her behalf.
constexpr char kAssisted[] = "truus";
const char* const kPartners[] = {"gemeente", "woningcorporatie", "verpleeghuis",
                                 "bakker-skagerhof"};

// One exchange between neighbours: who helped whom, with what, for how long.
struct Exchange {
  const char* skill;
  int64_t minutes;
  const char* memo;
};
const Exchange kExchanges[] = {
    {"boodschappen", 60, "Boodschappen bij de Skagerhof"},
    {"tuin", 90, "Heg gesnoeid"},
    {"computerhulp", 45, "Nieuwe telefoon ingesteld"},
    {"gezelschap", 120, "Koffie en een wandeling"},
    {"klussen", 75, "Lamp opgehangen"},
    {"taalles", 60, "Taalmaatje, les 3"},
    {"vervoer", 90, "Naar de huisarts gebracht"},
    {"koken", 60, "Soep voor de buren"},
    {"administratie", 45, "Hulp met de toeslagbrief"},
    {"dierenzorg", 30, "Hond uitgelaten"},
    {"huiswerk", 60, "Rekenen met de kinderen"},
    {"evenementen", 180, "Opbouw burendag"},
};

Genesis BornholmGenesis(const PublicKey& admin, int64_t created_ms) {
  Genesis g = DefaultGenesis("Bornholm", {admin}, 1, created_ms);
  g.assets.push_back({"BORN", AssetKind::kCurrency, "Bornholmse munt", Amount{-100'000'000}});
  // Partners commit hours to the neighbourhood: they may go up to 200h below zero. Every
  // new resident is welcomed with two hours and ten Bornholmers.
  for (DefaultLimits& d : g.default_limits) {
    if (d.kind == AccountKind::kPartner) d.limits.min = Amount{-200 * 60};
    if (d.kind == AccountKind::kResident) d.welcome = Amount{120};
  }
  // Residents on benefits may earn a limited volunteer allowance: 2100.00 a year.
  g.default_limits.push_back(
      {AccountKind::kResident, "BORN", {Amount{0}, Amount{50'000}}, Amount{1'000}, Amount{210'000}});
  g.skills.push_back({"repareren", "Repareren", "Repairs", "home"});
  return g;
}

// Signs and applies demo operations at a clock that moves forward through three weeks.
class Seeder {
 public:
  Seeder(Ledger& ledger, Store& store, DemoSummary& summary, const KeyMaker& make_key)
      : ledger_(ledger), store_(store), summary_(summary), make_key_(make_key) {}

  // What `handle` could still pay in `asset` before reaching its minimum.
  int64_t Room(const std::string& handle, const std::string& asset) {
    absl::StatusOr<std::optional<Balance>> b = store_.GetBalance(handle, asset);
    if (!b.ok() || !b->has_value()) return 0;
    const Balance& v = **b;
    return v.balance.minor_units - v.pending_debits.minor_units - v.limits.min.minor_units;
  }

  void Submit(int64_t at_ms, std::vector<Action> actions, std::vector<std::string> signers) {
    at_ms = std::max(at_ms, ledger_.last_timestamp_ms());  // the journal's clock never goes back
    Operation op;
    op.community = ledger_.community_id();
    op.id = NewOperationId();
    op.valid_until_ms = at_ms + 10 * kMinute;
    op.actions = std::move(actions);
    last_id_ = op.id;
    SignedOperation signed_operation{EncodeOperation(op), {}};
    for (const std::string& name : signers) {
      (void)AddSignature(summary_.keys.at(name).secret_key, &signed_operation);
    }
    absl::StatusOr<Outcome> outcome =
        ledger_.Submit(at_ms, EncodeSignedOperation(signed_operation));
    if (!outcome.ok()) {
      status_ = outcome.status();
    } else if (outcome->accepted()) {
      ++summary_.accepted;
    } else {
      ++summary_.rejected;
      last_rejection_ = outcome->message;
    }
  }

  void Open(int64_t at_ms, const std::string& handle, AccountKind kind,
            std::vector<std::string> owners = {}, uint8_t threshold = 1) {
    std::vector<PublicKey> keys;
    if (owners.empty()) {
      absl::StatusOr<KeyPair> key = make_key_(handle);
      if (!key.ok()) {
        status_ = key.status();
        return;
      }
      summary_.keys[handle] = *key;
      owners = {handle};
    }
    for (const std::string& owner : owners) keys.push_back(summary_.keys.at(owner).public_key);
    std::sort(keys.begin(), keys.end());
    Submit(at_ms, {OpenAccount{handle, kind, keys, threshold}}, {"wijkcentrum"});
  }

  void Pay(int64_t at_ms, const std::string& from, const std::string& to, int64_t amount,
           const std::string& asset, const std::string& skill, const std::string& memo,
           std::vector<std::string> signers = {}) {
    if (signers.empty()) signers = {from == kCommunityHandle ? "wijkcentrum" : from};
    Submit(at_ms, {Transfer{from, to, asset, Amount{amount}, skill, memo}}, signers);
  }

  const absl::Status& status() const { return status_; }
  const OperationId& last_id() const { return last_id_; }
  const std::string& last_rejection() const { return last_rejection_; }

 private:
  Ledger& ledger_;
  Store& store_;
  DemoSummary& summary_;
  const KeyMaker& make_key_;
  absl::Status status_;
  std::string last_rejection_;
  OperationId last_id_{};
};

void OpenEveryone(Seeder& s, int64_t t) {
  for (const char* r : kResidents) s.Open(t += kMinute, r, AccountKind::kResident);
  s.Open(t += kMinute, kAssisted, AccountKind::kResident);
  s.Submit(t += kMinute, {SetAssisted{kAssisted, true}}, {"wijkcentrum"});
  for (const char* p : kPartners) s.Open(t += kMinute, p, AccountKind::kPartner);
  // The community garden answers to two of its gardeners, either may pay; the repair café
  // needs both of its founders to sign.
  s.Open(t += kMinute, "buurtmoestuin", AccountKind::kInitiative, {"anna", "karim"}, 1);
  s.Open(t += kMinute, "repaircafe", AccountKind::kInitiative, {"henk", "wim"}, 2);
}

void ThreeWeeks(Seeder& s, int64_t start_ms) {
  std::mt19937 rng(2026);
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  const int residents = std::size(kResidents);
  for (int day = 0; day < kDays; ++day) {
    int64_t t = start_ms + day * kDay + 9 * 60 * kMinute;
    for (int k = 0; k < 3 + pick(3); ++k) {  // neighbours helping neighbours
      const Exchange& e = kExchanges[pick(std::size(kExchanges))];
      int helper = pick(residents), helped = (helper + 1 + pick(residents - 1)) % residents;
      if (s.Room(kResidents[helped], "HOUR") < e.minutes + 120) std::swap(helper, helped);
      s.Pay(t += 37 * kMinute, kResidents[helped], kResidents[helper], e.minutes, "HOUR",
            e.skill, e.memo);
    }
    if (day % 7 == 1) {  // the nursing home pays residents for visits to its residents
      s.Pay(t += kMinute, "verpleeghuis", kResidents[pick(residents)], 120, "HOUR",
            "gezelschap", "Bezoek aan bewoners van het verpleeghuis");
    }
    if (day % 7 == 3) {  // partners fund the initiatives
      s.Pay(t += kMinute, "gemeente", "buurtmoestuin", 25'000, "BORN", "",
            "Bijdrage gemeente aan de moestuin");
      s.Pay(t += kMinute, "woningcorporatie", "repaircafe", 15'000, "BORN", "",
            "Bijdrage woningcorporatie: verduurzaming");
    }
    if (day % 7 == 5) {  // the initiatives pay their volunteers
      s.Pay(t += kMinute, "buurtmoestuin", kResidents[pick(residents)], 1'500, "BORN", "tuin",
            "Dank voor het werk in de moestuin", {"karim"});
      s.Pay(t += kMinute, "repaircafe", kResidents[pick(residents)], 1'000, "BORN", "klussen",
            "Reparaties op zaterdag", {"henk", "wim"});
    }
    if (day % 2 == 0) {  // residents spend the local currency at the baker
      const char* buyer = kResidents[pick(residents)];
      int64_t price = 350 + pick(400);
      if (s.Room(buyer, "BORN") >= price) {
        s.Pay(t += kMinute, buyer, "bakker-skagerhof", price, "BORN", "", "Brood en koffie");
      }
    }
  }
}

// Offers and requests, payment requests, help for Truus, and one correction.
void TheBoard(Seeder& s, int64_t t) {
  const int64_t week = 7 * kDay;
  auto listing = [&](const char* owner, ListingKind kind, const char* skill, const char* text,
                     int64_t estimate) {
    s.Submit(t += 11 * kMinute,
             {PostListing{owner, kind, skill, text, estimate ? "HOUR" : "", Amount{estimate},
                          t + 4 * week}},
             {owner});
    return s.last_id();
  };
  listing("fatima", ListingKind::kOffer, "koken", "Ik kook op woensdag voor wie wil meeeten", 60);
  listing("karim", ListingKind::kOffer, "computerhulp", "Hulp met je telefoon of laptop", 45);
  listing("jan", ListingKind::kOffer, "klussen", "Kleine klussen in en om het huis", 0);
  OperationId gutter = listing("ineke", ListingKind::kRequest, "klussen",
                               "Wie helpt mijn dakgoot schoon te maken?", 90);
  listing(kAssisted, ListingKind::kRequest, "boodschappen",
          "Boodschappen op vrijdag (via het wijkcentrum)", 60);
  // Jan cleaned Ineke's gutter and asks to be paid; Ineke accepts.
  s.Submit(t += kDay, {RequestPayment{"jan", "ineke", "HOUR", Amount{90}, "klussen",
                                      "Dakgoot schoongemaakt", gutter, t + week}},
           {"jan"});
  s.Submit(t += kMinute * 90, {AcceptRequest{s.last_id()}}, {"ineke"});
  s.Submit(t += kMinute, {CloseListing{gutter}}, {"ineke"});
  // Karim helped Truus with her tablet; the wijkcentrum accepts on her behalf.
  s.Submit(t += kDay / 2, {RequestPayment{"karim", kAssisted, "HOUR", Amount{45},
                                          "computerhulp", "Tablet ingesteld", {}, 0}},
           {"karim"});
  s.Submit(t += kMinute * 30, {AcceptRequest{s.last_id()}}, {"wijkcentrum"});
  s.Pay(t += kMinute, kAssisted, "sanne", 60, "HOUR", "boodschappen", "Boodschappen gedaan",
        {"wijkcentrum"});
  // A payment sent to the wrong neighbour, corrected by the wijkcentrum.
  s.Pay(t += kMinute * 40, "lotte", "marieke", 30, "HOUR", "dierenzorg", "Kat gevoerd");
  OperationId mistake = s.last_id();
  s.Submit(t += kMinute * 20,
           {CorrectTransfer{mistake, 0, "Verkeerde buur: het was Mohammed"}}, {"wijkcentrum"});
  s.Pay(t += kMinute, "lotte", "mohammed", 30, "HOUR", "dierenzorg", "Kat gevoerd");
  // Still open: Bram asks Anna for the help with his forms.
  s.Submit(t += kDay / 3, {RequestPayment{"bram", "anna", "HOUR", Amount{45}, "administratie",
                                          "Formulieren huurtoeslag", {}, 0}},
           {"bram"});
}

}  // namespace

absl::StatusOr<DemoSummary> SeedBornholm(Store* store, int64_t now_ms,
                                         const KeyMaker& given_make_key) {
  if (absl::Status s = InitCrypto(); !s.ok()) return s;
  KeyMaker make_key = given_make_key;
  if (!make_key) make_key = [](const std::string&) -> absl::StatusOr<KeyPair> { return NewKeyPair(); };
  DemoSummary summary;
  absl::StatusOr<KeyPair> admin = make_key("wijkcentrum");
  if (!admin.ok()) return admin.status();
  summary.keys["wijkcentrum"] = *admin;
  const int64_t start = now_ms - (kDays + 1) * kDay;
  absl::StatusOr<std::unique_ptr<Ledger>> ledger =
      Ledger::Create(store, BornholmGenesis(summary.keys["wijkcentrum"].public_key, start));
  if (!ledger.ok()) return ledger.status();
  Seeder s(**ledger, *store, summary, make_key);
  OpenEveryone(s, start);
  // The municipality and the housing corporation buy local currency for their budgets.
  s.Pay(start + kDay / 2, kCommunityHandle, "gemeente", 200'000, "BORN", "",
        "Uitgifte: budget gemeente 2026");
  s.Pay(start + kDay / 2 + kMinute, kCommunityHandle, "woningcorporatie", 100'000, "BORN", "",
        "Uitgifte: budget woningcorporatie 2026");
  ThreeWeeks(s, start + kDay);
  TheBoard(s, now_ms - 3 * kDay);
  // Still open: the nursing home has reserved three hours for Sanne's trip next week.
  s.Submit(now_ms - 2 * 60 * kMinute, {CreatePending{{"verpleeghuis", "sanne", "HOUR", Amount{180},
                                          "vervoer", "Uitje naar de Keukenhof"},
                                         14 * kDay}},
           {"verpleeghuis"});
  if (!s.status().ok()) return s.status();
  if (summary.rejected > 0) {
    return absl::InternalError(StrCat("the demo history broke a rule: ", s.last_rejection()));
  }
  summary.entries = (*ledger)->head().index + 1;
  return summary;
}

}  // namespace noaber::demo
