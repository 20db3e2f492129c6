"""Sensible defaults the center edits in /staff/ (every change audited): the reasons offered
online and the review nodes of 提取业务."""

from django.db import migrations

NORMAL, SEALED = "01", "02"


def m(*names, optional=()):
    return [{"name": n, "required": True} for n in names] + [
        {"name": n, "required": False} for n in optional
    ]


POLICIES = [
    # code, label, tqyy, ledger type, online, states, materials, cap month, cap year,
    # interval days, closes, auto, needs loan
    ("01", "购买住房", "01", "11", True, [NORMAL, SEALED],
     m("购房合同或不动产权证书", "购房发票或契税完税凭证"), None, None, 365, False, False, False),
    ("02", "建造、翻修、大修住房", "02", "11", True, [NORMAL, SEALED],
     m("建房、翻修或大修的审批文件", "工程费用发票"), None, None, 365, False, False, False),
    ("03", "离休、退休", "03", "12", True, [NORMAL, SEALED],
     m("离休、退休证明或养老金领取证明"), None, None, 0, True, False, False),
    ("04", "完全丧失劳动能力并与单位终止劳动关系", "04", "12", True, [NORMAL, SEALED],
     m("劳动能力鉴定结论", "与单位终止劳动关系的证明"), None, None, 0, True, False, False),
    ("05", "户口迁出所在市县或出境定居", "05", "12", True, [NORMAL, SEALED],
     m("户口迁出证明或出境定居证明"), None, None, 0, True, False, False),
    ("06", "偿还购房贷款本息", "06", "11", True, [NORMAL],
     m("借款合同", "贷款银行出具的还款明细"), None, None, 365, False, False, False),
    ("07", "租赁住房", "07", "11", True, [NORMAL],
     m(optional=("房屋租赁合同或租赁备案证明",)), "1800.00", None, 0, False, True, False),
    ("08", "死亡或被宣告死亡", "08", "12", False, [NORMAL, SEALED],
     m("死亡证明或宣告死亡的判决书", "继承权公证书"), None, None, 0, True, False, False),
    ("09", "大病医疗", "09", "11", True, [NORMAL, SEALED],
     m("二级以上医院的诊断证明", "医疗费用发票"), None, None, 0, False, False, False),
    ("10", "物业管理费", "10", "11", True, [NORMAL],
     m("物业服务合同", "物业费缴费发票"), None, "3600.00", 365, False, False, False),
    ("70", "公积金提取还款", "06", "70", True, [NORMAL],
     [], None, None, 0, False, True, True),
    ("99", "其他", "99", "11", False, [NORMAL], m("相关证明材料"), None, None, 0, False, False,
     False),
]

NODES = [
    {"name": "受理", "role": "受理"},
    {"name": "初审", "role": "初审"},
    {"name": "复审", "role": "复审", "above": "50000.00"},
]


def seed(apps, schema_editor):
    Policy = apps.get_model("withdrawals", "WithdrawalPolicy")
    Business = apps.get_model("applications", "Business")
    Group = apps.get_model("auth", "Group")
    for i, row in enumerate(POLICIES):
        (code, label, tqyy, kind, online, states, materials, cap_m, cap_y, days, closes, auto,
         loan) = row
        Policy.objects.update_or_create(
            code=code,
            defaults=dict(
                label=label, tqyy=tqyy, ledger_type=kind, online=online, account_states=states,
                materials=materials, cap_month=cap_m, cap_year=cap_y, min_interval_days=days,
                closes_account=closes, auto_approve=auto, needs_loan=loan, sort=i,
            ),
        )
    Business.objects.update_or_create(
        code="withdrawal", defaults=dict(ywlx="提取业务", nodes=NODES, time_limit_days=3)
    )
    for name in ("受理", "初审", "复审", "管理"):
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("withdrawals", "0001_initial"),
        ("applications", "0004_hall_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
