//! Crafted hostile evidence (`fuzz/crafted.py`): real corpus containers and disks with one
//! length, offset, count or name set to an edge value and their checksums made valid again.
//! Run in the test build, which has overflow checks on: a wrapped offset panics here instead
//! of reading the wrong bytes. Every input must open to an error that names the damage, or
//! open and scan with the damage said; none may panic.
use crate::common::*;
use foothold::{Evidence, ScanSet};

#[test]
fn crafted_inputs_are_errors_or_warnings_never_panics() {
    let dir = scratch().join("crafted");
    let _ = std::fs::remove_dir_all(&dir);
    let made = std::process::Command::new("python3")
        .arg(repo_root().join("fuzz/crafted.py"))
        .arg(&dir)
        .status()
        .is_ok_and(|s| s.success());
    assert!(made, "fuzz/crafted.py failed");
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    let names: Vec<&str> = manifest
        .lines()
        .filter_map(|l| l.split('\t').next())
        .collect();
    assert!(names.len() >= 60, "{} inputs", names.len());
    let mut panics = Vec::new();
    let mut outcome = std::collections::BTreeMap::new();
    for name in &names {
        let path = dir.join(name);
        let r = std::panic::catch_unwind(|| match Evidence::open(&path) {
            Err(e) => format!("error: {e}"),
            Ok(ev) => {
                let report = ev.scan(ScanSet::all().no_hash());
                let mut said: Vec<String> = ev.warnings().to_vec();
                said.extend(report.errors.iter().map(|e| e.message.clone()));
                said.extend(report.warnings.iter().map(|e| e.message.clone()));
                format!("scanned: {}", said.join(" | "))
            }
        });
        match r {
            Ok(o) => {
                outcome.insert(name.to_string(), o);
            }
            Err(_) => panics.push(name.to_string()),
        }
    }
    assert!(panics.is_empty(), "panicked on {panics:?}");
    let expect = |name: &str, words: &[&str]| {
        // Archive and EVTX inputs are made from the shared real corpus: without it they are
        // not made, which is a skip (a failure under FOOTHOLD_REQUIRE_ORACLES).
        let Some(got) = outcome.get(name) else {
            skip(format!(
                "{name} was not made (the shared real corpus is absent)"
            ));
            return;
        };
        assert!(
            words.iter().all(|w| got.contains(w)),
            "{name}: {got} (expected {words:?})"
        );
    };
    // The 317-byte shape of the issue: table base + chunk offset wraps.
    expect(
        "ewf-minimal-table-base-overflow.E01",
        &["error:", "table base", "overflows"],
    );
    expect(
        "ewf-volume-sector-count-max.E01",
        &["error:", "overflow a 64-bit size"],
    );
    // Files a container names: never a device or FIFO, never outside the folder.
    for (name, why) in [
        (
            "qcow2-backing-dev-stdin.qcow2",
            "outside the evidence folder",
        ),
        (
            "qcow2-backing-absolute.qcow2",
            "outside the evidence folder",
        ),
        ("qcow2-backing-dotdot.qcow2", "outside the evidence folder"),
        ("qcow2-backing-fifo.qcow2", "is a FIFO"),
        ("vmdk-extent-dev-stdin.vmdk", "outside the evidence folder"),
        ("vmdk-extent-dotdot.vmdk", "outside the evidence folder"),
        ("vmdk-extent-fifo.vmdk", "is a FIFO"),
    ] {
        expect(name, &["error:", why]);
    }
    expect(
        "qcow2-backing-self.qcow2",
        &["error:", "backing chain deeper"],
    );
    // A partition whose byte offset would wrap is said and left out, not clamped.
    expect(
        "gpt-partition-first-max.img",
        &["scanned:", "beyond any disk"],
    );
    expect(
        "gpt-partition-last-max.img",
        &["scanned:", "beyond any disk"],
    );
    // Hives: a TaskCache Tree key listing itself 1,000 times, and two that list each other
    // (the walk was exponential: a scan of either ran for ever); a Services key listing one
    // service 60,000 times (60,000 copies, 300 MB): each key read once, the damage said.
    expect("SOFTWARE", &["scanned:", "lists itself as its own subkey"]);
    expect("cycle/SOFTWARE", &["scanned:", "more than once"]);
    expect(
        "services/SYSTEM",
        &["scanned:", "59999 subkeys more than once"],
    );
    // 200 values of 64 MiB each from one aliased 16 KiB segment (12.8 GB asked: the scan
    // died of memory under 4 GiB): only the values read are assembled, a key's at most 64 MiB.
    let big = Evidence::open(dir.join("bigdata/SOFTWARE"))
        .unwrap()
        .scan(ScanSet::none().tasks().no_hash());
    assert_eq!(big.scheduled_tasks.len(), 1, "the Tree key with its Id");
    let svc = Evidence::open(dir.join("services/SYSTEM"))
        .unwrap()
        .scan(ScanSet::none().services().no_hash());
    assert_eq!(svc.services.len(), 1, "one service, read once");
    // A loose hive is part of a machine: the program its service runs is not `missing`, it
    // is not in the evidence.
    let b = &svc.services[0].runs[0].binaries[0];
    assert_eq!(
        (b.written.as_str(), b.status),
        ("C:\\evil.exe", foothold::BinaryStatus::NotInEvidence)
    );
    // ext2 block maps: an indirect block naming itself in every slot under a root directory
    // of 2^40 bytes (the walk took 3.5 s and 536 MB for a 24 MiB image): a loop, said.
    for name in ["ext2-indirect-self.img", "ext2-double-indirect-ring.img"] {
        let ev = Evidence::open(dir.join(name)).unwrap();
        let mut errors = Vec::new();
        let outcome = ev.list("/", None, false, &mut |_| {}).map(|o| {
            o.errors
                .iter()
                .map(|e| e.problem.message.clone())
                .collect::<Vec<_>>()
        });
        errors.extend(outcome.unwrap_or_else(|e| vec![e.to_string()]));
        assert!(
            errors.iter().any(|m| m.contains("a loop in the block map")),
            "{name}: {errors:?}"
        );
    }
    // ext4 (metadata_csum, every checksum recomputed): an extent tree that loops names the
    // node's byte offset (it named the inode number as one); a directory of 2^40 bytes
    // with one block mapped is read block by block, the holes said (it was read into memory
    // up to 256 MiB of zeros, or refused whole); a root that is no directory is an error.
    expect(
        "ext4/crontab-extent-loop.img",
        &["scanned:", "extent tree at 0xffe000", "too deep"],
    );
    expect(
        "ext4/crond-dir-sparse-huge.img",
        &[
            "scanned:",
            "1073741823 of its 1073741824 blocks are not mapped",
        ],
    );
    expect(
        "ext4/gd-inode-table-self.img",
        &["scanned:", "not a directory"],
    );
    // A directory block mapped past the volume costs its own names only (the directory was
    // read whole, so one bad block lost every name of it).
    expect(
        "ext4/crond-second-block-past-end.img",
        &[
            "scanned:",
            "block 1: reading at 0x4000000000000",
            "its names are missing",
        ],
    );
    let ev = Evidence::open(dir.join("ext4/crond-second-block-past-end.img")).unwrap();
    let mut names = Vec::new();
    let _ = ev.list("/etc/cron.d", None, false, &mut |r| {
        names.push(r.entry.name.clone())
    });
    assert!(names.contains(&"php".to_string()), "{names:?}");
    // NTFS (update sequence fixups made again): attributes of length 0 and 2^32-1 in the
    // root's record are errors naming their offset; a $DATA with no extent at VCN 0 (the one
    // that holds the size) was listed as an empty file, exit 0: now flagged `size_unknown`.
    expect(
        "ntfs/root-attr-length-zero.img",
        &[
            "scanned:",
            "corrupt attribute at 0x5438: length 0 out of range",
        ],
    );
    expect(
        "ntfs/system-first-vcn-max.img",
        &["scanned:", "no extent starts at VCN 0"],
    );
    // A B-tree node naming itself as its child: index blocks are read once each, in
    // allocation order, never by following child pointers, so nothing loops and the root's
    // listing is the clean image's.
    let names_of = |ev: &Evidence| {
        let mut names = Vec::new();
        ev.list("/", None, false, &mut |r| names.push(r.entry.name.clone()))
            .unwrap();
        names
    };
    let looped = Evidence::open(dir.join("ntfs/root-index-child-loop.img")).unwrap();
    let clean = Evidence::open(corpus_image("windows-tasks")).unwrap();
    let got = names_of(&looped);
    assert!(got.len() > 10, "{got:?}");
    assert_eq!(got, names_of(&clean));
    let ev = Evidence::open(dir.join("ntfs/system-first-vcn-max.img")).unwrap();
    let mut hive = None;
    ev.list("/Windows/System32/config", None, false, &mut |r| {
        if r.entry.name == "SYSTEM" {
            hive = Some(r.entry.flags.clone());
        }
    })
    .unwrap();
    assert_eq!(hive, Some(vec![foothold::EntryFlag::SizeUnknown]));
    // Archives: 20,000 central entries naming one 1 GiB deflated body (the scan ran past
    // 20 s inflating each): the first kept, the others left out and said; the same member
    // listed 60,000 times likewise; a member that inflates past its size; a pax record of
    // length 0 (it was skipped without a word).
    expect(
        "archive/zip-overlapping-1GiB-members.zip",
        &[
            "scanned:",
            "zip bomb's layout",
            "19983 more members overlap",
        ],
    );
    expect(
        "archive/zip-same-member-60000.zip",
        &["scanned:", "59983 more members overlap"],
    );
    expect(
        "archive/zip-deflate-size-lie.zip",
        &["scanned:", "inflates to 101 bytes, not 100"],
    );
    expect(
        "archive/tar-pax-length-zero.tar",
        &["scanned:", "record length 0 does not fit"],
    );
    // EVTX with its CRCs made valid: a template that instantiates itself; task XML: a DTD
    // (billion laughs) and 200,000 nested elements are errors, not work.
    expect(
        "evtx/template-instantiates-itself.evtx",
        &["scanned:", "template instance inside template definition"],
    );
    expect("task/billion-laughs.xml", &["scanned:", "DTD"]);
    expect(
        "task/elements-nested-200000.xml",
        &["scanned:", "nodes limit"],
    );
    // A day interval of 0 is outside the schema: said as written, never taken for daily.
    let t = Evidence::open(dir.join("task/durations-max.xml"))
        .unwrap()
        .scan(ScanSet::none().tasks().no_hash());
    let v = serde_json::to_string(&t.scheduled_tasks[0]).unwrap();
    assert!(v.contains("every 0 days (not a valid interval)"), "{v}");
    // The evidence path itself: a FIFO is refused by name, not read (it would block).
    let e = Evidence::open(dir.join("crafted.fifo"))
        .err()
        .map(|e| e.to_string());
    assert!(
        e.as_deref().is_some_and(|e| e.contains("is a FIFO")),
        "{e:?}"
    );
}

