//! Triage collections built from corpus images with real tools — the NTFS image's files
//! copied out of an ntfs-3g read-only mount into KAPE's layout (`C/…`) and Velociraptor's
//! (`uploads/auto/C%3A/…`, names escaped), the ext4 image dumped by `debugfs rdump` into UAC's
//! (`[root]/…`) — as folders, `zip -r` archives and a `tar czf` tarball: each scans to the
//! image's records, and every record names the collection file or member it came from.
use crate::common::*;
use foothold::{Evidence, Layout, ScanSet};
use serde_json::Value;
use std::path::Path;

/// The records of a report (tasks, services, cron jobs; recovered ones left out: a
/// collection holds no deleted files) by their machine path, without their provenance.
fn records(r: &foothold::Report) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = Vec::new();
    let mut add = |v: Value| {
        if v.get("recovered").is_some() {
            return;
        }
        let path = v["source"]["path"].as_str().unwrap_or("").to_string();
        let mut v = v;
        let o = v.as_object_mut().unwrap();
        o.remove("source");
        o.remove("job_source");
        // A collection keeps a file's modification time, not its creation time: the image's
        // `file_created` evidence (and the time taken from it) has no counterpart.
        if let Some(c) = o.get_mut("created_by").and_then(Value::as_object_mut) {
            let created = c["evidence"]
                .as_array()
                .and_then(|e| e.iter().find(|x| x["kind"] == "file_created"))
                .map(|x| x["value"].clone());
            if let Some(t) = created {
                if c.get("when") == Some(&t) {
                    c.remove("when");
                }
            }
            if let Some(e) = c.get_mut("evidence").and_then(Value::as_array_mut) {
                e.retain(|x| x["kind"] != "file_created");
            }
            if let Some(f) = c.get_mut("flags").and_then(Value::as_array_mut) {
                f.retain(|x| !x.as_str().unwrap_or("").starts_with("file_created"));
            }
            if c.get("when") == Some(&Value::Null) {
                c.remove("when");
            }
        }
        // The files a command names, looked up in the tree: the same files, other entries.
        for run in o
            .get_mut("runs")
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            for b in run["binaries"].as_array_mut().into_iter().flatten() {
                if let Some(b) = b.as_object_mut() {
                    // What a whole volume lacks is `missing`; what a collection lacks is only
                    // `not_in_evidence` (it holds some of the machine's files): the one
                    // difference between the two readings of one machine.
                    if b.get("status").and_then(Value::as_str) == Some("not_in_evidence") {
                        b.insert("status".into(), Value::from("missing"));
                    }
                    for k in [
                        "entry",
                        "times",
                        "owner",
                        "created",
                        "modified",
                        "changed",
                        "accessed",
                        "fn_created",
                        "fn_modified",
                        "fn_changed",
                        "fn_accessed",
                    ] {
                        b.remove(k);
                    }
                }
            }
        }
        out.push((path, v));
    };
    for t in &r.scheduled_tasks {
        add(serde_json::to_value(t).unwrap());
    }
    for s in &r.services {
        add(serde_json::to_value(s).unwrap());
    }
    for c in &r.cron_jobs {
        add(serde_json::to_value(c).unwrap());
    }
    out.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| a.1.to_string().cmp(&b.1.to_string()))
    });
    out
}

/// The paths at which two JSON values differ (for a readable failure).
fn differences(a: &Value, b: &Value, at: &str, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys()) {
                let (p, q) = (
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                );
                if p != q && !out.iter().any(|o| o == &format!("{at}.{k}")) {
                    differences(p, q, &format!("{at}.{k}"), out);
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                differences(p, q, &format!("{at}[{i}]"), out);
            }
        }
        _ if a != b => out.push(format!("{at}: {a} vs {b}")),
        _ => {}
    }
}

fn same(got: &[(String, Value)], want: &[(String, Value)], what: &str) {
    let paths = |v: &[(String, Value)]| v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(paths(got), paths(want), "{what}");
    for (g, w) in got.iter().zip(want) {
        let mut d = Vec::new();
        differences(&g.1, &w.1, "", &mut d);
        assert!(d.is_empty(), "{what}: {}: {d:?}", g.0);
    }
}

