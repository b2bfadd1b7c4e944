"""Small documents the pictures' tests draw."""

from __future__ import annotations

from pathlib import Path

EXAMPLES = Path(__file__).parent.parent.parent / "examples"

#: Titles with every character a syntax reads: quotes, brackets, hashes, æøå, a newline.
AWKWARD = """\
[municipality]
name = "Århus Kommune"

[[actors]]
id = "byrådet"
name = "Byrådet"
kind = "council"

[[actors]]
id = "skole"
name = "Skolen \\"Søndervang\\""
kind = "institution"

[[approval_processes]]
id = "godkendelse"
steps = [
  { id = "indgået", name = "Aftalen er indgået" },
  { id = "godkendt", name = "Godkendt" },
]

[[agreements]]
id = "aftale med mellemrum"
title = "Aftale \\"A\\" <2024> & #1 {x} [y] ; \\\\ æøå"
kind = "cooperation"
parties = ["byrådet", "skole"]
start = 2024-01-01
end = 2025-12-31
approval_process = "godkendelse"
review_every = "none"

[[agreements.milestones]]
id = "møde 1"
title = "Møde \\"1\\" <b>fed</b> & #35; [x] (y) {z} | a --> b\\nny linje"
kind = "meeting"
due = 2024-05-09
responsible = "byrådet"
participants = ["skole", "ukendt-aktør"]

[[agreements.milestones]]
id = "indgået"
title = "Aftalen er indgået"
kind = "approval"
step = "indgået"
due = "primo januar 2024"

[[agreements.milestones]]
id = "godkendt"
title = "Godkendt"
kind = "approval"
step = "godkendt"
due = "senest 1. februar 2024"

[[agreements.milestones]]
id = "opfølgning"
title = "Opfølgning"
kind = "review"
due = 2024-03-04
every = "3 months"
depends_on = ["møde 1"]

[[agreements.milestones]]
id = "aflyst"
title = "Aflyst møde"
kind = "meeting"
due = "uge 10 2024"
status = "cancelled"
tentative = true

[[agreements.milestones]]
id = "udateret"
title = "Ikke dateret"
"""
