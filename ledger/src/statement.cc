#include "noaber/ledger/statement.h"

#include <charconv>
#include <vector>

#include "absl/time/time.h"
#include "noaber/ledger/amount.h"
#include "noaber/ledger/crypto.h"
#include "noaber/ledger/strings.h"

namespace noaber::ledger {

namespace {

constexpr std::string_view kTitle = "Noaber contribution statement v1";
constexpr std::string_view kSigningPrefix = "noaber-statement\n";

std::string Time(Amount a) { return FormatAmount(a, AssetKind::kTime); }

std::string IssuedAt(int64_t ms) {
  return absl::FormatTime("%Y-%m-%d %H:%M UTC", absl::FromUnixMillis(ms), absl::UTCTimeZone());
}

absl::Status BadLine(size_t number, std::string_view why) {
  return absl::InvalidArgumentError(StrCat("statement line ", number, ": ", why));
}

// Reads "key: value" lines in order; each Expect() takes the next line.
class LineReader {
 public:
  explicit LineReader(std::string_view text) {
    while (!text.empty()) {
      size_t end = text.find('\n');
      if (end == std::string_view::npos) {
        unterminated_ = true;
        end = text.size();
      }
      lines_.push_back(text.substr(0, end));
      text.remove_prefix(std::min(text.size(), end + 1));
    }
  }
  bool unterminated() const { return unterminated_; }
  size_t number() const { return next_; }
  bool PeekKey(std::string_view key) const {
    return next_ < lines_.size() && lines_[next_].substr(0, key.size() + 2) == StrCat(key, ": ");
  }
  absl::StatusOr<std::string_view> Expect(std::string_view key) {
    if (!PeekKey(key)) return BadLine(next_ + 1, StrCat("expected '", key, ": ...'"));
    return lines_[next_++].substr(key.size() + 2);
  }
  absl::Status ExpectExact(std::string_view line) {
    if (next_ >= lines_.size() || lines_[next_] != line) {
      return BadLine(next_ + 1, StrCat("expected '", line, "'"));
    }
    ++next_;
    return absl::OkStatus();
  }
  bool done() const { return next_ == lines_.size(); }

 private:
  std::vector<std::string_view> lines_;
  size_t next_ = 0;
  bool unterminated_ = false;
};

template <typename Int>
bool ParseInt(std::string_view text, Int* out) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return error == std::errc() && end == text.data() + text.size();
}

// "tuin 4h30m" -> ("tuin", 270).
absl::Status ParseSkillLine(std::string_view value, size_t line,
                            std::map<std::string, Amount>* into) {
  size_t space = value.find(' ');
  if (space == std::string_view::npos) return BadLine(line, "expected 'skill amount'");
  std::string skill(value.substr(0, space));
  if (skill != "-" && !IsValidSkillCode(skill)) return BadLine(line, "not a skill code");
  absl::StatusOr<Amount> amount = ParseAmount(value.substr(space + 1), AssetKind::kTime);
  if (!amount.ok() || Time(*amount) != value.substr(space + 1)) {
    return BadLine(line, "not an amount in canonical form");
  }
  if (!into->emplace(skill, *amount).second) return BadLine(line, "a skill twice");
  if (into->size() > 1 && std::prev(into->end())->first != skill) {
    return BadLine(line, "skills out of order");
  }
  return absl::OkStatus();
}

absl::Status ParseHeader(LineReader& in, Statement* s) {
  if (absl::Status e = in.ExpectExact(kTitle); !e.ok()) return e;
  auto name = in.Expect("community");
  if (!name.ok()) return name.status();
  s->community_name = std::string(*name);
  auto id = in.Expect("community-id");
  if (!id.ok()) return id.status();
  if (!FromHex(*id, s->community_id.data(), 32)) return BadLine(in.number(), "bad community id");
  auto handle = in.Expect("account");
  if (!handle.ok()) return handle.status();
  s->handle = std::string(*handle);
  if (!IsValidHandle(s->handle)) return BadLine(in.number(), "bad handle");
  auto kind = in.Expect("kind");
  if (!kind.ok()) return kind.status();
  bool known = false;
  for (AccountKind k : {AccountKind::kResident, AccountKind::kPartner, AccountKind::kInitiative,
                        AccountKind::kCommunity}) {
    if (*kind == AccountKindName(k)) s->kind = k, known = true;
  }
  if (!known) return BadLine(in.number(), "unknown account kind");
  auto year = in.Expect("year");
  if (!year.ok()) return year.status();
  if (!ParseInt(*year, &s->year) || s->year < 1970 || s->year > 9999) {
    return BadLine(in.number(), "bad year");
  }
  auto asset = in.Expect("asset");
  if (!asset.ok()) return asset.status();
  s->asset = std::string(*asset);
  if (!IsValidAssetCode(s->asset)) return BadLine(in.number(), "bad asset code");
  return absl::OkStatus();
}

absl::Status ParseFigures(LineReader& in, Statement* s) {
  while (in.PeekKey("given")) {
    auto v = in.Expect("given");
    if (absl::Status e = ParseSkillLine(*v, in.number(), &s->given); !e.ok()) return e;
  }
  while (in.PeekKey("received")) {
    auto v = in.Expect("received");
    if (absl::Status e = ParseSkillLine(*v, in.number(), &s->received); !e.ok()) return e;
  }
  auto given = in.Expect("total-given");
  if (!given.ok()) return given.status();
  if (*given != Time(TotalOf(s->given))) return BadLine(in.number(), "total does not add up");
  auto received = in.Expect("total-received");
  if (!received.ok()) return received.status();
  if (*received != Time(TotalOf(s->received))) {
    return BadLine(in.number(), "total does not add up");
  }
  auto size = in.Expect("journal-size");
  if (!size.ok()) return size.status();
  if (!ParseInt(*size, &s->journal_size)) return BadLine(in.number(), "bad journal size");
  return absl::OkStatus();
}

}  // namespace

