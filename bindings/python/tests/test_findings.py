"""Findings from Python: the same verdicts, in the same order, as ``foothold triage``."""
import json
import subprocess

import foothold
from conftest import ROOT


def _triage_jsonl(path, *more):
    exe = ROOT / "target" / "debug" / "foothold"
    if not exe.exists():
        exe = ROOT / "target" / "release" / "foothold"
    out = subprocess.run([str(exe), "triage", str(path), "--format", "jsonl", *more], capture_output=True, check=False)
    return [json.loads(l) for l in out.stdout.decode().splitlines()]


def test_findings_match_the_cli_and_name_their_record(real_corpus):
    log = real_corpus / "evtx" / "mdecrevoisier__ID4688_4698_4699_5145_4624-ATexec_remote_trask_creation_GLOBAL.evtx"
    report = foothold.open(log).scan()
    found = report.findings()
    cli = _triage_jsonl(log)
    assert [f.to_dict() for f in found] == cli
    top = found[0]
    assert (top.subject["name"], top.severity) == ("\\bouWFQYO", "critical")
    # The record judged is the report's own object.
    assert top.record is next(t for t in report.scheduled_tasks if t.name == "\\bouWFQYO")
    assert sum(r.weight for r in top.reasons) >= top.score == 100
    assert {"created_over_network", "deleted", "short_lived"} <= {r.id for r in top.reasons}
    assert "T1053.005" in top.techniques
    assert top.time is not None and str(top.time).startswith("2021-06-10T21:21")
    assert all(f.severity in ("medium", "high", "critical") for f in report.findings(min_severity="medium"))


def test_findings_frame(corpus):
    report = foothold.open(corpus("windows-tasks")).scan()
    df = report.to_pandas("finding")
    assert len(df) == len(report.scheduled_tasks) + len(report.services)
    assert list(df["score"]) == sorted(df["score"], reverse=True)
    assert {"severity", "title", "reasons", "subject.name", "subject.source.path"} <= set(df.columns)
    assert str(df["time"].dtype).startswith("datetime64[ns")


def test_sigma_findings_match_the_cli(real_corpus, sigma_rules):
    """``Evidence.findings(sigma=…)`` equals ``foothold triage --sigma``: the events a rule
    matched are findings (their record the event object), and the service they name is raised."""
    log = real_corpus / "evtx" / "mdecrevoisier__ID7045-7036_PSexec_service_installation.evtx"
    found = foothold.open(log).findings(sigma=sigma_rules)
    assert [f.to_dict() for f in found] == _triage_jsonl(log, "--sigma", str(sigma_rules))
    event = next(f for f in found if f.subject["name"] == "System 7045 record 471480")
    assert event.severity == "medium" and event.record.event_id == 7045
    assert any(r.id == "sigma:42c575ea-e41e-41f1-b248-8093c3e82a28" for r in event.reasons)
    service = next(f for f in found if f.subject["name"] == "PSEXESVC")
    assert any(r.id.startswith("sigma:") for r in service.reasons)
    # Without rules, no event is judged.
    assert all(f.subject["artifact"] != "event" for f in foothold.open(log).findings())


def test_triage_across_a_case_equals_the_cli(corpus, tmp_path):
    """``foothold.triage(reports, baseline=…)`` equals ``foothold triage IMAGE… --baseline``:
    three acquisitions of one disk (hard links: three machines) and another disk, judged
    together — what one machine alone holds is ``rare_in_case``, what the baseline lacks
    ``not_in_baseline`` — each finding's record the report's own object."""
    import os
    import shutil

    tasks = corpus("windows-tasks")
    images = []
    for n in range(1, 4):
        p = tmp_path / f"host{n}.img"
        try:
            os.link(tasks, p)
        except OSError:
            shutil.copy(tasks, p)
        images.append(p)
    images.append(corpus("windows-vss"))
    reports = [foothold.open(p).scan() for p in images]
    baseline = foothold.open(tasks).scan()
    found = foothold.triage(reports, baseline=baseline)
    cli = _triage_jsonl(images[0], *[str(p) for p in images[1:]], "--baseline", str(tasks))
    assert [f.to_dict() for f in found] == cli
    ids = {r.id for f in found for r in f.reasons}
    assert {"rare_in_case", "not_in_baseline"} <= ids
    rare = next(f for f in found if any(r.id == "rare_in_case" for r in f.reasons))
    assert rare.subject["source"]["evidence"] == str(images[3])
    assert any(rare.record is x for x in reports[3].scheduled_tasks + reports[3].services)
    assert all(f.severity != "info" for f in foothold.triage(reports, min_severity="low"))
