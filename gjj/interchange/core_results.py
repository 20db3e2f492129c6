"""demo_core_results: answer an `applications_out.csv` as a core system would, so a withdrawal
or a prepayment can be taken from submission to 办结 on a demo machine: each withdrawal is booked
(ledger.csv, with its `sqid`; a closing withdrawal first credits the accrued interest), its
account's new balance written (accounts.csv) and 办结 sent back (application_steps.csv).

A prepayment (ywdm `prepayment`) is booked on its loan on the prepayment day: the installments
due by then as planned (02 正常还款; for a 03 the overdue ones as 04 逾期还款), then the
prepayment (03 提前还款 with its mode, or 06 结清 for mode 03) with the interest accrued and the
penalty, all figures from the engine (gjj.loans.repay.position_whatif); the contract's new
balance goes to loans.csv; the 公积金冲还 part is a 70 公积金提取还款 row on the fund account.

A 贷款申请 (ywdm `loan`) gets its contract: a loans.csv row with a new 借款合同编号, the plan's
fields and the application's `sqid`, its disbursement in loan_txns.csv, and 办结.
The folder is then loaded with `import_core`."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from gjj.applications.models import Application
from gjj.core.codes import AccountState, LedgerType, LoanTxnType
from gjj.fund.models import FundAccount
from gjj.interchange import specs
from gjj.interchange.export import FILE
from gjj.loans import plan as engine
from gjj.loans import rates
from gjj.loans.models import LoanContract
from gjj.loans.repay import position_whatif
from gjj.loans.selectors import loan_position, rate_table

LOAN_BANK = "中国建设银行枣庄分行"


def _loan_rows(row: dict, n: int, today: dt.date, table) -> tuple[dict, dict]:
    """The contract (loans.csv) and its disbursement (loan_txns.csv) for an exported 贷款申请:
    signed and disbursed today at the rate in force for its term and home."""
    months = int(row["dkqx"])
    rate = rates.rate_for(table, today, months, second_home=row["gfts"] == "2")
    first = engine.add_months(today.year, today.month, 1)
    jkhtbh = f"HT{today:%Y%m%d}{n:05d}"
    contract = dict(
        jkhtbh=jkhtbh, dkzh=f"DK{today:%Y%m%d}{n:05d}", zjhm=row["zjhm"], htdkje=row["dkje"],
        dkqs=months, dkll=f"{rate:.2f}", dkhkfs=row["dkhkfs"], swtyhmc=LOAN_BANK,
        jkhtqdrq=today.isoformat(), dkffrq=today.isoformat(), ydhkr=today.day,
        scyhny=f"{first[0]:04d}{first[1]:02d}", dkye=row["dkje"], fwzl=row["fwzl"],
        fwjzmj=row["fwmj"], fwzj=row["fwzj"], sqid=row["sqid"],
    )  # fmt: skip
    txn = dict(
        ywlsh=f"{jkhtbh}F", jkhtbh=jkhtbh, ywfsrq=today.isoformat(), dkywmxlx="01",
        ffje=row["dkje"],
    )  # fmt: skip
    return contract, txn


def _write(path: Path, spec, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=spec.columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in spec.columns})


def _account_row(account: FundAccount, balance: Decimal, state: str) -> dict:
    row = {c: getattr(account, c, "") for c in specs.ACCOUNTS.columns}
    row.update(zjhm=account.person.zjhm, grzhzt=state, grzhye=f"{balance:.2f}")
    row["khrq"] = account.khrq.isoformat()
    return row


def _loan_row(contract: LoanContract, dkye: Decimal) -> dict:
    row = {}
    for c in specs.LOANS.columns:
        value = getattr(contract, c, "")
        row[c] = "" if value is None else value
    row.update(zjhm=contract.person.zjhm, dkye=f"{dkye:.2f}")
    for c in ("jkhtqdrq", "dkffrq"):
        row[c] = getattr(contract, c).isoformat() if getattr(contract, c) else ""
    return row


def _prepayment(row: dict, key: str, loans: dict) -> list[dict]:
    """The loan_txns.csv rows answering a prepayment; the contract's new balance into `loans`."""
    contract = LoanContract.objects.select_related("person").get(jkhtbh=row["jkhtbh"])
    mode = row["tqhkfs"]
    on = dt.date.fromisoformat(row["tqhkrq"])
    position = loan_position(contract, today=on)
    amount = None if mode == engine.SETTLE else Decimal(row["tqhkje"])
    whatif = position_whatif(position, mode=mode, amount=amount, on=on)
    txns = []
    due = [(LoanTxnType.OVERDUE, r) for r in position.overdue] if mode == engine.SETTLE else []
    due += [(LoanTxnType.NORMAL, r) for r in whatif.scheduled]
    for i, (kind, r) in enumerate(due, 1):
        txns.append(
            dict(ywlsh=f"{key}D{i:03d}", jkhtbh=contract.jkhtbh, ywfsrq=r.due_date.isoformat(),
                 hkny=r.hkny, dkywmxlx=kind, bjje=f"{r.principal:.2f}",
                 lxje=f"{r.interest:.2f}", fxje="0.00")
        )  # fmt: skip
    kind = LoanTxnType.SETTLEMENT if mode == engine.SETTLE else LoanTxnType.PREPAYMENT
    txns.append(
        dict(ywlsh=f"{key}P", jkhtbh=contract.jkhtbh, ywfsrq=on.isoformat(), dkywmxlx=kind,
             bjje=f"{whatif.prepaid:.2f}", lxje=f"{whatif.accrued:.2f}",
             fxje=f"{whatif.penalty:.2f}", tqhkfs=mode)
    )  # fmt: skip
    paid = sum((r.principal for _, r in due), Decimal(0)) + whatif.prepaid
    loans[contract.jkhtbh] = _loan_row(contract, contract.dkye - paid)
    return txns


