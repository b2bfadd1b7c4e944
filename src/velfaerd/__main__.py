"""``python -m velfaerd``: the same command line as the ``velfaerd`` script."""

from velfaerd.cli import run

if __name__ == "__main__":
    run()
