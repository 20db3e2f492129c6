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
from gjj.interchange.keyed import CHILD_TAIL, Children, KeyedFiles, Rejected, changed_entry
from gjj.interchange.spool import Spool
from gjj.interchange.staged import LedgerStage
from gjj.interchange.store import batched, fmt

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
        """Stage the ledger's rows (row checks on the way in), then check them over the whole
        file: keys repeated in the file, unknown or rejected accounts, entries stored already;
        and sum the new amounts per account for the balance cross-check."""
        stats = self.report.file(specs.LEDGER.name)

        def reject(line: int, errors: list) -> None:
            self.reject(stats, line, errors)

        had_entries = LedgerEntry.objects.exists()  # a first import has no keys to look up
        stage = LedgerStage(self.report)
        if self.records is None:
            stage.load(self.folder, None, self.encoding, reject)
        else:
            stage.load(None, self.records.get(specs.LEDGER.name, []), self.encoding, reject)
        stage.reject_duplicates(reject)
        in_file, rejected = accounts["file"], self.rejected_accounts
        keys = stage.parent_keys("grzh")
        db: dict[str, tuple] = {}  # grzh -> (id, grzhye) of stored accounts not in the file
        unknown = [k for k in keys if k not in in_file and k not in rejected]
        for chunk in batched(unknown, self.batch):
            for grzh, pk, grzhye in FundAccount.objects.filter(grzh__in=chunk).values_list(
                "grzh", "id", "grzhye"
            ):
                db[grzh] = (pk, grzhye)
        reasons = {}
        for key in keys:
            if key in rejected:
                reasons[key] = rejected.because(key, CHILD_TAIL)
            elif key not in in_file and key not in db:
                reasons[key] = rejected.missing(key)
        stage.reject_parents("grzh", reasons, reject)
        if had_entries:
            for parsed in stage.existing(LedgerEntry):
                old = {
                    e["ywlsh"]: e
                    for e in LedgerEntry.objects.filter(
                        ywlsh__in=[r["ywlsh"] for r in parsed]
                    ).values("ywlsh", LEDGER.parent_path, *LEDGER.fields)
                }
                for row in parsed:
                    problem = changed_entry(old[row["ywlsh"]], row, LEDGER.parent_path, "grzh")
                    if problem:
                        reject(row["line"], [problem])
        return {"db": db, "stage": stage, "agg": stage.sums()}

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
            new_sum, _, new_n, _ = agg.get(grzh, (ZERO, None, 0, ""))
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
        """Move the staged rows of the accepted accounts into the ledger (one INSERT … SELECT
        with the running balances); rows of accounts the balance check refused are reported."""
        stats = self.report.file(specs.LEDGER.name)
        ids = {**ledger["ids"], **accounts["ids"]}
        state, agg, stage = ledger["state"], ledger["agg"], ledger["stage"]
        try:
            refused = {
                grzh: self.rejected_accounts.because(grzh, CHILD_TAIL)
                for grzh in agg
                if grzh in self.rejected_accounts
            }
            stage.reject_parents(
                "grzh", refused, lambda line, errors: self.reject(stats, line, errors)
            )
            stats.stored += stage.move(
                LedgerEntry, [(grzh, ids[grzh], st[1]) for grzh, st in state.items()]
            )
        finally:
            stage.drop()
        for grzh, (last, _) in state.items():
            # New entries before a stored one: the stored ones after them move down.
            _, first_day, _, first_key = agg[grzh]
            if last and first_key < last:
                self.recompute_balances(ids[grzh], first_day)

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
