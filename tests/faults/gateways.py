"""SMS gateways that misbehave, for the fault tests (GJJ_SMS_BACKEND=tests.faults.gateways.X)."""

from __future__ import annotations

import os
import time


class SlowGateway:
    """Answers after GJJ_FAULT_GATEWAY_SECONDS (default 10 s), as an overloaded provider would."""

    def send(self, phone: str, text: str) -> None:
        time.sleep(float(os.environ.get("GJJ_FAULT_GATEWAY_SECONDS", "10")))


class BrokenGateway:
    """Refuses every message, as a provider returning an error would."""

    def send(self, phone: str, text: str) -> None:
        raise ConnectionError("gateway answered 502")
