"""What the rules' failing and fixed examples share: the two actors most of them need."""

__all__ = ["ACTORS"]

#: The city council and a school, as TOML: the parties of most examples.
ACTORS = """\
[[actors]]
id = "byraadet"
name = "Byrådet"
kind = "council"

[[actors]]
id = "auraskolen"
name = "Auraskolen"
kind = "institution"
"""
