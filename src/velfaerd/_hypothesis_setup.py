"""Hypothesis' entry point: register velfaerd's strategies for ``st.from_type``.

Hypothesis calls :func:`_register` when it is imported, wherever velfaerd is installed,
so ``st.from_type(velfaerd.Agreement)`` draws valid agreements. The strategies are
imported here, not in ``velfaerd``, so that ``import velfaerd`` never imports
hypothesis.
"""

__all__: list[str] = []


def _register() -> None:
    from velfaerd.strategies import _register as register  # noqa: PLC0415 - on demand

    register()
