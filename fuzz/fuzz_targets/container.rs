//! Every container reader (E01, qcow2, VHD, VHDX, VMDK, raw) on arbitrary bytes: open by
//! content, then read at the start, the middle, the end and offsets taken from the input.
#![no_main]
use foothold_evidence::{open_bytes, ReadAt};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = open_bytes("fuzz.img", data.to_vec()) else {
        return;
    };
    let len = src.len();
    let mut buf = vec![0u8; 65536];
    let mut offsets = vec![0, len / 2, len.saturating_sub(512)];
    offsets.extend(
        data.chunks_exact(8)
            .take(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8])) % len.max(1)),
    );
    for off in offsets {
        let _ = src.read_at(off, &mut buf);
    }
});
