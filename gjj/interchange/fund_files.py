"""accounts.csv and ledger.csv: accounts are checked and spooled, the ledger is checked and summed
per account, the balances are cross-checked, then accounts and entries (with their running
balances) are written.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import CharField, Count, Max, Sum
from django.db.models.functions import Concat

from gjj.core.money import ZERO, round_fen
from gjj.fund.models import FundAccount, LedgerEntry
from gjj.interchange import rows as R
from gjj.interchange import specs
from gjj.interchange.keyed import Children, KeyedFiles, Rejected
from gjj.interchange.spool import Spool
from gjj.interchange.store import batched, date_of, fmt

ACCOUNT_FIELDS = ("person_id", *specs.ACCOUNTS.other("grzh", "zjhm"))
LEDGER = Children(
    specs.LEDGER,
    parent="grzh",
    model=LedgerEntry,
    parent_path="account__grzh",
    fields=R.LEDGER_FIELDS,
    parent_id="account_id",
    computed=("balance",),
)


def parse_ledger(values: dict[str, str]) -> tuple[dict | None, list]:
    row = R.parse_ledger_fast(values)
    if row is not None:
        return row, []
    cells = R.Cells(values)
    return R.parse_ledger(cells), cells.errors


class FundFiles(KeyedFiles):
    rejected_accounts: Rejected

    def validate_accounts(self) -> dict:
        """Pass over accounts.csv: rows are checked and spooled, written after the ledger check."""
        state = {"file": {}, "spool": Spool()}  # file: grzh -> (line, grzhye)
        for rows in self.owned_rows(
            specs.ACCOUNTS, R.parse_account, "个人账号", self.rejected_accounts
        ):
            for row in rows:
                state["file"][row["grzh"]] = (row["line"], row["grzhye"])
            state["spool"].write(rows)
        return state

    def validate_ledger(self, accounts: dict) -> dict:
        agg: dict[str, list] = {}  # grzh -> [new sum, earliest new date, new rows]

        def add(grzh: str, row: dict) -> None:
            a = agg.get(grzh)
            if a is None:
                agg[grzh] = [row["fse"], row["jzrq"], 1]
            else:
                a[0] += row["fse"]
                a[1] = min(a[1], row["jzrq"])
                a[2] += 1

        def spooled(row: dict) -> tuple:
            # Spooled as text (validated above): pickling text is far cheaper than objects.
            return (
                row["line"],
                row["ywlsh"],
                row["grzh"],
                row["jzrq"].isoformat(),
                row["gjhtqywlx"],
                str(row["fse"]),
                str(row["fslxe"]),
                row["tqyy"],
                row["tqfs"],
                row["ywzy"],
                row["czbz"],
                row["sqid"],
            )

        def lookup(keys: set[str]):  # grzh -> (id, grzhye) of stored accounts
            for grzh, pk, grzhye in FundAccount.objects.filter(grzh__in=keys).values_list(
                "grzh", "id", "grzhye"
            ):
                yield grzh, (pk, grzhye)

        ledger = self.validate_children(
            LEDGER,
            parse_ledger,
            in_file=accounts["file"],
            rejected=self.rejected_accounts,
            lookup=lookup,
            add=add,
            spooled=spooled,
        )
        ledger["agg"] = agg
        return ledger

    def check_account_balances(self, accounts: dict, ledger: dict) -> None:
        """grzhye must equal the running balance of the whole ledger (stored + new entries)."""
        stats = self.report.file(specs.ACCOUNTS.name)
        in_file, agg, db_accounts = accounts["file"], ledger["agg"], ledger["db"]
        ids: dict[str, int] = {g: v[0] for g, v in db_accounts.items()}
        for chunk in batched(list(in_file), self.batch):
            ids.update(FundAccount.objects.filter(grzh__in=chunk).values_list("grzh", "id"))
        stored: dict[int, tuple[Decimal, int, str]] = {}  # id -> (sum, count, last key)
        for chunk in batched(list(ids.values()), self.batch):
            for row in (
                LedgerEntry.objects.filter(account_id__in=chunk)
                .values("account_id")
                .annotate(
                    total=Sum("fse"),
                    n=Count("id"),
                    last=Max(Concat("jzrq", "ywlsh", output_field=CharField())),
                )
                .order_by()
            ):
                # SQLite sums decimals as binary floats: back to the fen (exact for sums of
                # two-decimal amounts far below 2**53 fen).
                stored[row["account_id"]] = (round_fen(row["total"]), row["n"], row["last"])
        state: dict[str, list] = {}
        for grzh in set(in_file) | set(agg):
            pk = ids.get(grzh)
            total, n, last = stored.get(pk, (ZERO, 0, ""))
            new_sum, _, new_n = agg.get(grzh, (ZERO, None, 0))
            expected = Decimal(total) + new_sum
            if grzh in in_file:
                line, grzhye = in_file[grzh]
                if grzhye != expected:
                    reason = (
                        f"个人账户余额 {fmt(grzhye)} 与业务明细的累计余额 {fmt(expected)} 不一致"
                        f"（系统已有明细 {n} 条、合计 {fmt(total)}，本次新增 {new_n} 条、合计 "
                        f"{fmt(new_sum)}）；该账户及其本次明细均未导入"
                    )
                    self.reject(stats, line, [("grzhye", reason)])
                    self.rejected_accounts[grzh] = (
                        f"个人账户 {grzh} 未通过余额核对（accounts.csv 第 {line} 行）"
                    )
                    del in_file[grzh]
                    continue
            else:
                grzhye = db_accounts[grzh][1]
                if grzhye != expected:
                    self.rejected_accounts[grzh] = (
                        f"个人账户 {grzh} 加上本次明细后累计余额为 {fmt(expected)}，与系统中的"
                        f"账户余额 {fmt(grzhye)} 不一致（accounts.csv 中没有该账户的新余额）"
                    )
                    continue
            if grzh in agg:
                state[grzh] = [last or "", Decimal(total)]
        ledger["state"] = state
        ledger["ids"] = ids

    def write_accounts(self, accounts: dict) -> None:
        accounts["ids"] = self.write_parents(
            FundAccount, specs.ACCOUNTS, accounts["spool"], accounts["file"], ACCOUNT_FIELDS
        )

    def write_ledger(self, accounts: dict, ledger: dict) -> None:
        ids = {**ledger["ids"], **accounts["ids"]}
        state = ledger["state"]
        recompute: dict[int, str] = {}

        def build(item: tuple) -> tuple:
            _, ywlsh, grzh, jzrq, kind, fse, fslxe, tqyy, tqfs, ywzy, czbz, sqid = item
            pk = ids[grzh]
            st = state[grzh]
            key = jzrq + ywlsh  # ISO date text + key: sorts as (jzrq, ywlsh)
            fse = Decimal(fse)
            if key < st[0]:
                old = recompute.get(pk)
                recompute[pk] = jzrq if old is None else min(old, jzrq)  # ISO text
            else:
                st[0] = key
            st[1] += fse
            day, interest = date_of(jzrq), Decimal(fslxe)
            return (ywlsh, pk, day, kind, fse, interest, tqyy, tqfs, ywzy, czbz, sqid, st[1])

        self.write_children(LEDGER, ledger["spool"], self.rejected_accounts, build)
        for pk, since in recompute.items():
            self.recompute_balances(pk, date_of(since))

    @transaction.atomic
    def recompute_balances(self, account_id: int, since: dt.date) -> None:
        """Running balances of one account from `since` on, after entries arrived out of order."""
        base = (
            LedgerEntry.objects.filter(account_id=account_id, jzrq__lt=since)
            .order_by("-jzrq", "-ywlsh")
            .values_list("balance", flat=True)
            .first()
        )
        running = Decimal(base) if base is not None else ZERO
        changed = []
        for entry in (
            LedgerEntry.objects.filter(account_id=account_id, jzrq__gte=since)
            .order_by("jzrq", "ywlsh")
            .only("id", "fse", "balance")
        ):
            running += entry.fse
            if entry.balance != running:
                entry.balance = running
                changed.append(entry)
        LedgerEntry.objects.bulk_update(changed, ["balance"], batch_size=1000)
