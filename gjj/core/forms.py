"""The query form of every history page: a date range read from GET parameters."""

from __future__ import annotations

import datetime as dt

from django import forms

DATE_FORMAT_MESSAGE = "请输入有效的日期，格式如 2017-01-01。"


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` earlier (29 February falls back to the 28th); the first
    day of the calendar when that is before year 1 (a typed 0001-01-05 must not fail)."""
    if day.year - years < dt.MINYEAR:
        return dt.date.min
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


class DateRangeForm(forms.Form):
    """查询日期 from–to. Unbound or empty fields take the page's defaults."""

    ksrq = forms.DateField(
        label="查询日期",
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "开始日期：" + DATE_FORMAT_MESSAGE},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    jsrq = forms.DateField(
        label="至",
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "结束日期：" + DATE_FORMAT_MESSAGE},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, data=None, *, default_start: dt.date, default_end: dt.date, max_years=10):
        self.default_start = default_start
        self.default_end = default_end
        self.max_years = max_years
        # Only our two fields count: other GET parameters (grzh, cursors) must not bind the form.
        bound = None
        if data is not None and ("ksrq" in data or "jsrq" in data):
            bound = {"ksrq": data.get("ksrq", ""), "jsrq": data.get("jsrq", "")}
        super().__init__(bound, initial={"ksrq": default_start, "jsrq": default_end})

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        start = cleaned.get("ksrq") or self.default_start
        end = cleaned.get("jsrq") or self.default_end
        if start > end:
            raise forms.ValidationError("开始日期不能晚于结束日期，请重新选择查询日期。")
        if self.max_years and start < years_before(end, self.max_years):
            raise forms.ValidationError(f"查询日期范围不能超过{self.max_years}年，请缩小查询范围。")
        cleaned["ksrq"], cleaned["jsrq"] = start, end
        return cleaned

    def date_range(self) -> tuple[dt.date, dt.date] | None:
        """(start, end) to query, or None when the input was refused (the errors say why)."""
        if not self.is_bound:
            return self.default_start, self.default_end
        if not self.is_valid():
            return None
        return self.cleaned_data["ksrq"], self.cleaned_data["jsrq"]
