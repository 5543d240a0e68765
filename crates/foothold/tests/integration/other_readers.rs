//! foothold's NTFS and hive readers against the readers the design card named and ours
//! replaced (README, design notes): the `ntfs` crate lists every NTFS volume of the corpus
//! and of the real corpus, the `nt-hive` crate walks the real hives (a dirty one as its
//! primary file stands, since nt-hive does not replay logs), and both must
//! see what foothold sees — the same names, MFT entries, kinds and sizes; the same keys,
//! values and data lengths.
use crate::common::*;
use foothold::{EntryKind, Evidence, FsType, ListRecord};
use std::collections::BTreeMap;
use std::io::{Read, Seek, SeekFrom};
use std::sync::Arc;

/// A volume of an image as `Read + Seek`, for the `ntfs` crate.
struct VolumeReader {
    src: Arc<dyn foothold::ReadAt>,
    base: u64,
    len: u64,
    pos: u64,
}

impl Read for VolumeReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.pos >= self.len {
            return Ok(0);
        }
        let n = buf.len().min((self.len - self.pos) as usize);
        let got = self.src.read_at(self.base + self.pos, &mut buf[..n])?;
        self.pos += got as u64;
        Ok(got)
    }
}

impl Seek for VolumeReader {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let p = match to {
            SeekFrom::Start(p) => p as i128,
            SeekFrom::End(d) => self.len as i128 + d as i128,
            SeekFrom::Current(d) => self.pos as i128 + d as i128,
        };
        if p < 0 {
            return Err(std::io::Error::other("seek before start"));
        }
        self.pos = p as u64;
        Ok(self.pos)
    }
}

/// What the `ntfs` crate lists: path -> (MFT entry, is directory, unnamed $DATA size for
/// files) over the allocated tree (Win32/POSIX names; DOS 8.3 aliases left out, as fls does),
/// and the directories whose record it refuses (their subtrees are not compared).
type CrateListing = (BTreeMap<String, (u64, bool, Option<u64>)>, Vec<String>);

fn ntfs_crate_listing(r: &mut VolumeReader) -> CrateListing {
    let mut ntfs = ntfs::Ntfs::new(r).expect("ntfs crate: boot sector");
    ntfs.read_upcase_table(r).expect("ntfs crate: $UpCase");
    let mut out = BTreeMap::new();
    let root = ntfs.root_directory(r).expect("ntfs crate: root");
    let mut stack = vec![(String::new(), root.file_record_number())];
    let mut seen = std::collections::HashSet::new();
    let mut refused = Vec::new();
    while let Some((dir_path, number)) = stack.pop() {
        if !seen.insert(number) {
            continue;
        }
        // The ntfs crate 0.4 refuses some records that fls and foothold read (record 255 of
        // its own testfs1, past the first run of $MFT): those subtrees are left out, named.
        let dir = match ntfs.file(r, number) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("ntfs crate refuses directory record {number} ({dir_path}): {e}");
                refused.push(dir_path);
                continue;
            }
        };
        let index = dir.directory_index(r).expect("ntfs crate: $I30");
        let mut entries = index.entries();
        while let Some(entry) = entries.next(r) {
            let entry = entry.expect("ntfs crate: index entry");
            let Some(key) = entry.key() else { continue };
            let key = key.expect("ntfs crate: file name");
            if key.namespace() == ntfs::structured_values::NtfsFileNamespace::Dos {
                continue;
            }
            let child = entry.file_reference().file_record_number();
            if child == number {
                continue; // the root's "." entry
            }
            let path = format!("{dir_path}/{}", key.name().to_string_lossy());
            let is_dir = key.is_directory();
            let size = if is_dir {
                None
            } else {
                let Ok(file) = ntfs.file(r, child) else {
                    eprintln!("ntfs crate refuses file record {child} ({path})");
                    refused.push(path);
                    continue;
                };
                // With an $ATTRIBUTE_LIST (a file fragmented past one record) the ntfs crate
                // 0.4 reports a $DATA size of 0; those sizes are checked against fls instead
                // (differential.rs), and left out here.
                let listed = file.attributes_raw().any(|a| {
                    a.ok().and_then(|a| a.ty().ok()) == Some(ntfs::NtfsAttributeType::AttributeList)
                });
                if listed {
                    out.insert(path, (child, is_dir, None));
                    continue;
                }
                // A file without an unnamed $DATA ($ObjId, $Quota…) is 0 bytes, as fls says.
                // (The value's length, which spans every extent of an attribute list.)
                Some(file.data(r, "").map_or(0, |item| {
                    let item = item.expect("ntfs crate: $DATA");
                    let attr = item.to_attribute().expect("ntfs crate: attribute");
                    attr.value(r).expect("ntfs crate: $DATA value").len()
                }))
            };
            if is_dir {
                stack.push((path.clone(), child));
            }
            out.insert(path, (child, is_dir, size));
        }
    }
    (out, refused)
}

