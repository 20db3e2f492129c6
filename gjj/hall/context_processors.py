import datetime as dt

from django.utils import timezone

WEEKDAYS = "一二三四五六日"


def today_text(today: dt.date) -> str:
    """`2026年11月27日 星期五`."""
    return f"{today.year}年{today.month}月{today.day}日 星期{WEEKDAYS[today.weekday()]}"


def hall(request):
    return {
        "today_text": today_text(timezone.localdate()),
        "large_text": request.COOKIES.get("gjj_large") == "1",
    }
