"""The one list of the hall's pages, for the tests that must visit every one of them.

The header test (tests/core/test_response_headers.py) asserts each page's security and cache
headers, and the browser test (tests/browser/test_every_page.py) opens each HTML page in
Chromium and fails on any CSP violation or WCAG 2.1 A/AA violation (axe-core).

**Adding a page:** append a `Page` below — its URL (with `{message}`, `{application}` or
`{contract}` for the persona's objects made by `persona()`), who opens it, and `kind="download"`
for a file rather than an HTML page. Pages of a new area that need objects of their own: extend
`persona()` and add the placeholder.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

ANONYMOUS, PERSON, STAFF = "anonymous", "person", "staff"


@dataclass(frozen=True)
class Page:
    url: str
    who: str
    kind: str = "html"  # or "download"
    status: int = 200

    def path(self, objects: dict) -> str:
        return self.url.format(**objects)

    @property
    def personal(self) -> bool:
        """Shows a person's data (or staff data): never stored by any cache."""
        return self.who != ANONYMOUS


PAGES = [
    # Logged out.
    Page("/", ANONYMOUS),
    Page("/login/", ANONYMOUS),
    Page("/login/?next=/info/basic/", ANONYMOUS),
    Page("/register/", ANONYMOUS),
    Page("/forgot/", ANONYMOUS),
    Page("/notice/", ANONYMOUS),
    Page("/admin/login/", ANONYMOUS),
    Page("/no-such-page/", ANONYMOUS, status=404),
    Page("/calc/loan/", ANONYMOUS),
    Page("/calc/loan/?dkje=500000&qx=20&qxdw=y&ll=3.10&hkfs=01", ANONYMOUS),
    Page("/calc/prepay/", ANONYMOUS),
    Page("/calc/limit/", ANONYMOUS),
    Page("/verify/", ANONYMOUS),
    Page("/staff/login/", ANONYMOUS),
    # A depositor (张三 with an account, a loan, messages and an application).
    Page("/", PERSON),
    Page("/?tab=mine", PERSON),
    Page("/?tab=read", PERSON),
    Page("/guide/withdraw/", PERSON),
    Page("/guide/repay/", PERSON),
    Page("/guide/loan-apply/", PERSON),
    Page("/messages/", PERSON),
    Page("/messages/read/", PERSON),
    Page("/messages/{message}/", PERSON),
    Page("/messages/{message}/delete/", PERSON),
    Page("/applications/", PERSON),
    Page("/applications/{application}/", PERSON),
    Page("/info/basic/", PERSON),
    Page("/info/ledger/", PERSON),
    Page("/info/ledger/?start=2016-01-01&end=2025-12-31", PERSON),
    Page("/info/loan/", PERSON),
    Page("/info/loan/repayments/", PERSON),
    Page("/info/loan/plan/", PERSON),
    Page("/info/loan/plan/print/", PERSON),
    Page("/info/loan/plan/export/", PERSON, kind="download"),
    Page("/info/loan/progress/", PERSON),
    Page("/password/", PERSON),
    Page("/password/done/", PERSON),
    Page("/logout/", PERSON),
    Page("/notice/", PERSON),
    Page("/messages/999999/", PERSON, status=404),
    Page("/withdraw/", PERSON),
    Page("/loan-apply/", PERSON),
    Page("/loan-apply/fill/", PERSON),
    Page("/loan-apply/confirm/", PERSON),
    Page("/repay/prepay/", PERSON),
    Page("/repay/prepay/?tqhkfs=03", PERSON),
    Page("/repay/apply/?jkhtbh={contract}&tqhkfs=03", PERSON),
    Page("/repay/apply/?jkhtbh={contract}&tqhkfs=02&tqhkje=100&zjly=3&gjjchje=50", PERSON),
    Page("/certificates/", PERSON),
    Page("/info/statement/", PERSON),
    Page("/charts/fund/", PERSON),
    Page("/charts/loan/", PERSON),
    Page("/security/", PERSON),
    # The center's staff.
    Page("/admin/", STAFF),
    Page("/admin/people/person/", STAFF),
    Page("/admin/core/auditevent/", STAFF),
    Page("/admin/loans/holiday/", STAFF),
    Page("/staff/policy/", STAFF),
    Page("/staff/policy/loan/", STAFF),
    Page("/staff/policy/flow/withdrawal/", STAFF),
    Page("/staff/policy/flow/loan/", STAFF),
]


def persona(person) -> dict:
    """Give `person` something on every page; returns the values for the URL placeholders."""
    from django.utils import timezone

    from tests.applications.makers import make_application
    from tests.factories import make_account, make_loan
    from tests.inbox.makers import make_message

    make_account(
        person,
        entries=[
            (dt.date(2016, 7, 1), "08", "20000.00"),
            (dt.date(2024, 5, 24), "01", "1382.00"),
            (dt.date(2025, 5, 24), "01", "1382.00"),
        ],
    )
    loan = make_loan(
        person,
        txns=[dict(ywfsrq=dt.date(2017, 2, 9), dkywmxlx="01", ffje=Decimal("1000.00"))],
    )
    from tests.loanapps.makers import draft as loan_draft
    from tests.loanapps.makers import ensure_loan_defaults

    ensure_loan_defaults()
    loan_draft(person)  # 贷款申请's form and summary pages show it
    message = make_message(person)
    make_message(person, ywmc="提取业务办结", is_read=True)
    application = make_application(person, fqsj=timezone.now() - dt.timedelta(days=3))
    return {"message": message.pk, "application": application.pk, "contract": loan.jkhtbh}


def staff_persona(user) -> None:
    """The staff login of the page tests holds the 管理 role (the /staff/ pages need a role)."""
    from django.contrib.auth.models import Group

    from tests.loanapps.makers import ensure_loan_defaults

    ensure_loan_defaults()
    user.groups.add(Group.objects.get(name="管理"))


def pages(who: str | None = None, kind: str | None = None) -> list[Page]:
    return [p for p in PAGES if (who is None or p.who == who) and (kind is None or p.kind == kind)]
