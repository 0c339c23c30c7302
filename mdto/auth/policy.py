"""The authorisation table: who may do what to a series, in which workflow state, in their own or another
organisation. This table is the only place that says it; the API asks `decide()` and the tests walk every cell.

Reading a cell: `POLICY[action][role]` maps a state to a rule.

- OWN: allowed on a series of the caller's own organisation (for a committee member: a series its committee
  owns, e.g. a template series, or one forwarded to it);
- ANY: allowed on every series, whatever organisation holds it;
- SHORTENED: allowed on the caller's own series only when that organisation allows the shortened flow
  (publishing without the committee);
- absent: refused.

The "state" of a series that does not exist yet is NEW (only `create` has cells there).
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    INFORMATIEBEHEERDER = "informatiebeheerder"
    SERIEBEHEERDER = "seriebeheerder"
    MEDEWERKER = "medewerker"
    COMMISSIELID = "commissielid"  # member of a selection committee
    PLATFORMBEHEERDER = "platformbeheerder"  # platform administrator: manages organisations, reads everything


class State(StrEnum):
    NEW = "new"
    DRAFT = "draft"  # concept: editable (also after return or reject)
    SUBMITTED = "submitted"  # ingediend bij de informatiebeheerder
    FORWARDED = "forwarded"  # voorgelegd aan de selectiecommissie
    APPROVED = "approved"  # goedgekeurd door de selectiecommissie
    PUBLISHED = "published"  # gepubliceerd (no working copy)
    WITHDRAWN = "withdrawn"  # ingetrokken: historical, still visible


class Action(StrEnum):
    VIEW = "view"  # read the working copy and workflow state
    CREATE = "create"
    EDIT = "edit"  # PUT, PATCH, adopting template changes
    DELETE = "delete"  # remove a never-published draft, or discard a new version's draft
    SUBMIT = "submit"
    RETURN = "return"
    FORWARD = "forward"
    APPROVE = "approve"
    REJECT = "reject"
    PUBLISH = "publish"
    WITHDRAW = "withdraw"
    NEW_VERSION = "new-version"
    AUDIT = "audit"  # read the audit trail


OWN, ANY, SHORTENED = "own", "any", "shortened"
Rule = str

IB, SB, MW, CL, PB = Role
WORKING = (State.DRAFT, State.SUBMITTED, State.FORWARDED, State.APPROVED)
EVERY = (*WORKING, State.PUBLISHED, State.WITHDRAWN)


def _cells(rule: Rule, *states: State) -> dict[State, Rule]:
    return dict.fromkeys(states, rule)


POLICY: dict[Action, dict[Role, dict[State, Rule]]] = {
    Action.VIEW: {
        IB: _cells(OWN, *EVERY),
        SB: _cells(OWN, *EVERY),
        MW: _cells(OWN, *EVERY),
        CL: _cells(OWN, *EVERY),
        PB: _cells(ANY, *EVERY),
    },
    Action.CREATE: {IB: _cells(OWN, State.NEW), SB: _cells(OWN, State.NEW), CL: _cells(OWN, State.NEW)},
    Action.EDIT: {IB: _cells(OWN, State.DRAFT), SB: _cells(OWN, State.DRAFT), CL: _cells(OWN, State.DRAFT)},
    Action.DELETE: {IB: _cells(OWN, State.DRAFT), SB: _cells(OWN, State.DRAFT), CL: _cells(OWN, State.DRAFT)},
    Action.SUBMIT: {IB: _cells(OWN, State.DRAFT), SB: _cells(OWN, State.DRAFT)},
    Action.RETURN: {IB: _cells(OWN, State.SUBMITTED)},
    Action.FORWARD: {IB: _cells(OWN, State.SUBMITTED)},
    Action.APPROVE: {CL: _cells(OWN, State.FORWARDED)},
    Action.REJECT: {CL: _cells(OWN, State.FORWARDED)},
    Action.PUBLISH: {
        IB: _cells(OWN, State.APPROVED) | _cells(SHORTENED, State.DRAFT, State.SUBMITTED),
        CL: _cells(OWN, State.DRAFT),  # a committee publishes its own template series directly
    },
    Action.WITHDRAW: {IB: _cells(OWN, State.PUBLISHED), CL: _cells(OWN, State.PUBLISHED)},
    Action.NEW_VERSION: {
        IB: _cells(OWN, State.PUBLISHED),
        SB: _cells(OWN, State.PUBLISHED),
        CL: _cells(OWN, State.PUBLISHED),
    },
    Action.AUDIT: {IB: _cells(OWN, *EVERY), PB: _cells(ANY, *EVERY)},
}

# Actions that are workflow steps (`POST /series/{id}/{action}`); the others have their own HTTP verbs.
TRANSITIONS = (
    Action.SUBMIT,
    Action.RETURN,
    Action.FORWARD,
    Action.APPROVE,
    Action.REJECT,
    Action.PUBLISH,
    Action.WITHDRAW,
    Action.NEW_VERSION,
)


def rule(role: Role, action: Action, state: State) -> Rule | None:
    return POLICY.get(action, {}).get(role, {}).get(state)


def allowed(role: Role, action: Action, state: State, own: bool, shortened: bool = False) -> bool:
    """One cell of the table."""
    r = rule(role, action, state)
    if r == ANY:
        return True
    if r == OWN:
        return own
    if r == SHORTENED:
        return own and shortened
    return False


def possible_in(action: Action, state: State) -> bool:
    """Whether any role may take this action in this state (else the answer is 409, not 403)."""
    return any(state in cells for cells in POLICY.get(action, {}).values())


def render_markdown() -> str:
    """The table as Markdown, one row per action and role (docs/write-side.md embeds it)."""
    states = [s for s in State]
    lines = ["| action | role | " + " | ".join(s.value for s in states) + " |"]
    lines.append("|---|---|" + "---|" * len(states))
    for action, by_role in POLICY.items():
        for role, cells in by_role.items():
            row = [cells.get(s, "") for s in states]
            lines.append(f"| {action.value} | {role.value} | " + " | ".join(row) + " |")
    return "\n".join(lines)
