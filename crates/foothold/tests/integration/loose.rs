//! Loose files copied off an image with sleuthkit's `icat` (a SYSTEM hive, a task XML, a
//! `.job`, crontabs) and a real event log, each opened as evidence of its own: every record
//! equals the full image's record of the same file, apart from what needs the rest of the
//! machine (where the file was, what its commands resolve to, the account, the time zone,
//! the TaskCache).
use crate::common::*;
use foothold::{Evidence, ScanSet};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The record without what a loose file cannot know: its provenance, the binaries and
/// accounts resolved on the machine, local times (the machine's time zone), who created it
/// (logs of the machine), a task's TaskCache side (SOFTWARE), anacron's last run (its spool)
/// and the host's last write (where next runs are counted from).
fn definition(mut v: Value) -> Value {
    if let Some(o) = v.as_object_mut() {
        for k in [
            "source",
            "runs",
            "account",
            "created_by",
            "local_times",
            "registry",
            "sources",
            "flags",
            "next_runs_after",
            "job_source",
            "last_run",
        ] {
            o.remove(k);
        }
        if let Some(f) = o.get_mut("frequency").and_then(Value::as_object_mut) {
            f.remove("next_runs");
            f.remove("next_runs_after");
        }
    }
    v
}

/// The records of one kind whose source is `path` on the image.
fn of_path<T: serde::Serialize>(records: &[T], path: &str) -> Vec<Value> {
    records
        .iter()
        .map(|r| serde_json::to_value(r).unwrap())
        .filter(|v| v["source"]["path"].as_str() == Some(path))
        .map(definition)
        .collect()
}

/// `icat` of the file at `path` of the image into `out`, or `None` when sleuthkit is missing.
fn icat_path(img: &Path, path: &str, out: &Path) -> Option<PathBuf> {
    let listing = tool("fls", &["-r", "-p", img.to_str().unwrap()])?;
    let rel = path.trim_start_matches('/');
    let addr = listing.lines().find_map(|l| {
        let (meta, p) = l.split_once('\t')?;
        (p == rel && meta.starts_with("r/r") && !meta.contains('*')).then(|| {
            meta.split_whitespace()
                .last()
                .unwrap()
                .trim_end_matches(':')
                .to_string()
        })
    })?;
    let bytes = std::process::Command::new("icat")
        .args([img.to_str().unwrap(), &addr])
        .output()
        .ok()?
        .stdout;
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    std::fs::write(out, bytes).unwrap();
    Some(out.to_path_buf())
}

#[test]
fn loose_windows_files_scan_to_the_image_records() {
    let img = corpus_image("windows-tasks");
    let dir = scratch().join("loose-windows");
    let _ = std::fs::remove_dir_all(&dir);
    let full = Evidence::open(&img).unwrap().scan(ScanSet::all());
    let cases = [
        (
            "/Windows/System32/config/SYSTEM",
            "SYSTEM",
            foothold::LooseKind::Hive,
        ),
        (
            "/Windows/System32/Tasks/Actions/Everything",
            "Everything",
            foothold::LooseKind::TaskXml,
        ),
        // (At1.job is merged with the XML of the same task on the image: not a record of its own.)
        (
            "/Windows/Tasks/Legacy Updater.job",
            "Legacy Updater.job",
            foothold::LooseKind::Job,
        ),
    ];
    for (path, name, kind) in cases {
        let Some(file) = icat_path(&img, path, &dir.join(name)) else {
            return;
        };
        let ev = Evidence::open(&file).unwrap();
        assert_eq!(ev.format(), "file");
        let placed = ev.loose().unwrap();
        assert_eq!((placed.kind, placed.files[0].0.as_str()), (kind, path));
        let loose = ev.scan(ScanSet::all());
        let (want, got) = if kind == foothold::LooseKind::Hive {
            (
                of_path(&full.services, path),
                of_path(&loose.services, path),
            )
        } else {
            (
                of_path(&full.scheduled_tasks, path),
                of_path(&loose.scheduled_tasks, path),
            )
        };
        assert!(!want.is_empty(), "{path}: nothing on the image");
        assert_eq!(got, want, "{path}");
        compared("icat (loose copies)", 1);
        // Every loose record names the loose file as its evidence.
        for t in &loose.scheduled_tasks {
            assert_eq!(t.source.evidence, file.display().to_string());
            assert_eq!(t.source.filesystem, "file");
        }
    }
}

