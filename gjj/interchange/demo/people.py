"""Random people and their life plans: accounts, withdrawals and loans."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from gjj.core.idcard import check_char

from .names import (
    BANKS,
    CARD_PREFIXES,
    GIVEN_FEMALE,
    GIVEN_MALE,
    SURNAMES,
)
from .plans import AccountPlan, LoanPlan
from .regions import (
    REGION_CODES,
    REGION_WEIGHTS,
    REGIONS,
    avg_wage_fen,
    base_cap_fen,
    base_floor_fen,
    base_year,
)

PHONE_PREFIXES = tuple(
    [f"13{d}" for d in range(10)] + [f"15{d}" for d in "0123589"] + [f"18{d}" for d in range(10)]
)
# (单位, 个人) ratios in percent and their weights.
RATIOS = (
    (("12", "12"), 30),
    (("10", "10"), 20),
    (("8", "8"), 12),
    (("5", "5"), 12),
    (("12", "7"), 6),
    (("7", "7"), 8),
    (("6", "6"), 6),
    (("7.5", "7.5"), 3),
    (("11", "11"), 3),
)
TERMS = ((60, 8), (120, 12), (180, 15), (240, 25), (300, 15), (360, 25))
FIRST_OPENING = date(1999, 1, 1)
LOAN_RATES_FROM = date(2015, 9, 1)


@dataclass
class PersonInfo:
    zjhm: str
    name: str
    sex: str  # "1" 男 / "2" 女
    birth: date
    phone: str
    address: str


def id_number(region: str, birth: date, seq: int) -> str:
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_char(first17)


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def add_days(d: date, days: int) -> date:
    return d + timedelta(days=days)


def _weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.randrange(total)
    for value, w in pairs:
        x -= w
        if x < 0:
            return value
    raise AssertionError


def random_date(rng, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def address(rng, region: str) -> str:
    district, streets = REGIONS[region]
    prefix = "山东省滕州市" if region == "370481" else f"山东省枣庄市{district}"
    return (
        f"{prefix}{rng.choice(streets)}{rng.randint(1, 299)}号"
        f"{rng.randint(1, 30)}号楼{rng.randint(1, 4)}单元{rng.randint(1, 18)}0{rng.randint(1, 4)}室"
    )


def make_person(gen, birth: date, sex: str) -> PersonInfo:
    rng = gen.rng
    region = _weighted(rng, list(zip(REGION_CODES, REGION_WEIGHTS, strict=True)))
    while True:
        seq = rng.randrange(500) * 2 + (1 if sex == "1" else 0)  # odd 17th digit = 男
        zjhm = id_number(region, birth, seq)
        if zjhm not in gen.used_ids:
            gen.used_ids.add(zjhm)
            break
    surname = SURNAMES[min(int(rng.random() ** 2.2 * len(SURNAMES)), len(SURNAMES) - 1)]
    chars = GIVEN_MALE if sex == "1" else GIVEN_FEMALE
    given = rng.choice(chars) + (rng.choice(chars) if rng.randrange(10) < 7 else "")
    phone = ""
    if rng.randrange(100) >= 3:
        while True:
            phone = rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}"
            if phone not in gen.used_phones:
                gen.used_phones.add(phone)
                break
    return PersonInfo(zjhm, surname + given, sex, birth, phone, address(rng, region))


def card(rng) -> tuple[str, str]:
    i = rng.randrange(len(BANKS))
    number = CARD_PREFIXES[i] + "".join(str(rng.randrange(10)) for _ in range(13))
    return number, BANKS[i][1]


def initial_base(rng, opened: date) -> int:
    year = base_year(opened.year, opened.month)
    base = avg_wage_fen(year) * rng.randint(55, 180) // 100
    return min(max(base, base_floor_fen(year)), base_cap_fen(year))


def account_plan(gen, opened: date) -> AccountPlan:
    rng = gen.rng
    dw, gr = _weighted(rng, RATIOS)
    number, bank = card(rng)
    return AccountPlan(
        open=opened,
        employer=rng.choice(gen.employers),
        base_fen=initial_base(rng, opened),
        dw=dw,
        gr=gr,
        card=number,
        bank=bank,
        backpay_months=rng.choice((0, 0, 0, 0, 0, 0, 1, 2, 3, 6, 12)),
    )


def random_person(gen) -> tuple[PersonInfo, list[AccountPlan]]:
    rng, today = gen.rng, gen.today
    last_open = today - timedelta(days=45)
    span = (last_open - FIRST_OPENING).days
    opened = FIRST_OPENING + timedelta(days=int(span * rng.random() ** 1.35))
    sex = "1" if rng.randrange(100) < 54 else "2"
    age = min(rng.randint(20, 32) + rng.randint(0, 20) * rng.randint(0, 1), 52)
    birth = add_days(add_years(opened, -age), -rng.randint(0, 364))
    person = make_person(gen, birth, sex)
    retire = add_years(birth, 60 if sex == "1" else 55)

    accounts = [account_plan(gen, opened)]
    roll = rng.randrange(100)
    if roll < 14:  # an old account closed or moved away, then a new one
        end = add_days(opened, rng.randint(700, 3000))
        new_open = add_days(end, rng.randint(30, 540))
        if new_open < last_open and end < retire:
            if rng.randrange(3):
                accounts[0].end = ("close", end, rng.choice(("05", "99", "04")))
            else:
                accounts[0].end = ("transfer", end)
            accounts.append(account_plan(gen, new_open))
    elif roll < 19:
        end = add_days(opened, rng.randint(400, 4000))
        if end < today and end < retire:
            accounts[0].end = ("seal", end)
    elif roll < 22:
        end = add_days(opened, rng.randint(400, 4000))
        if end < today and end < retire:
            accounts[0].end = ("transfer", end)
    current = accounts[-1]
    if current.end is None and retire + timedelta(days=20) < today:
        current.end = ("close", add_days(retire, rng.randint(1, 20)), "03")

    until = current.end[1] if current.end else today
    _withdrawals(gen, current, until)
    if current.end is None or current.end[0] != "transfer":
        _maybe_loan(gen, current, until)
    return person, accounts


def _withdrawals(gen, ap: AccountPlan, until: date) -> None:
    rng = gen.rng
    years = range(ap.open.year + 1, until.year + 1)
    roll = rng.randrange(100)
    if roll < 10 and ap.open.year + 2 <= until.year:
        day = random_date(rng, add_years(ap.open, 2), until)
        ap.withdrawals.append((day, "01", "02", rng.randint(60, 95), 0))
    elif roll < 24:
        for year in years:
            if rng.randrange(3):
                ap.withdrawals.append(
                    (date(year, rng.randint(1, 12), rng.randint(1, 28)), "07", "02", 100, 0)
                )
    elif roll < 30:
        for year in years:
            if rng.randrange(2):
                fee = rng.randint(6, 24) * 100_00
                ap.withdrawals.append(
                    (date(year, rng.randint(3, 11), rng.randint(1, 28)), "10", "01", 0, fee)
                )


def _maybe_loan(gen, ap: AccountPlan, until: date) -> None:
    rng, today = gen.rng, gen.today
    if rng.randrange(100) >= 42:
        return
    earliest = max(add_days(ap.open, 400), LOAN_RATES_FROM)
    latest = min(until, today) - timedelta(days=70)
    if earliest >= latest:
        return
    kind = _weighted(
        rng,
        (
            ("active", 48),
            ("prepaid", 15),
            ("settled", 15),
            ("overdue", 6),
            ("undisbursed", 5),
            ("two", 6),
            ("approval", 5),
        ),
    )
    if kind == "approval":
        gen.approvals.append(today - timedelta(days=rng.randint(1, 25)))
        return
    if kind == "undisbursed":
        if until < today:
            return
        signed = today - timedelta(days=rng.randint(2, 40))
        ap.loans.append(_loan(gen, signed, status="undisbursed", steps=rng.choice((5, 6))))
        return
    if kind == "two":
        mid = earliest + (latest - earliest) / 2
        if (mid - earliest).days > 200:
            first = _loan(gen, random_date(rng, earliest, mid - timedelta(days=100)))
            first.settle = (
                random_date(rng, first.disburse + timedelta(days=100), mid),
                rng.choice(("03", "06")),
            )
            ap.loans.append(first)
            earliest = mid + timedelta(days=30)
            kind = "active"
    signed = random_date(rng, earliest, latest)
    lp = _loan(gen, signed)
    if kind == "overdue":
        if until < today:
            return
        lp.status = "overdue"
    elif kind == "prepaid":
        for _ in range(rng.randint(1, 2)):
            day = random_date(rng, lp.disburse + timedelta(days=60), today)
            lp.cash_prepays.append((day, rng.randint(10, 40), rng.choice(("01", "02"))))
    elif kind == "settled":
        if rng.randrange(3) == 0:
            lp.months = 60
        else:
            day = random_date(rng, lp.disburse + timedelta(days=90), today)
            lp.settle = (day, rng.choice(("03", "06")))
    ap.loans.append(lp)
    for loan in ap.loans:
        if loan.status == "undisbursed" or loan.settle:
            continue
        # 偿还购房贷款本息: yearly to the card, now and then straight to the loan (70).
        for year in range(loan.disburse.year + 1, min(until, today).year + 1):
            roll = rng.randrange(10)
            day = date(year, loan.disburse.month, min(loan.disburse.day, 28)) + timedelta(days=3)
            if roll < 4:
                ap.withdrawals.append((day, "06", "02", 0, 0))
            elif roll == 4:
                ap.withdrawals.append((day, "06", "99", 0, 0))


def _loan(gen, signed: date, status: str = "active", steps: int = 7) -> LoanPlan:
    rng = gen.rng
    return LoanPlan(
        signed=signed,
        months=_weighted(rng, TERMS),
        method="01" if rng.randrange(10) < 7 else "02",
        multiple_pct=rng.randint(1000, 2000),
        bank=rng.choice(BANKS)[0],
        status=status,
        disburse=None if status == "undisbursed" else signed + timedelta(days=rng.randint(5, 30)),
        steps_done=steps,
    )
