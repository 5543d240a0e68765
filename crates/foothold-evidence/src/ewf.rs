//! Expert Witness Format (EWF v1: `.E01`, EnCase 1–7 and FTK/ewfacquire style), read-only.
//!
//! A segment file is a chain of sections (`header2`/`header`, `volume`/`disk`, `sectors`,
//! `table`/`table2`, `hash`, `digest`, `next`/`done`). The media is cut into chunks (usually
//! 32 KiB); each table entry points at one chunk, stored zlib-compressed (flag bit 31) or
//! stored followed by its Adler-32. Every chunk is checked when it is read: a damaged chunk
//! is an error naming the chunk and its segment offset, never silent garbage.
use crate::cache::BlockCache;
use crate::codec::{adler32, hex, inflate, invalid, read_by_block, Fields};
use crate::{Error, RawImage, ReadAt, Result};
use std::io;
use std::path::{Path, PathBuf};

const FORMAT: &str = "ewf";
/// EWF v1 segment signature.
pub(crate) const EVF: &[u8; 8] = b"EVF\x09\x0d\x0a\xff\x00";
/// EWF v2 (`.Ex01`) and logical (`.L01`/`.Lx01`) signatures, recognised to be refused.
pub(crate) const EVF2: &[u8; 8] = b"EVF2\x0d\x0a\x81\x00";
pub(crate) const LVF: &[u8; 8] = b"LVF\x09\x0d\x0a\xff\x00";
pub(crate) const LEF2: &[u8; 8] = b"LEF2\x0d\x0a\x81\x00";
const DESCRIPTOR: u64 = 76;
/// Upper bound on a chunk (EnCase allows up to 32768 sectors per chunk in theory; real
/// images use 64): 16 MiB.
const MAX_CHUNK: u64 = 16 << 20;
/// Upper bound on an inflated header section.
const MAX_HEADER: usize = 1 << 20;
/// Sections walked per segment before we call the chain a loop.
const MAX_SECTIONS: usize = 1 << 20;
/// Segments in one image (E01..E99, EAA..ZZZ is 14,971 names).
const MAX_SEGMENTS: usize = 15_000;

#[derive(Debug, Clone, Copy)]
struct Chunk {
    segment: u32,
    offset: u64,
    size: u32,
    compressed: bool,
}

/// An EWF image opened from its segment files.
#[derive(Debug)]
pub struct Ewf {
    segments: Vec<RawImage>,
    chunks: Vec<Chunk>,
    chunk_size: u64,
    len: u64,
    cache: BlockCache,
    info: EwfInfo,
}

/// What an EWF image says about itself: acquisition metadata and stored hashes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct EwfInfo {
    /// Header values with readable names (`case_number`, `examiner_name`, `acquiry_date`, …),
    /// in the order the header lists them. Dates from a `header2` section are converted to
    /// UTC (RFC 3339); dates from an ASCII `header` section (FTK style) are the acquiring
    /// machine's local time, written as RFC 3339 without an offset (`2026-11-23T23:08:49`)
    /// because the zone is not recorded.
    pub header: Vec<(String, String)>,
    /// Bytes per sector.
    pub bytes_per_sector: u32,
    /// Sectors per chunk.
    pub sectors_per_chunk: u32,
    /// Media size in bytes.
    pub media_size: u64,
    /// MD5 of the media as stored at acquisition (hex), if any.
    pub md5: Option<String>,
    /// SHA-1 of the media as stored at acquisition (hex), if any.
    pub sha1: Option<String>,
    /// Number of chunks stored compressed.
    pub compressed_chunks: u64,
    /// Number of chunks in all.
    pub chunks: u64,
}

/// The segment files of an EWF image that starts at `first` (`.E01`, `.e01`, `.s01`):
/// `.E02` … `.E99`, then `.EAA` … `.EZZ`, `.FAA` … up to `.ZZZ`, as long as they exist.
pub fn ewf_segments(first: &Path) -> Vec<PathBuf> {
    let mut out = vec![first.to_path_buf()];
    let Some(ext) = first.extension().and_then(|e| e.to_str()) else {
        return out;
    };
    let &[letter, b'0', b'1'] = ext.as_bytes() else {
        return out;
    };
    if !letter.is_ascii_alphabetic() {
        return out;
    }
    let lower = letter.is_ascii_lowercase();
    let first_letter = letter.to_ascii_uppercase();
    for n in 2..MAX_SEGMENTS as u32 {
        let Some(name) = segment_extension(first_letter, n) else {
            break;
        };
        let name = if lower {
            name.to_ascii_lowercase()
        } else {
            name
        };
        let p = first.with_extension(&name);
        if !p.is_file() {
            break;
        }
        out.push(p);
    }
    out
}

