"""The one table of interchange files (interchange.md): columns in file order, which are
required, and the key. The importer, the demo writer and the benchmark all read it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Spec:
    """One file. Required columns must be in the header; the others may be."""

    name: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    key: tuple[str, ...]

    def other(self, *names: str) -> tuple[str, ...]:
        """The columns but `names`, in file order."""
        return tuple(c for c in self.columns if c not in names)


def spec(name: str, columns: str, *, key: str) -> Spec:
    """`columns` in file order, separated by spaces; a trailing `?` marks an optional one."""
    words = columns.split()
    return Spec(
        name,
        tuple(w.rstrip("?") for w in words),
        tuple(w for w in words if not w.endswith("?")),
        tuple(key.split()),
    )


PERSONS = spec("persons.csv", "zjlx zjhm xingming xingbie? sjhm? jtzz?", key="zjhm")
ACCOUNTS = spec(
    "accounts.csv",
    "grzh zjhm dwzh dwmc grzhzt khrq grjcjs dwjcbl grjcbl dwyjce gryjce jzny? grzhye grckzhhm? "
    "grckzhkhyhmc?",
    key="grzh",
)
LEDGER = spec(
    "ledger.csv", "ywlsh grzh jzrq gjhtqywlx fse fslxe? tqyy? tqfs? ywzy? czbz? sqid?", key="ywlsh"
)
LOANS = spec(
    "loans.csv",
    "jkhtbh dkzh zjhm htdkje dkqs dkll dkhkfs swtyhmc jkhtqdrq dkffrq? ydhkr scyhny? dkye? fwzl? "
    "fwjzmj? fwzj? sqid?",
    key="jkhtbh",
)
LOAN_TXNS = spec(
    "loan_txns.csv",
    "ywlsh jkhtbh ywfsrq hkny? dkywmxlx ffje? bjje? lxje? fxje? tqhkfs?",
    key="ywlsh",
)
MESSAGES = spec("messages.csv", "xxid zjhm ywmc xxnr tsqd tssj", key="xxid")
APPLICATIONS = spec("applications.csv", "sqid zjhm ywlx ywxx jkhtbh? fqsj wcsj?", key="sqid")
APPLICATION_STEPS = spec("application_steps.csv", "sqid xh jdmc blr? spyj? blsj?", key="sqid xh")

ALL = (PERSONS, ACCOUNTS, LEDGER, LOANS, LOAN_TXNS, MESSAGES, APPLICATIONS, APPLICATION_STEPS)
