//! Transaction-log replay for dirty hives, by the rules of the Windows registry file format
//! specification (the same rules yarp's `apply_new_log_file(s)`/`apply_old_log_file` follow).
//!
//! A hive whose primary and secondary sequence numbers differ was not written back; its
//! `.LOG1`/`.LOG2` hold the missing pages.
//!
//! New format (Windows 8.1+, log file type 6, `HvLE` entries): each log has its own base
//! block whose primary sequence number is that of its first entry. A log is eligible when
//! that number is not lower than the hive's secondary sequence number (when the hive's base
//! block is valid). Of two logs the one whose entries start earlier is applied first; the
//! second only when its first entry continues the first (its base sequence number is the
//! last applied plus one). If the earlier one is not eligible, the later one alone is
//! applied; with an invalid hive base block, only the later one (as Windows does). Entries
//! are applied in sequence from the log's base sequence number, each one's signature, size,
//! hive-bins size, page count, two Marvin32 hashes and sequence number checked; a log's
//! replay stops at the first entry that fails.
//!
//! Old format (log file type 1 or 2, a `DIRT` dirty vector): one log, eligible when its
//! last-written time is not older than the hive's; every 512-byte page whose bit is set is
//! copied from the log to the hive.
use foothold_core::{u32_at, u64_at};
use serde::Serialize;

/// Seed of the Marvin32 hashes in log entries.
const MARVIN_SEED: u64 = 0x82EF_4D88_7A4E_55C5;
/// Largest hive a replay may grow to.
const MAX_HIVE: usize = 2 << 30;

/// What a replay did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
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
        lo = lo.wrapping_add(u32_at(c, 0).unwrap_or(0));
        block(&mut lo, &mut hi);
    }
    // The last 0–3 bytes, little-endian, then the 0x80 end marker above them.
    let r = chunks.remainder();
    let fin = r
        .iter()
        .rev()
        .fold(0x80u32, |acc, b| acc.wrapping_shl(8) | u32::from(*b));
    lo = lo.wrapping_add(fin);
    block(&mut lo, &mut hi);
    block(&mut lo, &mut hi);
    u64::from(hi) << 32 | u64::from(lo)
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

/// Hive base block length; log base block length.
const BASE: usize = 4096;
const LOG_BASE: usize = 512;
/// Log file types at 0x1C of a log's base block.
const LOG_OLD: u32 = 1;
const LOG_VERY_OLD: u32 = 2;
const LOG_NEW: u32 = 6;

/// A log that passed the base-block checks.
struct Log<'a> {
    name: &'a str,
    bytes: &'a [u8],
    /// Primary sequence number of the log's base block (its first entry's, new format).
    sequence: u32,
}

/// Whether a log whose entries start at `this` starts before one starting at `other`
/// (sequence numbers wrap around).
fn starts_first(this: u32, other: u32) -> bool {
    let (delta, starting) = if this >= other {
        (this.wrapping_sub(other), false)
    } else {
        (other.wrapping_sub(this), true)
    };
    if delta <= 0x7FFF_FFFF {
        starting
    } else {
        !starting
    }
}

/// The state of a replay in progress.
struct Replayer<'h> {
    hive: &'h mut Vec<u8>,
    rep: Replay,
    hbins_size: u32,
    /// Base-block fields taken from the last log applied: root cell, last written.
    root_cell: Option<u32>,
    written: Option<u64>,
}

