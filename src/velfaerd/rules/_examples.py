"""What the rules' failing and fixed examples share: two actors, and their agreement."""

__all__ = ["ACTORS", "AGREEMENT", "YEARLY_REVIEW"]

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

#: The council's three-year agreement with the school, followed up every year: the
#: start of the review and indicator rules' examples.
AGREEMENT = (
    ACTORS
    + """
[[agreements]]
id = "aftale"
title = "Samarbejdsaftale mellem Byrådet og Auraskolen"
kind = "cooperation"
parties = ["byraadet", "auraskolen"]
start = 2021-03-15
duration = "3 years"
follow_up = "Årligt opfølgningsmøde med Børn & Familieudvalget."
"""
)

#: That agreement with its yearly review meeting, as the review rules' records and the
#: indicator rules' examples have it; their occurrences follow.
YEARLY_REVIEW = (
    AGREEMENT
    + """
[[agreements.milestones]]
id = "opfoelgning"
title = "Årligt møde om opfølgning på aftalen"
kind = "review"
due = "primo marts 2022"
every = "1 year"
"""
)
