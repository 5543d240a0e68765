//! Transaction-log replay for dirty hives (new format, Windows 8.1+: `HvLE` log entries).
//!
//! A hive whose primary and secondary sequence numbers differ was not written back; its
//! `.LOG1`/`.LOG2` hold the missing pages. Logs are applied in the order of their base-block
//! sequence numbers, entries in sequence from the hive's secondary sequence number, each
//! entry's two Marvin32 hashes checked; replay stops at the first entry that is bad or out
//! of sequence. Old-format logs (a dirty vector) are recognised and reported, not replayed.
use serde::Serialize;

/// Seed of the Marvin32 hashes in log entries.
const MARVIN_SEED: u64 = 0x82EF_4D88_7A4E_55C5;
/// Largest hive a replay may grow to.
const MAX_HIVE: usize = 2 << 30;

/// What a replay did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Replay {
    /// The hive was dirty (sequence numbers differed) before replay.
    pub dirty: bool,
    /// Logs applied, by the names given, in order.
    pub logs_applied: Vec<String>,
    /// Sequence number of the last entry applied.
    pub last_sequence: Option<u32>,
    /// Why a log or entry was not used.
    pub problems: Vec<String>,
}

/// Marvin32 (the hash log entries carry), seeded as the registry seeds it.
///
/// ```
/// // A known value: hash of no data with the registry seed.
/// let h = foothold_windows::marvin32(&[]);
/// assert_ne!(h, 0);
/// ```
pub fn marvin32(data: &[u8]) -> u64 {
    let mut lo = MARVIN_SEED as u32;
    let mut hi = (MARVIN_SEED >> 32) as u32;
    let block = |lo: &mut u32, hi: &mut u32| {
        *hi ^= *lo;
        *lo = lo.rotate_left(20).wrapping_add(*hi);
        *hi = hi.rotate_left(9) ^ *lo;
        *lo = lo.rotate_left(27).wrapping_add(*hi);
        *hi = hi.rotate_left(19);
    };
    let mut chunks = data.chunks_exact(4);
    for c in &mut chunks {
        lo = lo.wrapping_add(u32::from_le_bytes([c[0], c[1], c[2], c[3]]));
        block(&mut lo, &mut hi);
    }
    let r = chunks.remainder();
    let fin = match r.len() {
        0 => 0x80,
        1 => 0x8000 | u32::from(r[0]),
        2 => 0x80_0000 | u32::from(r[0]) | u32::from(r[1]) << 8,
        _ => 0x8000_0000 | u32::from(r[0]) | u32::from(r[1]) << 8 | u32::from(r[2]) << 16,
    };
    lo = lo.wrapping_add(fin);
    block(&mut lo, &mut hi);
    block(&mut lo, &mut hi);
    u64::from(hi) << 32 | u64::from(lo)
}

fn u32_at(b: &[u8], o: usize) -> Option<u32> {
    b.get(o..o.checked_add(4)?)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}
fn u64_at(b: &[u8], o: usize) -> Option<u64> {
    Some(u64::from(u32_at(b, o)?) | u64::from(u32_at(b, o + 4)?) << 32)
}

/// The XOR-32 checksum of a base block's first 508 bytes.
fn base_checksum(b: &[u8]) -> Option<u32> {
    let mut x = 0u32;
    for i in (0..508).step_by(4) {
        x ^= u32_at(b, i)?;
    }
    Some(match x {
        0 => 1,
        0xFFFF_FFFF => 0xFFFF_FFFE,
        v => v,
    })
}

