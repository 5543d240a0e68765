//! Hostile and damaged evidence: every case ends in an error or partial result, never a
//! panic, a hang or a huge allocation.
use crate::common::*;
use foothold::{Evidence, FileSystem, ListRecord};
use foothold_fs::{Ext4, Ntfs, ReadAt};
use std::sync::Arc;

fn walk_all(fs: &dyn FileSystem) -> (usize, usize) {
    let Ok(root) = fs.root() else { return (0, 1) };
    let mut n = 0;
    let errors = foothold::walk(fs, None, &root, &mut |r: ListRecord| {
        n += 1;
        if r.entry.kind == foothold::EntryKind::File {
            // Read a little of every file: exercises run lists, extents, compression.
            if let Ok(s) = fs.open_stream(&r.entry, r.stream.as_deref()) {
                let mut buf = [0u8; 4096];
                let _ = s.read_at(0, &mut buf);
                let _ = s.read_at(s.len().saturating_sub(10), &mut buf);
            }
        }
    });
    let _ = fs.deleted();
    (n, errors.len())
}

/// Deterministic pseudo-random numbers (xorshift), so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn write_temp(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = scratch().join(name);
    std::fs::write(&p, bytes).expect("write");
    p
}

#[test]
fn missing_empty_and_tiny_files_give_errors() {
    assert!(Evidence::open(scratch().join("does-not-exist.img")).is_err());
    let empty = write_temp("empty.img", b"");
    let e = Evidence::open(&empty).expect_err("empty image");
    assert!(e.to_string().contains("too small"), "{e}");
    let junk = write_temp("junk.img", &[0x41u8; 4096]);
    let ev = Evidence::open(&junk).expect("opens");
    let v = ev.volume(None).expect("bare");
    assert_eq!(v.filesystem, foothold::FsType::Unknown);
    let e = ev.filesystem(v).err().expect("unknown fs is an error");
    assert!(e.to_string().contains("not readable"), "{e}");
}

#[test]
fn truncated_images_give_errors_not_panics() {
    for name in ["ntfs-features", "ext4-features", "gpt-disk"] {
        let full = std::fs::read(corpus_image(name)).expect("read");
        for cut in [600usize, 4096, 70_000, 1 << 20, 5 << 20, 20 << 20] {
            let p = write_temp(
                &format!("{name}-cut-{cut}.img"),
                &full[..cut.min(full.len())],
            );
            let Ok(ev) = Evidence::open(&p) else { continue };
            for (_, fs) in ev.filesystems() {
                if let Ok(fs) = fs {
                    walk_all(&*fs);
                }
            }
            let _ = std::fs::remove_file(p);
        }
    }
}

#[test]
fn zeroed_boot_sector_and_superblock_are_reported() {
    let mut ntfs = std::fs::read(corpus_image("ntfs-features")).expect("read");
    ntfs[..512].fill(0);
    let ev = Evidence::open(write_temp("ntfs-zeroed.img", &ntfs)).expect("open");
    assert_eq!(ev.volumes()[0].filesystem, foothold::FsType::Unknown);
    assert!(ev.filesystem(&ev.volumes()[0]).is_err());
    // Forced open as NTFS: a typed error naming the problem.
    let e = Ntfs::open(Arc::new(ntfs)).expect_err("no boot sector");
    assert!(e.to_string().contains("NTFS"), "{e}");

    let mut ext = std::fs::read(corpus_image("ext4-features")).expect("read");
    ext[1024..2048].fill(0);
    let e = Ext4::open(Arc::new(ext)).expect_err("no superblock");
    assert!(e.to_string().contains("0xEF53"), "{e}");
}

#[test]
fn damaged_gpt_primary_falls_back_to_backup() {
    let mut disk = std::fs::read(corpus_image("gpt-disk")).expect("read");
    disk[512..1024].fill(0);
    let ev = Evidence::open(write_temp("gpt-no-primary.img", &disk)).expect("open");
    assert_eq!(ev.scheme(), foothold::Scheme::Gpt);
    assert_eq!(ev.volumes().len(), 3);
    assert!(
        ev.warnings().iter().any(|w| w.contains("backup")),
        "{:?}",
        ev.warnings()
    );
    // A bad entry-array CRC is also detected.
    let mut disk = std::fs::read(corpus_image("gpt-disk")).expect("read");
    disk[1024 + 56] ^= 0xFF; // inside the first entry's name
    let ev = Evidence::open(write_temp("gpt-bad-entries.img", &disk)).expect("open");
    assert!(
        ev.warnings().iter().any(|w| w.contains("CRC")),
        "{:?}",
        ev.warnings()
    );
}

#[test]
fn directory_cycle_is_entered_once() {
    let ev = Evidence::open(corpus_image("ext4-cycle")).expect("open");
    let fs = ev.filesystem(ev.volume(None).expect("vol")).expect("fs");
    let root = fs.root().expect("root");
    let mut paths = Vec::new();
    let errors = foothold::walk(&*fs, None, &root, &mut |r: ListRecord| {
        paths.push(r.entry.path)
    });
    assert!(paths.contains(&"/a/b/loop".to_string()), "{paths:?}");
    assert!(
        !paths.iter().any(|p| p.starts_with("/a/b/loop/")),
        "cycle was followed: {paths:?}"
    );
    assert!(
        errors.iter().any(|e| e.message.contains("already visited")),
        "{errors:?}"
    );
}

/// Flip random bytes in the metadata regions of real volumes and read everything.
#[test]
fn mutated_metadata_never_panics() {
    let cases: Vec<(&str, Vec<u8>, bool)> = vec![
        (
            "ext4-inline",
            std::fs::read(corpus_image("ext4-inline")).expect("read"),
            false,
        ),
        (
            "ext2-blockmap",
            std::fs::read(corpus_image("ext2-blockmap")).expect("read"),
            false,
        ),
        (
            "ntfs-logical",
            {
                let disk = std::fs::read(corpus_image("mbr-logical")).expect("read");
                disk[24576 * 512..(24576 + 24576) * 512].to_vec()
            },
            true,
        ),
    ];
    for (name, pristine, is_ntfs) in cases {
        // Where the metadata is: NTFS MFT start from the boot sector; ext first 1 MiB.
        let region = if is_ntfs {
            let ntfs = Ntfs::open(Arc::new(pristine.clone())).expect("pristine opens");
            let bs = ntfs.boot_sector();
            let start = (bs.mft_lcn * bs.cluster_size) as usize;
            start..start + 64 * bs.record_size as usize
        } else {
            1024..(1 << 20).min(pristine.len())
        };
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ pristine.len() as u64);
        for round in 0..60 {
            let mut img = pristine.clone();
            for _ in 0..(1 + round % 8) {
                let at = region.start + (rng.next() as usize) % region.len();
                img[at] = rng.next() as u8;
            }
            let src: Arc<dyn ReadAt> = Arc::new(img);
            let fs: Option<Box<dyn FileSystem>> = if is_ntfs {
                Ntfs::open(src)
                    .ok()
                    .map(|f| Box::new(f) as Box<dyn FileSystem>)
            } else {
                Ext4::open(src)
                    .ok()
                    .map(|f| Box::new(f) as Box<dyn FileSystem>)
            };
            if let Some(fs) = fs {
                walk_all(&*fs);
            }
        }
        eprintln!("{name}: 60 mutated copies read without panic");
    }
}
