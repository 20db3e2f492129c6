"""PostgreSQL stops (or its connections are cut) while a depositor keeps working: a Chinese 503
page, never a 500 or a traceback; nothing half-written; the hall serves again by itself."""

from __future__ import annotations

import threading
import time

import pytest

from tests.faults.conftest import Browser, Hall, hall_env

pytestmark = pytest.mark.faults

PAGE = "/info/basic/"
OUTAGE_TEXT = "服务暂时不可用"


class Traffic(threading.Thread):
    """Opens PAGE every 0.2 s and keeps (time, status, outage page?) of every answer."""

    def __init__(self, browser: Browser):
        super().__init__(daemon=True)
        self.browser = browser
        self.seen: list[tuple[float, int, bool]] = []
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            try:
                status, text, _h, _e = self.browser.get(PAGE, timeout=15)
            except OSError:
                status, text = 0, ""
            self.seen.append((time.monotonic(), status, OUTAGE_TEXT in text))
            time.sleep(0.2)


def test_postgresql_restarts_mid_traffic(private_pg):
    env = hall_env(private_pg.url, GJJ_DB_CONNECT_TIMEOUT="2")
    zhangsan, _ = private_pg.persons
    hall = Hall(env).start()
    try:
        browser = Browser(hall.url)
        browser.login(zhangsan)
        deleter = Browser(hall.url)
        deleter.login(zhangsan)
        assert deleter.get("/messages/")[0] == 200  # the page's CSRF token after the login
        message_id = private_pg.sql("SELECT id FROM inbox_message LIMIT 1")
        traffic = Traffic(browser)
        traffic.start()
        time.sleep(2)

        stopped_at = time.monotonic()
        private_pg.stop("fast")
        time.sleep(1)
        # A deletion while the database is away: refused whole, with the same page.
        status, text, headers, elapsed = deleter.post(
            f"/messages/{message_id}/delete/", {"next": "/messages/"}
        )
        assert status == 503 and OUTAGE_TEXT in text, (status, text[-500:])
        assert headers["Retry-After"] == "30" and elapsed < 10
        time.sleep(3)
        restarted_at = time.monotonic()
        private_pg.start()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if traffic.seen and traffic.seen[-1][0] > restarted_at and traffic.seen[-1][1] == 200:
                break
            time.sleep(0.2)
        time.sleep(1)
        traffic.stop.set()
        traffic.join(timeout=20)
        # And the same deletion now goes through whole.
        assert deleter.get("/messages/")[0] == 200
        redo = deleter.post(f"/messages/{message_id}/delete/", {"next": "/messages/"})
    finally:
        hall.stop()
    before = [s for t, s, _ in traffic.seen if t < stopped_at]
    during = [(s, page) for t, s, page in traffic.seen if stopped_at + 0.5 < t < restarted_at]
    after = [s for t, s, _ in traffic.seen if t > restarted_at]
    assert before and set(before) == {200}
    assert during and all(s == 503 and page for s, page in during), during
    assert 500 not in {s for _, s, _ in traffic.seen}, hall.output()
    # Served again by itself (no restart of gunicorn), with the same session.
    assert after and after[-1] == 200
    recovered = next(t for t, s, _ in traffic.seen if t > restarted_at and s == 200)
    assert recovered - restarted_at < 15
    # Nothing half-written: the refused deletion wrote nothing (the retry below deleted it
    # once, with one audit row).
    assert redo[0] == 302
    deleted = f"SELECT is_deleted FROM inbox_message WHERE id={int(message_id)}"  # noqa: S608
    assert private_pg.sql(deleted) == "t"
    deletions = "SELECT count(*) FROM core_auditevent WHERE action='message_delete'"
    assert private_pg.sql(deletions) == "1"


def test_cut_connections_are_replaced_without_an_error(private_pg):
    env = hall_env(private_pg.url)
    zhangsan, _ = private_pg.persons
    hall = Hall(env).start()
    try:
        browser = Browser(hall.url)
        browser.login(zhangsan)
        for _ in range(4):  # both workers hold a persistent connection now
            assert browser.get(PAGE)[0] == 200
        cut = private_pg.sql(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = 'gjj_faults' AND pid <> pg_backend_pid()"
        )
        assert int(cut) >= 1
        statuses = [browser.get(PAGE)[0] for _ in range(6)]
    finally:
        hall.stop()
    assert statuses == [200] * 6, hall.output()