fn run(cmd: &str, args: &[&str], dir: &Path) -> bool {
    std::process::Command::new(cmd)
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// `%XX` for what Velociraptor escapes in a name (here `:`, space, `%`).
fn velo_escape(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            ':' | ' ' | '%' => format!("%{:02X}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

fn copy_escaped(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(velo_escape(&e.file_name().to_string_lossy()));
        if e.file_type().unwrap().is_dir() {
            copy_escaped(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

#[test]
fn kape_and_velociraptor_collections_scan_to_the_image_records() {
    if !need("zip", "triage zips") || !need("ntfs-3g", "the NTFS copy") {
        return;
    }
    let img = corpus_image("windows-tasks");
    let dir = scratch().join("triage-windows");
    let _ = std::fs::remove_dir_all(&dir);
    let mnt = dir.join("mnt");
    std::fs::create_dir_all(&mnt).unwrap();
    let kape = dir.join("kape");
    std::fs::create_dir_all(kape.join("C")).unwrap();
    assert!(run(
        "ntfs-3g",
        &["-o", "ro", img.to_str().unwrap(), mnt.to_str().unwrap()],
        &dir
    ));
    let copied = run(
        "cp",
        &[
            "-a",
            mnt.join("Windows").to_str().unwrap(),
            kape.join("C").to_str().unwrap(),
        ],
        &dir,
    );
    let velo = dir.join("velo");
    copy_escaped(
        &mnt.join("Windows"),
        &velo.join("uploads/auto/C%3A/Windows"),
    );
    assert!(run("umount", &[mnt.to_str().unwrap()], &dir) && copied);
    std::fs::write(velo.join("uploads.json"), "[]\n").unwrap();
    assert!(run("zip", &["-qr", "../kape.zip", "C"], &kape));
    assert!(run(
        "zip",
        &["-qr", "../velo.zip", "uploads", "uploads.json"],
        &velo
    ));

    let want = records(&Evidence::open(&img).unwrap().scan(ScanSet::all()));
    assert!(want.len() > 100, "{}", want.len());
    // KAPE's VHDX: the collection (its `C` folder) inside an NTFS volume made with mkntfs +
    // ntfs-3g, in a VHDX made by qemu-img: scanned from the drive folder.
    let vhdx = dir.join("kape.vhdx");
    let raw = dir.join("kape-vhdx.img");
    if ntfs_image_of(&kape, &raw, &[]).is_none()
        || !run(
            "qemu-img",
            &[
                "convert",
                "-f",
                "raw",
                "-O",
                "vhdx",
                raw.to_str().unwrap(),
                vhdx.to_str().unwrap(),
            ],
            &dir,
        )
    {
        panic!("could not build the VHDX (ntfs-3g, qemu-img)");
    }
    let ev = Evidence::open(&vhdx).unwrap();
    assert_eq!(ev.format(), "vhdx");
    let report = ev.scan(ScanSet::all());
    same(&records(&report), &want, "kape.vhdx");
    let t = report
        .scheduled_tasks
        .iter()
        .find(|t| t.recovered.is_none())
        .unwrap();
    assert_eq!(t.source.filesystem, "collection");
    assert_eq!(
        t.source.origin.as_deref(),
        Some(format!("/C{}", t.source.path).as_str())
    );
    for (evidence, layout, format) in [
        (kape.clone(), Layout::Kape, "collection"),
        (dir.join("kape.zip"), Layout::Kape, "zip"),
        (dir.join("velo.zip"), Layout::Velociraptor, "zip"),
    ] {
        let ev = Evidence::open(&evidence).unwrap();
        assert_eq!(
            (ev.collection(), ev.format()),
            (Some(layout), format),
            "{}",
            evidence.display()
        );
        let report = ev.scan(ScanSet::all());
        same(&records(&report), &want, &evidence.display().to_string());
        // Provenance: the member (or copied file) each task was read from.
        for t in report
            .scheduled_tasks
            .iter()
            .filter(|t| t.recovered.is_none())
        {
            let origin = t.source.origin.as_deref().unwrap();
            if format == "zip" {
                assert!(
                    origin.starts_with(&format!("{}!", evidence.display())),
                    "{origin}"
                );
            }
            let tail = if layout == Layout::Velociraptor {
                velo_escape(t.source.path.rsplit('/').next().unwrap())
            } else {
                t.source.path.rsplit('/').next().unwrap().to_string()
            };
            assert!(origin.ends_with(&tail), "{origin} {}", t.source.path);
        }
    }
}

#[test]
fn a_uac_tarball_scans_to_the_image_records() {
    if !need("debugfs", "the ext4 dump") || !need("tar", "the UAC tarball") {
        return;
    }
    let img = corpus_image("linux-debian");
    let dir = scratch().join("triage-uac");
    let _ = std::fs::remove_dir_all(&dir);
    let root = dir.join("uac-debian/[root]");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::create_dir_all(dir.join("uac-debian/live_response/process")).unwrap();
    std::fs::create_dir_all(dir.join("uac-debian/bodyfile")).unwrap();
    std::fs::write(dir.join("uac-debian/bodyfile/bodyfile.txt"), "").unwrap();
    assert!(run(
        "debugfs",
        &[
            "-R",
            &format!("rdump / {}", root.display()),
            img.to_str().unwrap()
        ],
        &dir
    ));
    assert!(run("tar", &["czf", "uac.tar.gz", "uac-debian"], &dir));
    let want = records(&Evidence::open(&img).unwrap().scan(ScanSet::all()));
    assert!(want.len() > 10);
    let ev = Evidence::open(dir.join("uac.tar.gz")).unwrap();
    assert_eq!(
        (ev.collection(), ev.format()),
        (Some(Layout::Uac), "tar.gz")
    );
    let report = ev.scan(ScanSet::all());
    same(&records(&report), &want, "uac.tar.gz");
    let c = &report.cron_jobs[0];
    assert!(
        c.source
            .origin
            .as_deref()
            .unwrap()
            .contains("!uac-debian/[root]/"),
        "{:?}",
        c.source.origin
    );
}

/// Damaged collections: a zip cut short, a zip whose central directory claims more members
/// than it holds, a member whose stored size points past the end, a tar with a bad header
/// checksum, a gzip cut short. Each is an error naming what is wrong (or, where the damage
/// is inside one member, an error record for that file): no panic, no huge allocation; where
/// members can still be found (a zip's local headers, a tar's members before the damage)
/// they are scanned, and a warning says what was lost.
#[test]
fn damaged_collections_are_errors_not_panics() {
    if !need("zip", "triage zips") || !need("tar", "the tarballs") {
        return;
    }
    let dir = scratch().join("triage-damaged");
    let _ = std::fs::remove_dir_all(&dir);
    let tasks = dir.join("src/C/Windows/System32/Tasks");
    std::fs::create_dir_all(&tasks).unwrap();
    let xml = "<?xml version=\"1.0\"?><Task version=\"1.2\" xmlns=\"http://schemas.microsoft.com/windows/2004/02/mit/task\"><Actions><Exec><Command>C:\\x.exe</Command></Exec></Actions></Task>";
    for i in 0..20 {
        std::fs::write(
            tasks.join(format!("T{i}")),
            format!("{xml}<!-- {} -->", "x".repeat(2000)),
        )
        .unwrap();
    }
    assert!(run("zip", &["-qr", "../ok.zip", "C"], &dir.join("src")));
    assert!(run("tar", &["cf", "../ok.tar", "C"], &dir.join("src")));
    assert!(run("tar", &["czf", "../ok.tgz", "C"], &dir.join("src")));
    let ok = std::fs::read(dir.join("ok.zip")).unwrap();
    let tar = std::fs::read(dir.join("ok.tar")).unwrap();
    let tgz = std::fs::read(dir.join("ok.tgz")).unwrap();
    let good = Evidence::open(dir.join("ok.zip"))
        .unwrap()
        .scan(ScanSet::all());
    assert_eq!(good.scheduled_tasks.len(), 20);
    let eocd = ok.windows(4).rposition(|w| w == b"PK\x05\x06").unwrap();
    let mut cases: Vec<(&str, Vec<u8>)> = Vec::new();
    cases.push(("cut.zip", ok[..ok.len() / 2].to_vec()));
    let mut many = ok.clone();
    many[eocd + 10..eocd + 12].copy_from_slice(&0xFFFEu16.to_le_bytes());
    cases.push(("many.zip", many));
    let mut far = ok.clone();
    far[eocd + 16..eocd + 20].copy_from_slice(&0x7FFF_FFF0u32.to_le_bytes());
    cases.push(("far.zip", far));
    let mut sum = tar.clone();
    sum[512 * 3 + 148] ^= 0x11;
    cases.push(("sum.tar", sum));
    cases.push(("cut.tgz", tgz[..tgz.len() / 2].to_vec()));
    // A member's sizes changed in the central directory: inflating it fails, for it alone.
    let t0 = b"C/Windows/System32/Tasks/T0";
    let cd = ok
        .windows(4)
        .enumerate()
        .position(|(i, w)| w == b"PK\x01\x02" && ok[i + 46..].starts_with(t0))
        .unwrap();
    let mut size = ok.clone();
    size[cd + 24..cd + 28].copy_from_slice(&0x7FFF_FFFFu32.to_le_bytes());
    cases.push(("size.zip", size));
    for (name, bytes) in cases {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        match Evidence::open(&p) {
            Err(e) => {
                let m = e.to_string();
                assert!(m.contains(&p.display().to_string()), "{name}: {m}");
            }
            Ok(ev) => {
                let r = ev.scan(ScanSet::all());
                assert!(
                    !r.errors.is_empty() || !r.warnings.is_empty(),
                    "{name}: {} tasks, nothing said",
                    r.scheduled_tasks.len()
                );
            }
        }
    }
}
