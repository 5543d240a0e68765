//! LVM2 (corpus/build.sh `build_lvm`: pvcreate, vgcreate, lvcreate and lvextend made the
//! metadata on two GPT partitions; the filesystems were written where `lvs --segments` puts
//! the extents): the logical volumes foothold finds are the ones `lvs` listed, with the same
//! names, sizes and layouts, and each LV's bytes are its filesystem image (SHA-256 recorded at
//! build time). Listings and file contents are compared with fls/icat in differential.rs.
use crate::common::*;
use foothold::{Evidence, ReadAt, ScanSet};

#[test]
fn logical_volumes_are_the_ones_lvs_listed() {
    let ev = Evidence::open(corpus_image("lvm-disk")).unwrap();
    let lvs = std::fs::read_to_string(repo_root().join("corpus/images/lvm-disk.lvs.txt")).unwrap();
    let mut want: Vec<(String, u64, String)> = lvs
        .lines()
        .map(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            (
                format!("{}/{}", c[0], c[1]),
                c[2].parse().unwrap(),
                c[3].to_string(),
            )
        })
        .collect();
    want.sort();
    let mut got: Vec<(String, u64, String)> = ev
        .volumes()
        .iter()
        .filter_map(|v| {
            let lv = v.lvm.as_ref()?;
            Some((v.name.clone().unwrap(), v.length, lv.layout.clone()))
        })
        .collect();
    got.sort();
    assert_eq!(got, want);
    compared("lvs", want.len() * 3);
    // Each LV's bytes, read through its segments, are the filesystem image written there.
    let sums =
        std::fs::read_to_string(repo_root().join("corpus/images/lvm-disk.lv.sha256.txt")).unwrap();
    let raw = ev.raw_source().unwrap();
    let mut checked = 0;
    for line in sums.lines() {
        let (sum, name) = line.split_once("  ").unwrap();
        let v = ev
            .volumes()
            .iter()
            .find(|v| v.name.as_deref() == Some(name))
            .unwrap();
        let reader = foothold::LvReader::new(raw.clone(), v.lvm.clone().unwrap());
        let mut bytes = vec![0u8; reader.len() as usize];
        reader.read_exact_at(0, &mut bytes).unwrap();
        assert_eq!(sha256(&bytes), sum, "{name}");
        checked += 1;
    }
    assert_eq!(checked, 2);
    compared("sha256sum (recorded, LV images)", checked);
    // The root LV is scanned like a disk's root: its host and its cron jobs.
    let r = ev.scan(ScanSet::all());
    assert_eq!(r.hosts.len(), 1);
    assert_eq!(r.hosts[0].hostname.as_deref(), Some("lvm-host"));
    assert_eq!(r.hosts[0].source.volume, Some(3));
    assert!(r
        .cron_jobs
        .iter()
        .any(|c| c.source.path == "/etc/crontab" && c.source.volume == Some(3)));
}

/// A damaged LVM2 disk: the metadata text cut (its area zeroed past the first bytes), and
/// the second PV's label wiped. The first gives a warning naming the PV and no LV; the
/// second leaves the LVs with extents on the missing PV unread, each named with why.
#[test]
fn damaged_lvm_metadata_is_a_warning_not_silence() {
    let img = corpus_image("lvm-disk");
    let bytes = std::fs::read(&img).unwrap();
    let dir = scratch().join("lvm-damaged");
    std::fs::create_dir_all(&dir).unwrap();
    // Both PVs' metadata text: wherever " LVM2 x[5A%r0N*>" headers point, zero 64 bytes in.
    let mut cut = bytes.clone();
    let mut n = 0;
    for at in (0..cut.len() - 16).step_by(512) {
        if &cut[at + 4..at + 20] == b" LVM2 x[5A%r0N*>" {
            let off = u64::from_le_bytes(cut[at + 40..at + 48].try_into().unwrap()) as usize;
            for b in &mut cut[at + off + 10..at + off + 400] {
                *b = b'{';
            }
            n += 1;
        }
    }
    assert_eq!(n, 2);
    let p = dir.join("cut.img");
    std::fs::write(&p, &cut).unwrap();
    let ev = Evidence::open(&p).unwrap();
    assert!(ev.volumes().iter().all(|v| v.lvm.is_none()));
    assert!(
        ev.warnings().iter().any(|w| w.contains("LVM2 PV at")),
        "{:?}",
        ev.warnings()
    );
    // The second PV's label gone: the root LV (extended onto it) and the striped LV cannot be read.
    let mut wiped = bytes.clone();
    let second = ev.volumes()[1].offset as usize;
    for b in &mut wiped[second..second + 2048] {
        *b = 0;
    }
    let p = dir.join("wiped.img");
    std::fs::write(&p, &wiped).unwrap();
    let ev = Evidence::open(&p).unwrap();
    assert!(ev.volumes().iter().all(|v| v.lvm.is_none()));
    for lv in ["vg0/root", "vg0/data"] {
        assert!(
            ev.warnings()
                .iter()
                .any(|w| w.contains(lv) && w.contains("not on this disk")),
            "{lv}: {:?}",
            ev.warnings()
        );
    }
}

