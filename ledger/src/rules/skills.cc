// The skills catalogue: seeded by the genesis, kept by the administrators. A skill is never
// deleted, since history refers to it; it can be retired.
#include "ledger/src/rules/rules.h"
#include "noaber/ledger/strings.h"

namespace noaber::ledger {

Rejection ApplySetSkill(RuleContext& ctx, const SetSkill& action) {
  if (Rejection r = RequireAdministrators(ctx, "change the skills catalogue"); !r.ok()) return r;
  ctx.state.Put(action.skill);
  ctx.touched.insert(kCommunityHandle);  // so the change shows in the community's history
  return Ok();
}

}  // namespace noaber::ledger
