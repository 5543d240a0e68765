//! Containers made by the real tools (qemu-img, qemu-io, ewfacquire; corpus/build.sh step
//! `containers`) from the GPT corpus disk: each must read back exactly the media those tools
//! read (`qemu-img convert -O raw`, `ewfexport`, recorded in containers/SHA256SUMS), list what
//! fls lists on the raw disk, and fail loudly when damaged. The real third-party containers
//! (dfvfs, plaso, velociraptor) are compared with fls run live on their raw equivalent.
use crate::common::*;
use crate::differential::compare_with_fls;
use foothold::Evidence;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every container file, decompressed into one scratch folder (companions sit together).
fn containers() -> PathBuf {
    let dir = scratch().join("containers");
    let src = repo_root().join("corpus/containers");
    std::fs::create_dir_all(&dir).expect("mkdir");
    for e in std::fs::read_dir(&src).expect("corpus/containers") {
        let p = e.expect("entry").path();
        let name = p
            .file_name()
            .and_then(|n| n.to_str())
            .expect("name")
            .to_string();
        if let Some(stem) = name.strip_suffix(".zst") {
            unzstd(&p, &format!("containers/{stem}"));
        }
    }
    dir
}

fn sums() -> BTreeMap<String, String> {
    std::fs::read_to_string(repo_root().join("corpus/containers/SHA256SUMS"))
        .expect("SHA256SUMS")
        .lines()
        .filter_map(|l| l.split_once("  "))
        .map(|(h, f)| (f.to_string(), h.to_string()))
        .collect()
}

