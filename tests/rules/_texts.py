"""Small documents the rule tests share: an agreement to extend, actors, and checking them."""

from __future__ import annotations

import json

import velfaerd

AGREEMENT = """\
[[actors]]
id = "byraadet"
name = "Byrådet"
kind = "council"

[[actors]]
id = "skolen"
name = "Skolen"
kind = "institution"

[[agreements]]
id = "aftale"
title = "Samarbejdsaftale"
kind = "cooperation"
parties = ["byraadet", "skolen"]
review_every = "none"
"""


def load(text: str) -> velfaerd.Portfolio:
    return velfaerd.loads(text, source="aftale.toml")


def milestone(milestone_id: str, due: str, *extra: str) -> str:
    lines = [f'id = "{milestone_id}"', f'title = "{milestone_id}"', f"due = {due}", *extra]
    return "\n[[agreements.milestones]]\n" + "\n".join(lines) + "\n"


def _actors(*rows: tuple[str, list[str]]) -> str:
    return "".join(
        f'[[actors]]\nid = "{actor}"\nname = "{actor}"\nkind = "group"\n'
        f"members = {json.dumps(members)}\n"
        for actor, members in rows
    )


def check(text: str, **kwargs: object) -> velfaerd.Report:
    return velfaerd.check(velfaerd.loads(text, source="t.toml"), **kwargs)  # type: ignore[arg-type]


def only(report: velfaerd.Report, code: str) -> list[velfaerd.Finding]:
    assert report.codes() == {code}, [f"{f.code} {f.message}" for f in report.findings]
    return list(report.findings)
