"""Named personas: always present, first rows, fixed ID numbers; each exercises a case of the
2018 manual. `PERSONAS` is the table `demo_logins` and `make run` print.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from gjj.core.idcard import check_char

from .people import PersonInfo
from .plans import AccountPlan, Employer, LoanPlan


def _id(first17: str) -> str:
    return first17 + check_char(first17)


@dataclass(frozen=True)
class Persona:
    key: str
    name: str
    zjhm: str
    phone: str
    sex: str
    role: str  # 情形, in Chinese
    can_register: bool


PERSONAS: tuple[Persona, ...] = (
    Persona(
        "ceshiyi",
        "测试一",
        _id("37040219850315001"),
        "18762319858",
        "1",
        "旧账户提取销户(0.00)、新账户正常；两笔贷款：一笔正常还款(等额本息)、一笔已结清；"
        "消息与我发起的同手册第2章",
        True,
    ),
    Persona(
        "zhangruixia",
        "张瑞霞",
        _id("37040319880412002"),
        "18605323387",
        "2",
        "等额本息贷款(合同01201702090019，每月9日还款)，有提前还款",
        True,
    ),
    Persona(
        "wangjianguo",
        "王建国",
        _id("37048119790822003"),
        "13963207715",
        "1",
        "贷款已签合同未发放(合同01201702270009)，贷款审批进行中",
        True,
    ),
    Persona(
        "lixiuying",
        "李秀英",
        _id("37040419920605004"),
        "15806321468",
        "2",
        "正常缴存、无贷款，有租赁住房提取",
        True,
    ),
    Persona(
        "zhaoyongqiang",
        "赵永强",
        _id("37040519620118005"),
        "13606328872",
        "1",
        "账户均已销户(外部转出、退休提取销户)，不能注册",
        False,
    ),
    Persona(
        "sunlijuan",
        "孙丽娟",
        _id("37040519900218006"),
        "",
        "2",
        "中心未登记手机号码，不能在线注册(需到服务大厅登记)",
        False,
    ),
    Persona(
        "liuyang",
        "刘洋",
        _id("37040219870930007"),
        "18263290531",
        "1",
        "缴存比例 单位12%、个人7%(月缴1,151.00)，有购房提取",
        True,
    ),
    Persona(
        "chenjing",
        "陈静",
        _id("37040619930714008"),
        "15963217796",
        "2",
        "缴存比例 单位7.5%、个人7.5%",
        True,
    ),
)

ADDRESSES = {
    "ceshiyi": "山东省枣庄市市中区光明路88号3号楼2单元501室",
    "zhangruixia": "山东省枣庄市薛城区泰山南路16号8号楼1单元302室",
    "wangjianguo": "山东省滕州市善国路120号5号楼3单元1201室",
    "lixiuying": "山东省枣庄市峄城区坛山路45号2号楼1单元201室",
    "zhaoyongqiang": "山东省枣庄市台儿庄区运河大道9号1号楼1单元101室",
    "sunlijuan": "山东省枣庄市台儿庄区华兴路33号6号楼2单元402室",
    "liuyang": "山东省枣庄市市中区建设路210号10号楼1单元1502室",
    "chenjing": "山东省枣庄市山亭区府前路18号4号楼2单元601室",
}

EMPLOYERS = {
    "jixie": Employer("10000001", "枣庄市鲁南精密机械有限公司", 20),
    "shangmao": Employer("10000002", "枣庄市薛城区光明商贸有限公司", 25),
    "yiyuan": Employer("10000003", "枣庄市市中区人民医院", 10),
    "wuliu": Employer("10000004", "滕州市恒信物流有限公司", 15),
    "jiancai": Employer("10000005", "枣庄市峄城区泰和建材有限公司", 22),
    "meiye": Employer("10000006", "枣庄市运河煤业有限责任公司", 12),
}


def persona_plans(today: date) -> list[tuple[Persona, PersonInfo, list[AccountPlan]]]:
    """The personas' accounts and loans. Dates before 2025 are fixed; recent ones follow today."""
    recent = today - timedelta(days=12)
    out = []
    for p in PERSONAS:
        birth = date(int(p.zjhm[6:10]), int(p.zjhm[10:12]), int(p.zjhm[12:14]))
        info = PersonInfo(p.zjhm, p.name, p.sex, birth, p.phone, ADDRESSES[p.key])
        out.append((p, info, _accounts(p.key, today, recent)))
    return out


