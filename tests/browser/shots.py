"""Where browser tests save screenshots.

`make screenshots` (GJJ_UPDATE_SCREENSHOTS=1) writes them to docs/screenshots/, the pictures the
README shows; an ordinary test run writes them to var/screenshots/ so that `make test` leaves the
work tree clean (the captcha image differs on every run).
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOTS = str(
    ROOT / "docs" / "screenshots"
    if os.environ.get("GJJ_UPDATE_SCREENSHOTS") == "1"
    else ROOT / "var" / "screenshots"
)
Path(SHOTS).mkdir(parents=True, exist_ok=True)
