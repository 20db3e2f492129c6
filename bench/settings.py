"""Settings for the HTTP benchmark only (bench/ratios.py): the product's settings plus the bare
reference view's URL and template. Never used by the hall itself; gjj.urls does not know the view.
"""

from gjj.settings import *  # noqa: F403
from gjj.settings import BASE_DIR, TEMPLATES, env_str

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
# collectstatic writes the manifest here (the production storage needs one).
STATIC_ROOT = env_str("GJJ_BENCH_STATIC_ROOT", str(BASE_DIR / "var" / "bench-static"))
