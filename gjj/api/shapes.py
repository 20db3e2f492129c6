"""Answers shared by the depositor API's reads and writes: an application and its nodes."""

from __future__ import annotations


def application_brief(application) -> dict:
    return {
        "sqid": application.sqid,
        "ywlx": application.ywlx,
        "ywxx": application.ywxx,
        "jkhtbh": None,
        "fqsj": application.fqsj,
        "wcsj": application.wcsj,
        "is_done": application.is_done,
    }


def flow_nodes(nodes) -> list[dict]:
    """applications.selectors.FlowNode rows as the API's Node."""
    return [
        {
            "xh": n.step.xh,
            "jdmc": n.step.jdmc,
            "blr": n.step.blr,
            "spyj": n.step.spyj,
            "blsj": n.step.blsj,
            "state": n.state,
        }
        for n in nodes
    ]
