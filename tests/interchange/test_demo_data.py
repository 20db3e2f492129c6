"""The demo population: deterministic, valid, consistent to the fen with the money engines."""

from __future__ import annotations

import csv
import hashlib
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from gjj.core.idcard import id_number_error
from gjj.core.money import round_fen
from gjj.fund.interest import DEPOSIT_RATES, accrued_interest_to, annual_interest
from gjj.interchange.demo import COLUMNS, PERSONAS, generate
from gjj.loans import plan as engine
from gjj.loans import rates

TODAY = date(2026, 11, 27)
REGIONS = {"370402", "370403", "370404", "370405", "370406", "370481"}
CHANNELS = {"柜面", "网厅-单位版", "网厅-个人版", "短信", "12329", "手机客户端", "微信"}


def read(folder: Path, name: str) -> list[dict]:
    with open(folder / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def digest(folder: Path) -> dict[str, str]:
    return {n: hashlib.sha256((folder / n).read_bytes()).hexdigest() for n in COLUMNS}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    generate(out, persons=400, seed=7, today=TODAY)
    return out


@pytest.fixture(scope="module")
def data(folder) -> dict[str, list[dict]]:
    return {name: read(folder, name) for name in COLUMNS}


def test_the_same_seed_writes_byte_identical_files_and_another_seed_does_not(tmp_path):
    generate(tmp_path / "a", persons=60, seed=3, today=TODAY)
    generate(tmp_path / "b", persons=60, seed=3, today=TODAY)
    generate(tmp_path / "c", persons=60, seed=4, today=TODAY)
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert digest(tmp_path / "a")["ledger.csv"] != digest(tmp_path / "c")["ledger.csv"]
    assert digest(tmp_path / "a")["persons.csv"] != digest(tmp_path / "c")["persons.csv"]


def test_every_file_has_the_interchange_columns(folder):
    for name, columns in COLUMNS.items():
        with open(folder / name, encoding="utf-8") as handle:
            assert tuple(handle.readline().strip().split(",")) == columns


def test_every_id_number_is_valid_with_region_sex_and_a_plausible_age(data):
    first_opening = {}
    for acc in data["accounts.csv"]:
        day = date.fromisoformat(acc["khrq"])
        first_opening[acc["zjhm"]] = min(first_opening.get(acc["zjhm"], day), day)
    ids = [p["zjhm"] for p in data["persons.csv"]]
    assert len(ids) == len(set(ids)) == 400
    for p in data["persons.csv"]:
        zjhm = p["zjhm"]
        assert id_number_error(zjhm) is None, zjhm
        assert zjhm[:6] in REGIONS
        assert p["xingbie"] == ("1" if int(zjhm[16]) % 2 else "2")
        birth = date(int(zjhm[6:10]), int(zjhm[10:12]), int(zjhm[12:14]))
        age = (first_opening[zjhm] - birth).days // 365.25
        assert 20 <= age <= 65, (zjhm, age)
        assert 2 <= len(p["xingming"]) <= 4
        assert p["sjhm"] == "" or (len(p["sjhm"]) == 11 and p["sjhm"][:2] in {"13", "15", "18"})
        assert "枣庄" in p["jtzz"] or "滕州" in p["jtzz"]
    phones = [p["sjhm"] for p in data["persons.csv"] if p["sjhm"]]
    assert len(phones) == len(set(phones))


def test_deposits_follow_base_times_ratio_rounded_to_the_fen(data):
    for acc in data["accounts.csv"]:
        base = Decimal(acc["grjcjs"])
        dw, gr = Decimal(acc["dwjcbl"]), Decimal(acc["grjcbl"])
        assert Decimal(5) <= dw <= Decimal(12) and Decimal(5) <= gr <= Decimal(12)
        assert Decimal(acc["dwyjce"]) == round_fen(base * dw / 100)
        assert Decimal(acc["gryjce"]) == round_fen(base * gr / 100)


def _ledger_by_account(data):
    by_account = defaultdict(list)
    for row in data["ledger.csv"]:
        by_account[row["grzh"]].append(row)
    for rows in by_account.values():
        rows.sort(key=lambda r: (r["jzrq"], r["ywlsh"]))
    return by_account


def test_every_balance_equals_the_sum_of_its_ledger(data):
    ledger = _ledger_by_account(data)
    for acc in data["accounts.csv"]:
        rows = ledger[acc["grzh"]]
        running = Decimal("0.00")
        for row in rows:
            running += Decimal(row["fse"])
            assert running >= 0, row
        assert running == Decimal(acc["grzhye"]), acc["grzh"]
        if acc["grzhzt"] in {"03", "04", "05"}:
            assert acc["grzhye"] == "0.00"
        for row in rows:
            if row["gjhtqywlx"] in {"11", "12", "70"}:
                assert row["tqyy"] and row["tqfs"], row


def test_june_30_interest_equals_the_engine_recomputed_from_the_ledger(data):
    ledger = _ledger_by_account(data)
    checked = 0
    for acc in data["accounts.csv"]:
        opening = Decimal("0.00")
        entries = []
        opened = date.fromisoformat(acc["khrq"])
        start = date(opened.year if opened.month >= 7 else opened.year - 1, 7, 1)
        for row in ledger[acc["grzh"]]:
            day, fse = date.fromisoformat(row["jzrq"]), Decimal(row["fse"])
            rate = None if start >= DEPOSIT_RATES[0][0] else Decimal("1.50")
            if row["gjhtqywlx"] == "09" and (day.month, day.day) == (6, 30):
                assert fse == Decimal(row["fslxe"])
                assert fse == annual_interest(opening, entries, day, rate=rate)
                opening = opening + sum((f for _, f in entries), Decimal(0)) + fse
                entries, start = [], date(day.year, 7, 1)
                checked += 1
            elif row["gjhtqywlx"] == "09":  # interest credited before a closing withdrawal
                assert fse == accrued_interest_to(opening, entries, start, day, rate=rate)
                entries.append((day, fse))
            else:
                entries.append((day, fse))
    assert checked > 1000


def _txns(data):
    by_loan = defaultdict(list)
    for row in data["loan_txns.csv"]:
        by_loan[row["jkhtbh"]].append(row)
    for rows in by_loan.values():
        rows.sort(key=lambda r: (r["ywfsrq"], r["ywlsh"]))
    return by_loan


def test_every_disbursed_loan_balance_is_disbursed_minus_principal_repaid(data):
    txns = _txns(data)
    settled = 0
    for loan in data["loans.csv"]:
        rows = txns[loan["jkhtbh"]]
        if not loan["dkffrq"]:
            assert rows == [] and loan["dkye"] == "0.00"
            continue
        assert rows[0]["dkywmxlx"] == "01" and rows[0]["ffje"] == loan["htdkje"]
        repaid = sum((Decimal(r["bjje"]) for r in rows[1:]), Decimal(0))
        assert Decimal(loan["htdkje"]) - repaid == Decimal(loan["dkye"])
        assert 100_000 <= Decimal(loan["htdkje"]) <= 800_000
        assert 60 <= int(loan["dkqs"]) <= 360
        settled += loan["dkye"] == "0.00"
    assert settled >= 5


def test_repayments_are_the_engine_installments_replayed_with_rate_changes_and_prepayments(data):
    txns = _txns(data)
    replayed = 0
    for loan in data["loans.csv"]:
        if not loan["dkffrq"]:
            continue
        signed = date.fromisoformat(loan["jkhtqdrq"])
        months, method = int(loan["dkqs"]), loan["dkhkfs"]
        rate = rates.rate_for(rates.DEFAULT_RATES, signed, months)
        day = int(loan["ydhkr"])
        scyhny = loan["scyhny"]
        balance = Decimal(loan["htdkje"])
        plan = engine.build_plan(
            principal=balance,
            annual_rate=rate,
            months=months,
            method=method,
            first_due=(int(scyhny[:4]), int(scyhny[4:])),
            repay_day=day,
        )
        i = 0
        last_due = date.fromisoformat(loan["dkffrq"])
        for t in txns[loan["jkhtbh"]][1:]:
            when = date.fromisoformat(t["ywfsrq"])
            if t["dkywmxlx"] == "02":
                row = plan[i]
                now = rates.rate_in_force_for_loan(rates.DEFAULT_RATES, signed, months, when)
                if now != rate:
                    rate = now
                    plan = engine.build_plan(
                        principal=balance,
                        annual_rate=rate,
                        months=len(plan) - i,
                        method=method,
                        first_due=(row.due_date.year, row.due_date.month),
                        repay_day=day,
                        start_period=row.period,
                    )
                    i, row = 0, plan[0]
                assert (t["hkny"], t["ywfsrq"]) == (row.hkny, row.due_date.isoformat())
                assert Decimal(t["bjje"]) == row.principal and Decimal(t["lxje"]) == row.interest
                balance -= row.principal
                last_due = row.due_date
                i += 1
                replayed += 1
            else:
                assert t["dkywmxlx"] in {"03", "06"}
                principal = Decimal(t["bjje"])
                assert Decimal(t["lxje"]) == engine.accrued_interest(
                    principal, rate, last_due, when
                )
                balance -= principal
                if balance == 0:
                    plan, i = [], 0
                    continue
                nxt = plan[i]
                plan = engine.replan_after_prepayment(
                    balance=balance,
                    annual_rate=rate,
                    remaining_months=len(plan) - i,
                    method=method,
                    mode=t["tqhkfs"],
                    old_installment=nxt,
                    first_due=(nxt.due_date.year, nxt.due_date.month),
                    repay_day=day,
                    start_period=nxt.period,
                )
                i = 0
        assert balance == Decimal(loan["dkye"])
        if loan["dkye"] != "0.00":  # the next installment is not yet due (or overdue)
            assert loan["dkll"] == str(
                rates.rate_in_force_for_loan(rates.DEFAULT_RATES, signed, months, TODAY)
            )
    assert replayed > 1000


def test_loan_kinds_and_applications_are_all_there(data):
    loans = {row["jkhtbh"]: row for row in data["loans.csv"]}
    apps = data["applications.csv"]
    steps = defaultdict(list)
    for s in data["application_steps.csv"]:
        steps[s["sqid"]].append(s)
    by_contract = {a["jkhtbh"]: a for a in apps if a["jkhtbh"]}
    for jkhtbh, loan in loans.items():
        app = by_contract[jkhtbh]
        nodes = steps[app["sqid"]]
        assert [n["jdmc"] for n in nodes] == [
            "申请受理",
            "初审",
            "复审",
            "终审",
            "签订合同",
            "抵押登记",
            "放款",
        ]
        if loan["dkffrq"]:
            assert app["wcsj"] and all(n["blsj"] for n in nodes)
            times = [n["blsj"] for n in nodes]
            assert times == sorted(times)
        else:
            assert not app["wcsj"] and not nodes[-1]["blsj"]
    in_approval = [a for a in apps if a["ywlx"] == "个人贷款业务" and not a["jkhtbh"]]
    assert in_approval and all(not a["wcsj"] for a in in_approval)
    kinds = {(a["ywlx"], a["ywxx"]) for a in apps}
    assert ("提取业务", "缴存人购买住房提取审批") in kinds
    assert ("汇补缴业务", "缴存人信息变更审批") in kinds
    methods = {loan["dkhkfs"] for loan in loans.values()}
    assert methods == {"01", "02"}
    assert any(t["dkywmxlx"] == "03" for t in data["loan_txns.csv"])
    ledger_kinds = {r["gjhtqywlx"] for r in data["ledger.csv"]}
    assert {"01", "02", "05", "07", "09", "11", "12", "70"} <= ledger_kinds
    reasons = {r["tqyy"] for r in data["ledger.csv"] if r["tqyy"]}
    assert {"01", "03", "06", "07", "10"} <= reasons
    assert {a["grzhzt"] for a in data["accounts.csv"]} >= {"01", "02", "04", "05"}


def test_messages_come_from_every_channel_in_the_last_months(data):
    msgs = data["messages.csv"]
    assert {m["tsqd"] for m in msgs} == CHANNELS
    assert all("2025-11-27" <= m["tssj"][:10] <= "2026-11-27" for m in msgs)
    recent = [m for m in msgs if m["tssj"][:10] >= "2026-07-30"]
    assert len(recent) > len(msgs) / 2
    texts = " ".join(m["xxnr"] for m in msgs)
    for phrase in (
        "补缴的公积金已到账",
        "缴存基数已由",
        "年度结息",
        "已汇缴到账",
        "已发放",
        "扣款成功",
        "提取",
    ):
        assert phrase in texts
    assert len({m["xxid"] for m in msgs}) == len(msgs)


def test_personas_come_first_with_their_cases(data):
    persons = data["persons.csv"]
    assert [p["zjhm"] for p in persons[: len(PERSONAS)]] == [p.zjhm for p in PERSONAS]
    by_id = {p.name: p.zjhm for p in PERSONAS}
    accounts = defaultdict(list)
    for a in data["accounts.csv"]:
        accounts[a["zjhm"]].append(a)
    loans = defaultdict(list)
    for loan in data["loans.csv"]:
        loans[loan["zjhm"]].append(loan)

    ceshiyi = by_id["测试一"]
    assert [(a["grzhzt"], a["grzhye"]) for a in accounts[ceshiyi]][0] == ("05", "0.00")
    assert accounts[ceshiyi][1]["grzhzt"] == "01"
    states = sorted(loan["dkye"] == "0.00" for loan in loans[ceshiyi])
    assert states == [False, True]
    assert {loan["dkhkfs"] for loan in loans[ceshiyi] if loan["dkye"] != "0.00"} == {"01"}
    msgs = [m for m in data["messages.csv"] if m["zjhm"] == ceshiyi]
    assert {m["tsqd"] for m in msgs} == CHANNELS
    assert any(m["xxnr"].endswith("补缴的公积金已到账。") for m in msgs)

    (zrx,) = loans[by_id["张瑞霞"]]
    assert (zrx["jkhtbh"], zrx["dkhkfs"], zrx["ydhkr"], zrx["scyhny"]) == (
        "01201702090019",
        "01",
        "9",
        "201704",
    )
    zrx_txns = [t for t in data["loan_txns.csv"] if t["jkhtbh"] == "01201702090019"]
    assert any(t["dkywmxlx"] == "03" for t in zrx_txns)

    (wjg,) = loans[by_id["王建国"]]
    assert (wjg["jkhtbh"], wjg["dkffrq"], wjg["dkye"]) == ("01201702270009", "", "0.00")
    assert loans[by_id["李秀英"]] == []
    assert all(a["grzhzt"] in {"03", "04", "05"} for a in accounts[by_id["赵永强"]])
    assert next(p for p in persons if p["zjhm"] == by_id["孙丽娟"])["sjhm"] == ""
    (ly,) = accounts[by_id["刘洋"]]
    assert (ly["dwjcbl"], ly["grjcbl"]) == ("12", "7")
    first = next(r for r in data["ledger.csv"] if r["grzh"] == ly["grzh"])
    assert first["fse"] == "1151.00"
    (cj,) = accounts[by_id["陈静"]]
    assert "7.5" in (cj["dwjcbl"], cj["grjcbl"])


def test_ceshiyi_base_messages_quote_his_current_base(data):
    ceshiyi = PERSONAS[0].zjhm
    base = [a["grjcjs"] for a in data["accounts.csv"] if a["zjhm"] == ceshiyi][-1]
    texts = [m["xxnr"] for m in data["messages.csv"] if m["zjhm"] == ceshiyi]
    assert f"尊敬的测试一缴存人，您的公积金缴存基数已由{base}变更为{base}" in texts


def test_the_demo_data_command_writes_the_folder_and_reports_rows(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command(
        "demo_data",
        "--out",
        str(tmp_path),
        "--persons",
        "20",
        "--seed",
        "2",
        "--today",
        "2026-11-27",
        stdout=out,
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(COLUMNS)
    assert "persons.csv" in out.getvalue() and "行/秒" in out.getvalue()
    assert len(read(tmp_path, "persons.csv")) == 20


def test_the_demo_data_command_refuses_a_bad_date(tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("demo_data", "--out", str(tmp_path), "--today", "2026-13-01")
    assert not (tmp_path / "persons.csv").exists()


def test_a_few_loans_missed_their_last_two_installments_and_the_rest_are_paid_up(data):
    txns = _txns(data)
    gaps = []
    for loan in data["loans.csv"]:
        if not loan["dkffrq"] or loan["dkye"] == "0.00":
            continue
        paid = [t["hkny"] for t in txns[loan["jkhtbh"]] if t["dkywmxlx"] == "02"]
        if not paid:
            continue
        due = engine.due_date(TODAY.year, TODAY.month, int(loan["ydhkr"]))
        y, m = (
            (TODAY.year, TODAY.month)
            if due <= TODAY
            else engine.add_months(TODAY.year, TODAY.month, -1)
        )
        last = max(paid)
        gaps.append((y * 12 + m) - (int(last[:4]) * 12 + int(last[4:])))
    assert set(gaps) <= {0, 2}
    assert 0 < gaps.count(2) < len(gaps) / 5