/// The kinds foothold does not read, on a disk lvm2 wrote (corpus/build.sh `build_lvm_kinds`:
/// a whole disk as one PV; a cache pool made by lvcreate; a thin pool, a thin LV and a raid1
/// LV written by vgcfgrestore, which checked them): each visible LV `lvs` listed is either a
/// volume (the linear root, whose bytes are its filesystem image and which scans as a Linux
/// root) or a warning naming it and its segment type. Hidden sub-LVs (`pool_tdata`,
/// `r1_rimage_0`, `cpool_cmeta`, ...) are neither.
#[test]
fn thin_cache_and_raid_lvs_lvm2_wrote_are_refused_by_name() {
    let ev = Evidence::open(corpus_image("lvm-kinds")).unwrap();
    let lvs = std::fs::read_to_string(repo_root().join("corpus/images/lvm-kinds.lvs.txt")).unwrap();
    let mut read = 0;
    let mut refused = 0;
    for l in lvs.lines() {
        let c: Vec<&str> = l.split_whitespace().collect();
        let name = format!("{}/{}", c[0], c[1]);
        let vol = ev
            .volumes()
            .iter()
            .find(|v| v.name.as_deref() == Some(&name));
        if c[3] == "linear" || c[3] == "striped" {
            let v = vol.unwrap_or_else(|| panic!("{name}: {:?}", ev.volumes()));
            assert_eq!(v.length, c[2].parse::<u64>().unwrap(), "{name}");
            read += 1;
        } else {
            assert!(vol.is_none(), "{name} read as a volume");
            let w = ev
                .warnings()
                .iter()
                .find(|w| w.contains(&format!("LVM2 {name} not read")))
                .unwrap_or_else(|| panic!("{name}: {:?}", ev.warnings()));
            assert!(w.contains(&format!("segment type `{}`", c[3])), "{w}");
            refused += 1;
        }
    }
    assert_eq!((read, refused), (1, 4));
    compared("lvs (LV kinds)", read + refused);
    // Nothing else: no hidden sub-LV became a volume.
    assert_eq!(ev.volumes().iter().filter(|v| v.lvm.is_some()).count(), 1);
    let sums =
        std::fs::read_to_string(repo_root().join("corpus/images/lvm-kinds.lv.sha256.txt")).unwrap();
    let (sum, name) = sums.trim_end().split_once("  ").unwrap();
    let v = ev
        .volumes()
        .iter()
        .find(|v| v.name.as_deref() == Some(name))
        .unwrap();
    let reader = foothold::LvReader::new(ev.raw_source().unwrap(), v.lvm.clone().unwrap());
    let mut bytes = vec![0u8; reader.len() as usize];
    reader.read_exact_at(0, &mut bytes).unwrap();
    assert_eq!(sha256(&bytes), sum);
    compared("sha256sum (recorded, LV image)", 1);
    let r = ev.scan(ScanSet::all());
    assert_eq!(r.hosts.len(), 1);
    assert_eq!(r.hosts[0].hostname.as_deref(), Some("lvm-kinds-host"));
    assert!(r.cron_jobs.iter().any(|c| c.source.path == "/etc/crontab"));
}
