// End-to-end tests of the neighbourhood economy through the wallet: the real `noaber` binary
// against a real `noaber-node` founded from a genesis file (residents get a 1h welcome and may
// receive at most 5h a year). Listings, payment requests, initiatives with two owners,
// assisted residents, the skills catalogue, corrections and signed statements, each with the
// refusals that matter.
#include <fstream>
#include <thread>

#include "tests/wallet_fixture.h"

namespace noaber {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using testing::Describe;
using ::testing::Not;
using testing::ProcessResult;

// Residents: a 10h credit line, a 1h welcome, at most 5h received per calendar year.
std::string GenesisToml(const std::string& admin_key) {
  return "community = \"Bornholm\"\n"
         "admin_keys = [\"" +
         admin_key +
         "\"]\n"
         "admin_threshold = 1\n"
         "[[assets]]\ncode = \"HOUR\"\nkind = \"time\"\nname = \"Time credits\"\n"
         "issuance_floor = \"-1000h\"\n"
         "[[default_limits]]\nkind = \"resident\"\nasset = \"HOUR\"\nmin = \"-10h\"\n"
         "welcome = \"1h\"\nannual_cap = \"5h\"\n"
         "[[default_limits]]\nkind = \"initiative\"\nasset = \"HOUR\"\nmin = \"0h\"\n";
}

class EconomyE2eTest : public testing::WalletFixture {
 protected:
  void SetUp() override {
    MakeKeys({"admin", "anna", "bert", "karim", "jan", "stranger"});
    std::ofstream(dir_.Sub("genesis.toml")) << GenesisToml(public_keys_["admin"]);
    FoundAndStart({"--genesis", dir_.Sub("genesis.toml")});
    for (const char* name : {"anna", "bert", "karim", "jan"}) {
      ProcessResult opened = Wallet(
          {"--as", "admin", "admin", "open-account", name, "--kind", "resident", "--key", name});
      ASSERT_EQ(opened.exit_code, 0) << Describe(opened);
    }
    // An initiative owned by karim and anna, both of whom must sign its payments.
    ProcessResult initiative =
        Wallet({"--as", "admin", "admin", "open-account", "buurttuin", "--kind", "initiative",
                "--key", "karim", "--key", "anna", "--threshold", "2"});
    ASSERT_EQ(initiative.exit_code, 0) << Describe(initiative);
  }
};

TEST_F(EconomyE2eTest, ListingsGoOnTheBoardAndComeOff) {
  json offer = WalletJson({"--as", "anna", "listing", "post", "offer", "--skill", "tuin", "--text",
                           "Ik snoei graag uw heg", "--estimate", "2h", "--until", "30d"});
  std::string offer_id = offer["listing_id"];
  ASSERT_EQ(offer_id.size(), 32u);
  ProcessResult asked = Wallet({"--as", "bert", "listing", "post", "request", "--skill",
                                "computerhulp", "--text", "Wie helpt met mijn printer?"});
  ASSERT_EQ(asked.exit_code, 0) << Describe(asked);
  EXPECT_THAT(asked.stdout_text, HasSubstr("Posted a request for computerhulp by bert (entry"));
  EXPECT_THAT(asked.stdout_text, HasSubstr("Listing id: "));

  // The board is for the community's accounts only.
  ExpectFailure({"--as", "stranger", "listing", "list"}, 3, "accounts of the community");
  std::string board = Ok({"--as", "karim", "listing", "list"});
  EXPECT_THAT(board, HasSubstr(offer_id + "  offer    anna   tuin"));
  EXPECT_THAT(board, HasSubstr("Ik snoei graag uw heg"));
  EXPECT_THAT(board, HasSubstr("Wie helpt met mijn printer?"));
  json offers = WalletJson({"--as", "bert", "listing", "list", "--kind", "offer"});
  ASSERT_EQ(offers["listings"].size(), 1u);
  EXPECT_EQ(offers["listings"][0]["estimate"]["formatted"], "2h");
  EXPECT_EQ(
      WalletJson({"--as", "bert", "listing", "list", "--skill", "computerhulp"})["listings"].size(),
      1u);

  // A skill the catalogue does not have; someone else's listing; a malformed one.
  ExpectFailure(
      {"--as", "anna", "listing", "post", "offer", "--skill", "astrologie", "--text", "Horoscopen"},
      3, "(unknown_skill)");
  ExpectFailure({"--as", "bert", "listing", "close", offer_id}, 3, "(not_authorized)");
  ExpectFailure({"--as", "anna", "listing", "post", "gift", "--skill", "tuin", "--text", "x"}, 2,
                "offer or request");
  ExpectFailure({"--as", "anna", "listing", "post", "offer", "--skill", "tuin", "--text", "x",
                 "--until", "2001-01-01"},
                2, "lies in the past");

  EXPECT_THAT(Ok({"--as", "anna", "listing", "close", offer_id}),
              HasSubstr("Closed listing " + offer_id.substr(0, 8)));
  ExpectFailure({"--as", "anna", "listing", "close", offer_id}, 3, "(listing_not_open)");
  EXPECT_THAT(Ok({"--as", "anna", "listing", "list"}), Not(HasSubstr(offer_id)));
  json all = WalletJson({"--as", "anna", "listing", "list", "--all", "--kind", "offer"});
  ASSERT_EQ(all["listings"].size(), 1u);
  EXPECT_EQ(all["listings"][0]["state"], "closed");
  EXPECT_THAT(Ok({"--as", "anna", "history", "--limit", "5"}),
              HasSubstr("offered help with tuin: \"Ik snoei graag uw heg\", about 2h"));
}

TEST_F(EconomyE2eTest, RequestsArePaidOnceByThePayer) {
  json made = WalletJson(
      {"--as", "bert", "request", "anna", "1h30m", "--skill", "tuin", "--memo", "Heg gesnoeid"});
  std::string id = made["request_id"];
  EXPECT_EQ(made["payee"], "bert");
  EXPECT_EQ(made["payer"], "anna");
  std::string to_pay = Ok({"--as", "anna", "requests"});
  EXPECT_THAT(to_pay, HasSubstr("To pay:\nREQUEST"));
  EXPECT_THAT(to_pay, HasSubstr(id + "  bert  1h30m   tuin"));
  EXPECT_THAT(Ok({"--as", "bert", "requests"}), HasSubstr("Asked by bert:\nREQUEST"));

  // Only the payer pays: not the payee, not a third neighbour.
  ExpectFailure({"--as", "bert", "accept", id}, 3, "(not_authorized)");
  ExpectFailure({"--as", "karim", "accept", id}, 3, "(not_authorized)");
  EXPECT_EQ(Minutes("anna"), 60);  // the welcome only
  ProcessResult paid = Wallet({"--as", "anna", "accept", id});
  ASSERT_EQ(paid.exit_code, 0) << Describe(paid);
  EXPECT_THAT(paid.stdout_text, HasSubstr("Paid 1h30m to bert for request " + id.substr(0, 8)));
  EXPECT_EQ(Minutes("anna"), 60 - 90);
  EXPECT_EQ(Minutes("bert"), 60 + 90);
  ExpectFailure({"--as", "anna", "accept", id}, 3, "(request_not_open)");
  EXPECT_EQ(Minutes("bert"), 60 + 90);
  EXPECT_THAT(Ok({"--as", "anna", "history", "--limit", "3"}),
              HasSubstr("accepted request " + id.substr(0, 8)));
  EXPECT_EQ(WalletJson({"--as", "anna", "requests"})["requests"].size(), 0u);
  EXPECT_EQ(WalletJson({"--as", "anna", "requests", "--all"})["requests"][0]["state"], "accepted");

  // Declined: nothing moves, and it cannot be accepted afterwards.
  std::string second = WalletJson({"--as", "bert", "request", "anna", "1h"})["request_id"];
  EXPECT_THAT(Ok({"--as", "anna", "decline", second}), HasSubstr("Declined request"));
  ExpectFailure({"--as", "anna", "accept", second}, 3, "(request_not_open)");
  EXPECT_EQ(Minutes("anna"), -30);

  // Expired: asked to be paid within four seconds (time enough to sign and send it).
  std::string third =
      WalletJson({"--as", "bert", "request", "anna", "1h", "--expires", "4s"})["request_id"];
  std::this_thread::sleep_for(std::chrono::milliseconds(4500));
  ExpectFailure({"--as", "anna", "accept", third}, 3, "(request_expired)");
  EXPECT_EQ(Minutes("anna"), -30);

  ExpectFailure({"--as", "anna", "accept", "abc"}, 2, "not a request id");
  ExpectFailure({"--as", "anna", "accept", std::string(32, '0')}, 3, "(unknown_request)");
  ExpectFailure({"--as", "bert", "request", "anna", "1h", "--expires", "400d"}, 2, "366d");
}

TEST_F(EconomyE2eTest, InitiativesPayWithTheirOwnersThreshold) {
  EXPECT_THAT(Ok({"--as", "admin", "admin", "issue", "buurttuin", "5h", "--reason", "budget 2026"}),
              HasSubstr("Issued 5h to buurttuin"));
  EXPECT_EQ(Ok({"--as", "karim", "pay", "buurttuin", "30m"}).substr(0, 23),
            "Paid 30m to buurttuin (");
  uint64_t journal = JournalSize();
  // One owner is not enough; the initiative named with --from.
  ExpectFailure({"--as", "karim", "--from", "buurttuin", "pay", "bert", "1h", "--skill", "tuin"}, 3,
                "(not_authorized)");
  ExpectFailure({"--as", "stranger", "--from", "buurttuin", "pay", "bert", "1h"}, 3,
                "does not hold account 'buurttuin'");
  EXPECT_EQ(JournalSize(), journal);
  ProcessResult paid = Wallet({"--as", "karim,anna", "--from", "buurttuin", "pay", "bert", "1h",
                               "--skill", "tuin", "--memo", "Moestuin gespit"});
  ASSERT_EQ(paid.exit_code, 0) << Describe(paid);
  EXPECT_EQ(Minutes("buurttuin"), 5 * 60 + 30 - 60);

  ProcessResult shown = Wallet({"--as", "anna", "initiative", "show", "buurttuin"});
  ASSERT_EQ(shown.exit_code, 0) << Describe(shown);
  EXPECT_THAT(shown.stdout_text, HasSubstr("Initiative buurttuin (active); owners: anna, karim; "
                                           "2 of 2 keys sign its payments"));
  EXPECT_THAT(shown.stdout_text, HasSubstr("HOUR   4h30m"));
  EXPECT_THAT(shown.stdout_text, HasSubstr("community  5h"));
  EXPECT_THAT(shown.stdout_text, HasSubstr("karim      30m"));
  EXPECT_THAT(shown.stdout_text, HasSubstr("Paid to:\nTO    AMOUNT  PAYMENTS\nbert  1h      1"));
  json info = WalletJson({"--as", "admin", "initiative", "show", "buurttuin"});
  EXPECT_EQ(info["paid_to"][0]["handle"], "bert");
  EXPECT_EQ(info["threshold"], 2);
  ExpectFailure({"--as", "bert", "initiative", "show", "buurttuin"}, 3, "");
}

TEST_F(EconomyE2eTest, AnAnnualCapStopsEarningsPastIt) {
  // bert got 1h as welcome; 4h more reaches his 5h cap exactly.
  EXPECT_EQ(Wallet({"--as", "anna", "pay", "bert", "4h"}).exit_code, 0);
  ExpectFailure({"--as", "karim", "pay", "bert", "1m"}, 3, "(earning_cap_exceeded)");
  // A reservation counts when it is paid.
  std::string pending =
      WalletJson({"--as", "karim", "pay", "bert", "1m", "--pending"})["pending_id"];
  ExpectFailure({"--as", "karim", "post", pending}, 3, "(earning_cap_exceeded)");
  std::string id = WalletJson({"--as", "bert", "request", "karim", "30m"})["request_id"];
  ExpectFailure({"--as", "karim", "accept", id}, 3, "(earning_cap_exceeded)");
  EXPECT_EQ(Minutes("bert"), 5 * 60);
  EXPECT_EQ(Minutes("karim"), 60);
  json community = WalletJson({"community"});
  EXPECT_EQ(community["name"], "Bornholm");
}

TEST_F(EconomyE2eTest, AdministratorsSignOnBehalfOfAnAssistedResident) {
  // Not assisted yet: the administrators cannot act for jan.
  ExpectFailure({"--as", "admin", "--from", "jan", "pay", "bert", "30m"}, 3,
                "does not hold account 'jan'");
  EXPECT_THAT(Ok({"--as", "admin", "admin", "assist", "jan"}), HasSubstr("jan is assisted"));
  json account = WalletJson({"account", "jan"});
  ProcessResult paid =
      Wallet({"--as", "admin", "--from", "jan", "pay", "bert", "30m", "--skill", "boodschappen"});
  ASSERT_EQ(paid.exit_code, 0) << Describe(paid);
  EXPECT_EQ(Minutes("jan"), 30);
  std::string history = Ok({"--as", "jan", "history", "--limit", "3"});
  EXPECT_THAT(history, HasSubstr("paid 30m to bert (boodschappen) (signed on behalf of jan by "
                                 "administrator key " +
                                 public_keys_["admin"].substr(0, 8) + ")"));
  json entries = WalletJson({"--as", "admin", "history", "bert", "--limit", "1"})["entries"];
  EXPECT_EQ(entries[0]["actions"][0]["signed_on_behalf_of"], "jan");
  // A request made of jan is accepted for him too.
  std::string id = WalletJson({"--as", "karim", "request", "jan", "15m"})["request_id"];
  EXPECT_EQ(Wallet({"--as", "admin", "--from", "jan", "accept", id}).exit_code, 0);
  EXPECT_EQ(Minutes("jan"), 15);
  EXPECT_THAT(Ok({"--as", "jan", "history", "--limit", "1"}),
              HasSubstr("accepted request " + id.substr(0, 8) +
                        ": paid 15m to karim (signed on behalf of jan by administrator key " +
                        public_keys_["admin"].substr(0, 8) + ")"));
  // Jan's own key still works, and assistance can end.
  EXPECT_EQ(Wallet({"--as", "jan", "pay", "bert", "5m"}).exit_code, 0);
  EXPECT_THAT(Ok({"--as", "admin", "admin", "assist", "jan", "--off"}),
              HasSubstr("no longer assisted"));
  ExpectFailure({"--as", "admin", "--from", "jan", "pay", "bert", "5m"}, 3,
                "does not hold account 'jan'");
  ExpectFailure({"--as", "jan", "admin", "assist", "bert"}, 3, "(not_authorized)");
}

TEST_F(EconomyE2eTest, AdministratorsKeepTheSkillsCatalogue) {
  EXPECT_THAT(Ok({"skills"}), HasSubstr("tuin           home       Tuinonderhoud"));
  ProcessResult added = Wallet({"--as", "admin", "admin", "skill", "set", "fietsen", "--nl",
                                "Fietsreparatie", "--en", "Bike repair", "--category", "home"});
  ASSERT_EQ(added.exit_code, 0) << Describe(added);
  EXPECT_THAT(added.stdout_text, HasSubstr("Set skill fietsen: Fietsreparatie / Bike repair"));
  EXPECT_THAT(Ok({"skills"}), HasSubstr("fietsen"));
  EXPECT_EQ(Wallet({"--as", "anna", "pay", "bert", "30m", "--skill", "fietsen"}).exit_code, 0);

  // Retiring needs no labels again; the skill stays in history but takes no new use.
  EXPECT_THAT(Ok({"--as", "admin", "admin", "skill", "set", "fietsen", "--retire"}),
              HasSubstr("Retired skill fietsen: Fietsreparatie / Bike repair"));
  ExpectFailure({"--as", "anna", "pay", "bert", "30m", "--skill", "fietsen"}, 3, "(skill_retired)");
  ExpectFailure({"--as", "anna", "listing", "post", "offer", "--skill", "fietsen", "--text", "x"},
                3, "(skill_retired)");
  EXPECT_THAT(Ok({"skills"}), Not(HasSubstr("fietsen")));
  EXPECT_THAT(Ok({"skills", "--all"}), HasSubstr("Bike repair                 yes\n"));
  EXPECT_EQ(WalletJson({"skills", "--all"})["skills"].size(), 16u);

  ExpectFailure({"--as", "admin", "admin", "skill", "set", "zingen", "--nl", "Zingen"}, 2,
                "'zingen' is a new skill");
  ExpectFailure({"--as", "anna", "admin", "skill", "set", "zingen", "--nl", "Zingen", "--en",
                 "Singing", "--category", "fun"},
                3, "(not_authorized)");
  ExpectFailure({"--as", "anna", "pay", "bert", "30m", "--skill", "zingen"}, 3, "(unknown_skill)");
}

TEST_F(EconomyE2eTest, IssuesNeedAReasonAndMistakesAreCorrected) {
  ExpectFailure({"--as", "admin", "admin", "issue", "anna", "1h"}, 2, "--reason is required");
  ExpectFailure({"--as", "admin", "admin", "issue", "anna", "1h", "--reason", " "}, 2,
                "the reason must not be empty");
  ASSERT_EQ(Wallet({"--as", "anna", "pay", "karim", "2h", "--memo", "oeps"}).exit_code, 0);
  json history = WalletJson({"--as", "admin", "history", "anna", "--limit", "1"});
  std::string operation = history["entries"][0]["operation_id"];
  uint64_t entry = history["entries"][0]["index"];
  EXPECT_THAT(Ok({"--as", "admin", "history", "anna", "--limit", "1", "--ids"}),
              HasSubstr(operation));

  ExpectFailure({"--as", "anna", "admin", "correct", operation, "--reason", "x"}, 3,
                "(not_authorized)");
  ExpectFailure({"--as", "admin", "admin", "correct", operation}, 2, "--reason is required");
  ProcessResult corrected = Wallet(
      {"--as", "admin", "admin", "correct", operation, "--reason", "paid the wrong neighbour"});
  ASSERT_EQ(corrected.exit_code, 0) << Describe(corrected);
  EXPECT_THAT(corrected.stdout_text, HasSubstr("Corrected action 1 of operation"));
  EXPECT_EQ(Minutes("anna"), 60);
  EXPECT_EQ(Minutes("karim"), 60);
  EXPECT_THAT(Ok({"--as", "karim", "history", "--limit", "1"}),
              HasSubstr("corrected entry #" + std::to_string(entry) +
                        ": paid back 2h to anna, because \"paid the wrong neighbour\""));
  ExpectFailure({"--as", "admin", "admin", "correct", operation, "--reason", "again"}, 3,
                "(already_corrected)");
  ExpectFailure({"--as", "admin", "admin", "correct", operation, "--action", "2", "--reason", "x"},
                3, "(not_correctable)");
}

TEST_F(EconomyE2eTest, StatementsAreSignedAndCheckedOffline) {
  ASSERT_EQ(Wallet({"--as", "anna", "pay", "bert", "1h30m", "--skill", "tuin"}).exit_code, 0);
  ASSERT_EQ(Wallet({"--as", "karim", "pay", "bert", "1h", "--skill", "computerhulp"}).exit_code, 0);
  std::string node_key = Ok({"node-key"});
  node_key.pop_back();
  ASSERT_EQ(node_key.size(), 64u);
  std::string file = dir_.Sub("bert-statement.txt");
  ProcessResult written = Wallet({"--as", "bert", "statement", "bert", "--out", file});
  ASSERT_EQ(written.exit_code, 0) << Describe(written);
  EXPECT_THAT(written.stdout_text, HasSubstr("statement of bert to " + file));
  // Printed on stdout, it is the same document.
  ProcessResult printed = Wallet({"--as", "admin", "statement", "bert"});
  EXPECT_THAT(printed.stdout_text, HasSubstr("Noaber contribution statement v1\n"));
  ExpectFailure({"--as", "anna", "statement", "bert"}, 3, "");
  ExpectFailure({"--as", "bert", "statement", "--year", "26"}, 2, "--year");

  // Offline: no node at all from here on.
  EXPECT_EQ(node_->Stop(), 0);
  ProcessResult verified = Wallet({"verify-statement", file, "--node-key", node_key});
  ASSERT_EQ(verified.exit_code, 0) << Describe(verified);
  EXPECT_THAT(verified.stdout_text,
              HasSubstr("Contribution statement of bert (resident) in Bornholm"));
  // Bert was paid for his help: he gave 2h30m.
  EXPECT_THAT(verified.stdout_text, HasSubstr("Given:    2h30m (computerhulp 1h, tuin 1h30m)\n"
                                              "Received: 0m\n"));
  EXPECT_THAT(verified.stdout_text, HasSubstr("Signature valid, signed by node key " + node_key));
  json object = WalletJson({"verify-statement", file});
  EXPECT_EQ(object["total_given"]["minor_units"], 150);
  EXPECT_EQ(object["signature_valid"], true);

  std::string other_key(64, 'a');
  ExpectFailure({"verify-statement", file, "--node-key", other_key}, 3, "not by the expected");
  std::ifstream in(file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Raised figures that still add up: only the signature shows it.
  std::string tampered = text;
  for (auto [from, to] : {std::pair{"given: tuin 1h30m", "given: tuin 9h30m"},
                          std::pair{"total-given: 2h30m", "total-given: 10h30m"}}) {
    size_t at = tampered.find(from);
    ASSERT_NE(at, std::string::npos) << text;
    tampered.replace(at, std::string_view(from).size(), to);
  }
  std::ofstream(dir_.Sub("tampered.txt")) << tampered;
  ExpectFailure({"verify-statement", dir_.Sub("tampered.txt")}, 3, "altered");
  // A crude edit that no longer adds up is refused as well.
  std::string crude = text;
  crude.replace(crude.find("2h30m"), 5, "9h30m");
  std::ofstream(dir_.Sub("crude.txt")) << crude;
  ExpectFailure({"verify-statement", dir_.Sub("crude.txt")}, 3, "not a valid");
  ExpectFailure({"verify-statement", dir_.Sub("absent.txt")}, 2, "cannot read the statement");
  ExpectFailure({"verify-statement", file, "--node-key", "xyz"}, 2, "not a public key");
}

}  // namespace
}  // namespace noaber