/// Extension of segment `n` (1-based): E01..E99, then EAA, EAB, … EZZ, FAA, … ZZZ.
fn segment_extension(first: u8, n: u32) -> Option<String> {
    if n < 100 {
        return Some(format!("{}{n:02}", char::from(first)));
    }
    let k = n.checked_sub(100)?; // 0 => [first]AA
    let (hi, rest) = (k / 676, k % 676);
    let c0 = u32::from(first).checked_add(hi)?;
    if c0 > u32::from(b'Z') {
        return None;
    }
    // rest < 676: both letters stay within A..=Z.
    let c1 = u32::from(b'A').checked_add(rest / 26)?;
    let c2 = u32::from(b'A').checked_add(rest % 26)?;
    Some(
        [c0, c1, c2]
            .iter()
            .map(|&c| char::from_u32(c).unwrap_or('?'))
            .collect(),
    )
}

struct Section<'a> {
    kind: &'a [u8],
    start: u64,
    end: u64,
    data: &'a [u8],
}

impl Ewf {
    /// Open an EWF image from its ordered segment files (see [`ewf_segments`]).
    pub fn open(paths: &[PathBuf]) -> Result<Self> {
        let mut segments = Vec::with_capacity(paths.len());
        for p in paths {
            segments.push(RawImage::open(p)?);
        }
        Self::from_images(segments)
    }

