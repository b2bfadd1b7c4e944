"""Approximate dates as Danish agreements write them, and the periods between them.

Agreements rarely name one day. They say *primo juni 2013*, *uge 8 2013*, *1. kvartal
2019* or *senest 1. maj 2013*. velfaerd reads each of these as a :class:`DateWindow`:
the first and the last day it may mean, both inclusive. An exact date is a window of
one day; a deadline (*senest*, *inden*) has no earliest day.

:func:`parse_window` reads these forms (case does not matter, runs of whitespace count
as one space, a trailing full stop is ignored, and ``i`` may precede every form). A
window keeps the text it was read from (:attr:`DateWindow.written`):

===================================  ==================================================
form                                 window
===================================  ==================================================
``5. december 2012``                 one day; also ``5 december 2012``,
                                     ``8.september 2017``, ``5. dec. 2012``,
                                     ``15.03.2021``, ``26-11-2012``, ``2012-11-26`` and
                                     ``d. 15.03.2021`` (*den*)
``juni 2013``                        the month
``februar-marts 2013``               the months (also ``februar - marts 2013`` and with
                                     an en dash)
``primo juni 2013``                  1st–10th; *medio* 11th–20th; *ultimo* 21st–last;
                                     *begyndelsen af*, *midten af* and *slutningen af*
                                     say the same
``ultimo 2019``                      of a year: *primo* January–April, *medio*
                                     May–August, *ultimo* September–December
``uge 8 2013``                       ISO 8601 week, Monday to Sunday (also ``uge 8,
                                     2013`` and ``uge 8 i 2013``); week 53 only where
                                     the year has one
``1. kvartal 2019``                  a quarter (also ``første``, ``andet``, ``tredje``,
                                     ``fjerde kvartal`` and ``kvartal af/i 2019``)
``1. halvår 2013``                   January–June; ``2.``/``andet halvår`` July–December
``2013``                             the year
``skoleåret 2013/2014``              a school year, 1 August to 31 July (also
                                     ``skoleåret 2014/15``, ``2014/15``, ``2013/2014``)
``foråret 2019``                     March–May; ``sommeren`` June–August; ``efteråret``
                                     September–November; ``vinteren 2019`` December
                                     2019–February 2020 (also ``forår``, ``sommer``, …)
``udgangen af september 2014``       the last day of what follows (one day)
``senest 1. maj 2013``               a deadline: no earliest day, and the latest day of
                                     what follows (also ``senest med``, ``til og med``
                                     and ``inden udgangen af``)
``inden juni 2013``                  a deadline on the day before what follows begins
                                     (also ``før``): 31 May 2013
``frem til skoleåret 2013/2014``     a deadline on the day before what follows begins,
                                     or on the day itself when it is one day (``frem
                                     til 30. september 2024``); also ``indtil``
``juni 2013 - august 2014``          from the first day of one form to the last day of
                                     another (also with ``–`` and ``fra … til …``); the
                                     year may be written once, at the end (``medio
                                     november - ultimo december 2024``, ``uge 8-10
                                     2013``, ``juni/juli 2022``)
``31/3 2019``                        one day (also ``31/3-2019``, ``pr. 31.03.2019``,
                                     ``mandag den 24. juni 2019`` with the weekday
                                     checked, ``1. marts 2023 kl. 14``)
``sommerferien 2022``                a school holiday as most schools have it (also
                                     ``efterårsferien``, ``vinterferien``,
                                     ``juleferien``, ``påskeferien``)
``efter sommerferien 2022``          the month that begins the day after what follows
===================================  ==================================================

``i løbet af`` may also precede every form; ``start 2022`` and ``starten af 2022`` are
*primo*; ``vinteren 2022/23`` is December 2022–February 2023 and ``skoleåret 23/24``
the school year 2023/2024.

A year is never guessed (``"1. januar"`` is an error), and years lie in 1000–9999.
Whatever cannot be read raises :class:`~velfaerd.errors.DateFormatError`, which quotes
the text and says why.

:func:`format_window` writes a window in the most specific of these forms, and reading
back what it wrote gives the same window:

>>> window = parse_window("I Begyndelsen af Marts 2014")
>>> window
DateWindow(earliest=datetime.date(2014, 3, 1), latest=datetime.date(2014, 3, 10))
>>> format_window(window)
'primo marts 2014'

A :class:`Period` (``"1 year"``, ``"3 måneder"``) is a span of calendar time, for
recurring milestones, review intervals and the duration of an agreement.
"""

# The package is private modules, and this file re-exports their public names:
# _calendar holds the month names and the days of a month (month ends); _text the bound
# on a date text and its normalizing; _window DateWindow (and its first_day) and writing
# it; _forms the grammar of one written form; _reading parse_window, the forms combined
# with deadlines, ranges and prefixes; _period Period and the one month-end-preserving shift;
# _relative RelativeDate. No ``from __future__ import annotations``:
# that would add a public name, ``annotations``, and the public names are exactly
# __all__.
import typing

from velfaerd.dates import _relative, _text
from velfaerd.dates._calendar import is_month_end, last_of_month
from velfaerd.dates._forms import _UnreadableError as _UnreadableError  # tests raise it
from velfaerd.dates._period import Period, parse_period, shift
from velfaerd.dates._period import _moved as _moved  # the benchmarks clear its cache
from velfaerd.dates._reading import parse_window
from velfaerd.dates._relative import RelativeDate, looks_relative, parse_relative
from velfaerd.dates._window import DateWindow, format_window

__all__ = [
    "END_ANCHORS",
    "MAX_DATE_LENGTH",
    "START_ANCHORS",
    "DateWindow",
    "Period",
    "RelativeDate",
    "format_window",
    "is_month_end",
    "last_of_month",
    "looks_relative",
    "parse_period",
    "parse_relative",
    "parse_window",
    "shift",
]

# Bound here rather than imported, so that the API page, which reads the comments of
# this module, describes them.

#: The longest text :func:`parse_window`, :func:`parse_period` and
#: :func:`parse_relative` read (the longest real date is a fifth of it). Every text is
#: measured before any pattern or conversion sees it.
MAX_DATE_LENGTH: typing.Final = _text.MAX_DATE_LENGTH

#: The anchors of a relative date that name the start of the agreement's own term
#: (:attr:`RelativeDate.anchor` is ``"start"`` for each).
START_ANCHORS: typing.Final = _relative.START_ANCHORS

#: The anchors of a relative date that name the end of the agreement's own term
#: (:attr:`RelativeDate.anchor` is ``"slut"`` for each).
END_ANCHORS: typing.Final = _relative.END_ANCHORS
