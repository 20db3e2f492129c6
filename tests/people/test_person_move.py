"""`Person` moved from `identity` to `people` without touching its table: a database made by the
migrations before the move keeps every row and every foreign key when it migrates forward."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from gjj.core import pii

# The last migrations before the move (what `main` had when people/0001 was written).
BEFORE_MOVE = [
    ("core", "0002_initial"),
    ("identity", "0002_sms_code"),
    ("fund", "0002_initial"),
    ("loans", "0002_seed_rates"),
    ("applications", "0002_initial"),
    ("inbox", "0001_initial"),
    ("people", None),
]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    if targets is None:
        targets = executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def test_a_database_from_before_the_move_keeps_its_people_and_their_links():
    old = migrate(BEFORE_MOVE)
    User = old.get_model("identity", "User")
    Person = old.get_model("identity", "Person")
    ContentType = old.get_model("contenttypes", "ContentType")
    assert "identity_person" in connection.introspection.table_names()
    person_type = ContentType.objects.get(app_label="identity", model="person")

    user = User.objects.create(username="p-move-test", password="!")
    person = Person.objects.create(
        zjlx="01",
        zjhm_enc=pii.encrypt("110101198503150011"),
        zjhm_digest=pii.digest("110101198503150011"),
        xingming="张三",
        sjhm_digest=pii.digest("13800001234"),
        user=user,
    )
    account = old.get_model("fund", "FundAccount").objects.create(
        grzh="3100000021",
        person=person,
        dwzh="1001",
        dwmc="某单位",
        grzhzt="01",
        khrq=dt.date(2010, 1, 1),
        grjcjs=Decimal("5000.00"),
        dwjcbl=Decimal("12"),
        grjcbl=Decimal("12"),
        dwyjce=Decimal("600.00"),
        gryjce=Decimal("600.00"),
        grzhye=Decimal("15360.98"),
    )
    loan = old.get_model("loans", "LoanContract").objects.create(
        jkhtbh="01201702090020",
        dkzh="D1",
        person=person,
        htdkje=Decimal("300000.00"),
        dkqs=240,
        dkll=Decimal("3.25"),
        dkhkfs="01",
        swtyhmc="某银行",
        jkhtqdrq=dt.date(2017, 2, 9),
        ydhkr=20,
    )
    message = old.get_model("inbox", "Message").objects.create(
        xxid="M1", person=person, ywmc="测试", xxnr="内容", tsqd="网厅", tssj=timezone.now()
    )
    application = old.get_model("applications", "Application").objects.create(
        sqid="S1", person=person, ywlx="贷款", ywxx="申请", contract=loan, fqsj=timezone.now()
    )
    event = old.get_model("core", "AuditEvent").objects.create(
        action="login", outcome="ok", person=person, user=user
    )

    new = migrate(None)

    assert "identity_person" in connection.introspection.table_names()
    moved = new.get_model("people", "Person").objects.get(pk=person.pk)
    assert moved.xingming == "张三" and moved.user_id == user.pk
    assert pii.decrypt(moved.zjhm_enc) == "110101198503150011"
    assert moved.sjhm_digest == pii.digest("13800001234")
    # Every foreign key still finds the same person, through the ORM's joins too.
    assert new.get_model("fund", "FundAccount").objects.get(person__xingming="张三").pk == (
        account.pk
    )
    assert new.get_model("loans", "LoanContract").objects.get(person=moved).pk == loan.pk
    assert new.get_model("inbox", "Message").objects.get(person=moved).pk == message.pk
    assert new.get_model("applications", "Application").objects.get(person=moved).pk == (
        application.pk
    )
    assert new.get_model("core", "AuditEvent").objects.get(person=moved).pk == event.pk
    # The content type moved with the model: staff permissions and admin history stay attached.
    NewContentType = new.get_model("contenttypes", "ContentType")
    assert NewContentType.objects.get(app_label="people", model="person").pk == person_type.pk
    assert not NewContentType.objects.filter(app_label="identity", model="person").exists()
    # New rows get fresh keys from the same sequence.
    other = new.get_model("people", "Person").objects.create(
        zjlx="01", zjhm_enc="x", zjhm_digest="d2", xingming="李四"
    )
    assert other.pk > person.pk