Amount TotalOf(const std::map<std::string, Amount>& by_skill) {
  Amount total;
  for (const auto& [skill, amount] : by_skill) total = CheckedAdd(total, amount).value_or(total);
  return total;
}

std::string StatementBody(const Statement& s) {
  std::string out = StrCat(kTitle, "\n");
  StrAppend(&out, "community: ", s.community_name, "\n");
  StrAppend(&out, "community-id: ", ToHex(s.community_id), "\n");
  StrAppend(&out, "account: ", s.handle, "\n");
  StrAppend(&out, "kind: ", AccountKindName(s.kind), "\n");
  StrAppend(&out, "year: ", s.year, "\n");
  StrAppend(&out, "asset: ", s.asset, "\n");
  for (const auto& [skill, amount] : s.given) StrAppend(&out, "given: ", skill, " ", Time(amount), "\n");
  for (const auto& [skill, amount] : s.received) {
    StrAppend(&out, "received: ", skill, " ", Time(amount), "\n");
  }
  StrAppend(&out, "total-given: ", Time(TotalOf(s.given)), "\n");
  StrAppend(&out, "total-received: ", Time(TotalOf(s.received)), "\n");
  StrAppend(&out, "journal-size: ", s.journal_size, "\n");
  StrAppend(&out, "issued-at: ", IssuedAt(s.issued_ms), "\n");
  StrAppend(&out, "node-key: ", ToHex(s.node_key), "\n");
  return out;
}

std::string SignStatement(Statement* s, const SecretKey& node_secret_key) {
  std::copy(node_secret_key.begin() + 32, node_secret_key.end(), s->node_key.begin());
  const std::string body = StatementBody(*s);
  s->signature = Sign(node_secret_key, StrCat(kSigningPrefix, body));
  return StrCat(body, "signature: ", ToHex(s->signature), "\n");
}

absl::StatusOr<Statement> ParseStatement(std::string_view text) {
  if (text.size() > kStatementBytesMax) return absl::InvalidArgumentError("statement too large");
  LineReader in(text);
  if (in.unterminated()) return absl::InvalidArgumentError("the last line must end in a newline");
  Statement s;
  if (absl::Status e = ParseHeader(in, &s); !e.ok()) return e;
  if (absl::Status e = ParseFigures(in, &s); !e.ok()) return e;
  auto issued = in.Expect("issued-at");
  if (!issued.ok()) return issued.status();
  absl::Time when;
  std::string error;
  if (!absl::ParseTime("%Y-%m-%d %H:%M UTC", std::string(*issued), &when, &error)) {
    return BadLine(in.number(), "bad time");
  }
  s.issued_ms = absl::ToUnixMillis(when);
  auto key = in.Expect("node-key");
  if (!key.ok()) return key.status();
  if (!FromHex(*key, s.node_key.data(), 32)) return BadLine(in.number(), "bad node key");
  auto signature = in.Expect("signature");
  if (!signature.ok()) return signature.status();
  if (!FromHex(*signature, s.signature.data(), 64)) return BadLine(in.number(), "bad signature");
  if (!in.done()) return BadLine(in.number() + 1, "nothing may follow the signature");
  return s;
}

absl::StatusOr<Statement> VerifyStatement(std::string_view text,
                                          const std::optional<PublicKey>& expected_node_key) {
  absl::StatusOr<Statement> s = ParseStatement(text);
  if (!s.ok()) return s.status();
  // The body is re-made from what was parsed: any change to the text that parses shows up
  // in these bytes, and the signature covers them.
  if (!Verify(s->node_key, s->signature, StrCat(kSigningPrefix, StatementBody(*s)))) {
    return absl::DataLossError("the statement was altered: its signature does not verify");
  }
  // The parser accepts some spellings of the same values (upper-case hex, leading zeros); only
  // the exact text the node signed is its statement.
  if (text != StrCat(StatementBody(*s), "signature: ", ToHex(s->signature), "\n")) {
    return absl::DataLossError("the statement was altered: it is not the text that was signed");
  }
  if (expected_node_key && *expected_node_key != s->node_key) {
    return absl::PermissionDeniedError(
        StrCat("the statement is signed by node key ", ToHex(s->node_key).substr(0, 16),
               "..., not by the expected ", ToHex(*expected_node_key).substr(0, 16), "..."));
  }
  return s;
}

}  // namespace noaber::ledger
