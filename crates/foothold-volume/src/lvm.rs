//! LVM2: physical volumes (a `LABELONE` label in one of the first four sectors, its PV
//! header and metadata area), the volume group's text metadata (the newest copy), and its
//! linear and striped logical volumes as volumes of their own. Thin, cache, RAID, mirror
//! and snapshot LVs are refused by their segment type, and said.
use crate::{sniff, FsType, Volume};
use foothold_evidence::ReadAt;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io;

const SECTOR: u64 = 512;
/// Largest metadata text read from one area.
const MAX_TEXT: u64 = 16 << 20;
/// Deepest nesting of the metadata text.
const MAX_DEPTH: usize = 16;
/// Most values in one metadata text.
const MAX_ITEMS: usize = 200_000;
/// Most segments of one LV, and stripes of one segment.
const MAX_SEGMENTS: usize = 10_000;

/// A logical volume read as a volume: where each of its pieces is on the disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogicalVolume {
    /// Volume group name.
    pub vg: String,
    /// Logical volume name.
    pub lv: String,
    /// `linear`, `striped` (every segment one or the other).
    pub layout: String,
    /// The segments, in LV order.
    pub segments: Vec<Segment>,
}

/// A run of a logical volume's extents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// Byte offset in the LV.
    pub start: u64,
    /// Length in bytes.
    pub length: u64,
    /// Stripe (chunk) size in bytes; 0 for a linear segment.
    pub stripe_size: u64,
    /// Disk byte offset of each stripe's first extent (one for a linear segment).
    pub stripes: Vec<u64>,
}

/// A physical volume's label: where it is and its metadata areas.
#[derive(Debug, Clone)]
struct Pv {
    /// Disk offset of the PV (its partition's start).
    offset: u64,
    /// UUID without dashes.
    uuid: String,
    /// Metadata areas (offset in the PV, size).
    mdas: Vec<(u64, u64)>,
}

fn le32(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .map_or(0, |x| u32::from_le_bytes([x[0], x[1], x[2], x[3]]))
}
fn le64(b: &[u8], at: usize) -> u64 {
    b.get(at..at + 8).map_or(0, |x| {
        let mut a = [0u8; 8];
        a.copy_from_slice(x);
        u64::from_le_bytes(a)
    })
}

/// The PV label of the volume at `offset` of the disk, if it has one.
fn pv_label(disk: &dyn ReadAt, offset: u64) -> Option<Pv> {
    let mut head = vec![0u8; 4 * SECTOR as usize];
    disk.read_exact_at(offset, &mut head).ok()?;
    let s = (0..4).find(|s| {
        let b = &head[s * 512..];
        b.starts_with(b"LABELONE") && &b[24..32] == b"LVM2 001"
    })?;
    let label = &head[s * 512..(s + 1) * 512];
    let pvh = le32(label, 20) as usize;
    let h = label.get(pvh..)?;
    let uuid = String::from_utf8_lossy(h.get(..32)?).into_owned();
    // Data areas, then metadata areas: (offset, size) lists, each ended by zeros.
    let mut at = 40;
    let mut lists: [Vec<(u64, u64)>; 2] = [Vec::new(), Vec::new()];
    for list in &mut lists {
        loop {
            let (o, sz) = (le64(h, at), le64(h, at + 8));
            at += 16;
            if o == 0 || at > h.len() {
                break;
            }
            if list.len() < 8 {
                list.push((o, sz));
            }
        }
    }
    // An area past the end of a cut image is tried, and fails with its own message.
    let mdas = lists[1].clone();
    Some(Pv { offset, uuid, mdas })
}