/// The same from foothold's own reader.
fn our_ntfs_listing(ev: &Evidence, vol: Option<u32>) -> BTreeMap<String, (u64, bool, Option<u64>)> {
    let v = ev.volume(vol).expect("volume");
    let fs = ev.filesystem(v).expect("filesystem");
    let root = fs.root().expect("root");
    let mut out = BTreeMap::new();
    let errors = foothold::walk(&*fs, v.number, &root, &mut |r: ListRecord| {
        let e = &r.entry;
        if r.stream.is_none() && e.flags.is_empty() {
            let is_dir = e.kind == EntryKind::Dir;
            out.insert(
                e.path.clone(),
                (e.entry, is_dir, (!is_dir).then_some(e.size)),
            );
        }
    });
    assert!(errors.is_empty(), "walk errors: {errors:?}");
    out
}

#[test]
fn every_ntfs_volume_lists_as_the_ntfs_crate_lists_it() {
    let mut images: Vec<std::path::PathBuf> = ["windows-tasks", "ntfs-features", "gpt-disk"]
        .iter()
        .map(|n| corpus_image(n))
        .collect();
    if let Some(real) = real_corpus() {
        for name in [
            "colinfinck_ntfs__testfs1",
            "velociraptor__test.ntfs.dd.E01",
            "dfvfs__windows_volume.qcow2",
        ] {
            let p = real.join("images").join(name);
            if p.exists() {
                images.push(p);
            } else {
                skip(format!("{} missing", p.display()));
            }
        }
    }
    let mut volumes = 0;
    let mut entries = 0;
    for img in &images {
        let ev = Evidence::open(img).unwrap_or_else(|e| panic!("{}: {e}", img.display()));
        let src = ev.raw_source().expect("image");
        for v in ev.volumes().iter().filter(|v| v.filesystem == FsType::Ntfs) {
            let mut r = VolumeReader {
                src: src.clone(),
                base: v.offset,
                len: v.length,
                pos: 0,
            };
            eprintln!("ntfs crate on {} volume {:?}", img.display(), v.number);
            let (theirs, refused) = ntfs_crate_listing(&mut r);
            let mut ours = our_ntfs_listing(&ev, v.number);
            ours.retain(|p, _| {
                !refused
                    .iter()
                    .any(|d| p.starts_with(&format!("{d}/")) || p == d)
            });
            assert!(
                refused.len() * 20 <= theirs.len(),
                "{}: the ntfs crate refuses too much to compare: {refused:?}",
                img.display()
            );
            let only_theirs: Vec<_> = theirs
                .keys()
                .filter(|k| !ours.contains_key(*k) && !refused.contains(k))
                .collect();
            let only_ours: Vec<_> = ours.keys().filter(|k| !theirs.contains_key(*k)).collect();
            assert!(
                only_theirs.is_empty() && only_ours.is_empty(),
                "{} volume {:?}: only the ntfs crate: {only_theirs:?}; only foothold: {only_ours:?}",
                img.display(),
                v.number
            );
            for (path, t) in theirs.iter().filter(|(p, _)| !refused.contains(p)) {
                let mut o = ours[path];
                if t.2.is_none() {
                    o.2 = None; // a size the ntfs crate cannot give (see above)
                }
                assert_eq!(&o, t, "{} {path}: (entry, dir, size)", img.display());
            }
            assert!(
                theirs.len() > 10,
                "{}: {} entries",
                img.display(),
                theirs.len()
            );
            volumes += 1;
            entries += theirs.len();
        }
    }
    assert!(volumes >= 3, "{volumes} NTFS volumes compared");
    compared("ntfs-crate", entries);
}