def write_results(exported: Path | str, out: Path | str, *, today: dt.date | None = None) -> int:
    """Write the answer to `exported` (a folder or the file itself) into folder `out`."""
    exported = Path(exported)
    if exported.is_dir():
        exported = exported / FILE
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    today = today or timezone.localdate()
    with open(exported, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    ledger, accounts, steps, txns, loans = [], {}, [], [], {}
    table = None
    for n, row in enumerate(rows, 1):
        app = Application.objects.filter(sqid=row["sqid"]).first()
        if app is not None and row.get("ywdm") == "loan":
            table = table if table is not None else rate_table()
            contract, txn = _loan_rows(row, n, today, table)
            loans[contract["jkhtbh"]] = contract
            txns.append(txn)
            last = app.steps.order_by("-xh").values_list("xh", flat=True).first() or 1
            steps.append(
                dict(sqid=row["sqid"], xh=last, jdmc="办结", blr="核心系统",
                     spyj=f"已签订借款合同 {contract['jkhtbh']} 并放款",
                     blsj=f"{today:%Y-%m-%d} 16:00:00")
            )  # fmt: skip
            continue
        account = FundAccount.objects.select_related("person").filter(grzh=row["grzh"]).first()
        prepayment = row.get("ywdm") == "prepayment"
        if app is None or (account is None and not (prepayment and not row["gjjchje"])):
            continue
        key = f"HX{today:%Y%m%d}{n:05d}"
        last = app.steps.order_by("-xh").values_list("xh", flat=True).first() or 1
        if prepayment:
            txns += _prepayment(row, key, loans)
            steps.append(
                dict(sqid=row["sqid"], xh=last, jdmc="办结", blr="核心系统", spyj="已扣款入账",
                     blsj=f"{today:%Y-%m-%d} 16:00:00")
            )  # fmt: skip
            if not row["gjjchje"]:
                continue
        balance, state = accounts.get(account.grzh, (account.grzhye, account.grzhzt))[:2]
        interest = Decimal(row["lxje"] or "0")
        amount = Decimal(row["tqje"])
        if row["ywlx"] == LedgerType.CLOSING_WITHDRAWAL:
            if interest:
                ledger.append(
                    dict(ywlsh=key + "L", grzh=account.grzh, jzrq=today, gjhtqywlx="09",
                         fse=f"{interest:.2f}", fslxe=f"{interest:.2f}", ywzy="销户结息",
                         sqid=row["sqid"])
                )  # fmt: skip
                balance += interest
            amount = balance
            state = AccountState.CLOSED_WITHDRAWN
        ledger.append(
            dict(ywlsh=key, grzh=account.grzh, jzrq=today, gjhtqywlx=row["ywlx"],
                 fse=f"{-amount:.2f}", fslxe="0.00", tqyy=row["tqyy"], tqfs=row["tqfs"],
                 ywzy=LedgerType(row["ywlx"]).label, sqid=row["sqid"])
        )  # fmt: skip
        accounts[account.grzh] = (balance - amount, state, account)
        if prepayment:
            continue
        steps.append(
            dict(sqid=row["sqid"], xh=last, jdmc="办结", blr="核心系统", spyj="已转账",
                 blsj=f"{today:%Y-%m-%d} 16:00:00")
        )  # fmt: skip
    _write(out / specs.LEDGER.name, specs.LEDGER, ledger)
    _write(
        out / specs.ACCOUNTS.name,
        specs.ACCOUNTS,
        [_account_row(acc, bal, st) for bal, st, acc in accounts.values()],
    )
    _write(out / specs.APPLICATION_STEPS.name, specs.APPLICATION_STEPS, steps)
    if txns:
        _write(out / specs.LOANS.name, specs.LOANS, list(loans.values()))
        _write(out / specs.LOAN_TXNS.name, specs.LOAN_TXNS, txns)
    return len(steps)
