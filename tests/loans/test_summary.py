"""The stored loan summaries are the engine's figures: compared with a fresh engine run for every
contract of a demo population, on several days, and renewed when a contract's figures change."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest

from gjj.core.codes import LoanState
from gjj.loans.models import LoanContract, LoanTxn
from gjj.loans.selectors import (
    contract_list,
    loan_position,
    loan_position_kept,
    loan_positions,
    loan_summaries,
    loan_summary,
)
from gjj.loans.summary import LoanSummary, with_stamps
from tests.factories import make_loan

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def population(tmp_path):
    from gjj.interchange.demo import generate
    from gjj.interchange.importer import Importer

    generate(tmp_path, persons=300, seed=5, today=TODAY)
    Importer(tmp_path, out=io.StringIO(), today=TODAY).run()
    contracts = list(LoanContract.objects.order_by("id"))
    assert len(contracts) > 50
    return contracts


def test_every_stored_summary_equals_a_fresh_engine_run(population, django_assert_num_queries):
    seen = set()
    for days in (0, 13, 45):  # the day the data was exported, and later days without new data
        today = TODAY + dt.timedelta(days=days)
        positions = loan_positions(population, today=today)
        engine = {pk: LoanSummary.from_position(p) for pk, p in positions.items()}
        stored = loan_summaries(population, today=today)  # computed and stored
        with django_assert_num_queries(1):  # the key's aggregate only: read back, no engine
            again = loan_summaries(population, today=today)
        assert stored == engine
        assert again == engine
        assert all(again[c.pk].contract is c for c in population)
        # The home page's path (the keys read with the contracts) finds the same entries.
        annotated = list(with_stamps(LoanContract.objects.order_by("id")))
        with django_assert_num_queries(0):
            assert loan_summaries(annotated, today=today) == engine
        seen |= {s.state for s in engine.values()}
    assert {LoanState.REPAYING, LoanState.OVERDUE, LoanState.SETTLED} <= seen


def test_every_kept_position_equals_a_fresh_engine_run(population, django_assert_num_queries):
    """The plan pages' kept positions (the whole unpaid plan) are the engine's, contract by
    contract, on the export day and a later one; read back with no query from the contracts as
    the pages load them, and their summaries are those the home page reads."""
    persons = {c.person_id: c.person for c in population}
    for days in (0, 45):
        today = TODAY + dt.timedelta(days=days)
        for person in persons.values():
            contracts = contract_list(person=person)
            for contract in contracts:
                fresh = loan_position(contract, today=today)
                first = loan_position_kept(contract, today=today)  # computed and kept
                with django_assert_num_queries(0):
                    again = loan_position_kept(contract, today=today)
                assert first == fresh
                assert again == fresh  # every plan row, the overdue rows, penalty, state
                assert again.contract is contract
            with django_assert_num_queries(0):
                summaries = loan_summaries(contracts, today=today)
            assert summaries == {
                c.pk: LoanSummary.from_position(loan_position(c, today=today)) for c in contracts
            }


def test_a_kept_position_is_renewed_by_a_new_transaction(zhangsan):
    loan = make_loan(
        zhangsan,
        htdkje=Decimal("100000.00"),
        dkye=Decimal("100000.00"),
        dkqs=120,
        txns=[dict(ywfsrq=dt.date(2017, 2, 9), dkywmxlx="01", ffje=Decimal("100000.00"))],
    )
    today = dt.date(2017, 4, 1)
    (kept,) = contract_list(person=zhangsan)
    assert len(loan_position_kept(kept, today=today).plan) == 120
    LoanTxn.objects.create(
        ywlsh="R3",
        contract=loan,
        ywfsrq=dt.date(2017, 3, 9),
        hkny="201703",
        dkywmxlx="02",
        bjje=Decimal("700.00"),
        lxje=Decimal("275.00"),
    )
    loan.dkye = Decimal("99300.00")
    loan.save()
    (again,) = contract_list(person=zhangsan)
    after = loan_position_kept(again, today=today)
    assert len(after.plan) == 119 and after.paid_periods == 1
    assert after == loan_position(again, today=today)


def test_a_new_repayment_renews_the_summary(zhangsan):
    loan = make_loan(
        zhangsan,
        htdkje=Decimal("100000.00"),
        dkye=Decimal("100000.00"),
        dkqs=120,
        txns=[dict(ywfsrq=dt.date(2017, 2, 9), dkywmxlx="01", ffje=Decimal("100000.00"))],
    )
    today = dt.date(2017, 4, 1)
    before = loan_summary(loan, today=today)
    assert before.state == LoanState.OVERDUE and before.paid_periods == 0
    LoanTxn.objects.create(
        ywlsh="R1",
        contract=loan,
        ywfsrq=dt.date(2017, 3, 9),
        hkny="201703",
        dkywmxlx="02",
        bjje=Decimal("700.00"),
        lxje=Decimal("275.00"),
    )
    loan.dkye = Decimal("99300.00")
    loan.save()
    after = loan_summary(loan, today=today)
    assert after.paid_periods == 1 and after.state == LoanState.REPAYING
    assert after == LoanSummary.from_position(loan_positions([loan], today=today)[loan.pk])


def test_a_transaction_alone_renews_the_summary(zhangsan):
    """Even when the contract row is not touched (an interest-only or penalty row)."""
    loan = make_loan(
        zhangsan,
        htdkje=Decimal("100000.00"),
        dkye=Decimal("100000.00"),
        dkqs=120,
        txns=[dict(ywfsrq=dt.date(2017, 2, 9), dkywmxlx="01", ffje=Decimal("100000.00"))],
    )
    today = dt.date(2017, 4, 1)
    assert loan_summary(loan, today=today).paid_periods == 0
    LoanTxn.objects.create(
        ywlsh="R2",
        contract=loan,
        ywfsrq=dt.date(2017, 3, 9),
        hkny="201703",
        dkywmxlx="03",
        lxje=Decimal("275.00"),
    )
    fresh = LoanSummary.from_position(loan_positions([loan], today=today)[loan.pk])
    assert loan_summary(loan, today=today) == fresh


def test_the_home_cards_read_the_same_stamps_and_latest_rows(population):
    """The home page's one-query cards (SQL over the models' names) give each loan the stamp
    `with_stamps` gives, and each loan and account its latest rows as the ORM reads them."""
    from gjj.fund.models import LedgerEntry
    from gjj.hall.selectors import LEDGER_ROWS, LOAN_ROWS, account_cards, loan_cards
    from gjj.loans.summary import STAMP_ATTR, stamp_columns

    names = [name for name, _ in stamp_columns()]
    assert all(name.startswith(STAMP_ATTR) for name in names)
    persons = {c.person_id: c.person for c in population}
    for person in list(persons.values())[:80]:
        cards = loan_cards(person=person, today=TODAY)
        listed = {c.pk: c for c in contract_list(person=person)}
        assert [c.pk for c in cards] == list(listed)
        for card in cards:
            assert [getattr(card, n) for n in names] == [getattr(listed[card.pk], n) for n in names]
            latest = list(card.txns.order_by("-ywfsrq", "-ywlsh")[:LOAN_ROWS])[::-1]
            assert [(line.day, line.amount) for line in card.lines] == [
                (t.ywfsrq, t.ffje if t.dkywmxlx == "01" else t.bjje + t.lxje + t.fxje)
                for t in latest
            ]
        for account in account_cards(person=person):
            rows = LedgerEntry.objects.filter(account=account).order_by("-jzrq", "-ywlsh")
            latest = list(rows[:LEDGER_ROWS])[::-1]
            assert [(line.label, line.amount, line.day) for line in account.lines] == [
                (e.get_gjhtqywlx_display(), abs(e.fse), e.jzrq) for e in latest
            ]
            assert all(isinstance(line.amount, Decimal) for line in account.lines)
