//! The hot paths of a persistence scan, one by one, on corpus inputs (always present) and
//! real third-party files (when ../shared/corpus-real is there): MFT record decoding, a
//! directory index walk, task XML, crontab, hive open + log replay, the EVTX persistence
//! filter. Run: `cargo bench -p foothold-benches --bench hot_paths`.
#![allow(missing_docs)]
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use foothold::Evidence;
use foothold_benches::{image, repo_root};
use std::hint::black_box;

fn real(rel: &str) -> Option<Vec<u8>> {
    let base = std::env::var_os("FOOTHOLD_REAL_CORPUS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared/corpus-real"));
    std::fs::read(base.join(rel)).ok()
}

fn ntfs(c: &mut Criterion) {
    let img = image("ntfs-features.img", "ntfs-features");
    let ev = Evidence::open(&img).expect("ntfs corpus image");
    let fs = ev
        .filesystem(ev.volume(None).expect("volume"))
        .expect("ntfs");
    // Every MFT record decoded (in use or not): what `ls --deleted` and the deleted scan do.
    let raw: std::sync::Arc<dyn foothold_evidence::ReadAt> =
        std::sync::Arc::new(foothold_evidence::RawImage::open(&img).expect("image"));
    let records = foothold_fs::Ntfs::open(raw).expect("ntfs").mft_records();
    let mut g = c.benchmark_group("ntfs");
    g.sample_size(20);
    g.throughput(Throughput::Elements(records));
    g.bench_function(BenchmarkId::new("decode_every_mft_record", records), |b| {
        b.iter(|| black_box(fs.deleted().map(|d| d.len())))
    });
    // A 3,000-entry directory: $INDEX_ROOT + $INDEX_ALLOCATION B-tree walk.
    let big = fs.lookup("/bigdir").expect("bigdir");
    g.throughput(Throughput::Elements(3000));
    g.bench_function("index_walk_3000", |b| {
        b.iter(|| black_box(fs.read_dir(&big).map(|v| v.entries.len())))
    });
    // Direct path lookup through seven directory levels (what the scanner does per artifact).
    g.throughput(Throughput::Elements(1));
    g.bench_function("lookup_path_7_levels", |b| {
        b.iter(|| {
            black_box(
                fs.lookup("/Windows/System32/Tasks/Microsoft/Windows/Defrag/ScheduledDefrag")
                    .is_ok(),
            )
        })
    });
    g.finish();
}

fn parsers(c: &mut Criterion) {
    let wt = Evidence::open(image("windows-tasks.img", "windows-tasks")).expect("windows-tasks");
    let read = |p: &str| wt.read(p, None, 1 << 30).expect(p);
    let xml = read("/Windows/System32/Tasks/Triggers/AllKinds");
    let software = read("/Windows/System32/config/SOFTWARE");
    let system = read("/Windows/System32/config/SYSTEM");
    let deb = Evidence::open(image("linux-debian.img", "linux-debian")).expect("linux-debian");
    let crontab = deb.read("/etc/crontab", None, 1 << 20).expect("crontab");
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Bytes(xml.len() as u64));
    g.bench_function("task_xml_all_trigger_kinds", |b| {
        b.iter(|| black_box(foothold::parse_task_xml(&xml).is_ok()))
    });
    if let Some(real_xml) = real("tasks/museum_Tasks__Win10__APTSimulatorVM__GameOver") {
        g.throughput(Throughput::Bytes(real_xml.len() as u64));
        g.bench_function("task_xml_real", |b| {
            b.iter(|| black_box(foothold::parse_task_xml(&real_xml).is_ok()))
        });
    }
    g.throughput(Throughput::Bytes(crontab.len() as u64));
    g.bench_function("crontab", |b| {
        b.iter(|| {
            black_box(foothold::parse_crontab(
                &crontab,
                &foothold::CrontabFormat::System,
            ))
        })
    });
    g.throughput(Throughput::Bytes(software.len() as u64));
    g.bench_function("software_hive_task_cache", |b| {
        b.iter(|| {
            let h = foothold::RegistryHive::new(software.clone()).expect("hive");
            black_box(foothold::parse_task_cache(&h).map(|v| v.len()))
        })
    });
    g.throughput(Throughput::Bytes(system.len() as u64));
    g.bench_function("system_hive_services", |b| {
        b.iter(|| {
            let h = foothold::RegistryHive::new(system.clone()).expect("hive");
            black_box(foothold::parse_services(&h).len())
        })
    });
    if let (Some(hive), Some(l1), Some(l2)) = (
        real("hives/yarp__NewDirtyHive1__NewDirtyHive"),
        real("hives/yarp__NewDirtyHive1__NewDirtyHive.LOG1"),
        real("hives/yarp__NewDirtyHive1__NewDirtyHive.LOG2"),
    ) {
        let logs = vec![("LOG1".to_string(), l1), ("LOG2".to_string(), l2)];
        g.throughput(Throughput::Bytes(hive.len() as u64));
        g.bench_function("dirty_hive_replay_and_open", |b| {
            b.iter(|| {
                let mut h = hive.clone();
                let r = foothold::replay_logs(&mut h, &logs);
                black_box((r, foothold::RegistryHive::new(h).is_ok()))
            })
        });
    }
    if let Some(log) = real("evtx/museum__Win10_APTSimulatorVM__Security.evtx") {
        g.sample_size(10);
        g.throughput(Throughput::Bytes(log.len() as u64));
        g.bench_function("evtx_persistence_filter_security_5mb", |b| {
            b.iter(|| black_box(foothold::parse_evtx(log.clone(), false).map(|s| s.events.len())))
        });
    }
    g.finish();
}

criterion_group!(benches, ntfs, parsers);
criterion_main!(benches);
