"""The remediation steps from Python equal the CLI's; the monitoring rules ``foothold remediate --sigma`` writes, read by pySigma: every rule
loads as a valid Sigma rule and converts with its Splunk and Elasticsearch (Lucene) backends."""
import json
import subprocess

import foothold

from conftest import ROOT, skip


def _foothold():
    exe = ROOT / "target" / "debug" / "foothold"
    return exe if exe.exists() else ROOT / "target" / "release" / "foothold"


def test_monitoring_rules_load_and_convert_in_pysigma(corpus, real_corpus, tmp_path):
    try:
        from sigma.backends.elasticsearch import LuceneBackend
        from sigma.backends.splunk import SplunkBackend
        from sigma.collection import SigmaCollection
    except ImportError:
        skip("pySigma and its backends are not installed (bindings/python/test.sh installs them)")

    evtx = real_corpus / "evtx"
    evidence = [
        corpus("windows-tasks"),
        corpus("windows-vss"),
        corpus("linux-debian"),
        corpus("linux-auth"),
        evtx / "mdecrevoisier__ID7045-7036_PSexec_service_installation.evtx",
        evtx / "mdecrevoisier__ID4688_4698_4699_5145_4624-ATexec_remote_trask_creation_GLOBAL.evtx",
    ]
    out = tmp_path / "rules"
    run = subprocess.run(
        [str(_foothold()), "remediate", "-q", "--format", "jsonl", "--sigma", str(out), *map(str, evidence)],
        capture_output=True,
        check=False,
    )
    assert b"monitoring rules (Sigma) written" in run.stderr, run.stderr
    files = sorted(out.glob("*.yml"))
    assert len(files) >= 40
    ids = set()
    for f in files:
        collection = SigmaCollection.from_yaml(f.read_text())  # raises on an invalid rule
        (rule,) = collection.rules
        ids.add(str(rule.id))
        splunk = SplunkBackend().convert(collection)
        lucene = LuceneBackend().convert(collection)
        assert splunk and lucene and all(splunk) and all(lucene), f.name
    assert len(ids) == len(files), "one id per rule"
    # The real PsExec service: its rule asks Splunk for the 7045 of that name or image path.
    psexec = next(out.glob("foothold-psexesvc-service-installed-*.yml"))
    query = SplunkBackend().convert(SigmaCollection.from_yaml(psexec.read_text()))[0]
    assert "EventID=7045" in query and 'ServiceName="PSEXESVC"' in query, query


def test_remediation_from_python_equals_the_cli(corpus):
    """``Report.remediation()`` is ``foothold remediate --format jsonl`` of the same image,
    step for step; ``Report.monitoring_rules()`` the rules ``--sigma`` writes."""
    img = corpus("windows-tasks")
    report = foothold.open(img).scan()
    steps = report.remediation()
    run = subprocess.run([str(_foothold()), "remediate", "-q", "--format", "jsonl", str(img)], capture_output=True, check=False)
    assert steps == [json.loads(l) for l in run.stdout.decode().splitlines()]
    assert {s["action"] for s in steps} >= {"disable_task", "delete_task", "stop_service", "delete_service", "check_key_absent"}
    assert all(s["findings"] and all(f["severity"] in ("medium", "high", "critical") for f in s["findings"]) for s in steps)
    rules = report.monitoring_rules()
    assert rules and all(r["yaml"].startswith("title: ") and r["id"] in r["yaml"] for r in rules)
    assert len({r["id"] for r in rules}) == len(rules)
