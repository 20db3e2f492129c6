"""Applications (我发起的) with their nodes for the tests."""

from __future__ import annotations

import datetime as dt
import itertools

from gjj.applications.models import Application, ApplicationStep

_seq = itertools.count(1)
START = dt.datetime(2017, 2, 27, 14, 4, 14, tzinfo=dt.UTC)

LOAN_NODES = ("任务发起人", "贷款受理初审", "贷款受理复审", "贷款受理终审")


def make_application(
    person,
    *,
    ywlx="个人贷款业务",
    ywxx="借款人贷款审批",
    fqsj=START,
    took=dt.timedelta(minutes=1, seconds=11),
    nodes=LOAN_NODES,
    done_nodes=None,
    finished=True,
) -> Application:
    """`done_nodes` nodes have a 办理时间 (all when finished); `took` is 发起 → 完成."""
    app = Application.objects.create(
        sqid=f"SQ{next(_seq):08d}",
        person=person,
        ywlx=ywlx,
        ywxx=ywxx,
        fqsj=fqsj,
        wcsj=fqsj + took if finished else None,
    )
    done = len(nodes) if done_nodes is None else done_nodes
    ApplicationStep.objects.bulk_create(
        [
            ApplicationStep(
                application=app,
                xh=i + 1,
                jdmc=name,
                blr=(person.xingming if i == 0 else "测试16") if i < done else "",
                spyj=("" if i == 0 else "同意") if i < done else "",
                blsj=fqsj + dt.timedelta(seconds=20 * i) if i < done else None,
            )
            for i, name in enumerate(nodes)
        ]
    )
    return app
