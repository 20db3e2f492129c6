"""One loan of a simulated person, month by month, into loans.csv and loan_txns.csv rows."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from gjj.loans import plan as engine
from gjj.loans import rates

from .plans import (
    LoanPlan,
    PersonCtx,
    dec,
    to_fen,
    ym,
)


class LoanSim:
    """A loan contract from disbursement to --today, written as loan_txns rows."""

    def __init__(self, gen, person: PersonCtx, lp: LoanPlan, amount_fen: int, jkhtbh: str):
        self.gen = gen
        self.person = person
        self.lp = lp
        self.jkhtbh = jkhtbh
        self.amount = dec(amount_fen)
        self.rate = rates.rate_for(rates.DEFAULT_RATES, lp.signed, lp.months)
        self.balance = Decimal("0.00")
        self.plan: list[engine.Installment] = []
        self.idx = 0
        self.seq = 0
        self.dkffrq: date | None = None
        self.dkzh = gen.next_dkzh(lp.signed)  # the loan account is opened with the contract
        self.ydhkr = 0
        self.scyhny = ""
        self.last_due: date | None = None
        self.settled = False
        self.paid: list[tuple[date, Decimal]] = []  # (date, total paid) for yearly withdrawals
        events = [(d, 0, pct, mode) for d, pct, mode in lp.cash_prepays]
        if lp.settle:
            events.append((lp.settle[0], 1, 0, lp.settle[1]))
        self.pending = sorted(events)
        self.changes = sorted(
            date(row.effective.year + 1, 1, 1)
            for row in rates.DEFAULT_RATES
            if lp.months > 12 and row.effective > lp.signed
        )
        person.loans.append(self)

    def _txn(self, day: date, kind: str, hkny="", ffje="", bjje="", lxje="", fxje="", tqhkfs=""):
        self.seq += 1
        self.gen.write_loan_txn(
            (
                f"{self.jkhtbh}{self.seq:04d}",
                self.jkhtbh,
                day.isoformat(),
                hkny,
                kind,
                ffje,
                bjje,
                lxje,
                fxje,
                tqhkfs,
            )
        )

    def disburse(self, day: date) -> None:
        self.dkffrq = day
        self.ydhkr = day.day
        y, m = engine.add_months(day.year, day.month, 1)
        self.scyhny = f"{y:04d}{m:02d}"
        self.balance = self.amount
        self.last_due = day
        self.plan = engine.build_plan(
            principal=self.amount,
            annual_rate=self.rate,
            months=self.lp.months,
            method=self.lp.method,
            first_due=(y, m),
            repay_day=self.ydhkr,
        )
        self._txn(day, "01", ffje=str(self.amount))
        self.person.notes.append((day, "loan", self.jkhtbh, self.amount))

    def _replan_for_rate(self, row: engine.Installment) -> engine.Installment:
        while self.changes and row.due_date >= self.changes[0]:
            self.changes.pop(0)
            rate = rates.rate_in_force_for_loan(
                rates.DEFAULT_RATES, self.lp.signed, self.lp.months, row.due_date
            )
            if rate != self.rate:
                self.rate = rate
                self.plan = engine.build_plan(
                    principal=self.balance,
                    annual_rate=rate,
                    months=len(self.plan) - self.idx,
                    method=self.lp.method,
                    first_due=(row.due_date.year, row.due_date.month),
                    repay_day=self.ydhkr,
                    start_period=row.period,
                )
                self.idx = 0
                row = self.plan[0]
        return row

    def advance_to(self, day: date) -> None:
        """Pay every installment due on or before `day` (正常还款 on its due date) and carry out
        the loan's own planned prepayments up to `day`, in date order."""
        while True:
            ev = self.pending[0] if self.pending and self.pending[0][0] <= day else None
            row = None
            if not self.settled and self.idx < len(self.plan):
                row = self.plan[self.idx]
                if row.due_date > day:
                    row = None
            if row is not None and (ev is None or row.due_date <= ev[0]):
                self._pay(row)
            elif ev is not None:
                self.pending.pop(0)
                self._planned(ev)
            else:
                break

    def _pay(self, row: engine.Installment) -> None:
        row = self._replan_for_rate(row)
        self._txn(
            row.due_date,
            "02",
            row.hkny,
            bjje=str(row.principal),
            lxje=str(row.interest),
            fxje="0.00",
        )
        self.balance -= row.principal
        self.last_due = row.due_date
        self.paid.append((row.due_date, row.total))
        self.idx += 1
        if self.balance == 0:
            self.settled = True
        if row.due_date >= self.gen.window_start:
            self.person.notes.append((row.due_date, "repay", self.jkhtbh, row.hkny, row.total))

    def _planned(self, ev: tuple) -> None:
        day, order, pct, mode = ev
        if self.settled:
            return
        if order == 1:
            self._prepay_now(day, self.balance, engine.SETTLE, "06" if mode == "06" else "03")
            return
        amount = dec(to_fen(self.balance) * pct // 100 // 10000 * 10000)
        if 0 < amount < self.balance:
            self._prepay_now(day, amount, mode)

    def prepay(self, day: date, principal: Decimal, mode: str, kind: str = "03") -> Decimal:
        """A prepayment (or 06 结清) on `day`; returns principal + interest paid."""
        self.advance_to(day)
        return self._prepay_now(day, principal, mode, kind)

    def _prepay_now(self, day: date, principal: Decimal, mode: str, kind: str = "03") -> Decimal:
        if self.settled or self.balance <= 0:
            return Decimal("0.00")
        if mode == engine.SETTLE or principal >= self.balance:
            principal, mode = self.balance, engine.SETTLE
        interest = engine.accrued_interest(principal, self.rate, self.last_due, day)
        self._txn(
            day,
            kind,
            ym(day),
            bjje=str(principal),
            lxje=str(interest),
            fxje="0.00",
            tqhkfs=mode if kind == "03" else "",
        )
        self.balance -= principal
        if self.balance == 0:
            self.settled = True
            self.plan, self.idx = [], 0
        else:
            nxt = self.plan[self.idx]
            self.plan = engine.replan_after_prepayment(
                balance=self.balance,
                annual_rate=self.rate,
                remaining_months=len(self.plan) - self.idx,
                method=self.lp.method,
                mode=mode,
                old_installment=nxt,
                first_due=(nxt.due_date.year, nxt.due_date.month),
                repay_day=self.ydhkr,
                start_period=nxt.period,
            )
            self.idx = 0
        self.paid.append((day, principal + interest))
        if day >= self.gen.window_start:
            self.person.notes.append((day, "repay", self.jkhtbh, ym(day), principal + interest))
        return principal + interest

    def paid_between(self, start: date, end: date) -> Decimal:
        return sum((t for d, t in self.paid if start <= d <= end), Decimal("0.00"))

    def finish(self, today: date) -> None:
        """Run the loan up to --today (an overdue loan misses its last two installments)."""
        if self.dkffrq is None:
            return
        stop = today
        if self.lp.status == "overdue":
            dues = []
            for k in range(4):
                y, m = engine.add_months(today.year, today.month, -k)
                due = engine.due_date(y, m, self.ydhkr)
                if self.dkffrq < due <= today:
                    dues.append(due)
            if len(dues) >= 2:
                stop = dues[1] - timedelta(days=1)
        self.advance_to(stop)

    def csv_row(self, today: date) -> tuple:
        lp = self.lp
        if self.dkffrq is None:
            dkll, dkye = self.rate, ""
        elif self.settled:
            dkll, dkye = self.rate, "0.00"
        else:
            dkll = rates.rate_in_force_for_loan(rates.DEFAULT_RATES, lp.signed, lp.months, today)
            dkye = str(self.balance)
        return (
            self.jkhtbh,
            self.dkzh,
            self.person.zjhm,
            str(self.amount),
            lp.months,
            str(dkll),
            lp.method,
            lp.bank,
            lp.signed.isoformat(),
            self.dkffrq.isoformat() if self.dkffrq else "",
            self.ydhkr or lp.signed.day,
            self.scyhny,
            dkye if self.dkffrq else "0.00",
        )