impl Replayer<'_> {
    /// Apply every entry of new-format `log` that continues the sequence; `false` if none.
    fn apply_new(&mut self, log: &Log) -> bool {
        let name = log.name;
        let b = log.bytes;
        let mut expected = log.sequence;
        let mut pos = LOG_BASE;
        let mut applied = 0usize;
        while let Some(e) = b.get(pos..).filter(|e| e.len() >= 40) {
            if e.get(0..4) != Some(b"HvLE") {
                break; // the end of the entries (what follows is remnant data)
            }
            let stop =
                |why: String| format!("{name}: entry at {pos:#x}: {why}; this log stops here");
            let size = u32_at(e, 4).unwrap_or(0) as usize;
            let Some(entry) = e
                .get(..size)
                .filter(|_| size >= LOG_BASE && size & (LOG_BASE - 1) == 0)
            else {
                self.rep.problems.push(stop(format!("bad size {size}")));
                break;
            };
            let seq = u32_at(entry, 12).unwrap_or(0);
            let bins = u32_at(entry, 16).unwrap_or(0);
            let pages = u32_at(entry, 20).unwrap_or(0) as usize;
            let hive_len = (bins as usize).saturating_add(BASE);
            if bins < 4096 || bins & 4095 != 0 || hive_len > MAX_HIVE {
                self.rep
                    .problems
                    .push(stop(format!("sequence {seq}: bad hive bins size {bins}")));
                break;
            }
            if pages == 0 || pages.saturating_mul(8).saturating_add(40) > size {
                self.rep.problems.push(stop(format!(
                    "sequence {seq}: bad dirty page count {pages}"
                )));
                break;
            }
            let (head, body) = (
                entry.get(..32).unwrap_or_default(),
                entry.get(40..).unwrap_or_default(),
            );
            if marvin32(head) != u64_at(entry, 32).unwrap_or(0)
                || marvin32(body) != u64_at(entry, 24).unwrap_or(0)
            {
                self.rep
                    .problems
                    .push(stop(format!("sequence {seq}: hash does not match")));
                break;
            }
            if seq != expected {
                self.rep.problems.push(stop(format!(
                    "sequence {seq} where {expected} was expected"
                )));
                break;
            }
            // Check every page before writing any: an entry is applied whole or not at all.
            // The page list (8 bytes each after the 40-byte header; `pages * 8 + 40 ≤ size`
            // above), then the pages' bytes in order.
            let mut data = pages.saturating_mul(8).saturating_add(40);
            let mut writes = Vec::with_capacity(pages);
            let mut bad = None;
            for i in 0..pages {
                let at = i.saturating_mul(8).saturating_add(40);
                let off = u32_at(entry, at).unwrap_or(u32::MAX) as usize;
                let len = u32_at(entry, at.saturating_add(4)).unwrap_or(0) as usize;
                let src = data..data.saturating_add(len);
                if src.end > size || off.saturating_add(len) > bins as usize {
                    bad = Some(format!(
                        "sequence {seq}: page {i} ({len} bytes at {off:#x}) lies outside the entry or the hive bins"
                    ));
                    break;
                }
                writes.push((off.saturating_add(BASE), src));
                data = data.saturating_add(len);
            }
            if let Some(why) = bad {
                self.rep.problems.push(stop(why));
                break;
            }
            if self.hive.len() < hive_len {
                self.hive.resize(hive_len, 0);
            }
            // Each write was checked to lie inside the entry and the hive bins.
            for (dst, src) in writes {
                let len = src.len();
                if let (Some(to), Some(from)) = (
                    self.hive.get_mut(dst..dst.saturating_add(len)),
                    entry.get(src),
                ) {
                    to.copy_from_slice(from);
                }
            }
            self.hbins_size = bins;
            self.rep.last_sequence = Some(seq);
            expected = seq.wrapping_add(1);
            applied = applied.saturating_add(1);
            pos = pos.saturating_add(size);
        }
        if applied == 0 {
            self.rep
                .problems
                .push(format!("{name}: no entry could be applied"));
            return false;
        }
        self.take_base_fields(log.bytes);
        self.rep.logs_applied.push(name.to_string());
        true
    }

    /// Apply old-format `log`: the pages its dirty vector marks.
    fn apply_old(&mut self, log: &Log) -> bool {
        let (name, b) = (log.name, log.bytes);
        let bins = u32_at(b, 0x28).unwrap_or(0) as usize;
        let hive_len = bins.saturating_add(BASE);
        if bins == 0 || bins & 4095 != 0 || hive_len > MAX_HIVE {
            self.rep.problems.push(format!(
                "{name}: bad hive bins size {bins} in its base block"
            ));
            return false;
        }
        if b.get(LOG_BASE..LOG_BASE.saturating_add(4)) != Some(b"DIRT") {
            self.rep
                .problems
                .push(format!("{name}: no dirty vector (DIRT) at {LOG_BASE:#x}"));
            return false;
        }
        // One bit per 512-byte page of the hive bins.
        let vector_len = bins >> 12;
        let vector_at = LOG_BASE.saturating_add(4);
        let Some(bitmap) = b.get(vector_at..vector_at.saturating_add(vector_len)) else {
            self.rep
                .problems
                .push(format!("{name}: dirty vector truncated"));
            return false;
        };
        // The dirty pages follow the vector, from the next 512-byte boundary, in bit order.
        let start = vector_at
            .saturating_add(vector_len)
            .div_ceil(512)
            .saturating_mul(512);
        let mut pages = Vec::new();
        let mut k = 0usize;
        for (byte_i, byte) in bitmap.iter().enumerate() {
            for bit_i in 0..8usize {
                if byte >> bit_i & 1 == 0 {
                    continue;
                }
                let bit = byte_i.saturating_mul(8).saturating_add(bit_i);
                let hive_off = bit.saturating_mul(512);
                let src = k.saturating_mul(512).saturating_add(start);
                if src.saturating_add(512) > b.len() {
                    self.rep.problems.push(format!(
                        "{name}: dirty page {k} (hive offset {hive_off:#x}) is past the end of the log: not replayed"
                    ));
                    return false;
                }
                pages.push((hive_off.saturating_add(BASE), src));
                k = k.saturating_add(1);
            }
        }
        if self.hive.len() < hive_len {
            self.hive.resize(hive_len, 0);
        }
        for (dst, src) in pages {
            if let (Some(to), Some(from)) = (
                self.hive.get_mut(dst..dst.saturating_add(512)),
                b.get(src..src.saturating_add(512)),
            ) {
                to.copy_from_slice(from);
            }
        }
        self.hbins_size = bins as u32;
        self.take_base_fields(b);
        self.rep.logs_applied.push(name.to_string());
        true
    }

    fn take_base_fields(&mut self, log: &[u8]) {
        self.root_cell = u32_at(log, 0x24);
        self.written = u64_at(log, 0x0C);
    }
}

