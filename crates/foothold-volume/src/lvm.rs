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

impl Segment {
    /// The LV byte just past it (`start + length`, checked when the LV was read).
    pub fn end(&self) -> u64 {
        self.start.saturating_add(self.length)
    }
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

/// The PV label of the volume at `offset` of the disk, if it has one.
fn pv_label(disk: &dyn ReadAt, offset: u64) -> Option<Pv> {
    let mut head = vec![0u8; 2048];
    disk.read_exact_at(offset, &mut head).ok()?;
    // The label is in one of the first four sectors.
    let label = head
        .chunks_exact(512)
        .find(|b| b.starts_with(b"LABELONE") && b.get(24..32) == Some(b"LVM2 001".as_slice()))?;
    let pvh = foothold_core::u32_at(label, 20)? as usize;
    let h = label.get(pvh..)?;
    let uuid = String::from_utf8_lossy(h.get(..32)?).into_owned();
    // Data areas, then metadata areas: (offset, size) lists, each ended by zeros (or the
    // end of the sector: a list is read only as far as the label holds it).
    let mut at = 40usize;
    let mut lists: [Vec<(u64, u64)>; 2] = [Vec::new(), Vec::new()];
    for list in &mut lists {
        while let (Some(o), Some(sz)) = (
            foothold_core::u64_at(h, at),
            foothold_core::u64_at(h, at.saturating_add(8)),
        ) {
            at = at.saturating_add(16);
            if o == 0 {
                break;
            }
            if list.len() < 8 {
                list.push((o, sz));
            }
        }
    }
    // An area past the end of a cut image is tried, and fails with its own message.
    let [_, mdas] = lists;
    Some(Pv { offset, uuid, mdas })
}

/// The newest metadata text of a PV's metadata areas, with its area's problems.
fn metadata_text(disk: &dyn ReadAt, pv: &Pv) -> Result<String, String> {
    let mut last = Err("no metadata area".to_string());
    for &(mda, size) in &pv.mdas {
        let Some(base) = pv.offset.checked_add(mda) else {
            last = Err(format!("metadata area at {mda:#x} past any disk"));
            continue;
        };
        let mut h = [0u8; 512];
        if disk.read_exact_at(base, &mut h).is_err() {
            last = Err(format!("metadata area at {base:#x} not readable"));
            continue;
        }
        if h.get(4..20) != Some(b" LVM2 x[5A%r0N*>".as_slice()) {
            last = Err(format!("metadata area at {base:#x}: no LVM2 magic"));
            continue;
        }
        // The first raw location is the current metadata.
        let (Some(off), Some(len)) = (foothold_core::u64_at(&h, 40), foothold_core::u64_at(&h, 48))
        else {
            continue;
        };
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
        // len <= MAX_TEXT and off < size (checked above).
        let mut text = vec![0u8; usize::try_from(len).unwrap_or(0)];
        // The area is a ring after its header sector: a text may wrap to its start.
        let first = len.min(size.saturating_sub(off));
        let (head, tail) = text.split_at_mut(usize::try_from(first).unwrap_or(0));
        let (Some(at), Some(ring)) = (base.checked_add(off), base.checked_add(SECTOR)) else {
            last = Err(format!(
                "metadata text at {base:#x} + {off:#x} past any disk"
            ));
            continue;
        };
        let ok = disk.read_exact_at(at, head).is_ok()
            && (tail.is_empty() || disk.read_exact_at(ring, tail).is_ok());
        if !ok {
            last = Err(format!("metadata text at {at:#x} not readable"));
            continue;
        }
        let body = text.split(|&b| b == 0).next().unwrap_or_default();
        return Ok(String::from_utf8_lossy(body).into_owned());
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
    /// The byte at the cursor.
    fn peek(&self) -> Option<u8> {
        self.b.get(self.at).copied()
    }
    /// Move past one byte (the cursor never passes the end: `peek` saw a byte there).
    fn bump(&mut self) {
        self.at = self.at.saturating_add(1).min(self.b.len());
    }
    fn skip(&mut self) {
        while let Some(c) = self.peek() {
            match c {
                b' ' | b'\t' | b'\r' | b'\n' => self.bump(),
                b'#' => {
                    while self.peek().is_some_and(|c| c != b'\n') {
                        self.bump();
                    }
                }
                _ => break,
            }
        }
    }
    fn word(&mut self) -> Option<String> {
        let start = self.at;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || b"_.+-".contains(&c))
        {
            self.bump();
        }
        let w = self.b.get(start..self.at).filter(|w| !w.is_empty())?;
        Some(String::from_utf8_lossy(w).into_owned())
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
                    self.bump();
                    return Ok(out);
                }
                _ => {}
            }
            self.items = self.items.saturating_add(1);
            if self.items > MAX_ITEMS {
                return Err(self.err("too many values"));
            }
            let key = self.word().ok_or_else(|| self.err("a name expected"))?;
            self.skip();
            match self.b.get(self.at) {
                Some(b'{') => {
                    self.bump();
                    let inner = self.items(depth.saturating_add(1))?;
                    out.push((key, Val::Section(inner)));
                }
                Some(b'=') => {
                    self.bump();
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
                self.bump();
                let mut s = Vec::new();
                while let Some(c) = self.peek() {
                    self.bump();
                    match c {
                        b'"' => return Ok(Val::Str(String::from_utf8_lossy(&s).into_owned())),
                        b'\\' => {
                            if let Some(n) = self.peek() {
                                s.push(n);
                                self.bump();
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
                self.bump();
                let mut list = Vec::new();
                loop {
                    self.skip();
                    match self.b.get(self.at) {
                        Some(b']') => {
                            self.bump();
                            return Ok(Val::List(list));
                        }
                        Some(b',') => self.bump(),
                        None => return Err(self.err("list not closed")),
                        _ => {
                            self.items = self.items.saturating_add(1);
                            if self.items > MAX_ITEMS {
                                return Err(self.err("too many values"));
                            }
                            list.push(self.value(depth.saturating_add(1))?);
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
        let Some(extent) = vg
            .num("extent_size")
            .and_then(|e| e.checked_mul(SECTOR))
            .filter(|&e| e > 0)
        else {
            warnings.push(format!(
                "LVM2 {vg_name}: no extent size (or one past any disk)"
            ));
            continue;
        };
        // Each PV of the group: its disk offset of extent 0, when it is on this disk.
        let mut pv_at: BTreeMap<String, Option<u64>> = BTreeMap::new();
        if let Some(p) = vg.get("physical_volumes") {
            for (name, pv) in p.sections() {
                let id: String = pv.str("id").unwrap_or("").replace('-', "");
                // A start past any disk makes the PV unreadable here (its LVs are said).
                let pe_start = pv.num("pe_start").unwrap_or(0).checked_mul(SECTOR);
                let at = pvs
                    .iter()
                    .find(|x| x.uuid == id)
                    .and_then(|x| x.offset.checked_add(pe_start?));
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
                    let length = segments.last().map_or(0, Segment::end);
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
                    next = next.saturating_add(1);
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
        let n = list.len().div_ceil(2);
        if n == 0 || n > MAX_SEGMENTS || seg.num("stripe_count").is_some_and(|c| c != n as u64) {
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
            let at = pe
                .checked_mul(extent)
                .and_then(|b| b.checked_add(base))
                .ok_or_else(|| format!("extent {pe} of `{pv}` lies past any disk"))?;
            stripes.push(at);
        }
        let stripe_size = if n > 1 {
            striped = true;
            seg.num("stripe_size")
                .and_then(|s| s.checked_mul(SECTOR))
                .filter(|&s| s > 0)
                .ok_or("a striped segment without stripe_size")?
        } else {
            0
        };
        let (Some(start), Some(length)) = (start.checked_mul(extent), count.checked_mul(extent))
        else {
            return Err(format!(
                "a segment of {count} extents at {start} lies past any disk"
            ));
        };
        start
            .checked_add(length)
            .ok_or_else(|| format!("a segment of {count} extents at {start} lies past any disk"))?;
        // Every stripe's run on the disk must fit in 64 bits too.
        if stripes.iter().any(|s| s.checked_add(length).is_none()) {
            return Err("a stripe runs past any disk".into());
        }
        segs.push(Segment {
            start,
            length,
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
        at = s.end();
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
            .find(|s| x >= s.start && x < s.end())?;
        let rel = x.checked_sub(s.start)?;
        let left = s.length.checked_sub(rel)?;
        if let [one] = s.stripes.as_slice() {
            return Some((one.checked_add(rel)?, left));
        }
        // Striped: chunks of stripe_size go round the stripes (checked when read).
        let n = s.stripes.len() as u64;
        let chunk = rel.checked_div(s.stripe_size)?;
        let within = rel.checked_rem(s.stripe_size)?;
        let stripe = s
            .stripes
            .get(usize::try_from(chunk.checked_rem(n)?).ok()?)?;
        let disk = chunk
            .checked_div(n)?
            .checked_mul(s.stripe_size)?
            .checked_add(within)?
            .checked_add(*stripe)?;
        Some((disk, s.stripe_size.checked_sub(within)?.min(left)))
    }
}

impl<R: ReadAt + ?Sized> ReadAt for LvView<'_, R> {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let Some((disk, run)) = self.map(offset) else {
            return Ok(0);
        };
        let n = buf.len().min(usize::try_from(run).unwrap_or(usize::MAX));
        self.disk
            .read_at(disk, buf.get_mut(..n).unwrap_or_default())
    }
    fn len(&self) -> u64 {
        self.lv.segments.last().map_or(0, Segment::end)
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
        self.lv.segments.last().map_or(0, Segment::end)
    }
}
