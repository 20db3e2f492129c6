"""Cross-checks: an account's balance is its ledger's running balance; a loan's balance is what
was disbursed minus the principal repaid. Running balances are computed at import."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import OuterRef, Subquery

from gjj.core.codes import LoanState
from gjj.fund.models import FundAccount, LedgerEntry
from gjj.interchange.importer import loan_state
from gjj.loans.models import LoanContract, LoanTxn
from tests.interchange import csvdata as C

pytestmark = pytest.mark.django_db


def balances(grzh="3100000001"):
    return [
        (e.ywlsh, e.balance)
        for e in LedgerEntry.objects.filter(account__grzh=grzh).order_by("jzrq", "ywlsh")
    ]


def account_folder(tmp_path, grzhye, entries, accounts=None):
    C.write_csv(tmp_path, "persons.csv", [C.person()])
    C.write_csv(tmp_path, "accounts.csv", accounts or [C.account(grzhye=grzhye)])
    C.write_csv(tmp_path, "ledger.csv", entries)
    return C.run_import(tmp_path)


def test_an_account_whose_balance_matches_its_ledger_is_stored_with_running_balances(tmp_path):
    entries = [
        C.entry("L2", "1151.00", "2016-08-26"),
        C.entry("L1", "1151.00", "2016-07-25"),  # files need not be sorted
        C.entry("L3", "-14100.00", "2017-02-24", gjhtqywlx="11", tqyy="01", tqfs="01"),
        C.entry("L0", "15000.00", "2016-07-01", gjhtqywlx="08"),
    ]
    code, out = account_folder(tmp_path, "3202.00", entries)
    assert code == 0, out
    assert balances() == [
        ("L0", Decimal("15000.00")),
        ("L1", Decimal("16151.00")),
        ("L2", Decimal("17302.00")),
        ("L3", Decimal("3202.00")),
    ]


def test_an_account_whose_balance_differs_from_its_ledger_is_rejected_with_both_figures(
    tmp_path,
):
    entries = [C.entry("L1", "1151.00"), C.entry("L2", "1151.00", "2016-08-26")]
    code, out = account_folder(tmp_path, "2303.00", entries)
    assert code == 1
    assert (
        "文件 accounts.csv 第 2 行 grzhye 列：个人账户余额 2,303.00 与业务明细的累计余额 "
        "2,302.00 不一致" in out
    )
    assert "文件 ledger.csv 第 2 行 grzh 列：个人账户 3100000001 未通过余额核对" in out
    assert FundAccount.objects.count() == 0 and LedgerEntry.objects.count() == 0
    assert C.counts(out, "accounts.csv") == (1, 0, 0, 1)
    assert C.counts(out, "ledger.csv") == (2, 0, 0, 2)


def test_one_rejected_account_does_not_stop_another(tmp_path):
    accounts = [C.account(grzhye="99.00"), C.account(grzh="3100000002", grzhye="10.00")]
    entries = [C.entry("L1", "10.00"), C.entry("L2", "10.00", grzh="3100000002")]
    code, out = account_folder(tmp_path, None, entries, accounts)
    assert code == 1
    assert list(FundAccount.objects.values_list("grzh", flat=True)) == ["3100000002"]
    assert balances("3100000002") == [("L2", Decimal("10.00"))]


def test_a_later_export_with_earlier_entries_recomputes_the_running_balances(tmp_path):
    first = [C.entry("L1", "100.00", "2017-01-25"), C.entry("L2", "100.00", "2017-02-25")]
    account_folder(tmp_path, "200.00", first)
    later = [
        *first,
        C.entry("L0", "50.00", "2016-12-25"),  # dated before the stored entries
        C.entry("L3", "-30.00", "2017-03-01", gjhtqywlx="11", tqyy="06", tqfs="01"),
    ]
    code, out = account_folder(tmp_path, "220.00", later)
    assert code == 0, out
    assert C.counts(out, "ledger.csv") == (4, 2, 0, 0)
    assert C.counts(out, "accounts.csv") == (1, 0, 1, 0)
    assert balances() == [
        ("L0", Decimal("50.00")),
        ("L1", Decimal("150.00")),
        ("L2", Decimal("250.00")),
        ("L3", Decimal("220.00")),
    ]


def test_a_second_import_sums_stored_amounts_exactly(tmp_path):
    # SQLite's SUM over these decimals gives 32543.9699999999 (binary floating point).
    entries = [C.entry(f"L{i:03d}", "433.92", "2016-07-25") for i in range(100)]
    entries.append(C.entry("W", "-10848.03", "2016-08-25", gjhtqywlx="11", tqyy="01", tqfs="01"))
    account_folder(tmp_path, "32543.97", entries)
    code, out = account_folder(tmp_path, "32543.97", entries)
    assert code == 0, out
    assert C.counts(out, "accounts.csv") == (1, 0, 0, 0)
    assert C.counts(out, "ledger.csv") == (101, 0, 0, 0)


def test_a_second_import_sums_stored_loan_amounts_exactly(tmp_path):
    txns = [C.txn("D1", "01", ffje="50000.00", ywfsrq="2017-02-09", hkny="")]
    txns += [
        C.txn(f"D{i + 2}", "02", bjje="433.92", lxje="1.00", hkny=f"{2017 + (i + 1) // 12}"
              f"{(i + 1) % 12 + 1:02d}", ywfsrq="2017-03-09")
        for i in range(100)
    ]  # fmt: skip
    loan_folder(tmp_path, "6608.00", txns, htdkje="50000.00")
    code, out = loan_folder(tmp_path, "6608.00", txns, htdkje="50000.00")
    assert code == 0, out
    assert C.counts(out, "loans.csv") == (1, 0, 0, 0)


def test_new_entries_for_a_stored_account_must_match_its_stored_balance(tmp_path):
    account_folder(tmp_path, "100.00", [C.entry("L1", "100.00")])
    (tmp_path / "accounts.csv").unlink()
    (tmp_path / "persons.csv").unlink()
    C.write_csv(tmp_path, "ledger.csv", [C.entry("L2", "5.00", "2016-08-25")])
    code, out = C.run_import(tmp_path)
    assert code == 1
    assert "累计余额为 105.00，与系统中的账户余额 100.00 不一致" in out
    assert LedgerEntry.objects.count() == 1


def test_after_import_every_account_balance_equals_its_last_entry(tmp_path):
    accounts = [C.account(grzh=f"31{i:08d}", grzhye=f"{i * 30}.00") for i in range(1, 6)]
    entries = [
        C.entry(f"E{i}-{k}", f"{i * 10}.00", f"2016-0{k + 1}-25", grzh=f"31{i:08d}")
        for i in range(1, 6)
        for k in range(3)
    ]
    code, out = account_folder(tmp_path, None, entries, accounts)
    assert code == 0, out
    last = (
        LedgerEntry.objects.filter(account=OuterRef("pk"))
        .order_by("-jzrq", "-ywlsh")
        .values("balance")[:1]
    )
    rows = FundAccount.objects.annotate(last=Subquery(last)).values_list("grzhye", "last")
    assert len(rows) == 5
    assert all(grzhye == last for grzhye, last in rows)


def test_an_account_without_entries_must_have_a_zero_balance(tmp_path):
    C.write_csv(tmp_path, "persons.csv", [C.person()])
    C.write_csv(tmp_path, "accounts.csv", [C.account(grzhye="5.00")])
    code, out = C.run_import(tmp_path)
    assert "个人账户余额 5.00 与业务明细的累计余额 0.00 不一致" in out


def loan_folder(tmp_path, dkye, txns, **loan):
    C.write_csv(tmp_path, "persons.csv", [C.person()])
    C.write_csv(tmp_path, "loans.csv", [C.loan(dkye=dkye, **loan)])
    if txns:
        C.write_csv(tmp_path, "loan_txns.csv", txns)
    return C.run_import(tmp_path)


MANUAL_TXNS = [
    C.txn("D1", "01", ffje="1000.00", ywfsrq="2017-02-09", hkny=""),
    C.txn("D2", "02", bjje="1.63", lxje="2.75", ywfsrq="2017-02-09", hkny="201702"),
    *[
        C.txn(f"D{i + 3}", "03", bjje=b, ywfsrq="2017-02-09", hkny="201704", tqhkfs="01")
        for i, b in enumerate(["100.00", "44.00", "0.40", "99.00", "0.90", "754.00"])
    ],
    C.txn("D9", "03", bjje="0.07", ywfsrq="2017-02-09", hkny="201704", tqhkfs="03"),
]


def test_the_manuals_loan_repaid_in_full_is_settled(tmp_path):
    code, out = loan_folder(tmp_path, "0.00", MANUAL_TXNS)
    assert code == 0, out
    loan = LoanContract.objects.get()
    assert (loan.dkye, loan.dkzt) == (Decimal("0.00"), LoanState.SETTLED)
    assert LoanTxn.objects.count() == 9


def test_a_loan_balance_that_differs_from_its_transactions_is_rejected(tmp_path):
    code, out = loan_folder(tmp_path, "10.00", MANUAL_TXNS)
    assert code == 1
    assert (
        "文件 loans.csv 第 2 行 dkye 列：贷款余额 10.00 与贷款明细不符：放款 1,000.00 − "
        "已还本金 1,000.00 = 0.00" in out
    )
    assert "文件 loan_txns.csv 第 2 行 jkhtbh 列：借款合同 01201702090011 未通过贷款余额核对" in out
    assert LoanContract.objects.count() == 0 and LoanTxn.objects.count() == 0


def test_a_loan_not_disbursed_is_stored_as_not_disbursed(tmp_path):
    code, out = loan_folder(tmp_path, "", [], jkhtbh="01201702270009", dkffrq="")
    assert code == 0, out
    assert LoanContract.objects.get().dkzt == LoanState.NOT_DISBURSED


def test_loan_state_is_overdue_when_a_past_installment_is_not_repaid():
    facts = dict(dkffrq=dt.date(2025, 1, 9), dkye=Decimal("900"), dkqs=12, ydhkr=9, scyhny="")
    today = dt.date(2025, 4, 10)  # 202502, 202503, 202504 are due
    paid = {"202502", "202503", "202504"}
    assert loan_state(**facts, paid_months=paid, today=today) == LoanState.REPAYING
    assert loan_state(**facts, paid_months={"202502", "202504"}, today=today) == LoanState.OVERDUE
    # the installment due today is not late yet
    on_due_day = dt.date(2025, 4, 9)
    assert loan_state(**facts, paid_months={"202502", "202503"}, today=on_due_day) == "01"


def test_an_imported_loan_with_a_missed_month_is_overdue(tmp_path):
    txns = [
        C.txn("D1", "01", ffje="1000.00", ywfsrq="2017-02-09", hkny=""),
        C.txn("D2", "02", bjje="1.63", lxje="2.75", ywfsrq="2017-03-09", hkny="201703"),
    ]
    code, out = loan_folder(tmp_path, "998.37", txns)
    assert code == 0, out
    assert LoanContract.objects.get().dkzt == LoanState.OVERDUE  # 201704 onwards unpaid
