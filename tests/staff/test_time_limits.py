"""剩余时限 in the staff queue: each business's own time limit, counted in the center's working
days (Monday–Friday, or as the holiday calendar says)."""

from __future__ import annotations

import datetime as dt

import pytest

from gjj.loans.models import Holiday
from gjj.loans.selectors import holiday_calendar
from gjj.staff.selectors import add_working_days, working_days_between

pytestmark = pytest.mark.django_db

MON = dt.date(2026, 9, 28)  # the Monday before 国庆


def test_weekdays_without_a_calendar():
    assert add_working_days(MON, 3) == dt.date(2026, 10, 1)
    assert add_working_days(dt.date(2026, 10, 2), 1) == dt.date(2026, 10, 5)  # Fri → Mon
    assert working_days_between(MON, dt.date(2026, 10, 5)) == 5
    assert working_days_between(dt.date(2026, 10, 5), MON) == -5


def test_holidays_and_working_weekends_move_the_deadline():
    for day in range(1, 9):
        Holiday.objects.create(day=dt.date(2026, 10, day), kind=Holiday.Kind.OFF, name="国庆节")
    Holiday.objects.create(day=dt.date(2026, 10, 10), kind=Holiday.Kind.WORK, name="调休上班")
    calendar = holiday_calendar(MON, MON + dt.timedelta(days=60))
    # Mon 28, Tue 29, Wed 30 September; 1–8 October off; Fri 9, Sat 10 (调休上班), Mon 12.
    assert add_working_days(MON, 3, calendar) == dt.date(2026, 10, 9)
    assert add_working_days(MON, 4, calendar) == dt.date(2026, 10, 10)
    assert add_working_days(MON, 5, calendar) == dt.date(2026, 10, 12)
    assert working_days_between(dt.date(2026, 9, 30), dt.date(2026, 10, 12), calendar) == 3