    /// Open an EWF image from its ordered segments (mapped or in memory).
    pub fn from_images(segments: Vec<RawImage>) -> Result<Self> {
        let paths: Vec<PathBuf> = segments.iter().map(|s| s.path().to_path_buf()).collect();
        let paths = paths.as_slice();
        let mut chunks: Vec<Chunk> = Vec::new();
        let mut info = EwfInfo::default();
        let mut header2: Option<Vec<(String, String)>> = None;
        let mut header: Option<Vec<(String, String)>> = None;
        let mut chunk_count: Option<u64> = None;
        let mut saw_done = false;
        for (si, seg) in segments.iter().enumerate() {
            let path = seg.path();
            let bytes = seg.as_bytes();
            if bytes.get(..8) != Some(EVF.as_slice()) {
                return Err(Error::corrupt(path, FORMAT, 0, "no EWF segment signature"));
            }
            let number = u32::from(foothold_core::u16_at(bytes, 9).ok_or_else(|| {
                Error::corrupt(path, FORMAT, 8, "file ends inside the segment header")
            })?);
            let expected = u32::try_from(si).ok().and_then(|i| i.checked_add(1));
            if Some(number) != expected {
                return Err(Error::corrupt(
                    path,
                    FORMAT,
                    9,
                    format!("segment number {number}, expected {}", si.saturating_add(1)),
                ));
            }
            // End of the last `sectors` section: the end of the last chunk of a table.
            let mut sectors_end: Option<u64> = None;
            // A damaged `table` waiting for its `table2` copy.
            let mut bad_table: Option<(u64, String)> = None;
            for section in sections(path, bytes)? {
                let s = section?;
                match s.kind {
                    b"header2" if header2.is_none() => {
                        header2 = Some(parse_header(path, s.start, s.data, true)?)
                    }
                    b"header" if header.is_none() => {
                        header = Some(parse_header(path, s.start, s.data, false)?)
                    }
                    b"volume" | b"disk" if chunk_count.is_none() => {
                        let d = s.data;
                        if d.len() < 20 {
                            return Err(Error::corrupt(
                                path,
                                FORMAT,
                                s.start,
                                "volume section too short",
                            ));
                        }
                        let f = Fields::new(path, FORMAT, d, s.start.saturating_add(DESCRIPTOR));
                        let count = u64::from(f.u32(4)?);
                        info.sectors_per_chunk = f.u32(8)?;
                        info.bytes_per_sector = f.u32(12)?;
                        // EnCase stores a 64-bit sector count; the 94-byte SMART layout a 32-bit one.
                        let sectors = if d.len() >= 1052 {
                            f.u64(16)?
                        } else {
                            u64::from(f.u32(16)?)
                        };
                        info.media_size = sectors
                            .checked_mul(u64::from(info.bytes_per_sector))
                            .ok_or_else(|| {
                                Error::corrupt(
                                    path,
                                    FORMAT,
                                    s.start,
                                    format!(
                                        "{sectors} sectors of {} bytes overflow a 64-bit size",
                                        info.bytes_per_sector
                                    ),
                                )
                            })?;
                        let cs = u64::from(info.sectors_per_chunk)
                            .saturating_mul(u64::from(info.bytes_per_sector));
                        if cs == 0 || cs > MAX_CHUNK {
                            return Err(Error::corrupt(
                                path,
                                FORMAT,
                                s.start,
                                format!("chunk size {cs} out of range"),
                            ));
                        }
                        chunk_count = Some(count);
                    }
                    b"sectors" => sectors_end = Some(s.end),
                    b"table" => {
                        if let Some((at, what)) = bad_table.take() {
                            return Err(Error::corrupt(path, FORMAT, at, what));
                        }
                        let end = sectors_end.unwrap_or(s.end);
                        match parse_table(s.data, segment_index(si), end) {
                            Ok(t) => chunks.extend(t),
                            Err(what) => bad_table = Some((s.start, what)),
                        }
                    }
                    // `table2` is a copy of `table`, used when `table` is damaged.
                    b"table2" => {
                        if let Some((at, what)) = bad_table.take() {
                            let end = sectors_end.unwrap_or(s.end);
                            let t = parse_table(s.data, segment_index(si), end).map_err(|w2| {
                                Error::corrupt(
                                    path,
                                    FORMAT,
                                    at,
                                    format!("{what}; its table2 copy too: {w2}"),
                                )
                            })?;
                            chunks.extend(t);
                        }
                    }
                    b"hash" => {
                        if let Some(m) = s.data.get(..16) {
                            info.md5.get_or_insert_with(|| hex(m));
                        }
                    }
                    b"digest" => {
                        if let (Some(m), Some(h)) = (s.data.get(..16), s.data.get(16..36)) {
                            info.md5 = Some(hex(m));
                            info.sha1 = Some(hex(h));
                        }
                    }
                    b"done" => saw_done = true,
                    _ => {}
                }
                if chunks.len() as u64 > chunk_count.unwrap_or(u64::MAX) {
                    return Err(Error::corrupt(
                        path,
                        FORMAT,
                        s.start,
                        "more chunks in the tables than the volume section holds",
                    ));
                }
            }
            if let Some((at, what)) = bad_table {
                return Err(Error::corrupt(path, FORMAT, at, what));
            }
        }
        let first = paths.first().map(PathBuf::as_path).unwrap_or(Path::new(""));
        let Some(count) = chunk_count else {
            return Err(Error::corrupt(first, FORMAT, 0, "no volume section"));
        };
        if !saw_done {
            let last = paths.last().map(PathBuf::as_path).unwrap_or(first);
            return Err(Error::corrupt(
                last,
                FORMAT,
                0,
                format!(
                    "the last segment ends without a `done` section: segments are missing or truncated ({} of {count} chunks found)",
                    chunks.len()
                ),
            ));
        }
        if (chunks.len() as u64) < count {
            return Err(Error::corrupt(
                first,
                FORMAT,
                0,
                format!("tables list {} of {count} chunks", chunks.len()),
            ));
        }
        info.header = header2.or(header).unwrap_or_default();
        info.chunks = count;
        info.compressed_chunks = chunks.iter().filter(|c| c.compressed).count() as u64;
        // Checked against MAX_CHUNK when the volume section was read.
        let chunk_size =
            u64::from(info.sectors_per_chunk).saturating_mul(u64::from(info.bytes_per_sector));
        let len = info.media_size.min(count.saturating_mul(chunk_size));
        Ok(Ewf {
            segments,
            chunks,
            chunk_size,
            len,
            cache: BlockCache::new(64 << 20, chunk_size as usize),
            info,
        })
    }

    /// Acquisition metadata and stored hashes.
    pub fn info(&self) -> &EwfInfo {
        &self.info
    }

