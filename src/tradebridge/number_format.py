"""Numbers as people read them, one convention for every interface: money in full with
thousands separators or abbreviated (K, M, B, T), shares as percentages, growth rates signed."""

from __future__ import annotations

UNITS = ((1e3, "K"), (1e6, "M"), (1e9, "B"), (1e12, "T"))


def grouped(value: float) -> str:
    """Whole units with thousands separators, never ``-0``.

    >>> grouped(15018422259.4), grouped(-0.3)
    ('15,018,422,259', '0')
    """
    return f"{round(value) + 0:,.0f}"


def abbreviated(value: float) -> str:
    """Three significant figures and a unit: ``15018422259`` → ``15.0B``; under 1,000 whole.

    >>> abbreviated(15018422259), abbreviated(-7068737.5), abbreviated(999960), abbreviated(950)
    ('15.0B', '-7.07M', '1.00M', '950')
    """
    magnitude = abs(value)
    if magnitude < 1000:
        return grouped(value)
    sign = "-" if value < 0 else ""
    for size, unit in UNITS:
        scaled = magnitude / size
        digits = 2 if scaled < 9.995 else (1 if scaled < 99.95 else 0)
        if round(scaled, digits) < 1000 or unit == UNITS[-1][1]:
            break
    return f"{sign}{scaled:.{digits}f}{unit}"


def percent(share: float) -> str:
    """A share in [0, 1] as a percentage with one decimal; ``<0.1%`` rather than a false 0.0%.

    >>> percent(0.34939), percent(0.0002), percent(0.0)
    ('34.9%', '<0.1%', '0.0%')
    """
    return "<0.1%" if 0 < share < 0.0005 else f"{share:.1%}"


def signed_percent(rate: float) -> str:
    """A growth rate as a signed percentage.

    >>> signed_percent(0.0521), signed_percent(-0.031)
    ('+5.2%', '-3.1%')
    """
    return f"{rate:+.1%}"
