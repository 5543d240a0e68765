//! What the attacker removed (#20), on NTFS images made and then changed by ntfs-3g: task
//! files deleted with `rm` through the mount are found among the unused MFT records, read
//! back and parsed; whether their clusters were taken since is what sleuthkit's `istat` and
//! `blkstat` say; what is read equals what `icat` reads.
use crate::common::*;
use foothold::{Evidence, ScanSet};
use std::path::Path;

fn run(cmd: &str, args: &[&str]) -> bool {
    std::process::Command::new(cmd)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

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