/// A hive given alone takes its transaction logs from beside it; a log given alone (it
/// starts with a base block, `regf`, like its hive) is not taken for a hive.
#[test]
fn a_loose_hive_brings_its_logs_and_a_log_is_not_a_hive() {
    let Some(real) = real_corpus() else { return };
    let dir = scratch().join("loose-hive-logs");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for n in ["NewDirtyHive", "NewDirtyHive.LOG1", "NewDirtyHive.LOG2"] {
        std::fs::copy(
            real.join(format!("hives/yarp__NewDirtyHive1__{n}")),
            dir.join(n),
        )
        .unwrap();
    }
    let p = foothold::place_loose_file(&dir.join("NewDirtyHive")).unwrap();
    assert_eq!(p.kind, foothold::LooseKind::Hive);
    let placed: Vec<&str> = p.files.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(
        placed,
        [
            "/Windows/System32/config/NewDirtyHive",
            "/Windows/System32/config/NewDirtyHive.LOG1",
            "/Windows/System32/config/NewDirtyHive.LOG2"
        ]
    );
    assert!(foothold::place_loose_file(&dir.join("NewDirtyHive.LOG1")).is_none());
}

#[test]
fn loose_crontabs_scan_to_the_image_records() {
    let img = corpus_image("linux-debian");
    let dir = scratch().join("loose-linux");
    let _ = std::fs::remove_dir_all(&dir);
    let full = Evidence::open(&img).unwrap().scan(ScanSet::all());
    // Named as cron names them: `crontab`, a file of a `cron.d` folder, a user's crontab.
    for (path, local) in [
        ("/etc/crontab", "etc/crontab"),
        ("/etc/cron.d/php", "cron.d/php"),
        ("/var/spool/cron/crontabs/alice", "crontabs/alice"),
        ("/etc/anacrontab", "etc/anacrontab"),
    ] {
        let Some(file) = icat_path(&img, path, &dir.join(local)) else {
            return;
        };
        let ev = Evidence::open(&file).unwrap();
        assert_eq!(
            ev.loose().unwrap().kind,
            foothold::LooseKind::Crontab,
            "{path}"
        );
        let loose = ev.scan(ScanSet::all());
        let want = of_path(&full.cron_jobs, path);
        assert!(!want.is_empty(), "{path}: nothing on the image");
        assert_eq!(of_path(&loose.cron_jobs, path), want, "{path}");
        compared("icat (loose copies)", 1);
    }
    // A timer, its service copied beside it: the same job (the service's command).
    let (Some(_), Some(timer)) = (
        icat_path(
            &img,
            "/etc/systemd/system/refresh.service",
            &dir.join("units/refresh.service"),
        ),
        icat_path(
            &img,
            "/etc/systemd/system/refresh.timer",
            &dir.join("units/refresh.timer"),
        ),
    ) else {
        return;
    };
    let ev = Evidence::open(&timer).unwrap();
    assert_eq!(ev.loose().unwrap().kind, foothold::LooseKind::Unit);
    assert_eq!(ev.loose().unwrap().files.len(), 2);
    let path = "/etc/systemd/system/refresh.timer";
    // Whether it is enabled is the machine's (`timers.target.wants/`): unknown for the
    // loose file, not `false`.
    let unwanted = |mut v: Vec<Value>| {
        for j in &mut v {
            j["timer"].as_object_mut().unwrap().remove("enabled");
        }
        v
    };
    let want = of_path(&full.cron_jobs, path);
    assert_eq!(want[0]["timer"]["enabled"], true);
    let loose = ev.scan(ScanSet::all());
    let got = of_path(&loose.cron_jobs, path);
    assert_eq!(got[0]["timer"]["enabled"], Value::Null);
    assert!(loose.cron_jobs[0].job.flags.is_empty());
    assert_eq!(unwanted(got), unwanted(want));
}

