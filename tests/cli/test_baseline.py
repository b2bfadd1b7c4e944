"""``velfaerd check --write-baseline`` and ``--baseline``: adopt velfaerd on old documents."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from tests._cli import check

EXAMPLES = Path(__file__).parents[2] / "examples"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the examples, with their 3 errors and 6 warnings."""
    folder = tmp_path / "aftaler"
    folder.mkdir()
    for source in EXAMPLES.glob("*.toml"):
        shutil.copy(source, folder / source.name)
    return folder


def _break_one_reference(tree: Path) -> None:
    varde = tree / "varde-partnerskab.toml"
    text = varde.read_text(encoding="utf-8")
    varde.write_text(
        text.replace('responsible = "varde-arbejdsgruppen"', 'responsible = "ingen-kender-mig"', 1),
        encoding="utf-8",
    )


def test_adopt_on_the_examples_then_one_new_error_is_the_one_finding(
    tree: Path, tmp_path: Path
) -> None:
    baseline = tmp_path / "velfaerd-baseline.json"
    code, out, err = check(str(tree), "--no-cache", "--write-baseline", str(baseline))
    assert code == 0
    assert "Wrote 9 findings to the baseline" in err
    assert out.endswith("All checks passed. 9 known findings not shown (baseline).\n")
    written = baseline.read_text(encoding="utf-8")
    data = json.loads(written)
    assert list(data) == ["velfaerd-baseline", "fingerprint-version", "findings"]
    entries = data["findings"]
    assert len(entries) == 9
    assert entries == sorted(entries, key=lambda e: (e["code"], e["subject"], e["fingerprint"]))
    assert {"code": "AGR002", "subject": "skb-udviklingsaftale-2019"}.items() <= entries[0].items()

    # Nothing changed: nothing to show, and the file is written the same again.
    assert check(str(tree), "--no-cache", "--baseline", str(baseline))[0] == 0
    check(str(tree), "--no-cache", "--write-baseline", str(baseline))
    assert baseline.read_text(encoding="utf-8") == written

    _break_one_reference(tree)
    code, out, _ = check(
        str(tree), "--no-cache", "--baseline", str(baseline), "--output-format", "json"
    )
    assert code == 1
    report = json.loads(out)
    assert [f["code"] for f in report["findings"]] == ["REF002"]
    assert report["summary"]["known"] == 9
    code, out, _ = check(str(tree), "--no-cache", "--baseline", str(baseline), "--lang", "da")
    assert code == 1
    assert out.count("REF002") == 1
    assert "9 kendte fund vises ikke (de står i baselinen)." in out


def test_the_cache_keeps_every_finding_and_the_baseline_is_applied_after_it(
    tree: Path, tmp_path: Path
) -> None:
    baseline = tmp_path / "b.json"
    cache = str(tmp_path / "cache")
    check(str(tree), "--cache-dir", cache, "--write-baseline", str(baseline))
    assert check(str(tree), "--cache-dir", cache, "--baseline", str(baseline))[0] == 0
    assert check(str(tree), "--cache-dir", cache)[0] == 1  # the same run, found: all shown
    baseline.write_text(json.dumps({**json.loads(baseline.read_text()), "findings": []}))
    assert check(str(tree), "--cache-dir", cache, "--baseline", str(baseline))[0] == 1


def test_an_entry_no_longer_matched_is_said_with_v_and_pruned_by_writing_again(
    tree: Path, tmp_path: Path
) -> None:
    baseline = tmp_path / "b.json"
    check(str(tree), "--no-cache", "--write-baseline", str(baseline))
    skanderborg = tree / "skanderborg-udviklingsaftale-2019.toml"
    skanderborg.unlink()  # its AGR002 and MIL003 are gone
    code, _, err = check(str(tree), "--no-cache", "--baseline", str(baseline), "-v")
    assert code == 0  # what is left is all known
    assert f"Baseline {baseline}: 7 known findings of 9 matched." in err
    stale = [line for line in err.splitlines() if "no longer found" in line]
    assert len(stale) == 2
    assert any("AGR002 'skb-udviklingsaftale-2019'" in line for line in stale)
    check(str(tree), "--no-cache", "--write-baseline", str(baseline))
    assert len(json.loads(baseline.read_text())["findings"]) == 7


def test_the_configuration_names_the_baseline_relative_to_itself(
    tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ci").mkdir()
    check(str(tree), "--no-cache", "--write-baseline", str(tmp_path / "ci" / "b.json"))
    config = tmp_path / "ci" / "velfaerd.toml"
    config.write_text('baseline = "b.json"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert check(str(tree), "--no-cache", "--config", str(config))[0] == 0


def test_a_count_where_one_fingerprint_occurs_more_than_once(tmp_path: Path) -> None:
    twice = tmp_path / "a.toml"
    twice.write_text(
        '[[agreements]]\nid = "a"\ntitle = "A"\nkind = "cooperation"\n'
        'parties = ["x", "y", "x", "y"]\n',
        encoding="utf-8",
    )
    baseline = tmp_path / "b.json"
    check(str(twice), "--no-cache", "--write-baseline", str(baseline))
    counted = [e for e in json.loads(baseline.read_text())["findings"] if "count" in e]
    assert counted
    assert all(e["count"] >= 2 for e in counted)
    assert check(str(twice), "--no-cache", "--baseline", str(baseline))[0] == 0


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("{", "not valid JSON"),
        ("[]", "expected a JSON object"),
        ('{"velfaerd-baseline": 2}', "velfaerd-baseline: expected 1"),
        (
            '{"velfaerd-baseline": 1, "fingerprint-version": 1, "findings": [{"code": "A"}]}',
            "findings[0].subject: expected a string, found null",
        ),
        (
            (
                '{"velfaerd-baseline": 1, "fingerprint-version": 1, "findings": '
                '[{"code": "A", "subject": "", "fingerprint": "xyz"}]}'
            ),
            "findings[0].fingerprint: expected a fingerprint of 32 hexadecimal digits",
        ),
        (
            '{"velfaerd-baseline": 1, "fingerprint-version": 9, "findings": []}',
            "write it again with --write-baseline",
        ),
    ],
)
def test_a_malformed_baseline_is_one_line_naming_the_file_and_what_is_wrong(
    tree: Path, tmp_path: Path, content: str, said: str
) -> None:
    baseline = tmp_path / "b.json"
    baseline.write_text(content, encoding="utf-8")
    code, out, err = check(str(tree), "--no-cache", "--baseline", str(baseline))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert str(baseline) in err
    assert said in err


def test_a_missing_baseline_and_one_over_an_input_are_refused(tree: Path) -> None:
    code, _, err = check(str(tree), "--no-cache", "--baseline", str(tree / "nope.json"))
    assert (code, "no such file" in err) == (2, True)
    target = tree / "varde-partnerskab.toml"
    before = target.read_bytes()
    assert check(str(tree), "--no-cache", "--write-baseline", str(target))[0] == 2
    assert target.read_bytes() == before
