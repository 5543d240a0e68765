"""The monitoring rules ``foothold remediate --sigma`` writes, read by pySigma: every rule
loads as a valid Sigma rule and converts with its Splunk and Elasticsearch (Lucene) backends."""
import subprocess

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