    /// Decode chunk `idx`, checking its checksum.
    fn chunk(&self, idx: u64) -> io::Result<std::sync::Arc<[u8]>> {
        self.cache.get_or(idx, || {
            let c = usize::try_from(idx)
                .ok()
                .and_then(|i| self.chunks.get(i))
                .ok_or_else(|| invalid(format!("chunk {idx} is not in the tables")))?;
            let seg = usize::try_from(c.segment)
                .ok()
                .and_then(|i| self.segments.get(i))
                .ok_or_else(|| invalid(format!("chunk {idx} names segment {}", c.segment)))?;
            let where_ = || {
                format!(
                    "chunk {idx} ({} at offset {:#x})",
                    seg.path().display(),
                    c.offset
                )
            };
            // A chunk stored larger than twice its media size is damage, not data: refused
            // before anything is allocated for it.
            if u64::from(c.size) > self.chunk_size.saturating_mul(2).saturating_add(4096) {
                return Err(invalid(format!(
                    "{}: stored size {} is beyond any chunk of {} bytes",
                    where_(),
                    c.size,
                    self.chunk_size
                )));
            }
            // Read positionally (not through the map): memory stays what the cache holds.
            let data = seg
                .read_vec(c.offset, c.size as usize)
                .ok()
                .filter(|d| d.len() == c.size as usize)
                .ok_or_else(|| {
                    invalid(format!("{}: runs past the end of the segment", where_()))
                })?;
            let data = &data[..];
            // The last chunk of the media may be short.
            let start = idx
                .checked_mul(self.chunk_size)
                .filter(|&s| s < self.len)
                .ok_or_else(|| invalid(format!("chunk {idx} lies past the end of the media")))?;
            let want = usize::try_from(self.len.saturating_sub(start).min(self.chunk_size))
                .map_err(|_| invalid(format!("chunk {idx} is too large")))?;
            if c.compressed {
                let out = inflate(data, true, self.chunk_size as usize)
                    .map_err(|e| invalid(format!("{}: {e}", where_())))?;
                if out.len() < want {
                    return Err(invalid(format!(
                        "{}: inflates to {} bytes, expected {want}",
                        where_(),
                        out.len()
                    )));
                }
                Ok(out)
            } else {
                // Stored: the chunk, then its Adler-32 (little-endian) when there is room.
                if data.len() < want {
                    return Err(invalid(format!(
                        "{}: {} bytes stored, expected {want}",
                        where_(),
                        data.len()
                    )));
                }
                let body_len = data.len().saturating_sub(4);
                let (body, stored) = match data.split_at_checked(body_len) {
                    Some((body, tail)) if body_len >= want => {
                        (body, foothold_core::u32_at(tail, 0))
                    }
                    // An older writer without checksums.
                    _ => (data.get(..want).unwrap_or(data), None),
                };
                if let Some(stored) = stored {
                    let actual = adler32(body);
                    if stored != actual {
                        return Err(invalid(format!(
                            "{}: checksum mismatch: stored {stored:#010x}, computed {actual:#010x}",
                            where_()
                        )));
                    }
                }
                Ok(body.to_vec())
            }
        })
    }
}

impl ReadAt for Ewf {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        read_by_block(
            self.len,
            self.chunk_size,
            offset,
            buf,
            |idx, within, dest| {
                let chunk = self.chunk(idx)?;
                let src = usize::try_from(within)
                    .ok()
                    .and_then(|w| chunk.get(w..w.checked_add(dest.len())?))
                    .ok_or_else(|| {
                        invalid(format!("chunk {idx} is shorter than the media says"))
                    })?;
                dest.copy_from_slice(src);
                Ok(())
            },
        )
    }
    fn len(&self) -> u64 {
        self.len
    }
}

