//! Recursive listing of an NTFS and an ext4 volume (100k files each when
#![allow(missing_docs)]
//! `benches/build-100k.sh` has been run, else the corpus images).
use criterion::{criterion_group, criterion_main, Criterion};
use foothold_benches::{image, list_all};

fn listing(c: &mut Criterion) {
    for (label, big, small) in [
        ("ntfs", "ntfs-100k.img", "ntfs-features"),
        ("ext4", "ext4-100k.img", "ext4-features"),
    ] {
        let img = image(big, small);
        let n = list_all(&img);
        let mut g = c.benchmark_group(format!("list_{label}"));
        g.sample_size(10);
        g.bench_function(format!("{n}_entries"), |b| b.iter(|| list_all(&img)));
        g.finish();
    }
}

criterion_group!(benches, listing);
criterion_main!(benches);
