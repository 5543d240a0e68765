//! Volume shadow copies against libvshadow and sleuthkit, on the real Windows-made volume
//! with two snapshots (`plaso__vsstest.qcow2`): `vshadowinfo` for the stores, ids and
//! times; `vshadowmount` exposes each store as a file, which must equal foothold's reading
//! of that snapshot byte for byte, and on which `fls`/`icat` are the oracles for the
//! listing and every file's bytes.
use crate::common::*;
use crate::differential::{compare_with_fls, icat_comparable};
use foothold::{EntryKind, Evidence, ReadAt};
use std::path::{Path, PathBuf};

/// The real volume with two shadow copies, and its raw form (for libvshadow, which reads
/// raw images only).
fn vsstest() -> Option<(PathBuf, PathBuf)> {
    let img = real_corpus()?.join("images/plaso__vsstest.qcow2");
    if !img.is_file() {
        skip(format!("{} missing", img.display()));
        return None;
    }
    let raw = scratch().join("plaso__vsstest.raw");
    // Tests run in parallel: the conversion is made once.
    static CONVERT: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _once = CONVERT.lock().unwrap_or_else(|e| e.into_inner());
    if !raw.is_file() {
        let tmp = scratch().join(format!("plaso__vsstest.raw.{}", std::process::id()));
        oracle_tool(
            "qemu-img",
            &[
                "convert",
                "-O",
                "raw",
                img.to_str().unwrap(),
                tmp.to_str().unwrap(),
            ],
        )?;
        std::fs::rename(&tmp, &raw).unwrap();
    }
    Some((img, raw))
}

/// `vshadowinfo`'s stores: (identifier, set id, shadow copy id, creation time as written,
/// volume size, attribute flags).
fn vshadowinfo(raw: &Path) -> Option<Vec<[String; 6]>> {
    let text = oracle_tool("vshadowinfo", &[raw.to_str().unwrap()])?;
    Some(parse_vshadowinfo(&text))
}

fn parse_vshadowinfo(text: &str) -> Vec<[String; 6]> {
    let mut stores = Vec::new();
    let mut cur: Option<[String; 6]> = None;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with("Store:") {
            stores.extend(cur.take());
            cur = Some(Default::default());
            continue;
        }
        let (Some(c), Some((k, v))) = (cur.as_mut(), line.split_once(':')) else {
            continue;
        };
        let v = v.trim().to_string();
        match k.trim() {
            "Identifier" => c[0] = v,
            "Shadow copy set ID" => c[1] = v,
            "Shadow copy ID" => c[2] = v,
            // `Dec 03, 2013 06:35:09.736378700 UTC` (the split took the first colon).
            "Creation time" => c[3] = line.split_once(':').unwrap().1.trim().to_string(),
            "Volume size" => {
                c[4] = v
                    .split('(')
                    .nth(1)
                    .and_then(|s| s.split_whitespace().next())
                    .unwrap_or("")
                    .to_string()
            }
            "Attribute flags" => c[5] = v,
            _ => {}
        }
    }
    stores.extend(cur);
    stores
}

/// `2013-12-03T06:35:09.7363787Z` as `vshadowinfo` writes it.
fn libyal_time(rfc3339: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (date, time) = rfc3339.trim_end_matches('Z').split_once('T').unwrap();
    let d: Vec<&str> = date.split('-').collect();
    let (hms, frac) = time.split_once('.').unwrap_or((time, ""));
    format!(
        "{} {}, {} {hms}.{frac:0<9} UTC",
        MONTHS[d[1].parse::<usize>().unwrap() - 1],
        d[2],
        d[0]
    )
}

#[test]
fn snapshots_are_what_vshadowinfo_lists() {
    let Some((img, raw)) = vsstest() else { return };
    let Some(theirs) = vshadowinfo(&raw) else {
        return;
    };
    let info = Evidence::open(&img).unwrap().info();
    assert_eq!(info.snapshots.len(), 2, "{:?}", info.snapshots);
    assert_eq!(info.snapshots.len(), theirs.len());
    for (s, t) in info.snapshots.iter().zip(&theirs) {
        let x = &s.snapshot;
        let ours = [
            x.store_id.clone(),
            x.set_id.clone(),
            x.shadow_copy_id.clone(),
            libyal_time(&x.created.unwrap().to_string()),
            x.volume_size.to_string(),
            format!("{:#010x}", x.attributes),
        ];
        assert_eq!(&ours, t, "store {}", x.store);
    }
    compared("vshadowinfo", theirs.len() * 6);
    // The values themselves, as the corpus manifest records them.
    assert_eq!(
        info.snapshots[0].snapshot.created.unwrap().to_string(),
        "2013-12-03T06:35:09.7363787Z"
    );
}