fn media_sha256(src: &dyn foothold_evidence::ReadAt) -> String {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    let mut pos = 0u64;
    let mut buf = vec![0u8; 1 << 20];
    while pos < src.len() {
        let n = buf.len().min((src.len() - pos) as usize);
        src.read_exact_at(pos, &mut buf[..n])
            .unwrap_or_else(|e| panic!("read at {pos:#x}: {e}"));
        h.update(&buf[..n]);
        pos += n as u64;
    }
    h.finalize().iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn every_container_reads_back_what_its_tool_reads() {
    let dir = containers();
    let expected = sums();
    assert_eq!(expected.len(), 16, "containers in SHA256SUMS");
    for (file, want) in &expected {
        let ev = foothold_evidence::open(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let got = media_sha256(&*ev.source());
        assert_eq!(&got, want, "{file} ({})", ev.format().name());
        let fmt = ev.format().name();
        let ext = Path::new(file)
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("");
        let want_fmt = match ext {
            "E01" => "ewf",
            other => other,
        };
        assert_eq!(fmt, want_fmt, "{file}: detected by content");
    }
}

#[test]
fn containers_list_what_fls_lists_on_the_raw_disk() {
    let dir = containers();
    let fls =
        std::fs::read_to_string(repo_root().join("corpus/images/gpt-disk.fls.txt")).expect("fls");
    let sections = parse_fls(&fls);
    let count = |ev: &Evidence| -> usize {
        let mut n = 0;
        for (vol, entries) in &sections {
            let v = ev.volume(vol.parse().ok()).expect("volume");
            if v.filesystem.is_readable() {
                n += compare_with_fls(ev, vol.parse().ok(), entries);
            }
        }
        n
    };
    let raw = count(&Evidence::open(corpus_image("gpt-disk")).expect("raw"));
    assert!(raw >= 19, "{raw} entries on the raw disk");
    for file in [
        "disk-e01.E01",
        "disk-split.E01",
        "disk.qcow2",
        "disk-dynamic.vhd",
        "disk-dynamic.vhdx",
        "disk-stream.vmdk",
        "disk-2gb.vmdk",
    ] {
        let ev = Evidence::open(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(count(&ev), raw, "{file}: entries compared");
    }
}

#[test]
fn ewf_metadata_segments_and_verification() {
    let dir = containers();
    let ev = foothold_evidence::open(dir.join("disk-e01.E01")).expect("open");
    let p: BTreeMap<&str, &str> = ev
        .properties()
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    // The values given to ewfacquire in corpus/build.sh, and ewfinfo's reading of them.
    let info = std::fs::read_to_string(repo_root().join("corpus/containers/disk-e01.ewfinfo.txt"))
        .expect("ewfinfo");
    assert_eq!(p["case_number"], "CASE-42");
    assert_eq!(p["evidence_number"], "EV-7");
    assert_eq!(p["examiner_name"], "Examiner Name");
    assert_eq!(p["description"], "GPT corpus disk");
    assert_eq!(p["notes"], "made by corpus/build.sh");
    assert_eq!(p["sectors_per_chunk"], "64");
    assert!(
        p["acquiry_date"].ends_with('Z'),
        "header2 epoch in UTC: {}",
        p["acquiry_date"]
    );
    let md5 = ev
        .stored_hashes()
        .iter()
        .find(|d| d.algorithm == "md5")
        .expect("md5");
    let sha1 = ev
        .stored_hashes()
        .iter()
        .find(|d| d.algorithm == "sha1")
        .expect("sha1");
    assert!(
        info.contains(&md5.hex) && info.contains(&sha1.hex),
        "hashes as ewfinfo shows them"
    );
    let v = ev.verify().expect("verify");
    assert_eq!(v.matches, Some(true));
    assert_eq!(v.bytes, 64 << 20);
    // SHA-256 of the media (E01 stores none): as libewf's ewfverify computes it.
    if let Some(out) = oracle_tool(
        "ewfverify",
        &[
            "-q",
            "-d",
            "sha256",
            dir.join("disk-e01.E01").to_str().unwrap(),
        ],
    ) {
        let theirs = out
            .lines()
            .find_map(|l| l.strip_prefix("SHA256 hash calculated over data:"))
            .map(str::trim)
            .expect("ewfverify's SHA-256 line");
        let ours = v
            .computed
            .iter()
            .find(|d| d.algorithm == "sha256")
            .expect("sha256");
        assert_eq!(ours.hex, theirs);
        compared("ewfverify", 1);
    }
    // Multi-segment: four files, found from the first.
    let split = foothold_evidence::open(dir.join("disk-split.E01")).expect("open split");
    assert_eq!(split.segments().len(), 4);
    assert_eq!(split.verify().expect("verify").matches, Some(true));
    // The FTK-style image stores an MD5 only.
    let ftk = foothold_evidence::open(dir.join("disk-ftk.E01")).expect("open ftk");
    assert_eq!(ftk.stored_hashes().len(), 1);
    // Its ASCII header's date (`2026 11 23 23 8 49`, local time, no zone), in RFC 3339
    // form without an offset; ewfinfo reads the same instant ("Mon Nov 23 23:08:49 2026"
    // in corpus/containers/disk-e01.ewfinfo.txt, made in the same run).
    let date = ftk
        .properties()
        .iter()
        .find(|(k, _)| k == "acquiry_date")
        .map(|(_, v)| v.clone())
        .expect("acquiry_date");
    assert_eq!(date, "2026-11-23T23:08:49");
    assert!(info.contains("Mon Nov 23 23:08:49 2026"));
    assert_eq!(ftk.verify().expect("verify").matches, Some(true));
}

/// Copy a container with one byte changed (or cut short) into scratch.
fn damaged(src: &Path, name: &str, change: impl FnOnce(&mut Vec<u8>)) -> PathBuf {
    let mut b = std::fs::read(src).expect("read");
    change(&mut b);
    let dir = scratch().join("containers-damaged");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let p = dir.join(name);
    std::fs::write(&p, b).expect("write");
    p
}

#[test]
fn a_damaged_chunk_is_an_error_naming_it() {
    let dir = containers();
    // Compressed chunk: flip a byte inside the sectors section of the E01.
    let e01 = damaged(&dir.join("disk-e01.E01"), "bad-chunk.E01", |b| {
        b[2100] ^= 0x55
    });
    let ev = foothold_evidence::open(&e01).expect("open: the tables are intact");
    let err = ev.verify().expect_err("verify must fail");
    let msg = err.to_string();
    assert!(
        msg.contains("chunk 0") && msg.contains("bad-chunk.E01"),
        "{msg}"
    );
    // Stored chunk with its Adler-32: the split image is uncompressed.
    let split = dir.join("disk-split.E01");
    let bad = damaged(&split, "bad-stored.E01", |b| b[4000] ^= 1);
    for seg in ["E02", "E03", "E04"] {
        std::fs::copy(split.with_extension(seg), bad.with_extension(seg)).expect("copy");
    }
    let ev = foothold_evidence::open(&bad).expect("open");
    let mut buf = vec![0u8; 4096];
    let err = ev
        .source()
        .read_exact_at(0, &mut buf)
        .expect_err("checksum");
    assert!(err.to_string().contains("checksum mismatch"), "{err}");
}

#[test]
fn truncated_and_missing_segments_are_clear_errors() {
    let dir = containers();
    let split = dir.join("disk-split.E01");
    // Only two of four segments.
    let two = scratch().join("containers-damaged/two.E01");
    std::fs::create_dir_all(two.parent().expect("dir")).expect("mkdir");
    std::fs::copy(&split, &two).expect("copy");
    std::fs::copy(split.with_extension("E02"), two.with_extension("E02")).expect("copy");
    let _ = std::fs::remove_file(two.with_extension("E03"));
    let err = foothold_evidence::open(&two)
        .expect_err("missing segments")
        .to_string();
    assert!(err.contains("missing or truncated"), "{err}");
    // A segment cut in half.
    let cut = damaged(&dir.join("disk-e01.E01"), "cut.E01", |b| {
        b.truncate(b.len() / 2)
    });
    let err = foothold_evidence::open(&cut)
        .expect_err("truncated")
        .to_string();
    assert!(err.contains("cut.E01"), "{err}");
    // Every other container cut short: an error, never a panic.
    for f in [
        "disk.qcow2",
        "disk-compressed.qcow2",
        "disk-dynamic.vhd",
        "disk-dynamic.vhdx",
        "disk-sparse.vmdk",
        "disk-stream.vmdk",
    ] {
        let p = damaged(&dir.join(f), &format!("cut-{f}"), |b| {
            b.truncate(b.len() / 3)
        });
        match foothold_evidence::open(&p) {
            Err(e) => eprintln!("{f} cut: {e}"),
            Ok(ev) => {
                let src = ev.source();
                let mut buf = vec![0u8; 1 << 20];
                let failed = (0..src.len().div_ceil(1 << 20)).find_map(|i| {
                    let n = buf.len().min((src.len() - (i << 20)) as usize);
                    src.read_exact_at(i << 20, &mut buf[..n]).err()
                });
                let err =
                    failed.unwrap_or_else(|| panic!("{f}: a third of the file read back in full"));
                eprintln!("{f} cut: {err}");
            }
        }
    }
}

/// sleuthkit reads E01, VMDK and VHD itself: an independent reader of the same container.
#[test]
fn real_containers_list_what_sleuthkit_lists() {
    let Some(real) = real_corpus() else { return };
    let img = real.join("images");
    // The dfvfs ext2 image in several containers holds one 4 MiB medium: the split raw copy.
    let raw = Evidence::open(img.join("dfvfs__ext2.splitraw.000")).expect("split raw");
    let raw_src = raw.raw_source().expect("image");
    let want = media_sha256(&*raw_src);
    for file in [
        "dfvfs__ext2.E01",
        "dfvfs__ext2.qcow2",
        "dfvfs__ext2.vhd",
        "dfvfs__ext2.vmdk",
    ] {
        let ev = foothold_evidence::open(img.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let src = ev.source();
        assert!(src.len() >= raw_src.len(), "{file}: {} bytes", src.len());
        let prefix = foothold_evidence::Window::new(src, 0, raw_src.len()).expect("window");
        assert_eq!(
            media_sha256(&prefix),
            want,
            "{file}: same medium as the split raw"
        );
    }
    let dfvfs_e01 = foothold_evidence::open(img.join("dfvfs__ext2.E01")).expect("open");
    assert_eq!(dfvfs_e01.verify().expect("verify").matches, Some(true));
    let velo = foothold_evidence::open(img.join("velociraptor__test.ntfs.dd.E01")).expect("open");
    assert_eq!(
        velo.verify().expect("verify").matches,
        Some(true),
        "Windows-made E01"
    );
    if let Some(info) = oracle_tool(
        "ewfinfo",
        &[img
            .join("velociraptor__test.ntfs.dd.E01")
            .to_str()
            .expect("utf8")],
    ) {
        let md5 = velo
            .stored_hashes()
            .iter()
            .find(|d| d.algorithm == "md5")
            .expect("md5");
        assert!(info.contains(&md5.hex), "stored MD5 as ewfinfo reads it");
        let p: BTreeMap<&str, &str> = velo
            .properties()
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        for key in [
            "case_number",
            "examiner_name",
            "evidence_number",
            "description",
        ] {
            assert!(
                info.contains(p[key]),
                "{key} = {} as ewfinfo reads it",
                p[key]
            );
        }
        compared("ewfinfo", 5);
    } else {
        skip("ewfinfo (ewf-tools) not installed; metadata not compared");
    }
    for file in [
        "dfvfs__ext2.E01",
        "dfvfs__ext2.vhd",
        "velociraptor__test.ntfs.dd.E01",
    ] {
        let p = img.join(file);
        let Some(fls) = crate::real_corpus::live_fls(&[p.to_str().expect("utf8")]) else {
            continue;
        };
        let ev = Evidence::open(&p).unwrap_or_else(|e| panic!("{file}: {e}"));
        let n = compare_with_fls(&ev, None, &fls);
        eprintln!("{file}: {n} entries match fls");
    }
    // qcow2 and VMDK: this sleuthkit cannot read them; qemu-img converts them to raw for fls.
    for file in [
        "dfvfs__ext2.qcow2",
        "dfvfs__windows_volume.qcow2",
        "dfvfs__ext2.vmdk",
        "plaso__image.vmdk",
    ] {
        let out = scratch().join(format!("{file}.raw"));
        let fmt = file.rsplit('.').next().expect("extension");
        let converted = std::process::Command::new("qemu-img")
            .args(["convert", "-f", fmt, "-O", "raw"])
            .arg(img.join(file))
            .arg(&out)
            .status()
            .is_ok_and(|s| s.success());
        if !converted {
            skip(format!("qemu-img not installed; {file} not compared"));
            continue;
        }
        let ev = Evidence::open(img.join(file)).expect("open");
        let theirs = foothold_evidence::open(&out).expect("raw");
        assert_eq!(
            media_sha256(&*ev.raw_source().expect("image")),
            media_sha256(&*theirs.source()),
            "{file}: same bytes as qemu-img reads"
        );
        compared("qemu-img", 1);
        let Some(fls) = crate::real_corpus::live_fls(&[out.to_str().expect("utf8")]) else {
            continue;
        };
        let n = compare_with_fls(&ev, None, &fls);
        eprintln!("{file}: {n} entries match fls");
    }
}

/// Deterministic mutations of container metadata: every outcome is an error or data, never
/// a panic, a hang or a huge allocation.
#[test]
fn mutated_containers_never_panic() {
    let dir = containers();
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        x.wrapping_mul(0x9E37_79B9_7F4A_7C15)
    };
    let mut opened = 0;
    for f in [
        "disk-e01.E01",
        "disk-ftk.E01",
        "disk.qcow2",
        "disk-compressed.qcow2",
        "disk-dynamic.vhd",
        "disk-dynamic.vhdx",
        "disk-sparse.vmdk",
        "disk-stream.vmdk",
    ] {
        let orig = std::fs::read(dir.join(f)).expect("read");
        for i in 0..30 {
            let mut b = orig.clone();
            for _ in 0..4 {
                let r = next();
                // Half the hits in the first 4 KiB and last 4 KiB (headers, footers), half anywhere.
                let pos = match r % 4 {
                    0 => (r >> 8) as usize % 4096.min(b.len()),
                    1 => b.len() - 1 - (r >> 8) as usize % 4096.min(b.len()),
                    _ => (r >> 8) as usize % b.len(),
                };
                b[pos] = match (r >> 4) % 3 {
                    0 => 0xFF,
                    1 => 0,
                    _ => b[pos] ^ (r >> 16) as u8,
                };
            }
            let p = scratch().join(format!("containers-damaged/mut-{i}-{f}"));
            std::fs::write(&p, &b).expect("write");
            if let Ok(ev) = foothold_evidence::open(&p) {
                opened += 1;
                let src = ev.source();
                let mut buf = vec![0u8; 256 << 10];
                for k in 0..8u64 {
                    let off = next() % src.len().max(1);
                    let _ = src.read_at(off, &mut buf);
                    let _ = src.read_at(k << 20, &mut buf);
                }
                let _ = Evidence::open(&p).map(|e| e.info());
            }
            let _ = std::fs::remove_file(&p);
        }
    }
    eprintln!("{opened} of 240 mutated containers still opened");
}

/// The container readers on bytes in memory (`open_bytes`, which the `container` fuzz target
/// drives) read the same media as from their files, and damaged copies are errors or reads,
/// never panics.
#[test]
fn containers_open_from_bytes_as_from_files() {
    let dir = containers();
    for file in [
        "disk-e01.E01",
        "disk-ftk.E01",
        "disk.qcow2",
        "disk-v2.qcow2",
        "disk-zstd.qcow2",
        "disk-compressed.qcow2",
        "disk-dynamic.vhd",
        "disk-fixed.vhd",
        "disk-dynamic.vhdx",
        "disk-fixed.vhdx",
        "disk-sparse.vmdk",
        "disk-stream.vmdk",
    ] {
        let bytes = std::fs::read(dir.join(file)).expect("read");
        let from_file = foothold_evidence::open(dir.join(file)).expect("open");
        let from_bytes = foothold_evidence::open_bytes(file, bytes.clone()).expect("open_bytes");
        // 64 spread 64 KiB ranges of the media, identical both ways.
        let src = from_file.source();
        assert_eq!(from_bytes.len(), src.len(), "{file}");
        for i in 0..64u64 {
            let off = (src.len() / 64) * i;
            let n = 65536.min(src.len() - off) as usize;
            let (mut a, mut b) = (vec![0u8; n], vec![0u8; n]);
            from_bytes.read_exact_at(off, &mut a).expect("bytes");
            src.read_exact_at(off, &mut b).expect("file");
            assert!(a == b, "{file}: range at {off:#x} differs");
        }
        // A hundred damaged copies of the first 64 KiB (headers, tables).
        let mut x = 0x9E37_79B9u64 ^ bytes.len() as u64;
        for _ in 0..100 {
            let mut b = bytes.clone();
            for _ in 0..4 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let at = (x as usize) % b.len().min(65536);
                b[at] = (x >> 32) as u8;
            }
            if let Ok(src) = foothold_evidence::open_bytes(file, b) {
                let mut buf = vec![0u8; 4096];
                for off in [0, src.len() / 2, src.len().saturating_sub(4096)] {
                    let _ = src.read_at(off, &mut buf);
                }
            }
        }
    }
}

/// A fuzz finding (`cargo fuzz run container`, after 4 seconds): eight bytes that start like
/// an E01 segment made the EWF reader index past the end (a panic, from a file as from bytes).
#[test]
fn eight_byte_ewf_signature_is_an_error_not_a_panic() {
    let b = b"EVF\x09\x0d\x0a\xff\x00".to_vec();
    let e = foothold_evidence::open_bytes("short.E01", b.clone())
        .err()
        .expect("too short");
    assert!(e.to_string().contains("segment header"), "{e}");
    let dir = scratch().join("containers-damaged");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("short.E01");
    std::fs::write(&p, b).unwrap();
    assert!(foothold_evidence::open(&p).is_err());
}
