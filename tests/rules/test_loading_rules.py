"""The registry's first load of the rules (``velfaerd.rules``), made from many threads.

Issue 14, item 1: the first checks, made at once from many threads, all run every rule.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

_SCRIPT = textwrap.dedent(
    """
    import importlib, threading, time

    real = importlib.import_module

    def slow(name, *args, **kwargs):
        # Widen the window in which a second thread could see a half-filled registry.
        if name == "velfaerd.rules._builtin":
            time.sleep(0.2)
        return real(name, *args, **kwargs)

    importlib.import_module = slow

    import velfaerd

    portfolio = velfaerd.loads(
        '[[agreements]]\\nid = "a"\\ntitle = "A"\\nkind = "cooperation"\\nparties = ["x"]\\n'
    )
    barrier = threading.Barrier(8)
    counts = []

    def work():
        barrier.wait()
        counts.append(len(velfaerd.check(portfolio).findings))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(sorted(counts))
    """
)


def test_eight_threads_checking_first_all_see_every_rule() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    counts = eval(result.stdout)  # noqa: S307 - a list of ints printed by the script above
    assert len(counts) == 8
    assert len(set(counts)) == 1
    assert counts[0] > 0