def _card(n: int) -> tuple[str, str]:
    return f"6222021606{n:09d}", "中国工商银行"


def _accounts(key: str, today: date, recent: date) -> list[AccountPlan]:
    E = EMPLOYERS
    if key == "ceshiyi":
        old = AccountPlan(
            date(2007, 6, 30),
            E["jixie"],
            3200_00,
            "12",
            "12",
            *_card(1),
            end=("close", date(2015, 3, 18), "05"),
            backpay_months=12,
            arrears_per_mille=0,
            grzh="3100000000",
        )
        new = AccountPlan(
            date(2015, 7, 1),
            E["shangmao"],
            1808_00,
            "10",
            "10",
            *_card(2),
            arrears_per_mille=0,
            grzh="3100000001",
        )
        new.withdrawals += [
            (date(2016, 12, 5), "01", "02", 60, 0),
            (date(2018, 2, 27), "06", "01", 0, 0),
            (date(2017, 2, 28), "10", "01", 0, 289),
            (date(2022, 4, 15), "06", "99", 0, 0),
            (date(2024, 4, 15), "06", "02", 0, 0),
        ]
        new.loans += [
            LoanPlan(
                date(2017, 2, 9),
                60,
                "02",
                0,
                "工行薛城支行",
                amount_fen=100_000_00,
                disburse=date(2017, 2, 20),
                settle=(date(2019, 11, 15), "03"),
                jkhtbh="01201702090011",
                app_seconds=898,
            ),
            LoanPlan(
                date(2021, 4, 12),
                240,
                "01",
                0,
                "工行薛城支行",
                amount_fen=300_000_00,
                disburse=date(2021, 4, 24),
                jkhtbh="01202104120003",
                app_seconds=70,
            ),
        ]
        return [old, new]
    if key == "zhangruixia":
        a = AccountPlan(
            date(2012, 3, 1),
            E["yiyuan"],
            4200_00,
            "12",
            "12",
            *_card(3),
            arrears_per_mille=0,
            grzh="3100000002",
        )
        a.loans.append(
            LoanPlan(
                date(2017, 2, 9),
                180,
                "01",
                0,
                "建行枣庄分行",
                amount_fen=120_000_00,
                disburse=date(2017, 3, 9),
                jkhtbh="01201702090019",
                cash_prepays=[(date(2020, 6, 15), 20, "02")],
            )
        )
        return [a]
    if key == "wangjianguo":
        a = AccountPlan(
            date(2009, 9, 1), E["wuliu"], 2400_00, "12", "12", *_card(4), grzh="3100000003"
        )
        a.loans.append(
            LoanPlan(
                recent,
                240,
                "01",
                0,
                "农行滕州支行",
                amount_fen=350_000_00,
                status="undisbursed",
                jkhtbh="01201702270009",
                steps_done=5,
            )
        )
        return [a]
    if key == "lixiuying":
        a = AccountPlan(
            date(2016, 7, 1), E["jiancai"], 2600_00, "8", "8", *_card(5), grzh="3100000004"
        )
        a.withdrawals += [(date(y, 3, 10), "07", "02", 100, 0) for y in range(2018, today.year)]
        return [a]
    if key == "zhaoyongqiang":
        old = AccountPlan(
            date(2001, 4, 1),
            E["meiye"],
            900_00,
            "8",
            "8",
            *_card(6),
            end=("transfer", date(2006, 8, 10)),
            grzh="3100000005",
        )
        new = AccountPlan(
            date(2008, 3, 1),
            E["jixie"],
            1600_00,
            "10",
            "10",
            *_card(7),
            end=("close", date(2022, 1, 25), "03"),
            grzh="3100000006",
        )
        return [old, new]
    if key == "sunlijuan":
        return [
            AccountPlan(
                date(2014, 5, 1), E["wuliu"], 3000_00, "5", "5", *_card(8), grzh="3100000007"
            )
        ]
    if key == "liuyang":
        a = AccountPlan(
            date(2016, 7, 1),
            E["yiyuan"],
            6057_89,
            "12",
            "7",
            *_card(9),
            arrears_per_mille=0,
            grzh="3100000008",
        )
        a.withdrawals.append((date(2017, 2, 24), "01", "01", 0, 14_100_00))
        return [a]
    if key == "chenjing":
        return [
            AccountPlan(
                date(2018, 9, 1),
                E["shangmao"],
                3500_00,
                "7.5",
                "7.5",
                *_card(10),
                grzh="3100000009",
            )
        ]
    raise KeyError(key)
