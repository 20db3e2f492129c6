"""The generic part of a business written in the hall: roles, nodes, the outcome of a rule.

A business is a policy table (data the center edits) + rules (pure functions over the person's
data, each returning a `Check`) + an application whose review nodes come from its `Business`
row + the export to the core system. This module holds what every business shares.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# Staff roles are Django groups with these names.
ROLE_ACCEPT = "受理"
ROLE_FIRST = "初审"
ROLE_SECOND = "复审"
ROLE_ADMIN = "管理"  # edits the policy tables, sees and may act on every node
# 贷款申请's later nodes (gjj/loanapps): the contract, the mortgage registration, the loan.
ROLE_CONTRACT = "签约"
ROLE_MORTGAGE = "抵押"
ROLE_DISBURSE = "放款"
ROLES = (
    ROLE_ACCEPT,
    ROLE_FIRST,
    ROLE_SECOND,
    ROLE_CONTRACT,
    ROLE_MORTGAGE,
    ROLE_DISBURSE,
    ROLE_ADMIN,
)

START_NODE = "任务发起人"
AUTO_NODE = "系统自动审核"
CORE_NODE = "办结"
AUTO_ACTOR = "系统"


@dataclass(frozen=True)
class Check:
    """The outcome of one rule: `message` says why (and what to do) when it did not pass."""

    code: str
    label: str
    passed: bool
    message: str = ""


def refusals(checks: list[Check]) -> list[Check]:
    return [c for c in checks if not c.passed]


@dataclass(frozen=True)
class NodeSpec:
    name: str
    role: str


def review_nodes(nodes: list[dict], amount: Decimal | None) -> list[NodeSpec]:
    """The staff nodes an application of `amount` goes through: those without an "above"
    threshold, and those whose threshold the amount exceeds."""
    out = []
    for node in nodes:
        above = node.get("above")
        if above not in (None, "") and (amount is None or amount <= Decimal(str(above))):
            continue
        out.append(NodeSpec(name=node["name"], role=node["role"]))
    return out


def roles_of(user) -> frozenset[str]:
    """The staff roles of a login (cached on the user object for one request)."""
    cached = getattr(user, "_gjj_roles", None)
    if cached is None:
        if not (user.is_authenticated and user.is_staff and user.is_active):
            cached = frozenset()
        else:
            cached = frozenset(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        user._gjj_roles = cached
    return cached


def may_act(roles: frozenset[str], role: str) -> bool:
    return role in roles or ROLE_ADMIN in roles
