"""What schemathesis needs to know of the API: how to write an ``application/toml`` body.

Imported by ``tests/serve/test_openapi.py``, and by the run by hand against a server
(``docs/serve.md``): ``SCHEMATHESIS_HOOKS=tests.serve.schemathesis_hooks``.
"""

from __future__ import annotations

import schemathesis
from hypothesis import strategies as st

from velfaerd.serve._openapi import example

# A TOML body: the example document, or any text (mostly not TOML: load findings).
schemathesis.openapi.media_type(
    "application/toml",
    st.one_of(st.just(example().encode("utf-8")), st.text(max_size=200).map(str.encode)),
)


@schemathesis.serializer("application/toml")
def toml(context: schemathesis.SerializationContext, value: object) -> bytes:
    """A TOML body as it is sent: its bytes (the examples are the document's text)."""
    del context
    return value if isinstance(value, bytes) else str(value).encode("utf-8")
