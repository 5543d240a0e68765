//! Read every store of a raw NTFS volume with foothold and with vsc-core; compare each with
//! the file `vshadowmount` exposes for it (given as arguments) and time both.
//! Usage: vss-peer VOLUME.raw VSS1 [VSS2…]
use foothold_evidence::ReadAt;
use std::io::Read;
use std::sync::Arc;
use std::time::Instant;

const B: usize = 16384;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let raw = &args[0];
    let exposed = &args[1..];
    let vol: Arc<dyn ReadAt> = Arc::new(foothold_evidence::RawImage::open(raw).expect("open"));
    let snaps = foothold_volume::vss::snapshots(&*vol).expect("catalog");
    let mut peer = vsc::VssVolume::open(std::fs::File::open(raw).unwrap()).expect("vsc-core open");
    println!("stores: foothold {}, vsc-core {}", snaps.len(), peer.store_count());
    let oracles: Vec<Vec<u8>> = exposed
        .iter()
        .map(|p| {
            let mut v = Vec::new();
            std::fs::File::open(p).unwrap().read_to_end(&mut v).unwrap();
            v
        })
        .collect();
    let differ = |a: &[u8], o: &[u8]| a.chunks(B).zip(o.chunks(B)).filter(|(x, y)| x != y).count();
    for (i, s) in snaps.iter().enumerate() {
        let oracle = &oracles[i];
        // foothold
        let t = Instant::now();
        let r = foothold_volume::SnapshotReader::open(vol.clone(), &snaps, s.store).unwrap();
        let mut ours = vec![0u8; oracle.len()];
        for (k, c) in ours.chunks_mut(1 << 20).enumerate() {
            r.read_exact_at((k << 20) as u64, c).unwrap();
        }
        let t_ours = t.elapsed();
        // vsc-core
        let t = Instant::now();
        let mut theirs = vec![0u8; oracle.len()];
        let mut snap = peer.snapshot(i).expect("vsc-core snapshot");
        for (k, c) in theirs.chunks_mut(1 << 20).enumerate() {
            snap.read_at((k << 20) as u64, c).unwrap();
        }
        let t_theirs = t.elapsed();
        drop(snap);
        // vsc-core may number its stores otherwise: its snapshot is set against every
        // store vshadowmount exposes, and the closest is named.
        let (best, n) = oracles
            .iter()
            .enumerate()
            .map(|(k, o)| (k + 1, differ(&theirs, o)))
            .min_by_key(|&(_, n)| n)
            .unwrap();
        println!(
            "store {}: foothold {:.3} s, {} of {} blocks differ from vshadowmount's vss{}; vsc-core snapshot({i}) {:.3} s, closest to vss{best}: {n} blocks differ",
            s.store,
            t_ours.as_secs_f64(),
            differ(&ours, oracle),
            oracle.len() / B,
            s.store,
            t_theirs.as_secs_f64(),
        );
    }
}
