//! Volume shadow copy stores: a valid two-store volume (`foothold_volume::vss::sample`)
//! with descriptors and bitmap bytes, patched by the input (each patch: block, offset in
//! the block, length, bytes), then every snapshot read block by block. Reads may fail;
//! nothing may panic, loop or allocate without bound.
#![no_main]
use foothold_evidence::ReadAt;
use foothold_volume::vss;
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

const B: usize = 0x4000;

fuzz_target!(|data: &[u8]| {
    let mut v = vss::sample(2);
    // A few descriptors of each kind to start from: a kept block, a forwarder, an overlay.
    let mut desc = |store: usize, slot: usize, d: [u64; 3], flags: u32, bitmap: u32| {
        let at = (4 + 4 * store) * B + 128 + slot * 32;
        for (k, x) in d.iter().enumerate() {
            v[at + 8 * k..at + 8 * k + 8].copy_from_slice(&x.to_le_bytes());
        }
        v[at + 24..at + 28].copy_from_slice(&flags.to_le_bytes());
        v[at + 28..at + 32].copy_from_slice(&bitmap.to_le_bytes());
    };
    desc(1, 0, [30 * B as u64, 0, 50 * B as u64], 0, 0);
    desc(0, 0, [31 * B as u64, 30 * B as u64, 0], 1, 0);
    desc(0, 1, [32 * B as u64, 1, 52 * B as u64], 2, 0b11);
    let mut rest = data;
    while let [block, o1, o2, len, tail @ ..] = rest {
        let len = usize::from(*len).min(tail.len());
        let at = (usize::from(*block) % 64) * B + usize::from(u16::from_le_bytes([*o1, *o2])) % B;
        let end = (at + len).min(v.len());
        v[at..end].copy_from_slice(&tail[..end - at]);
        rest = &tail[len..];
    }
    let vol: Arc<dyn ReadAt> = Arc::new(v);
    let Ok(snaps) = vss::snapshots(&*vol) else {
        return;
    };
    for s in &snaps {
        let Ok(r) = vss::SnapshotReader::open(Arc::clone(&vol), &snaps, s.store) else {
            continue;
        };
        let mut buf = vec![0u8; B];
        for n in 0..64u64 {
            let _ = r.read_at(n * B as u64 + 100, &mut buf);
        }
    }
});
