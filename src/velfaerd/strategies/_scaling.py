"""Example counts that scale with the hypothesis profile a suite runs under."""

from __future__ import annotations

from hypothesis import settings

__all__ = ["scaled"]

#: The examples per test hypothesis runs when no profile says otherwise (100).
_HYPOTHESIS_DEFAULT = settings.get_profile("default").max_examples


def scaled(
    examples: int, *, baseline: int = _HYPOTHESIS_DEFAULT, profile: settings | None = None
) -> settings:
    """Settings for ``examples`` examples under a profile of ``baseline`` per test.

    A cheap test deserves more examples than the profile's count, an expensive one
    fewer; under a profile that runs more (or fewer) examples per test than
    ``baseline``, the test runs proportionally more (or fewer), and never none. Use it
    as a decorator, like :class:`hypothesis.settings`:

    .. code-block:: python

        from hypothesis import given

        from velfaerd import DateWindow
        from velfaerd import strategies as vst


        @vst.scaled(100, baseline=25)  # 100 under a profile of 25, 4000 under one of 1000
        @given(vst.date_windows())
        def test_a_window_contains_its_latest_day(window: DateWindow) -> None:
            assert window.contains(window.latest)

    ``baseline`` is the count of the profile the suite usually runs under (by default
    hypothesis's own, 100). ``profile`` is the settings to scale, and to inherit every
    other setting from: by default, the profile loaded when the decorator runs, so load
    yours first (in ``conftest.py``).

    >>> from hypothesis import settings
    >>> long = settings(max_examples=1000, derandomize=True)
    >>> scaled(100, baseline=25, profile=long).max_examples
    4000
    >>> scaled(1, baseline=25, profile=settings(max_examples=5)).max_examples
    1
    >>> scaled(100, baseline=25, profile=long).derandomize
    True
    """
    current = settings() if profile is None else profile
    factor = current.max_examples / baseline
    return settings(current, max_examples=max(1, round(examples * factor)))
