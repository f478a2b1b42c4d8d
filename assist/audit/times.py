"""Message times: whatever an export writes, as ISO 8601 in UTC, and the ISO week of it."""

from __future__ import annotations

from datetime import UTC, date, datetime

TWITTER = "%a %b %d %H:%M:%S %z %Y"
"""The twcs layout: 'Tue Oct 31 22:10:47 +0000 2017'."""


def iso_time(value: object) -> str | None:
    """`value` as 'YYYY-MM-DDTHH:MM:SSZ', '' when empty, None when it is not a time.

    Accepted: ISO 8601 text, the Twitter layout, epoch seconds, datetime objects (Parquet).
    A time without a zone is taken as UTC.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        quick = _twitter_utc(value)
        if quick is not None:
            return quick
    moment = _parsed(value)
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parsed(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value, UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    for parse in (datetime.fromisoformat, _twitter):
        try:
            return parse(text)
        except ValueError:
            continue
    return None


MONTHS = {
    name: number
    for number, name in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}


def _twitter_utc(text: str) -> str | None:
    """The Twitter layout in UTC without strptime (10x faster; archives have millions)."""
    parts = text.split(" ")
    if len(parts) != 6 or parts[4] != "+0000" or parts[1] not in MONTHS:
        return None
    _, month, day, clock, _, year = parts
    if not (day.isdigit() and year.isdigit() and len(year) == 4 and len(clock) == 8):
        return None
    iso = f"{year}-{MONTHS[month]:02d}-{int(day):02d}T{clock}Z"
    try:
        datetime.fromisoformat(iso)  # checks the day of the month and the clock
    except ValueError:
        return None
    return iso


def _twitter(text: str) -> datetime:
    return datetime.strptime(text, TWITTER)


def iso_week(time: str) -> str:
    """'2017-W44' for an ISO time from `iso_time`; 'unknown' for ''."""
    if not time:
        return "unknown"
    year, week, _ = date.fromisoformat(time[:10]).isocalendar()
    return f"{year}-W{week:02d}"
