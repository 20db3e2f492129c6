import datetime as dt

from django.utils import timezone

from gjj.core.access import current_person

WEEKDAYS = "一二三四五六日"

LARGE_TEXT_COOKIE = "gjj_large"
SOUND_COOKIE = "gjj_sound"


def today_text(today: dt.date) -> str:
    """`2026年11月27日 星期五`."""
    return f"{today.year}年{today.month}月{today.day}日 星期{WEEKDAYS[today.weekday()]}"


def large_text_on(request) -> bool:
    return request.COOKIES.get(LARGE_TEXT_COOKIE) == "1"


def sound_on(request) -> bool:
    """The notification sound is on unless the person turned it off."""
    return request.COOKIES.get(SOUND_COOKIE) != "0"


LAST_LOGIN_KEY = "gjj_last_login"  # set at login by gjj.identity.security


def last_login_text(request) -> str:
    """`2026年11月26日 20:14` of the login before this one (from the session: no query)."""
    value = request.session.get(LAST_LOGIN_KEY) if hasattr(request, "session") else None
    if not value:
        return ""
    try:
        when = timezone.localtime(dt.datetime.fromisoformat(value))
    except ValueError:
        return ""
    return f"{when.year}年{when.month}月{when.day}日 {when:%H:%M}"


def layout_state(request) -> tuple:
    """What the layout shows from the request beside the person and the day: part of a kept
    page's key (gjj/core/kept.py)."""
    return (large_text_on(request), sound_on(request), last_login_text(request))


def hall(request):
    user = getattr(request, "user", None)
    person = current_person(user) if user is not None else None
    return {
        "last_login_text": last_login_text(request) if person is not None else "",
        "today_text": today_text(timezone.localdate()),
        "large_text": large_text_on(request),
        "sound_on": sound_on(request),
        "hall_person": person,
    }
