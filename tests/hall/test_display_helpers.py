import datetime as dt

import pytest

from gjj.hall.templatetags.hall import format_duration, relative_time, shorten

NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("ago", "text"),
    [
        (dt.timedelta(seconds=5), "刚刚"),
        (dt.timedelta(minutes=12), "12分钟前"),
        (dt.timedelta(hours=3, minutes=59), "3小时前"),
        (dt.timedelta(days=7, hours=2), "7天前"),
        (dt.timedelta(days=30), "30天前"),
    ],
)
def test_push_time_is_shown_relative(ago, text):
    assert relative_time(NOW - ago, NOW) == text


def test_push_times_older_than_a_month_show_the_date():
    assert relative_time(dt.datetime(2026, 1, 5, 2, 0, tzinfo=dt.UTC), NOW) == "2026-01-05"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (70, "1分10秒"),
        (4052, "1小时7分32秒"),
        (898, "14分58秒"),
        (5, "5秒"),
        (86405, "1天0小时0分5秒"),
    ],
)
def test_elapsed_time_reads_like_the_manual(seconds, text):
    assert format_duration(seconds) == text


def test_shorten_keeps_twenty_characters_and_adds_an_ellipsis():
    assert (
        shorten("一二三四五六七八九十一二三四五六七八九十一")
        == "一二三四五六七八九十一二三四五六七八九十…"
    )
    assert shorten("短消息") == "短消息"