/// Each store `vshadowmount` exposes, unmounted when dropped.
struct Mounted(PathBuf);

impl Mounted {
    fn new(raw: &Path, offset: u64) -> Option<Self> {
        if !need("vshadowmount", "the shadow copies exposed by vshadowmount") {
            return None;
        }
        let dir = scratch().join(format!(
            "vss-mount-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let out = std::process::Command::new("vshadowmount")
            .arg("-o")
            .arg(offset.to_string())
            .arg(raw)
            .arg(&dir)
            .output()
            .unwrap();
        if !out.status.success() || !dir.join("vss1").exists() {
            skip(format!(
                "vshadowmount could not mount (FUSE?): {}",
                String::from_utf8_lossy(&out.stderr)
            ));
            return None;
        }
        Some(Mounted(dir))
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = std::process::Command::new("fusermount")
            .arg("-u")
            .arg(&self.0)
            .status();
        let _ = std::fs::remove_dir(&self.0);
    }
}

#[test]
fn every_snapshot_reads_what_vshadowmount_exposes() {
    let Some((img, raw)) = vsstest() else { return };
    let Some(mount) = Mounted::new(&raw, 0) else {
        return;
    };
    let ev = Evidence::open(&img).unwrap();
    let vol = ev.volume(None).unwrap().clone();
    let snaps = ev.snapshots(&vol).unwrap();
    let live: std::sync::Arc<dyn ReadAt> = ev.raw_source().unwrap();
    for s in &snaps {
        let exposed = mount.0.join(format!("vss{}", s.store));
        same_bytes(&live, &snaps, s.store, &exposed);

        // The listing and the files, against sleuthkit on the exposed store.
        let at_snap = Evidence::open(&img).unwrap().at_snapshot(s.store).unwrap();
        let exposed_s = exposed.to_str().unwrap();
        let Some(fls) = oracle_tool("fls", &["-r", "-p", "-l", exposed_s]) else {
            return;
        };
        let entries = parse_fls(&fls).remove("-").unwrap();
        let n = compare_with_fls(&at_snap, None, &entries);
        assert!(n > 20, "store {}: {n} entries", s.store);
        let fs = at_snap.filesystem(at_snap.volume(None).unwrap()).unwrap();
        let mut files = 0;
        for e in entries
            .iter()
            .filter(|e| !e.deleted && e.kind.starts_with("r/") && icat_comparable(&e.addr, &e.path))
        {
            let Some(want) = oracle_tool("icat", &[exposed_s, &e.addr]) else {
                return;
            };
            let (path, stream) = match e.path.rsplit_once(':') {
                Some((p, st)) if !p.is_empty() => (p, Some(st)),
                _ => (e.path.as_str(), None),
            };
            let entry = fs.lookup(path).unwrap();
            assert_eq!(entry.kind, EntryKind::File, "{}", e.path);
            let _ = want; // icat's text output is lossy: compare its bytes below
            let out = std::process::Command::new("icat")
                .args([exposed_s, &e.addr])
                .output()
                .unwrap();
            let data = fs.read_all(&entry, stream, 1 << 30).unwrap();
            assert_eq!(
                sha256(&data),
                sha256(&out.stdout),
                "store {}: {} differs from icat",
                s.store,
                e.path
            );
            files += 1;
        }
        assert!(files > 10, "store {}: {files} files", s.store);
        compared("icat (shadow copies)", files);
    }
}

#[test]
fn a_file_gone_from_the_live_volume_is_read_from_its_snapshot() {
    let Some((img, _)) = vsstest() else { return };
    let live = Evidence::open(&img).unwrap();
    // The live volume has `syslog.gz`; the first snapshot still has `syslog`, before it was
    // compressed, and `password.txt` came after the last snapshot.
    assert!(live.find("/syslog").is_err());
    assert!(live.find("/password.txt").is_ok());
    let first = Evidence::open(&img).unwrap().at_snapshot(1).unwrap();
    let (v, fs) = first.find("/syslog").unwrap();
    assert_eq!(v.number, None);
    let e = fs.lookup("/syslog").unwrap();
    let text = fs.read_all(&e, None, 1 << 20).unwrap();
    assert_eq!(text.len(), 1247);
    assert!(first.find("/password.txt").is_err());
    // A listing read at a snapshot says so on every row.
    let mut rows = Vec::new();
    first.list("/", None, false, &mut |r| rows.push(r)).unwrap();
    assert!(rows.len() > 20 && rows.iter().all(|r| r.snapshot == Some(1)));
    assert!(rows.iter().any(|r| r.entry.path == "/syslog"));
    assert!(Evidence::open(&img)
        .unwrap()
        .at_snapshot(2)
        .unwrap()
        .find("/password.txt")
        .is_err());
    // No third snapshot: an error naming it.
    let e = Evidence::open(&img).unwrap().at_snapshot(3).unwrap_err();
    assert!(e.to_string().contains("no shadow copy 3"), "{e}");
    // Evidence without shadow copies.
    let e = Evidence::open(corpus_image("windows-tasks"))
        .unwrap()
        .at_snapshot(1)
        .unwrap_err();
    assert!(e.to_string().contains("no shadow copy 1"), "{e}");
}

/// Snapshot `store` of `live` (a volume) read by foothold is the file `vshadowmount`
/// exposes for it, byte for byte; some blocks differ from the live volume.
fn same_bytes(
    live: &std::sync::Arc<dyn ReadAt>,
    snaps: &[foothold::Snapshot],
    store: u32,
    exposed: &Path,
) {
    let reader = foothold::SnapshotReader::open(live.clone(), snaps, store).unwrap();
    let s = snaps.iter().find(|s| s.store == store).unwrap();
    assert_eq!(reader.len(), std::fs::metadata(exposed).unwrap().len());
    // Byte for byte, in 4 MiB pieces; count the blocks that differ from the live volume
    // (what the snapshot brings back).
    let mut f = std::fs::File::open(exposed).unwrap();
    let (mut ours, mut theirs, mut now) =
        (vec![0u8; 4 << 20], vec![0u8; 4 << 20], vec![0u8; 4 << 20]);
    let mut changed = 0;
    let mut at = 0u64;
    while at < reader.len() {
        use std::io::Read;
        let n = ((reader.len() - at) as usize).min(ours.len());
        reader.read_exact_at(at, &mut ours[..n]).unwrap();
        f.read_exact(&mut theirs[..n]).unwrap();
        live.read_exact_at(at, &mut now[..n]).unwrap();
        if ours[..n] != theirs[..n] {
            let i = (0..n).find(|&i| ours[i] != theirs[i]).unwrap();
            panic!(
                "store {}: differs from vshadowmount at {:#x}",
                s.store,
                at + i as u64
            );
        }
        changed += ours[..n]
            .chunks(16384)
            .zip(now[..n].chunks(16384))
            .filter(|(a, b)| a != b)
            .count();
        at += n as u64;
    }
    assert!(
        changed > 0,
        "store {}: no block differs from the live volume",
        s.store
    );
    eprintln!(
        "store {}: {} bytes equal vshadowmount's, {changed} blocks differ from the live volume",
        s.store,
        reader.len()
    );
    compared(
        "vshadowmount (16 KiB blocks)",
        (reader.len() / 16384) as usize,
    );
}

/// The corpus disk whose NTFS partition has a shadow copy holding the backdoor task
/// `\\Updater`, deleted from the live volume after it (corpus/build.sh, `vss_store.py`).
#[test]
fn a_task_deleted_after_a_snapshot_comes_back_from_it() {
    let img = corpus_image("windows-vss");
    let ev = Evidence::open(&img).unwrap();
    let vol = ev.volume(Some(1)).unwrap().clone();
    let snaps = ev.snapshots(&vol).unwrap();
    assert_eq!(snaps.len(), 1);
    // Through the GPT partition: what libvshadow reads at the partition's offset.
    if let Some(theirs) = vshadowinfo_at(&img, vol.offset) {
        assert_eq!(theirs.len(), 1);
        assert_eq!(theirs[0][2], snaps[0].shadow_copy_id);
        assert_eq!(
            theirs[0][3],
            libyal_time(&snaps[0].created.unwrap().to_string())
        );
        compared("vshadowinfo", 6);
    }
    if let Some(mount) = Mounted::new(&img, vol.offset) {
        let src = ev.raw_source().unwrap();
        let part: std::sync::Arc<dyn ReadAt> = std::sync::Arc::new(
            foothold_evidence::Window::new(src, vol.offset, vol.length).unwrap(),
        );
        same_bytes(&part, &snaps, 1, &mount.0.join("vss1"));
    }
    // The scan of the image: the task is not on the live volume (its MFT record is free),
    // and comes back whole from the snapshot, which it names.
    let report = ev.scan(foothold::ScanSet::all());
    let back: Vec<_> = report
        .scheduled_tasks
        .iter()
        .filter(|t| t.task.name == "\\Updater")
        .collect();
    assert_eq!(back.len(), 1, "{back:#?}");
    let t = back[0];
    let r = t.recovered.as_ref().unwrap();
    assert_eq!(r.from.as_str(), "snapshot");
    assert_eq!(r.notes, ["not_on_live_volume", "also_recovered_from_mft"]);
    let at = t.source.snapshot.as_ref().unwrap();
    assert_eq!(
        (at.store, at.id.as_str()),
        (1, snaps[0].shadow_copy_id.as_str())
    );
    assert_eq!(t.source.path, "/Windows/System32/Tasks/Updater");
    assert_eq!(t.task.actions.len(), 1);
    assert_eq!(
        t.runs[0].invocation.command_line,
        "C:\\Users\\Public\\svchost.exe -connect 203.0.113.9:443"
    );
    // Every other task is the same in the snapshot as on the live volume.
    let live_tasks = report
        .scheduled_tasks
        .iter()
        .filter(|t| t.recovered.is_none());
    for t in live_tasks {
        assert_eq!(t.seen_in_snapshots.len(), 1, "{}", t.task.name);
    }
    // Read at the snapshot, it is an ordinary task file there.
    let then = Evidence::open(&img).unwrap().at_snapshot(1).unwrap();
    let r = then.scan(foothold::ScanSet::none().tasks());
    let t = r
        .scheduled_tasks
        .iter()
        .find(|t| t.task.name == "\\Updater")
        .unwrap();
    assert!(t.recovered.is_none() && t.source.snapshot.is_some());
}

/// `vshadowinfo -o OFFSET` of a disk image.
fn vshadowinfo_at(img: &Path, offset: u64) -> Option<Vec<[String; 6]>> {
    let text = oracle_tool(
        "vshadowinfo",
        &["-o", &offset.to_string(), img.to_str().unwrap()],
    )?;
    Some(parse_vshadowinfo(&text))
}

/// The disk with a shadow copy converted into each container foothold reads (by qemu-img and
/// ewfacquire): the same snapshots, and the deleted task back from them, through the
/// container, the partition table and the store.
#[test]
fn snapshots_read_through_every_container() {
    let img = corpus_image("windows-vss");
    let want = serde_json::to_string(&Evidence::open(&img).unwrap().info().snapshots).unwrap();
    let dir = scratch().join(format!("vss-containers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let src = img.to_str().unwrap();
    let mut made = Vec::new();
    for (fmt, file, opts) in [
        ("qcow2", "d.qcow2", "compression_type=zlib"),
        ("vhdx", "d.vhdx", "subformat=dynamic"),
        ("vpc", "d.vhd", "subformat=dynamic,force_size=on"),
        ("vmdk", "d.vmdk", "subformat=streamOptimized"),
    ] {
        let out = dir.join(file);
        let o = out.to_str().unwrap();
        if oracle_tool(
            "qemu-img",
            &["convert", "-f", "raw", "-O", fmt, "-o", opts, src, o],
        )
        .is_none()
        {
            return;
        }
        made.push(out);
    }
    let e01 = dir.join("d");
    if oracle_tool(
        "ewfacquire",
        &[
            "-u",
            "-q",
            "-t",
            e01.to_str().unwrap(),
            "-f",
            "encase6",
            "-c",
            "deflate:fast",
            src,
        ],
    )
    .is_some()
    {
        made.push(dir.join("d.E01"));
    }
    for c in &made {
        let ev = Evidence::open(c).unwrap();
        assert_eq!(
            serde_json::to_string(&ev.info().snapshots).unwrap(),
            want,
            "{}",
            c.display()
        );
        let r = ev.scan(foothold::ScanSet::none().tasks().no_hash());
        let t = r
            .scheduled_tasks
            .iter()
            .find(|t| t.task.name == "\\Updater")
            .unwrap_or_else(|| panic!("{}: no \\Updater", c.display()));
        assert_eq!(
            t.recovered.as_ref().unwrap().from.as_str(),
            "snapshot",
            "{}",
            c.display()
        );
    }
    compared(
        "qemu-img/ewfacquire containers with a shadow copy",
        made.len(),
    );
    let _ = std::fs::remove_dir_all(&dir);
}
