import re
from pathlib import Path

STATIC = Path(__file__).resolve().parents[2] / "static"


def test_large_text_mode_means_at_least_18px_text_and_44px_controls():
    css = (STATIC / "css" / "hall.css").read_text(encoding="utf-8")
    rule = re.search(r"body\.large-text\s*{([^}]*)}", css).group(1)
    assert int(re.search(r"--font-size:\s*(\d+)px", rule).group(1)) >= 18
    assert int(re.search(r"--control-height:\s*(\d+)px", rule).group(1)) >= 44


def test_focus_is_always_visible():
    css = (STATIC / "css" / "hall.css").read_text(encoding="utf-8")
    assert re.search(r":focus-visible\s*{\s*outline:\s*3px solid", css)
    assert "outline: none" not in css.replace(".site-main:focus { outline: none; }", "")


def test_print_hides_navigation_and_controls():
    css = (STATIC / "css" / "print.css").read_text(encoding="utf-8")
    hidden = css.split("{", 1)[0]
    for selector in (
        ".site-header",
        ".main-nav",
        ".breadcrumb",
        ".site-footer",
        ".btn",
        ".pager__links",
    ):
        assert selector in hidden


def test_print_keeps_the_pagers_summary():
    css = (STATIC / "css" / "print.css").read_text(encoding="utf-8")
    assert re.search(r"nav\.pager\s*{\s*display:\s*block !important;", css)


def test_templates_carry_no_inline_style_sheets():
    templates = Path(__file__).resolve().parents[2] / "templates"
    inline = [p.name for p in templates.rglob("*.html") if "<style" in p.read_text("utf-8")]
    assert inline == []
    css = (STATIC / "css" / "hall.css").read_text(encoding="utf-8")
    assert ".query-form {" in css and ".tag--overdue {" in css and ".row--overdue {" in css