/// Walk the section chain of one segment.
fn sections<'a>(
    path: &'a Path,
    bytes: &'a [u8],
) -> Result<impl Iterator<Item = Result<Section<'a>>> + 'a> {
    let mut off = 13u64;
    let mut count = 0usize;
    let mut finished = false;
    Ok(std::iter::from_fn(move || {
        if finished {
            return None;
        }
        count = count.saturating_add(1);
        let fail = |what: String, at: u64| Some(Err(Error::corrupt(path, FORMAT, at, what)));
        if count > MAX_SECTIONS {
            finished = true;
            return fail("too many sections (a loop?)".into(), off);
        }
        let start = usize::try_from(off).unwrap_or(usize::MAX);
        let Some(d) = bytes.get(start..start.saturating_add(DESCRIPTOR as usize)) else {
            finished = true;
            return fail(
                "section descriptor runs past the end of the segment (truncated?)".into(),
                off,
            );
        };
        let f = Fields::new(path, FORMAT, d, off);
        let fields = (|| {
            Ok((
                f.bytes(0, 16)?,
                f.u64(16)?,
                f.u64(24)?,
                f.u32(72)?,
                f.bytes(0, 72)?,
            ))
        })();
        let (kind, next, size, stored, summed) = match fields {
            Ok(v) => v,
            Err(e) => {
                finished = true;
                return Some(Err(e));
            }
        };
        if stored != adler32(summed) {
            finished = true;
            return fail("section descriptor checksum mismatch".into(), off);
        }
        let kind_end = kind.iter().position(|&b| b == 0).unwrap_or(kind.len());
        let kind = kind.get(..kind_end).unwrap_or(kind);
        // `done` and `next` close the chain; some writers give them size 0. `off` lies in
        // the segment (its descriptor was read), so `off + DESCRIPTOR` cannot wrap.
        let data_start = off.saturating_add(DESCRIPTOR);
        let end = if size == 0 {
            data_start
        } else {
            off.saturating_add(size)
        };
        let data = (end >= data_start)
            .then(|| bytes.get(usize::try_from(data_start).ok()?..usize::try_from(end).ok()?))
            .flatten();
        let Some(data) = data else {
            finished = true;
            return fail(
                format!(
                    "section `{}` of {size} bytes runs past the end of the segment (truncated?)",
                    String::from_utf8_lossy(kind)
                ),
                off,
            );
        };
        let s = Section {
            kind,
            start: off,
            end,
            data,
        };
        if kind == b"done" || kind == b"next" || next == off {
            finished = true;
        } else if next <= off {
            finished = true;
            return fail(format!("section chain points backwards ({next:#x})"), off);
        } else {
            off = next;
        }
        Some(Ok(s))
    }))
}

/// A segment's place in the list as its number in chunk records (a list of at most
/// `MAX_SEGMENTS` files fits in `u32`).
fn segment_index(si: usize) -> u32 {
    u32::try_from(si).unwrap_or(u32::MAX)
}

/// Table entries → chunk locations; the last chunk ends at `end`.
fn parse_table(d: &[u8], segment: u32, end: u64) -> std::result::Result<Vec<Chunk>, String> {
    let (Some(head), Some(stored)) = (d.get(..20), foothold_core::u32_at(d, 20)) else {
        return Err("table section too short".into());
    };
    if stored != adler32(head) {
        return Err("table header checksum mismatch".into());
    }
    let n = foothold_core::u32_at(d, 0).map_or(0, |n| n as usize);
    let base = foothold_core::u64_at(d, 8).ok_or("table section too short")?;
    let room = d.len().saturating_sub(24) / 4;
    if n > room {
        return Err(format!("table lists {n} entries but has room for {room}"));
    }
    let raw: Vec<u32> = (0..n)
        .map(|i| foothold_core::u32_at(d, i.saturating_mul(4).saturating_add(24)))
        .collect::<Option<_>>()
        .ok_or("table entries run past the section")?;
    let at = |e: u32| {
        base.checked_add(u64::from(e & 0x7FFF_FFFF))
            .ok_or_else(|| format!("table base {base:#x} + chunk offset {e:#x} overflows"))
    };
    let mut out = Vec::with_capacity(n);
    for (i, pair) in raw
        .iter()
        .zip(raw.iter().skip(1).map(Some).chain([None]))
        .enumerate()
    {
        let (&e, next) = pair;
        let offset = at(e)?;
        let next = match next {
            Some(&n) => at(n)?,
            None => end,
        };
        let size = next
            .checked_sub(offset)
            .filter(|s| *s <= MAX_CHUNK + 4096)
            .ok_or_else(|| {
                format!("table entry {i}: chunk at {offset:#x} has a bad size (next at {next:#x})")
            })?;
        out.push(Chunk {
            segment,
            offset,
            // At most MAX_CHUNK + 4096: fits.
            size: u32::try_from(size).unwrap_or(u32::MAX),
            compressed: e & 0x8000_0000 != 0,
        });
    }
    Ok(out)
}

