"""loans.csv and loan_txns.csv: contracts are checked and spooled, transactions are checked and
summed per contract, the loan balances are cross-checked and each loan's state is derived, then
contracts and transactions are written.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, Sum

from gjj.core.money import ZERO, round_fen
from gjj.interchange import rows as R
from gjj.interchange import specs
from gjj.interchange.keyed import Children, KeyedFiles, Rejected, with_cells
from gjj.interchange.spool import Spool
from gjj.interchange.store import batched, fmt
from gjj.loans.models import LoanContract, LoanTxn
from gjj.loans.state import INSTALLMENT_TYPES, loan_state

PAID_MONTH_TYPES = tuple(INSTALLMENT_TYPES)
LOAN_FIELDS = (*specs.LOANS.other("jkhtbh", "zjhm"), "person_id", "dkzt")
LOAN_STATE_FIELDS = ("dkffrq", "dkye", "dkqs", "ydhkr", "scyhny")
TXNS = Children(
    specs.LOAN_TXNS,
    parent="jkhtbh",
    model=LoanTxn,
    parent_path="contract__jkhtbh",
    fields=R.TXN_FIELDS,
    parent_id="contract_id",
)


class LoanFiles(KeyedFiles):
    rejected_loans: Rejected
    today: dt.date
    loan_answers: dict[str, str]  # sqid -> jkhtbh of the contracts written

    def validate_loans(self) -> dict:
        state = {"file": {}, "spool": Spool()}  # file: jkhtbh -> {line, dkffrq, dkye, ...}
        for rows in self.owned_rows(specs.LOANS, R.parse_loan, "借款合同编号", self.rejected_loans):
            for row in rows:
                state["file"][row["jkhtbh"]] = {
                    "line": row["line"],
                    "sqid": row["sqid"],
                    **{f: row[f] for f in LOAN_STATE_FIELDS},
                }
            state["spool"].write(rows)
        return state

    def validate_txns(self, loans: dict) -> dict:
        agg: dict[str, list] = {}  # jkhtbh -> [ffje sum, bjje sum, new rows, paid months]

        def add(key: str, row: dict) -> None:
            a = agg.setdefault(key, [ZERO, ZERO, 0, set()])
            a[0] += row["ffje"] if row["dkywmxlx"] == "01" else ZERO
            a[1] += row["bjje"] if row["dkywmxlx"] != "01" else ZERO
            a[2] += 1
            if row["dkywmxlx"] in PAID_MONTH_TYPES and row["hkny"]:
                a[3].add(row["hkny"])

        def spooled(row: dict) -> tuple:
            return (row["line"], row["ywlsh"], row["jkhtbh"], *(row[f] for f in R.TXN_FIELDS))

        def lookup(keys: set[str]):
            for loan in LoanContract.objects.filter(jkhtbh__in=keys).values(
                "id", "jkhtbh", *LOAN_STATE_FIELDS
            ):
                yield loan["jkhtbh"], loan

        txns = self.validate_children(
            TXNS,
            with_cells(R.parse_txn),
            in_file=loans["file"],
            rejected=self.rejected_loans,
            lookup=lookup,
            add=add,
            spooled=spooled,
        )
        txns["agg"] = agg
        return txns

    def check_loan_balances(self, loans: dict, txns: dict) -> None:
        """dkye of a disbursed loan = disbursed (01 ffje) − principal repaid (bjje), all txns."""
        stats = self.report.file(specs.LOANS.name)
        in_file, agg, db_loans = loans["file"], txns["agg"], txns["db"]
        ids: dict[str, int] = {k: v["id"] for k, v in db_loans.items()}
        for chunk in batched(list(in_file), self.batch):
            ids.update(LoanContract.objects.filter(jkhtbh__in=chunk).values_list("jkhtbh", "id"))
        stored: dict[int, tuple[Decimal, Decimal, int]] = {}
        paid: dict[int, set[str]] = {}
        for chunk in batched(list(ids.values()), self.batch):
            for row in (
                LoanTxn.objects.filter(contract_id__in=chunk)
                .values("contract_id")
                .annotate(
                    ff=Sum("ffje", filter=Q(dkywmxlx="01")),
                    bj=Sum("bjje", filter=~Q(dkywmxlx="01")),
                    n=Count("id"),
                )
                .order_by()
            ):
                stored[row["contract_id"]] = (
                    round_fen(row["ff"] or ZERO),
                    round_fen(row["bj"] or ZERO),
                    row["n"],
                )
            for pk, hkny in (
                LoanTxn.objects.filter(contract_id__in=chunk, dkywmxlx__in=PAID_MONTH_TYPES)
                .values_list("contract_id", "hkny")
                .distinct()
            ):
                paid.setdefault(pk, set()).add(hkny)
        states: dict[str, str] = {}
        for key in set(in_file) | set(agg):
            pk = ids.get(key)
            ff, bj, n = stored.get(pk, (ZERO, ZERO, 0))
            new_ff, new_bj, new_n, new_paid = agg.get(key, (ZERO, ZERO, 0, set()))
            facts = in_file[key] if key in in_file else db_loans[key]
            if facts["dkffrq"] is not None:
                expected = Decimal(ff) + new_ff - Decimal(bj) - new_bj
                if facts["dkye"] != expected:
                    reason = (
                        f"贷款余额 {fmt(facts['dkye'])} 与贷款明细不符：放款 {fmt(ff + new_ff)} − "
                        f"已还本金 {fmt(bj + new_bj)} = {fmt(expected)}（系统已有明细 {n} 条，"
                        f"本次新增 {new_n} 条）"
                    )
                    if key in in_file:
                        self.reject(stats, facts["line"], [("dkye", reason + "；该合同未导入")])
                        self.rejected_loans[key] = (
                            f"借款合同 {key} 未通过贷款余额核对（loans.csv 第 {facts['line']} 行）"
                        )
                        del in_file[key]
                    else:
                        self.rejected_loans[key] = f"借款合同 {key} 的{reason}"
                    continue
            states[key] = loan_state(
                **{f: facts[f] for f in LOAN_STATE_FIELDS},
                paid_months=paid.get(pk, set()) | new_paid,
                today=self.today,
            )
        txns["states"] = states
        txns["ids"] = ids

    def write_loans(self, loans: dict, txns: dict) -> None:
        in_file, states = loans["file"], txns["states"]

        def prepare(row: dict) -> None:
            row["dkzt"] = states[row["jkhtbh"]]

        loans["ids"] = self.write_parents(
            LoanContract, specs.LOANS, loans["spool"], in_file, LOAN_FIELDS, prepare, keep=("sqid",)
        )
        # Contracts that answer a 贷款申请 of the hall (sqid): linked after the steps are in.
        self.loan_answers.update(
            {facts["sqid"]: key for key, facts in in_file.items() if facts.get("sqid")}
        )
        # Loans not in loans.csv whose state moves with the new transactions.
        for key, loan in txns["db"].items():
            if key in states and key not in in_file:
                LoanContract.objects.filter(pk=loan["id"]).exclude(dkzt=states[key]).update(
                    dkzt=states[key]
                )

    def write_txns(self, loans: dict, txns: dict) -> None:
        ids = {**txns["ids"], **loans["ids"]}

        def build(item: tuple) -> tuple:
            _, ywlsh, key, *values = item
            return (ywlsh, ids[key], *values)

        self.write_children(TXNS, txns["spool"], self.rejected_loans, build)