/// The newest metadata text of a PV's metadata areas, with its area's problems.
fn metadata_text(disk: &dyn ReadAt, pv: &Pv) -> Result<String, String> {
    let mut last = Err("no metadata area".to_string());
    for &(mda, size) in &pv.mdas {
        let base = pv.offset + mda;
        let mut h = [0u8; 512];
        if disk.read_exact_at(base, &mut h).is_err() {
            last = Err(format!("metadata area at {base:#x} not readable"));
            continue;
        }
        if &h[4..20] != b" LVM2 x[5A%r0N*>" {
            last = Err(format!("metadata area at {base:#x}: no LVM2 magic"));
            continue;
        }
        // The first raw location is the current metadata.
        let (off, len) = (le64(&h, 40), le64(&h, 48));
        if off == 0 && len == 0 {
            last = Err("no volume group in its metadata (a PV of no group)".into());
            continue;
        }
        if len == 0 || len > MAX_TEXT || len > size || off >= size || off < SECTOR {
            last = Err(format!(
                "metadata area at {base:#x}: text of {len} bytes at {off:#x}"
            ));
            continue;
        }
        let mut text = vec![0u8; len as usize];
        // The area is a ring after its header sector: a text may wrap to its start.
        let first = len.min(size - off);
        let ok = disk
            .read_exact_at(base + off, &mut text[..first as usize])
            .is_ok()
            && (first == len
                || disk
                    .read_exact_at(base + SECTOR, &mut text[first as usize..])
                    .is_ok());
        if !ok {
            last = Err(format!("metadata text at {:#x} not readable", base + off));
            continue;
        }
        let end = text.iter().position(|&b| b == 0).unwrap_or(text.len());
        return Ok(String::from_utf8_lossy(&text[..end]).into_owned());
    }
    last
}

/// A value of the metadata text.
#[derive(Debug, Clone, PartialEq)]
enum Val {
    Num(i64),
    Str(String),
    List(Vec<Val>),
    Section(Vec<(String, Val)>),
}