/// key path -> sorted (value name, data length), as a reader sees a hive.
type HiveTree = BTreeMap<String, Vec<(String, usize)>>;

/// A dirty hive (sequence numbers differ) nt-hive only reads without validation, and does
/// not replay: both readers then read the primary file as it is.
fn nt_hive_tree(bytes: &[u8]) -> HiveTree {
    let hive = match nt_hive::Hive::new(bytes) {
        Ok(h) => h,
        Err(nt_hive::NtHiveError::SequenceNumberMismatch { .. }) => {
            nt_hive::Hive::without_validation(bytes).expect("nt-hive: base block")
        }
        Err(e) => panic!("nt-hive: base block: {e}"),
    };
    let root = hive.root_key_node().expect("nt-hive: root");
    let mut out = HiveTree::new();
    let mut stack = vec![(String::new(), root)];
    while let Some((path, key)) = stack.pop() {
        let mut values = Vec::new();
        if let Some(vs) = key.values() {
            for v in vs.expect("nt-hive: value list") {
                let v = v.expect("nt-hive: value");
                let name = v.name().expect("nt-hive: value name").to_string_lossy();
                values.push((name, v.data_size() as usize));
            }
        }
        values.sort();
        out.insert(path.clone(), values);
        if let Some(subs) = key.subkeys() {
            for k in subs.expect("nt-hive: subkey list") {
                let k = k.expect("nt-hive: subkey");
                let name = k.name().expect("nt-hive: key name").to_string_lossy();
                stack.push((format!("{path}\\{name}"), k));
            }
        }
    }
    out
}

fn our_hive_tree(bytes: Vec<u8>) -> HiveTree {
    let hive = foothold::RegistryHive::new(bytes).expect("foothold: hive");
    let mut out = HiveTree::new();
    let mut stack = vec![(String::new(), hive.root().expect("root"))];
    while let Some((path, key)) = stack.pop() {
        let mut values: Vec<(String, usize)> = hive
            .values(key)
            .into_iter()
            .map(|v| (v.name, v.data.len()))
            .collect();
        values.sort();
        out.insert(path.clone(), values);
        for k in hive.subkeys(key) {
            let name = hive.key_name(k).expect("key name");
            stack.push((format!("{path}\\{name}"), k));
        }
    }
    assert!(hive.problems().is_empty(), "{:?}", hive.problems());
    out
}

#[test]
fn every_real_hive_walks_as_nt_hive_walks_it() {
    let Some(real) = real_corpus() else { return };
    let mut keys = 0;
    let mut hives = 0;
    for name in [
        "regipy__SYSTEM.xz",
        "regipy__SYSTEM_2.xz",
        "regipy__SYSTEM_WIN_10_1709.xz",
        "regipy__NTUSER.DAT.xz",
        "regipy__SECURITY.xz",
        "regipy__SAM.xz",
        "dfwinreg__SAM.xz",
        "nt-hive__testhive",
        "yarp__BigDataHive",
        "yarp__NewDirtyHive1__RecoveredHive_Windows10",
    ] {
        let p = real.join("hives").join(name);
        let bytes = if name.ends_with(".xz") {
            match std::process::Command::new("xz").arg("-dc").arg(&p).output() {
                Ok(o) if o.status.success() => o.stdout,
                _ => {
                    skip(format!("xz could not unpack {}", p.display()));
                    continue;
                }
            }
        } else {
            std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        };
        let theirs = nt_hive_tree(&bytes);
        let ours = our_hive_tree(bytes);
        let only_theirs: Vec<_> = theirs
            .keys()
            .filter(|k| !ours.contains_key(*k))
            .take(5)
            .collect();
        let only_ours: Vec<_> = ours
            .keys()
            .filter(|k| !theirs.contains_key(*k))
            .take(5)
            .collect();
        assert!(
            only_theirs.is_empty() && only_ours.is_empty(),
            "{name}: only nt-hive: {only_theirs:?}; only foothold: {only_ours:?}"
        );
        for (k, v) in &theirs {
            assert_eq!(&ours[k], v, "{name} {k}: values (name, data length)");
        }
        keys += theirs.len();
        hives += 1;
    }
    assert!(hives >= 10, "{hives} hives compared");
    compared("nt-hive", keys);
}