/// Inflate and decode a `header`/`header2` section into named values.
fn parse_header(path: &Path, at: u64, data: &[u8], utf16: bool) -> Result<Vec<(String, String)>> {
    let raw = inflate(data, true, MAX_HEADER)
        .map_err(|e| Error::corrupt(path, FORMAT, at, format!("header section: {e}")))?;
    let text = if utf16 {
        let body = raw.strip_prefix(&[0xFF, 0xFE]).unwrap_or(&raw);
        let units: Vec<u16> = body
            .chunks_exact(2)
            .filter_map(|c| foothold_core::u16_at(c, 0))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(&raw).into_owned()
    };
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    // Line 0: number of categories, 1: "main", 2: identifiers, 3: values.
    let (Some(keys), Some(values)) = (lines.get(2), lines.get(3)) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (k, v) in keys.split('\t').zip(values.split('\t')) {
        if v.is_empty() {
            continue;
        }
        let name = match k {
            "a" => "description",
            "c" => "case_number",
            "n" => "evidence_number",
            "e" => "examiner_name",
            "t" => "notes",
            "md" => "model",
            "sn" => "serial_number",
            "l" => "device_label",
            "av" => "acquiry_software_version",
            "ov" => "acquiry_operating_system",
            "m" => "acquiry_date",
            "u" => "system_date",
            "p" => "password_hash",
            "pid" => "process_identifier",
            "dc" => "unknown_dc",
            "ext" => "extents",
            "r" => "compression",
            other => other,
        };
        let value = if utf16 && (k == "m" || k == "u") {
            v.parse::<i64>()
                .ok()
                .and_then(unix_to_rfc3339)
                .unwrap_or_else(|| v.to_string())
        } else if k == "m" || k == "u" {
            local_date(v).unwrap_or_else(|| v.to_string())
        } else {
            v.to_string()
        };
        if k == "p" && value == "0" {
            continue; // no password
        }
        out.push((name.to_string(), value));
    }
    Ok(out)
}

/// An ASCII `header` date (`2026 11 23 23 8 49`: year, month, day, hour, minute, second in
/// the acquiring machine's local time) as an RFC 3339 date-time without an offset
/// (`2026-11-23T23:08:49`): the zone is not recorded, so none is invented.
fn local_date(v: &str) -> Option<String> {
    let f: Vec<u32> = v
        .split_whitespace()
        .map(|x| x.parse().ok())
        .collect::<Option<_>>()?;
    let [y, mo, d, h, mi, s] = f[..] else {
        return None;
    };
    if y > 9999 || !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60
    {
        return None;
    }
    Some(format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}"))
}

/// Seconds since 1970 (UTC) as RFC 3339, for years 0 to 9999.
fn unix_to_rfc3339(secs: i64) -> Option<String> {
    let (y, _, _) = foothold_core::civil_from_days(secs.div_euclid(86_400));
    (0..=9999)
        .contains(&y)
        .then(|| foothold_core::Timestamp::from_unix(secs, 0).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_names_follow_the_ewf_sequence() {
        assert_eq!(segment_extension(b'E', 2).as_deref(), Some("E02"));
        assert_eq!(segment_extension(b'E', 99).as_deref(), Some("E99"));
        assert_eq!(segment_extension(b'E', 100).as_deref(), Some("EAA"));
        assert_eq!(segment_extension(b'E', 101).as_deref(), Some("EAB"));
        assert_eq!(segment_extension(b'E', 100 + 676).as_deref(), Some("FAA"));
        assert_eq!(
            segment_extension(b'E', 100 + 676 * 22 - 1).as_deref(),
            Some("ZZZ")
        );
        assert_eq!(segment_extension(b'E', 100 + 676 * 22), None);
    }

    #[test]
    fn epoch_seconds_convert_to_utc() {
        assert_eq!(unix_to_rfc3339(0).as_deref(), Some("1970-01-01T00:00:00Z"));
        assert_eq!(
            unix_to_rfc3339(1_795_475_329).as_deref(),
            Some("2026-11-23T23:08:49Z")
        );
    }

    #[test]
    fn a_table_pointing_backwards_is_refused() {
        let mut d = vec![0u8; 24 + 8];
        d[0] = 2; // two entries
        d[24..28].copy_from_slice(&100u32.to_le_bytes());
        d[28..32].copy_from_slice(&50u32.to_le_bytes());
        let ck = adler32(&d[..20]);
        d[20..24].copy_from_slice(&ck.to_le_bytes());
        assert!(parse_table(&d, 0, 1000).is_err());
    }
}
