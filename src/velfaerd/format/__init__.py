"""Reading and writing the TOML format: files, parsing, structuring, provenance, dumping.

Internal: the public names are re-exported by :mod:`velfaerd`.
"""
