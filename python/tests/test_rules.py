"""Rule authors: check, test, explain, and errors with file:line:col."""

from __future__ import annotations

import pytest

import dualuse
from conftest import AS_OF, ROOT

GOOD = '''
[ruleset]
id = "demo"
regime = "CN"
title = "Samarium items"
instrument = "MOFCOM/GACC Announcement No. 18 of 2025"
source = "https://www.mofcom.gov.cn/"
effective = 2025-04-04
reviewed = 2026-11-28

[[rule]]
id = "CN-1C902.a.4"
control_code = "1C902.a.4"
category = "dual-use"
title = "Samarium-cobalt permanent magnet materials"
elements = ["Sm", "Co"]
hs = ["8505.11"]
terms = ["smco", "samarium cobalt"]
exclude = ["samarium-free"]

[[rule.examples]]
text = "SmCo ring magnet"
expect = "hit"

[[rule.examples]]
text = "ferrite magnet, samarium-free"
expect = "{miss}"
'''


def write(tmp_path, text, name="r.toml"):
    d = tmp_path / "rules"
    d.mkdir(exist_ok=True)
    (d / name).write_text(text, encoding="utf-8")
    return d


def test_from_dirs_loads_and_classifies(tmp_path):
    d = write(tmp_path, GOOD.format(miss="miss"))
    m = dualuse.Matcher.from_dirs([d])
    rec = m.classify("Sm2Co17 smco magnet", hs="8505.11", as_of=AS_OF)
    assert [h["rule"] for h in rec["hits"]] == ["CN-1C902.a.4"]
    assert rec["fingerprint"] == m.fingerprint != dualuse.Matcher.builtin().fingerprint


def test_bad_rule_file_raises_with_file_line_col(tmp_path):
    d = write(tmp_path, "[ruleset]\nid = 1\n")
    with pytest.raises(dualuse.RulesError) as e:
        dualuse.Matcher.from_dirs([d])
    err = e.value
    assert isinstance(err, dualuse.DualuseError)
    assert (err.line, err.col) == (2, 6)
    assert err.file.endswith("r.toml")
    assert f"{err.file}:2:6: error: invalid type: integer `1`, expected a string" in str(err)
    [diag] = err.diagnostics
    assert str(diag) == f"{err.file}:2:6: error: invalid type: integer `1`, expected a string"
    assert diag.severity == "error"


@pytest.mark.parametrize(
    "old,new,where,words",
    [
        ('category = "dual-use"', 'category = "weapons"', (14, 12), "unknown category `weapons`"),
        ('category = "dual-use"', 'category = "dual-use"\ncolour = "red"', (15, 1), "unknown field `colour`"),
        ('regime = "CN"', 'regime = "XX"', (4, 10), "XX"),
    ],
)
def test_unknown_key_and_bad_enum_raise(tmp_path, old, new, where, words):
    d = write(tmp_path, GOOD.format(miss="miss").replace(old, new))
    with pytest.raises(dualuse.RulesError) as e:
        dualuse.Matcher.from_dirs([d])
    assert (e.value.line, e.value.col) == where, str(e.value)
    assert f"r.toml:{where[0]}:{where[1]}: error:" in str(e.value)
    assert words in str(e.value)


def test_missing_dir_raises_read_error(tmp_path):
    with pytest.raises(dualuse.ReadError) as e:
        dualuse.Matcher.from_dirs([tmp_path / "nope"])
    assert isinstance(e.value, OSError)
    assert "cannot read" in str(e.value)


def test_bad_party_dir_raises(tmp_path):
    d = tmp_path / "parties"
    d.mkdir()
    (d / "p.toml").write_text("[list]\nid = 3\n")
    with pytest.raises(dualuse.RulesError) as e:
        dualuse.Matcher.from_dirs([ROOT / "rules"], parties=[d])
    assert e.value.file.endswith("p.toml")
    assert e.value.line == 1 or e.value.line == 2


def test_check_clean_and_dirty(tmp_path):
    assert dualuse.check([ROOT / "rules"], parties=[ROOT / "parties"]) == []
    d = write(tmp_path, GOOD.format(miss="maybe"))
    diags = dualuse.check([d])
    assert diags and diags[0].severity == "error"
    assert ":" in str(diags[0])


def test_check_reports_warnings(tmp_path):
    text = GOOD.format(miss="miss").split("[[rule.examples]]")[0]
    diags = dualuse.check([write(tmp_path, text)])
    assert [d.severity for d in diags] == ["warning"]


def test_test_runs_examples(tmp_path):
    report = dualuse.test([ROOT / "rules"], parties=[ROOT / "parties"], as_of=AS_OF)
    assert report["failed"] == 0, report["failures"][:3]
    assert report["passed"] > 400
    bad = GOOD.format(miss="miss").replace('text = "SmCo ring magnet"', 'text = "ferrite ring"')
    report = dualuse.test([write(tmp_path, bad)], as_of=AS_OF)
    assert report["failed"] == 1
    [f] = report["failures"]
    assert f["rule"] == "CN-1C902.a.4" and f["text"] == "ferrite ring"
    assert f["location"].count(":") >= 2


def test_explain_gives_near_misses(matcher):
    rec = dualuse.explain("samarium-free ferrite magnet, smco", as_of=AS_OF)
    assert "near_misses" in rec
    assert rec["fingerprint"] == matcher.fingerprint
    misses = {m["rule"]: m for m in rec["near_misses"]}
    assert any(m["reason"] == "excluded" for m in misses.values()), misses


def test_module_classify_uses_builtin(matcher):
    assert dualuse.classify("smco magnet", as_of=AS_OF) == matcher.classify("smco magnet", as_of=AS_OF)


def test_paths_may_be_one_path_or_pathlike(tmp_path):
    d = write(tmp_path, GOOD.format(miss="miss"))
    assert dualuse.Matcher.from_dirs(d).fingerprint == dualuse.Matcher.from_dirs([str(d)]).fingerprint
    assert dualuse.check(d) == []


def test_rules_error_pickles_as_text():
    import pickle

    e = pickle.loads(pickle.dumps(dualuse.RulesError("r.toml:1:1: error: x")))
    assert str(e) == "r.toml:1:1: error: x" and e.diagnostics == []
