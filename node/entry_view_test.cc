#include "node/entry_view.h"

#include <gtest/gtest.h>

#include "ledger/testing/test_community.h"
#include "node/queries.h"

namespace noaber::node {
namespace {

using ledger::AccountKind;
using ledger::Amount;
using ledger::ResultCode;
using ledger::testing::KeyFor;
using ledger::testing::TestCommunity;

class EntryViewTest : public ::testing::Test {
 protected:
  EntryViewTest() {
    c_.Open("anna");
    c_.Open("bob");
  }
  v1::JournalEntry View(uint64_t index, bool with_state = true) {
    auto entry = c_.store().GetEntry(index);
    EXPECT_TRUE(entry.ok() && entry->has_value());
    absl::StatusOr<v1::JournalEntry> view =
        EntryView(**entry, c_.ledger().genesis(), with_state ? &c_.store() : nullptr);
    EXPECT_TRUE(view.ok()) << view.status();
    return view.ok() ? *view : v1::JournalEntry();
  }

  TestCommunity c_;
};

TEST_F(EntryViewTest, GenesisEntry) {
  v1::JournalEntry genesis = View(0);
  EXPECT_EQ(genesis.index(), 0u);
  EXPECT_EQ(genesis.previous_hash(), std::string(32, '\0'));
  EXPECT_EQ(genesis.hash().size(), 32u);
  ASSERT_EQ(genesis.actions_size(), 1);
  EXPECT_EQ(genesis.actions(0).type(), "genesis");
  EXPECT_EQ(genesis.actions(0).detail(),
            "founded the community 'Bornholm' with HOUR, BORN and 2 administrator keys");
  EXPECT_EQ(View(1).previous_hash(), genesis.hash()) << "entries chain by hash";
}

TEST_F(EntryViewTest, OpenAndTransfer) {
  v1::JournalEntry opened = View(1);
  EXPECT_EQ(opened.actions(0).type(), "open_account");
  EXPECT_EQ(opened.actions(0).handle(), "anna");
  EXPECT_EQ(opened.actions(0).detail(), "opened resident account 'anna' (1 key, threshold 1)");
  EXPECT_EQ(opened.signers(0),
            std::string(reinterpret_cast<const char*>(KeyFor("admin1").public_key.data()), 32));

  ASSERT_EQ(c_.Submit(c_.Op({ledger::Transfer{"community", "anna", "BORN", Amount{1250}, "",
                                              "market launch"}}),
                      {"admin1"})
                .code,
            ResultCode::kAccepted);
  v1::JournalEntry issued = View(c_.HeadIndex());
  EXPECT_EQ(issued.actions(0).formatted_amount(), "12.50 BORN");
  EXPECT_EQ(issued.actions(0).memo(), "market launch");
  EXPECT_EQ(issued.actions(0).detail(),
            "'community' issued 12.50 BORN to 'anna': \"market launch\"");
  EXPECT_EQ(issued.actions(0).signed_on_behalf_by_size(), 0) << "the community's own keys";
  EXPECT_FALSE(issued.signed_operation().empty());
  EXPECT_EQ(issued.operation_id().size(), 16u);
}

TEST_F(EntryViewTest, PendingTransfersAreNamedByPayerAndPayee) {
  ledger::Operation hold =
      c_.Op({ledger::CreatePending{{"anna", "bob", "HOUR", Amount{90}, "tuin", ""}, 7'200'000}});
  ASSERT_EQ(c_.Submit(hold, {"anna"}).code, ResultCode::kAccepted);
  v1::JournalEntry created = View(c_.HeadIndex());
  EXPECT_EQ(created.actions(0).type(), "create_pending");
  EXPECT_EQ(created.actions(0).pending_id(), created.operation_id());
  EXPECT_EQ(created.actions(0).timeout_ms(), 7'200'000);
  EXPECT_EQ(created.actions(0).detail(),
            "'anna' reserved 1h30m HOUR for 'bob' for tuin for at most 2h");

  ASSERT_EQ(c_.Submit(c_.Op({ledger::PostPending{hold.id, Amount{60}}}), {"anna"}).code,
            ResultCode::kAccepted);
  v1::JournalEntry posted = View(c_.HeadIndex());
  EXPECT_EQ(posted.actions(0).type(), "post_pending");
  EXPECT_EQ(posted.actions(0).from(), "anna");
  EXPECT_EQ(posted.actions(0).to(), "bob");
  EXPECT_EQ(posted.actions(0).amount(), 60);
  const std::string id = ledger::OperationIdToHex(hold.id).substr(0, 8);
  EXPECT_EQ(posted.actions(0).detail(),
            "posted 1h HOUR of the pending transfer " + id + " of 1h30m HOUR from 'anna' to 'bob'");
  // Without the state, the entry still decodes; the description is shorter.
  EXPECT_EQ(View(c_.HeadIndex(), /*with_state=*/false).actions(0).detail(),
            "posted 60 of pending transfer " + id);
}

TEST_F(EntryViewTest, ExpiriesAndAdministration) {
  ledger::Operation hold =
      c_.Op({ledger::CreatePending{{"anna", "bob", "HOUR", Amount{30}, "", ""}, 1000}});
  ASSERT_EQ(c_.Submit(hold, {"anna"}).code, ResultCode::kAccepted);
  c_.now_ms += 2000;
  ASSERT_TRUE(c_.ledger().ApplyBatch(c_.now_ms, {}).ok());
  v1::JournalEntry expired = View(c_.HeadIndex());
  EXPECT_EQ(expired.actions(0).type(), "expire_pending");
  EXPECT_EQ(expired.signers_size(), 0);
  EXPECT_NE(expired.actions(0).detail().find("from 'anna' to 'bob' expired"), std::string::npos)
      << expired.actions(0).detail();

  ASSERT_EQ(c_.Submit(c_.Op({ledger::SetLimits{"anna", "HOUR", Amount{-1200}, std::nullopt},
                             ledger::SetStatus{"bob", ledger::AccountStatus::kFrozen}}),
                      {"admin1"})
                .code,
            ResultCode::kAccepted);
  v1::JournalEntry admin = View(c_.HeadIndex());
  ASSERT_EQ(admin.actions_size(), 2);
  EXPECT_EQ(admin.actions(0).detail(),
            "limits of 'anna' in HOUR: minimum -20h HOUR, maximum unchanged");
  EXPECT_EQ(admin.actions(1).detail(), "'bob' is now frozen");
}

TEST_F(EntryViewTest, UndecodableEntryIsDataLoss) {
  ledger::JournalEntry entry{5, 0, {}, ResultCode::kAccepted, "garbage"};
  absl::StatusOr<v1::JournalEntry> view = EntryView(entry, c_.ledger().genesis(), nullptr);
  EXPECT_EQ(view.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(view.status().message().find("journal entry 5"), absl::string_view::npos);
}

TEST_F(EntryViewTest, CommunityCountsWhatIsInCirculation) {
  ASSERT_EQ(
      c_.Submit(c_.Op({ledger::Transfer{"community", "anna", "BORN", Amount{1250}, "", "launch"}}),
                {"admin1"})
          .code,
      ResultCode::kAccepted);
  absl::StatusOr<v1::Community> community =
      QueryCommunity(c_.store(), c_.ledger().genesis(), c_.id());
  ASSERT_TRUE(community.ok()) << community.status();
  EXPECT_EQ(community->journal_size(), c_.HeadIndex() + 1);
  ASSERT_EQ(community->assets_size(), 2);
  EXPECT_EQ(community->assets(1).code(), "BORN");
  EXPECT_EQ(community->assets(1).in_circulation(), 1250);
  EXPECT_EQ(community->admin_keys_size(), 2);
}

TEST_F(EntryViewTest, WatchedIndexesFollowOneAccount) {
  c_.Pay("anna", "bob", 10);  // 3
  c_.Open("carl");            // 4
  c_.Pay("bob", "carl", 5);   // 5
  EXPECT_EQ(*WatchedIndexes(c_.store(), "bob", 1, 5), (std::vector<uint64_t>{2, 3, 5}));
  EXPECT_EQ(*WatchedIndexes(c_.store(), "bob", 3, 4), (std::vector<uint64_t>{3}));
  EXPECT_EQ(*WatchedIndexes(c_.store(), "", 4, 5), (std::vector<uint64_t>{4, 5}));
  EXPECT_TRUE(WatchedIndexes(c_.store(), "bob", 6, 5)->empty());
}

}  // namespace
}  // namespace noaber::node
