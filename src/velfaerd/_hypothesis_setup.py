"""Hypothesis' entry point: register velfaerd's strategies for ``st.from_type``.

Hypothesis calls :func:`_register` when it is imported, wherever velfaerd is installed,
so ``st.from_type(velfaerd.Agreement)`` draws valid agreements. The strategies are
resolved only when first asked for: hypothesis runs this hook while it is still being
imported (possibly by :mod:`velfaerd.strategies` itself), and ``import velfaerd``
never imports hypothesis.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from hypothesis.strategies import SearchStrategy

__all__: list[str] = []


def _deferred(cls: type) -> Callable[[type], SearchStrategy[Any]]:
    def resolve(_: type) -> SearchStrategy[Any]:
        from velfaerd.strategies import strategy_for  # noqa: PLC0415 - resolved late

        return strategy_for(cls)

    return resolve


def _types() -> tuple[type, ...]:
    """The classes registered: those of ``velfaerd.strategies.REGISTERED_TYPES``.

    Read from the model's table, as the strategies read it, rather than from the
    strategies, which would import hypothesis' strategies and all of velfaerd's while
    hypothesis is being imported (the model imports only attrs and velfaerd's dates).
    """
    from velfaerd import dates, model  # noqa: PLC0415 - only when hypothesis loads

    return (*model.STRUCTURE, dates.DateWindow, dates.Period)


def _register() -> None:
    from hypothesis import strategies as st  # noqa: PLC0415 - only when hypothesis loads

    for cls in _types():
        st.register_type_strategy(cls, _deferred(cls))