/// Replay `logs` (name, bytes) into `hive` in place. A clean hive is left as it is.
///
/// `Replay` says what was applied and, for every log or entry not used, why (which log,
/// which entry offset, which sequence number).
pub fn replay_logs(hive: &mut Vec<u8>, logs: &[(String, Vec<u8>)]) -> Replay {
    let mut rep = Replay::default();
    let (Some(primary), Some(secondary)) = (u32_at(hive, 4), u32_at(hive, 8)) else {
        return rep;
    };
    rep.dirty = primary != secondary;
    if !rep.dirty {
        return rep;
    }
    let hive_valid = hive.get(0..4) == Some(b"regf") && base_checksum(hive) == u32_at(hive, 0x1FC);
    if !hive_valid {
        rep.problems
            .push("the hive's base block is invalid: only the later new-format log is used".into());
    }
    let mut new_logs = Vec::new();
    let mut old_logs = Vec::new();
    for (name, log) in logs {
        if log.is_empty() {
            continue; // an unused log file
        }
        if log.get(0..4) != Some(b"regf") || log.len() < LOG_BASE {
            rep.problems.push(format!("{name}: no regf base block"));
            continue;
        }
        if base_checksum(log) != u32_at(log, 0x1FC) {
            rep.problems
                .push(format!("{name}: base block checksum does not match"));
            continue;
        }
        let (lp, ls) = (u32_at(log, 4).unwrap_or(0), u32_at(log, 8).unwrap_or(0));
        if lp != ls {
            rep.problems.push(format!(
                "{name}: the log's own base block is dirty (sequence {lp}/{ls})"
            ));
            continue;
        }
        let l = Log {
            name,
            bytes: log,
            sequence: lp,
        };
        match u32_at(log, 0x1C).unwrap_or(u32::MAX) {
            LOG_NEW if log.len() > LOG_BASE + 40 => new_logs.push(l),
            LOG_NEW => rep
                .problems
                .push(format!("{name}: too short to hold an entry")),
            LOG_OLD | LOG_VERY_OLD => old_logs.push(l),
            t => rep
                .problems
                .push(format!("{name}: file type {t} is not a transaction log")),
        }
    }
    let mut r = Replayer {
        hive,
        rep,
        hbins_size: 0,
        root_cell: None,
        written: None,
    };
    let eligible = |r: &mut Replayer, l: &Log| -> bool {
        if hive_valid && l.sequence < secondary {
            r.rep.problems.push(format!(
                "{}: not eligible: its entries start at sequence {}, before the hive's secondary sequence {secondary}",
                l.name, l.sequence
            ));
            return false;
        }
        true
    };
    if !new_logs.is_empty() {
        if new_logs.len() > 2 {
            r.rep.problems.push(format!(
                "{} new-format logs given: only the first two are used",
                new_logs.len()
            ));
            new_logs.truncate(2);
        }
        if let [a, b] = &new_logs[..] {
            let (first, second) = if starts_first(a.sequence, b.sequence) {
                (a, b)
            } else {
                (b, a)
            };
            if !hive_valid {
                r.apply_new(second);
            } else if !eligible(&mut r, first) {
                if eligible(&mut r, second) {
                    r.apply_new(second);
                }
            } else if r.apply_new(first) {
                match r.rep.last_sequence {
                    Some(last) if second.sequence == last.wrapping_add(1) => {
                        r.apply_new(second);
                    }
                    Some(last) => r.rep.problems.push(format!(
                        "{}: does not continue {} (starts at sequence {}, {} expected): not applied",
                        second.name,
                        first.name,
                        second.sequence,
                        last.wrapping_add(1)
                    )),
                    None => {}
                }
            }
        } else if let Some(only) = new_logs.first().filter(|l| eligible(&mut r, l)) {
            r.apply_new(only);
        }
        for l in &old_logs {
            r.rep.problems.push(format!(
                "{}: old-format log beside new-format ones: not used",
                l.name
            ));
        }
    } else if let Some(l) = old_logs.first() {
        let hive_written = u64_at(r.hive, 0x0C).unwrap_or(0);
        if hive_valid && u64_at(l.bytes, 0x0C).unwrap_or(0) < hive_written {
            r.rep.problems.push(format!(
                "{}: not eligible: written before the hive's own last write",
                l.name
            ));
        } else {
            r.apply_old(l);
        }
        for l in old_logs.iter().skip(1) {
            r.rep
                .problems
                .push(format!("{}: only one old-format log is applied", l.name));
        }
    }
    if !r.rep.logs_applied.is_empty() {
        // New format: as Windows leaves it, both numbers one past the last entry applied;
        // old format: both the hive's primary sequence number.
        let seq = r.rep.last_sequence.map_or(primary, |s| s.wrapping_add(1));
        let (bins, root, written) = (r.hbins_size, r.root_cell, r.written);
        let hive = &mut *r.hive;
        // The base block is 4 KiB (a replayed hive holds at least its base and bins).
        let mut put = |at: usize, v: &[u8]| {
            if let Some(f) = hive.get_mut(at..at.saturating_add(v.len())) {
                f.copy_from_slice(v);
            }
        };
        put(4, &seq.to_le_bytes());
        put(8, &seq.to_le_bytes());
        if let Some(w) = written {
            put(0x0C, &w.to_le_bytes());
        }
        if let Some(root) = root {
            put(0x24, &root.to_le_bytes());
        }
        put(0x28, &bins.to_le_bytes());
        if let Some(c) = base_checksum(hive) {
            if let Some(f) = hive.get_mut(0x1FC..0x200) {
                f.copy_from_slice(&c.to_le_bytes());
            }
        }
    }
    r.rep
}
