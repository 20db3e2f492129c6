"""The migrations describe the models exactly (a model change without its migration fails)."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_is_missing_its_migration():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def _index_fields(model) -> list[list[str]]:
    return [list(index.fields) for index in model._meta.indexes]


def test_the_pages_histories_have_their_indexes():
    from gjj.applications.models import Application
    from gjj.fund.models import LedgerEntry
    from gjj.inbox.models import Message
    from gjj.loans.models import LoanTxn

    # A depositor's ledger and a loan's transactions page by (date, key) within their parent.
    assert ["account", "jzrq", "ywlsh"] in _index_fields(LedgerEntry)
    assert ["contract", "ywfsrq", "ywlsh"] in _index_fields(LoanTxn)
    # Messages by person, state and time; applications by person and time.
    assert ["person", "is_deleted", "is_read", "-tssj"] in _index_fields(Message)
    assert ["person", "-fqsj"] in _index_fields(Application)