/// Replay `logs` (name, bytes) into `hive` in place. A clean hive is left as it is.
pub fn replay_logs(hive: &mut Vec<u8>, logs: &[(String, Vec<u8>)]) -> Replay {
    let mut rep = Replay::default();
    let (Some(primary), Some(secondary)) = (u32_at(hive, 4), u32_at(hive, 8)) else {
        return rep;
    };
    rep.dirty = primary != secondary;
    if !rep.dirty {
        return rep;
    }
    // Usable logs: a regf base block with a good checksum, ordered by its sequence number.
    let mut usable: Vec<(u32, &String, &Vec<u8>)> = Vec::new();
    for (name, log) in logs {
        if log.get(0..4) != Some(b"regf") || log.len() < 512 {
            rep.problems.push(format!("{name}: no regf base block"));
            continue;
        }
        if base_checksum(log) != u32_at(log, 0x1FC) {
            rep.problems
                .push(format!("{name}: base block checksum does not match"));
            continue;
        }
        if log.get(512..516) != Some(b"HvLE") {
            rep.problems.push(format!(
                "{name}: old-format log (dirty vector), not replayed"
            ));
            continue;
        }
        usable.push((u32_at(log, 4).unwrap_or(0), name, log));
    }
    usable.sort_by_key(|(seq, _, _)| *seq);
    let mut expected = secondary;
    let mut hbins_size = u32_at(hive, 0x28).unwrap_or(0);
    for (_, name, log) in usable {
        let mut pos = 512usize;
        let mut applied = false;
        while pos + 40 <= log.len() {
            let Some(e) = log.get(pos..) else { break };
            if e.get(0..4) != Some(b"HvLE") {
                break;
            }
            let size = u32_at(e, 4).unwrap_or(0) as usize;
            if size < 40 || size % 512 != 0 || size > e.len() {
                rep.problems
                    .push(format!("{name}: entry at {pos:#x} has a bad size {size}"));
                break;
            }
            let entry = &e[..size];
            let seq = u32_at(entry, 12).unwrap_or(0);
            if marvin32(&entry[..32]) != u64_at(entry, 32).unwrap_or(0)
                || marvin32(&entry[40..]) != u64_at(entry, 24).unwrap_or(0)
            {
                rep.problems.push(format!(
                    "{name}: entry {seq} at {pos:#x} fails its hash: replay stops"
                ));
                break;
            }
            if seq < expected {
                pos += size;
                continue;
            }
            if seq != expected {
                rep.problems.push(format!(
                    "{name}: entry {seq} at {pos:#x} is out of sequence (expected {expected})"
                ));
                break;
            }
            let bins = u32_at(entry, 16).unwrap_or(0);
            let pages = u32_at(entry, 20).unwrap_or(0) as usize;
            let refs_end = 40 + pages.saturating_mul(8);
            if refs_end > size || 4096 + bins as usize > MAX_HIVE {
                rep.problems
                    .push(format!("{name}: entry {seq} at {pos:#x} is malformed"));
                break;
            }
            if hive.len() < 4096 + bins as usize {
                hive.resize(4096 + bins as usize, 0);
            }
            let mut data = refs_end;
            let mut ok = true;
            for i in 0..pages {
                let off = u32_at(entry, 40 + i * 8).unwrap_or(u32::MAX) as usize;
                let len = u32_at(entry, 44 + i * 8).unwrap_or(0) as usize;
                let (Some(src), Some(dst_end)) =
                    (entry.get(data..data + len), (4096 + off).checked_add(len))
                else {
                    ok = false;
                    break;
                };
                if dst_end > hive.len() {
                    ok = false;
                    break;
                }
                hive[4096 + off..dst_end].copy_from_slice(src);
                data += len;
            }
            if !ok {
                rep.problems.push(format!(
                    "{name}: entry {seq} at {pos:#x} has a page outside the hive: replay stops"
                ));
                break;
            }
            hbins_size = bins;
            rep.last_sequence = Some(seq);
            expected = seq.wrapping_add(1);
            applied = true;
            pos += size;
        }
        if applied {
            rep.logs_applied.push(name.clone());
        }
    }
    if rep.last_sequence.is_some() {
        hive[4..8].copy_from_slice(&expected.to_le_bytes());
        hive[8..12].copy_from_slice(&expected.to_le_bytes());
        hive[0x28..0x2C].copy_from_slice(&hbins_size.to_le_bytes());
        if let Some(c) = base_checksum(hive) {
            hive[0x1FC..0x200].copy_from_slice(&c.to_le_bytes());
        }
    }
    rep
}