/// A rotated syslog whose gzip holds 1.2 million `CRON` lines (11 MB inflated from a tiny
/// file): one file gives at most a million lines' records, and the cut is an error naming
/// the file and the line, never a silent drop (nor millions of records held at once).
#[test]
fn a_log_of_millions_of_lines_is_cut_and_said() {
    use std::io::Write;
    let root = scratch().join("million-lines");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("etc")).unwrap();
    std::fs::create_dir_all(root.join("var/log")).unwrap();
    std::fs::write(root.join("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n").unwrap();
    std::fs::write(root.join("etc/crontab"), "* * * * * root /bin/true\n").unwrap();
    let f = std::fs::File::create(root.join("var/log/syslog.2.gz")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(f, flate2::Compression::fast());
    let line = b"Nov 23 21:04:01 host CRON[123]: (root) CMD (/bin/true)\n";
    for _ in 0..1_200_000 {
        gz.write_all(line).unwrap();
    }
    gz.finish().unwrap();
    let r = Evidence::open(&root)
        .unwrap()
        .scan(ScanSet::none().events());
    let from_log = r
        .events
        .iter()
        .filter(|e| e.source.path == "/var/log/syslog.2.gz")
        .count();
    assert_eq!(from_log, 1_000_000);
    assert!(
        r.errors
            .iter()
            .any(|e| e.source.path == "/var/log/syslog.2.gz"
                && e.message.contains("more than 1000000 lines")),
        "{:?}",
        r.errors
    );
}
