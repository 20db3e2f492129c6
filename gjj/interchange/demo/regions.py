"""Regions of 枣庄 and the city's deposit-base floor and cap by year (demo configuration)."""

from __future__ import annotations

# 行政区划代码 -> (district name, streets)
REGIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "370402": ("市中区", ("光明路", "建设路", "文化路", "青檀路", "解放路", "振兴路", "龙头路")),
    "370403": ("薛城区", ("泰山南路", "黄河路", "长江路", "珠江路", "燕山路", "常庄街")),
    "370404": ("峄城区", ("坛山路", "榴园路", "承水路", "峨山路", "北环路")),
    "370405": ("台儿庄区", ("运河大道", "华兴路", "金光路", "箭道街", "文化路")),
    "370406": ("山亭区", ("府前路", "翼云路", "汉诺路", "抱犊崮路")),
    "370481": ("滕州市", ("善国路", "荆河路", "北辛路", "平行路", "学院路", "龙泉路")),
}
REGION_CODES = tuple(REGIONS)
# Rough population weights of the districts, in REGION_CODES order.
REGION_WEIGHTS = (22, 18, 12, 9, 9, 30)

# 枣庄 average monthly wage of the previous year and the minimum wage, in yuan, by the year
# whose July starts the base year (illustrative figures: the real ones are configuration).
_AVG_WAGE = {
    1999: 560,
    2000: 600,
    2001: 650,
    2002: 720,
    2003: 800,
    2004: 900,
    2005: 1000,
    2006: 1150,
    2007: 1300,
    2008: 1500,
    2009: 1700,
    2010: 1900,
    2011: 2150,
    2012: 2450,
    2013: 2800,
    2014: 3100,
    2015: 3400,
    2016: 3650,
    2017: 3900,
    2018: 4200,
    2019: 4500,
    2020: 4800,
    2021: 5100,
    2022: 5400,
    2023: 5700,
    2024: 6000,
    2025: 6300,
    2026: 6600,
}
_MIN_WAGE = {
    1999: 250,
    2000: 270,
    2001: 290,
    2002: 320,
    2003: 340,
    2004: 380,
    2005: 420,
    2006: 480,
    2007: 540,
    2008: 620,
    2009: 620,
    2010: 760,
    2011: 950,
    2012: 1100,
    2013: 1240,
    2014: 1350,
    2015: 1450,
    2016: 1450,
    2017: 1610,
    2018: 1730,
    2019: 1730,
    2020: 1730,
    2021: 1900,
    2022: 1900,
    2023: 1900,
    2024: 1900,
    2025: 2010,
    2026: 2010,
}


def base_year(year: int, month: int) -> int:
    """The base year (July–June) a month belongs to, named by its July's year."""
    return year if month >= 7 else year - 1


def _clip_year(year: int) -> int:
    return min(max(year, min(_AVG_WAGE)), max(_AVG_WAGE))


def avg_wage_fen(year: int) -> int:
    return _AVG_WAGE[_clip_year(year)] * 100


def base_floor_fen(year: int) -> int:
    """缴存基数下限: the minimum wage."""
    return _MIN_WAGE[_clip_year(year)] * 100


def base_cap_fen(year: int) -> int:
    """缴存基数上限: 3 × the average monthly wage of the previous year."""
    return 3 * avg_wage_fen(year)
