"""SMS gateways behind one small interface: `send(phone, text)`, raising SmsGatewayError on failure.

settings.SMS_BACKEND (from GJJ_SMS_BACKEND) chooses one:

- ``console``: prints the text (development; the phone is masked);
- ``file:PATH``: appends one JSON object a line ``{"phone", "text", "code", "sent_at"}``
  (automated acceptance tests read the code from there);
- a dotted path to a provider adapter class whose instances implement ``send(phone, text)``.
"""

from __future__ import annotations

import json
import re
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from gjj.core.masking import mask_phone

_CODE_RE = re.compile(r"(?<!\d)(\d{6})(?!\d)")


class SmsGatewayError(Exception):
    """The gateway did not accept the message; the caller shows a plain message and retries."""


class SmsBackend(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class ConsoleBackend:
    def send(self, phone: str, text: str) -> None:
        print(f"[SMS → {mask_phone(phone)}] {text}", file=sys.stdout, flush=True)


class FileBackend:
    _lock = threading.Lock()

    def __init__(self, path: str):
        self.path = Path(path)

    def send(self, phone: str, text: str) -> None:
        match = _CODE_RE.search(text)
        line = {
            "phone": phone,
            "text": text,
            "code": match.group(1) if match else None,
            "sent_at": timezone.now().isoformat(),
        }
        try:
            with self._lock, self.path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(line, ensure_ascii=False) + "\n")
        except OSError as exc:
            raise SmsGatewayError(str(exc)) from exc


def get_backend(spec: str | None = None) -> SmsBackend:
    spec = (spec if spec is not None else getattr(settings, "SMS_BACKEND", "console")) or "console"
    if spec == "console":
        return ConsoleBackend()
    if spec.startswith("file:"):
        return FileBackend(spec[len("file:") :])
    return import_string(spec)()


# Sends run on these threads so that a gateway which does not answer is given up after
# settings.SMS_GATEWAY_TIMEOUT; at most this many hung sends linger per process.
_senders = ThreadPoolExecutor(max_workers=8, thread_name_prefix="gjj-sms")


def send_sms(phone: str, text: str) -> None:
    """Send through the configured backend within SMS_GATEWAY_TIMEOUT seconds; any backend
    error, and a gateway that does not answer in time, becomes SmsGatewayError."""
    backend = get_backend()
    timeout = float(getattr(settings, "SMS_GATEWAY_TIMEOUT", 5))
    if timeout <= 0:  # no limit: the calling thread waits as long as the gateway takes
        try:
            backend.send(phone, text)
        except SmsGatewayError:
            raise
        except Exception as exc:  # a provider adapter may raise anything
            raise SmsGatewayError(type(exc).__name__) from exc
        return
    future = _senders.submit(backend.send, phone, text)
    try:
        future.result(timeout=timeout)
    except FutureTimeout as exc:
        future.cancel()
        raise SmsGatewayError(f"timeout after {timeout:g} s") from exc
    except SmsGatewayError:
        raise
    except Exception as exc:  # a provider adapter may raise anything
        raise SmsGatewayError(type(exc).__name__) from exc
