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


def hall(request):
    user = getattr(request, "user", None)
    person = current_person(user) if user is not None else None
    return {
        "today_text": today_text(timezone.localdate()),
        "large_text": large_text_on(request),
        "sound_on": sound_on(request),
        "hall_person": person,
    }
