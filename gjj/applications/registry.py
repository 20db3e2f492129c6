"""The businesses taken online register here (in their AppConfig.ready), so that the generic
pages and the staff back office can re-run a business's rules without importing it.

Adding a business (e.g. 提前还款): a policy model + pure rules + a `Business` row seeded by a
migration + a form and its pages, then `register(BusinessHooks(code=..., checks=...))`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from gjj.applications.workflow import Check


@dataclass(frozen=True)
class BusinessHooks:
    code: str
    # The business's rules re-run on an application in progress (staff detail, 补正).
    checks: Callable[..., list[Check]]
    # Rows of (label, value) that describe an application on the staff and depositor pages.
    summary: Callable[..., list[tuple[str, str]]] = lambda application: []
    # The business's own columns of `applications_out.csv` and of the service API's outbox
    # (interchange/export.py names every column; a business fills only its own).
    export: Callable[..., dict[str, str]] = lambda application: {}
    # What the depositor's message says after "已办结，" when the core system booked it.
    done_text: str = "款项已转入您的银行卡，请查收。"


_HOOKS: dict[str, BusinessHooks] = {}


def register(hooks: BusinessHooks) -> None:
    _HOOKS[hooks.code] = hooks


def hooks_for(code: str) -> BusinessHooks | None:
    return _HOOKS.get(code)


def checks_for(application, *, today: dt.date) -> list[Check]:
    hooks = hooks_for(application.business)
    return hooks.checks(application, today=today) if hooks is not None else []


def summary_for(application) -> list[tuple[str, str]]:
    hooks = hooks_for(application.business)
    return hooks.summary(application) if hooks is not None else []


def done_text_for(application) -> str:
    hooks = hooks_for(application.business)
    return hooks.done_text if hooks is not None else "请查收。"


def export_for(application) -> dict[str, str]:
    hooks = hooks_for(application.business)
    return hooks.export(application) if hooks is not None else {}
