"""Messages for the tests."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from gjj.inbox.models import Message

_seq = itertools.count(1)


def make_message(
    person,
    *,
    ywmc="汇补缴业务补缴复核",
    xxnr="尊敬的张三，您的201908至201908补缴的公积金已到账。",
    tsqd="网厅-单位版",
    ago=dt.timedelta(days=7),
    is_read=False,
    is_deleted=False,
) -> Message:
    now = timezone.now()
    return Message.objects.create(
        xxid=f"XX{next(_seq):08d}",
        person=person,
        ywmc=ywmc,
        xxnr=xxnr,
        tsqd=tsqd,
        tssj=now - ago,
        is_read=is_read,
        read_at=now if is_read else None,
        is_deleted=is_deleted,
        deleted_at=now if is_deleted else None,
    )


def make_messages(person, count: int, **kwargs) -> list[Message]:
    return [
        make_message(person, ago=dt.timedelta(hours=i + 1), ywmc=f"业务{i + 1:02d}", **kwargs)
        for i in range(count)
    ]
