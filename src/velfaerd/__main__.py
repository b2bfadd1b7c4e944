"""``python -m velfaerd``: the same command line as the ``velfaerd`` script."""

from velfaerd.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