impl Val {
    fn get(&self, key: &str) -> Option<&Val> {
        match self {
            Val::Section(items) => items.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    fn num(&self, key: &str) -> Option<u64> {
        match self.get(key)? {
            Val::Num(n) => u64::try_from(*n).ok(),
            _ => None,
        }
    }
    fn str(&self, key: &str) -> Option<&str> {
        match self.get(key)? {
            Val::Str(s) => Some(s),
            _ => None,
        }
    }
    fn sections(&self) -> Vec<(&str, &Val)> {
        match self {
            Val::Section(items) => items
                .iter()
                .filter(|(_, v)| matches!(v, Val::Section(_)))
                .map(|(k, v)| (k.as_str(), v))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// The LVM2 text format (`name = value`, `name { … }`, `[a, b]`, `"strings"`, `# comments`).
struct Parser<'a> {
    b: &'a [u8],
    at: usize,
    items: usize,
}

impl Parser<'_> {
    fn skip(&mut self) {
        while self.at < self.b.len() {
            match self.b[self.at] {
                b' ' | b'\t' | b'\r' | b'\n' => self.at += 1,
                b'#' => {
                    while self.at < self.b.len() && self.b[self.at] != b'\n' {
                        self.at += 1;
                    }
                }
                _ => break,
            }
        }
    }
    fn word(&mut self) -> Option<String> {
        let start = self.at;
        while self.at < self.b.len()
            && (self.b[self.at].is_ascii_alphanumeric() || b"_.+-".contains(&self.b[self.at]))
        {
            self.at += 1;
        }
        (self.at > start).then(|| String::from_utf8_lossy(&self.b[start..self.at]).into_owned())
    }
    fn err(&self, what: &str) -> String {
        format!("metadata text at byte {}: {what}", self.at)
    }
    /// Items up to `}` (or the end at depth 0).
    fn items(&mut self, depth: usize) -> Result<Vec<(String, Val)>, String> {
        if depth > MAX_DEPTH {
            return Err(self.err("nested too deep"));
        }
        let mut out = Vec::new();
        loop {
            self.skip();
            match self.b.get(self.at) {
                None if depth == 0 => return Ok(out),
                None => return Err(self.err("section not closed")),
                Some(b'}') if depth > 0 => {
                    self.at += 1;
                    return Ok(out);
                }
                _ => {}
            }
            self.items += 1;
            if self.items > MAX_ITEMS {
                return Err(self.err("too many values"));
            }
            let key = self.word().ok_or_else(|| self.err("a name expected"))?;
            self.skip();
            match self.b.get(self.at) {
                Some(b'{') => {
                    self.at += 1;
                    let inner = self.items(depth + 1)?;
                    out.push((key, Val::Section(inner)));
                }
                Some(b'=') => {
                    self.at += 1;
                    let v = self.value(depth)?;
                    out.push((key, v));
                }
                _ => return Err(self.err("`=` or `{` expected")),
            }
        }
    }
    fn value(&mut self, depth: usize) -> Result<Val, String> {
        self.skip();
        match self.b.get(self.at) {
            Some(b'"') => {
                self.at += 1;
                let mut s = Vec::new();
                while let Some(&c) = self.b.get(self.at) {
                    self.at += 1;
                    match c {
                        b'"' => return Ok(Val::Str(String::from_utf8_lossy(&s).into_owned())),
                        b'\\' => {
                            if let Some(&n) = self.b.get(self.at) {
                                s.push(n);
                                self.at += 1;
                            }
                        }
                        c => s.push(c),
                    }
                }
                Err(self.err("string not closed"))
            }
            Some(b'[') => {
                if depth >= MAX_DEPTH {
                    return Err(self.err("nested too deep"));
                }
                self.at += 1;
                let mut list = Vec::new();
                loop {
                    self.skip();
                    match self.b.get(self.at) {
                        Some(b']') => {
                            self.at += 1;
                            return Ok(Val::List(list));
                        }
                        Some(b',') => self.at += 1,
                        None => return Err(self.err("list not closed")),
                        _ => {
                            self.items += 1;
                            if self.items > MAX_ITEMS {
                                return Err(self.err("too many values"));
                            }
                            list.push(self.value(depth + 1)?);
                        }
                    }
                }
            }
            _ => {
                let w = self.word().ok_or_else(|| self.err("a value expected"))?;
                w.parse::<i64>()
                    .map(Val::Num)
                    .map_err(|_| self.err(&format!("`{w}` is not a number")))
            }
        }
    }
}

fn parse(text: &str) -> Result<Val, String> {
    Parser {
        b: text.as_bytes(),
        at: 0,
        items: 0,
    }
    .items(0)
    .map(Val::Section)
}

/// The volume group of a metadata text: its name, sequence number and the section.
fn volume_group(text: &str) -> Result<(String, u64, Val), String> {
    let root = parse(text)?;
    let (name, vg) = root
        .sections()
        .into_iter()
        .find(|(_, v)| v.get("physical_volumes").is_some())
        .ok_or("metadata text without a volume group")?;
    Ok((name.to_string(), vg.num("seqno").unwrap_or(0), vg.clone()))
}

/// The logical volumes of the LVM2 physical volumes among `volumes` (those sniffed as
/// [`FsType::Lvm2`]), numbered from `next`, each sniffed for its filesystem. What cannot be
/// read (a PV of the group not on this disk, an LV of a refused type) is a warning.
pub(crate) fn logical_volumes(
    disk: &dyn ReadAt,
    volumes: &[Volume],
    mut next: u32,
    warnings: &mut Vec<String>,
) -> Vec<Volume> {
    let mut pvs: Vec<Pv> = Vec::new();
    for v in volumes.iter().filter(|v| v.filesystem == FsType::Lvm2) {
        match pv_label(disk, v.offset) {
            Some(pv) => pvs.push(pv),
            None => warnings.push(format!(
                "volume at {:#x}: LVM2 signature but no readable PV label",
                v.offset
            )),
        }
    }
    // The newest metadata of each volume group, from any of its PVs.
    let mut groups: BTreeMap<String, (u64, Val)> = BTreeMap::new();
    for pv in &pvs {
        match metadata_text(disk, pv).and_then(|t| volume_group(&t)) {
            Ok((name, seqno, vg)) => {
                if groups.get(&name).is_none_or(|(s, _)| seqno > *s) {
                    groups.insert(name, (seqno, vg));
                }
            }
            Err(e) => warnings.push(format!("LVM2 PV at {:#x}: {e}", pv.offset)),
        }
    }
    let mut out = Vec::new();
    for (vg_name, (_, vg)) in groups {
        let extent = vg.num("extent_size").unwrap_or(0).saturating_mul(SECTOR);
        if extent == 0 {
            warnings.push(format!("LVM2 {vg_name}: no extent size"));
            continue;
        }
        // Each PV of the group: its disk offset of extent 0, when it is on this disk.
        let mut pv_at: BTreeMap<String, Option<u64>> = BTreeMap::new();
        if let Some(p) = vg.get("physical_volumes") {
            for (name, pv) in p.sections() {
                let id: String = pv.str("id").unwrap_or("").replace('-', "");
                let pe_start = pv.num("pe_start").unwrap_or(0).saturating_mul(SECTOR);
                let at = pvs
                    .iter()
                    .find(|x| x.uuid == id)
                    .map(|x| x.offset.saturating_add(pe_start));
                pv_at.insert(name.to_string(), at);
            }
        }
        let Some(lvs) = vg.get("logical_volumes") else {
            continue;
        };
        for (lv_name, lv) in lvs.sections() {
            let visible = match lv.get("status") {
                Some(Val::List(l)) => l.contains(&Val::Str("VISIBLE".into())),
                _ => false,
            };
            if !visible {
                continue;
            }
            match lv_segments(lv, extent, &pv_at) {
                Ok((segments, layout)) => {
                    let length = segments.last().map_or(0, |s| s.start + s.length);
                    let lvol = LogicalVolume {
                        vg: vg_name.clone(),
                        lv: lv_name.to_string(),
                        layout,
                        segments,
                    };
                    let view = LvView { disk, lv: &lvol };
                    let s = sniff(&view);
                    out.push(Volume {
                        number: Some(next),
                        offset: lvol
                            .segments
                            .first()
                            .and_then(|s| s.stripes.first().copied())
                            .unwrap_or(0),
                        length,
                        partition_type: None,
                        type_name: Some(format!("LVM2 logical volume ({})", lvol.layout)),
                        name: Some(format!("{vg_name}/{lv_name}")),
                        filesystem: s.fs,
                        label: s.label,
                        lvm: Some(lvol),
                    });
                    next += 1;
                }
                Err(why) => warnings.push(format!("LVM2 {vg_name}/{lv_name} not read: {why}")),
            }
        }
    }
    out
}

/// The segments of an LV: linear and striped only.
fn lv_segments(
    lv: &Val,
    extent: u64,
    pv_at: &BTreeMap<String, Option<u64>>,
) -> Result<(Vec<Segment>, String), String> {
    let mut segs = Vec::new();
    let mut striped = false;
    for (name, seg) in lv.sections() {
        if !name.starts_with("segment") {
            continue;
        }
        if segs.len() >= MAX_SEGMENTS {
            return Err(format!("more than {MAX_SEGMENTS} segments"));
        }
        let kind = seg.str("type").unwrap_or("");
        if kind != "striped" {
            return Err(format!(
                "segment type `{kind}` (thin, cache, RAID, mirror and snapshot LVs are not read)"
            ));
        }
        let start = seg
            .num("start_extent")
            .ok_or("a segment without start_extent")?;
        let count = seg
            .num("extent_count")
            .ok_or("a segment without extent_count")?;
        let Some(Val::List(list)) = seg.get("stripes") else {
            return Err("a segment without stripes".into());
        };
        let n = list.len() / 2;
        if n == 0 || n > MAX_SEGMENTS || seg.num("stripe_count").is_some_and(|c| c as usize != n) {
            return Err("stripe list and stripe_count disagree".into());
        }
        let mut stripes = Vec::with_capacity(n);
        for pair in list.chunks(2) {
            let (Some(Val::Str(pv)), Some(Val::Num(pe))) = (pair.first(), pair.get(1)) else {
                return Err("a stripe that is not (PV, extent)".into());
            };
            let base = pv_at
                .get(pv)
                .ok_or_else(|| format!("stripe on unknown PV `{pv}`"))?
                .ok_or_else(|| format!("its PV `{pv}` is not on this disk"))?;
            let pe = u64::try_from(*pe).map_err(|_| "negative extent")?;
            stripes.push(base.saturating_add(pe.saturating_mul(extent)));
        }
        let stripe_size = if n > 1 {
            striped = true;
            let s = seg.num("stripe_size").unwrap_or(0).saturating_mul(SECTOR);
            if s == 0 {
                return Err("a striped segment without stripe_size".into());
            }
            s
        } else {
            0
        };
        segs.push(Segment {
            start: start.saturating_mul(extent),
            length: count.saturating_mul(extent),
            stripe_size,
            stripes,
        });
    }
    segs.sort_by_key(|s| s.start);
    let mut at = 0;
    for s in &segs {
        if s.start != at {
            return Err(format!("segments leave a gap at byte {at:#x}"));
        }
        at = s.start.saturating_add(s.length);
    }
    if segs.is_empty() {
        return Err("no segments".into());
    }
    Ok((segs, if striped { "striped" } else { "linear" }.to_string()))
}

/// A logical volume's bytes: its segments mapped onto the disk.
pub struct LvView<'a, R: ReadAt + ?Sized> {
    /// The disk holding the PVs.
    pub disk: &'a R,
    /// The LV.
    pub lv: &'a LogicalVolume,
}

impl<R: ReadAt + ?Sized> LvView<'_, R> {
    /// Disk offset of LV byte `x` and how many bytes from it are contiguous on the disk.
    fn map(&self, x: u64) -> Option<(u64, u64)> {
        let s = self
            .lv
            .segments
            .iter()
            .find(|s| x >= s.start && x < s.start + s.length)?;
        let rel = x - s.start;
        if s.stripes.len() == 1 {
            return Some((s.stripes[0] + rel, s.length - rel));
        }
        let n = s.stripes.len() as u64;
        let chunk = rel / s.stripe_size;
        let within = rel % s.stripe_size;
        let disk = s.stripes[(chunk % n) as usize] + (chunk / n) * s.stripe_size + within;
        Some((disk, (s.stripe_size - within).min(s.length - rel)))
    }
}

impl<R: ReadAt + ?Sized> ReadAt for LvView<'_, R> {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let Some((disk, run)) = self.map(offset) else {
            return Ok(0);
        };
        let n = buf.len().min(usize::try_from(run).unwrap_or(usize::MAX));
        self.disk.read_at(disk, &mut buf[..n])
    }
    fn len(&self) -> u64 {
        self.lv.segments.last().map_or(0, |s| s.start + s.length)
    }
}

/// An owned [`LvView`]: the disk shared, the LV kept (what a filesystem reads from).
pub struct LvReader<R: ReadAt> {
    disk: R,
    lv: LogicalVolume,
}

impl<R: ReadAt> LvReader<R> {
    /// The LV `lv` of `disk`.
    pub fn new(disk: R, lv: LogicalVolume) -> Self {
        LvReader { disk, lv }
    }
}

impl<R: ReadAt> ReadAt for LvReader<R> {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        LvView {
            disk: &self.disk,
            lv: &self.lv,
        }
        .read_at(offset, buf)
    }
    fn len(&self) -> u64 {
        self.lv.segments.last().map_or(0, |s| s.start + s.length)
    }
}