/// A real Security log (atexec: 4698/4699 and logons) in an NTFS image made with mkntfs +
/// ntfs-3g, and the same file loose: the same event records, and the same tasks rebuilt from
/// them.
#[test]
fn a_loose_event_log_scans_to_the_image_records() {
    let Some(real) = real_corpus() else { return };
    let log = real.join(
        "evtx/mdecrevoisier__ID4688_4698_4699_5145_4624-ATexec_remote_trask_creation_GLOBAL.evtx",
    );
    let dir = scratch().join("loose-evtx");
    let _ = std::fs::remove_dir_all(&dir);
    let logs = dir.join("tree/Windows/System32/winevt/Logs");
    std::fs::create_dir_all(&logs).unwrap();
    std::fs::copy(&log, logs.join("Security.evtx")).unwrap();
    let img = dir.join("evtx.img");
    if ntfs_image_of(&dir.join("tree"), &img, &[]).is_none() {
        return;
    }
    let loose_file = dir.join("Security.evtx");
    std::fs::copy(&log, &loose_file).unwrap();
    let path = "/Windows/System32/winevt/Logs/Security.evtx";
    let full = Evidence::open(&img).unwrap().scan(ScanSet::all());
    let loose = Evidence::open(&loose_file).unwrap().scan(ScanSet::all());
    let want = of_path(&full.events, path);
    assert!(!want.is_empty());
    assert_eq!(of_path(&loose.events, path), want);
    let rebuilt = |r: &foothold::Report| -> Vec<Value> {
        r.scheduled_tasks
            .iter()
            .filter(|t| t.recovered.is_some())
            .map(|t| definition(serde_json::to_value(t).unwrap()))
            .collect()
    };
    assert!(!rebuilt(&full).is_empty());
    assert_eq!(rebuilt(&loose), rebuilt(&full));
    // `foothold events FILE.evtx` (scan_log_file, and its streaming twin) gives the records
    // of `foothold scan FILE.evtx` whole, provenance included: the same file, placed the same.
    let as_json = |r: &[foothold::EventRecord]| -> Vec<Value> {
        r.iter().map(|e| serde_json::to_value(e).unwrap()).collect()
    };
    let events = foothold::scan_log_file(&loose_file, false);
    assert_eq!(as_json(&events.events), as_json(&loose.events));
    assert_eq!(events.events[0].source.path, path);
    assert_eq!(
        events.events[0].source.origin.as_deref(),
        loose_file.to_str()
    );
    // Every record, as `events --all` of an image reads them (the events family alone: its
    // records are those of the full scan, the accounts they name resolved as there).
    let every = Evidence::open(&loose_file)
        .unwrap()
        .scan_with(ScanSet::none().events().no_hash(), true);
    let mut streamed = Vec::new();
    let rest = foothold::stream_log_file(&loose_file, &mut |b| streamed.extend(b));
    assert_eq!(streamed.len(), 12);
    assert_eq!(as_json(&streamed), as_json(&every.events));
    assert!(rest.errors.is_empty(), "{:?}", rest.errors);
}

/// #33: a GPO's `ScheduledTasks.xml` handed over alone (the real Invoke-GPOwned file) is
/// recognised by its root element and scanned as SYSVOL holds it: its task, with the `gpo`
/// item; no policy or side is invented (the file's own path is its origin).
#[test]
fn a_loose_gpo_scheduled_tasks_file() {
    let Some(real) = real_corpus() else { return };
    let file = real.join("gpo/n0troot__Invoke-GPOwned__ScheduledTasks.xml");
    let placed = foothold::place_loose_file(&file).expect("recognised");
    assert_eq!(placed.kind, foothold::LooseKind::GroupPolicy);
    let r = Evidence::open(&file).unwrap().scan(ScanSet::none().tasks());
    assert_eq!(r.scheduled_tasks.len(), 1, "{:?}", r.errors);
    let t = &r.scheduled_tasks[0];
    assert_eq!(t.task.name, "\\OWNED");
    let g = t.gpo.as_ref().unwrap();
    assert_eq!(
        (g.kind.as_str(), g.policy.as_deref(), g.side.as_deref()),
        ("immediate_task_v2", None, None)
    );
    assert_eq!(t.source.filesystem, "file");
    assert_eq!(
        t.source.path,
        "/Windows/SYSVOL/Preferences/ScheduledTasks/ScheduledTasks.xml"
    );
    assert_eq!(t.source.origin.as_deref(), Some(file.to_str().unwrap()));
}
