//! NTFS, read-only: boot sector, MFT records with attribute lists, run lists, resident,
//! sparse and LZNT1-compressed data, directory indexes, alternate data streams and
//! deleted records.
//!
//! Written here rather than on the `ntfs` crate: see the crate README for why.

mod boot_sector;
mod lznt1;
mod record;
mod runlist;
mod stream;

pub use boot_sector::{parse_boot_sector, BootSector};
pub use lznt1::lznt1_decompress;
pub use runlist::{decode_runlist, Run};

use crate::bytes::{u16_at, u32_at, u64_at, utf16le};
use crate::{
    join, DataStream, Entry, EntryFlag, EntryKind, Error, FileSystem, Listing, Problem, ReadAt,
    Result, StreamInfo, Timestamp, Timestamps,
};
use record::*;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};
use stream::{NtfsStream, StreamData};

const ROOT: u64 = 5;
const UPCASE: u64 = 10;
const VOLUME: u64 = 3;
/// Extension records followed for one file before the attribute list is called hostile.
const MAX_EXTENSIONS: usize = 4096;
/// Largest metadata stream (attribute list, index bitmap) read into memory.
const MAX_META: u64 = 64 << 20;

/// In-use base records by the directory their `$FILE_NAME` names as parent:
/// `parent entry -> [(child entry, parent sequence named by the child)]`.
type ParentMap = HashMap<u64, Vec<(u64, u16)>>;

/// `(file reference, $FILE_NAME key)` pairs of a directory index.
type IndexEntries = Vec<(u64, FileName)>;

/// MFT records read per positional read while building the parent map.
const MAP_BATCH: u64 = 256;
/// `$FILE_NAME` flag: the name is a directory's.
const FN_DIRECTORY: u32 = 0x1000_0000;

/// A base MFT record with the attributes of all its extension records.
#[derive(Debug, Clone)]
struct FileRecord {
    entry: u64,
    sequence: u16,
    in_use: bool,
    is_dir: bool,
    attributes: Vec<Attribute>,
}

/// An NTFS volume.
pub struct Ntfs {
    src: Arc<dyn ReadAt>,
    boot: BootSector,
    mft: StreamData,
    upcase: Vec<u16>,
    label: Option<String>,
    warnings: Vec<String>,
    /// Built on first need (a directory listing): see [`Ntfs::parent_map`]; with it, the
    /// numbers of the base records not in use (what [`FileSystem::deleted`] reads).
    parents: OnceLock<(ParentMap, Vec<u64>)>,
    /// Security descriptors of `$Secure:$SDS` by security id, read on first need.
    secure: OnceLock<std::result::Result<HashMap<u32, Vec<u8>>, String>>,
    /// `$Bitmap` (one bit per cluster, set when allocated), read on first need.
    bitmap: OnceLock<std::result::Result<Vec<u8>, String>>,
}

impl std::fmt::Debug for Ntfs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ntfs")
            .field("boot", &self.boot)
            .field("label", &self.label)
            .finish()
    }
}

impl Ntfs {
    /// Open the NTFS volume in `src` (the partition's bytes).
    pub fn open(src: Arc<dyn ReadAt>) -> Result<Self> {
        let mut bs = [0u8; 512];
        src.read_exact_at(0, &mut bs).map_err(|e| Error::io(0, e))?;
        let boot = parse_boot_sector(&bs)?;
        let mft_offset = boot
            .mft_lcn
            .checked_mul(boot.cluster_size)
            .filter(|o| *o < src.len())
            .ok_or_else(|| {
                Error::corrupt("boot sector", 0x30, "$MFT cluster lies outside the volume")
            })?;
        let mut rec0 = vec![0u8; boot.record_size as usize];
        src.read_exact_at(mft_offset, &mut rec0)
            .map_err(|e| Error::io(mft_offset, e))?;
        let r0 = parse_record(&mut rec0, mft_offset)?;
        let mft = data_of(&r0.attributes, ATTR_DATA, "", mft_offset)?
            .ok_or_else(|| Error::corrupt("MFT record", mft_offset, "$MFT has no $DATA"))?;
        let mut fs = Ntfs {
            src,
            boot,
            mft,
            upcase: Vec::new(),
            label: None,
            warnings: Vec::new(),
            parents: OnceLock::new(),
            secure: OnceLock::new(),
            bitmap: OnceLock::new(),
        };
        // $MFT may itself have an attribute list: rebuild its run list from all extents.
        if r0
            .attributes
            .iter()
            .any(|a| a.type_code == ATTR_ATTRIBUTE_LIST)
        {
            let full = fs.file(0)?;
            if let Some(d) = data_of(&full.attributes, ATTR_DATA, "", mft_offset)? {
                fs.mft = d;
            }
        }
        match fs
            .file(UPCASE)
            .and_then(|f| fs.read_attr(&f, ATTR_DATA, "", 1 << 17))
        {
            Ok(Some(b)) if b.len() >= 2 * 65536 => {
                fs.upcase = b.chunks_exact(2).filter_map(|c| u16_at(c, 0)).collect();
            }
            other => {
                let why = match other {
                    Err(e) => e.to_string(),
                    _ => "missing or short".into(),
                };
                fs.warnings.push(format!(
                    "$UpCase unreadable ({why}): names compare by ASCII case only"
                ));
            }
        }
        let claimed = fs.boot.total_sectors.saturating_mul(fs.boot.sector_size);
        if claimed > fs.src.len() {
            fs.warnings.push(format!(
                "the boot sector claims {claimed} bytes but the volume holds {}: image truncated, files past its end are unreadable",
                fs.src.len()
            ));
        }
        if let Ok(v) = fs.file(VOLUME) {
            fs.label = v
                .attributes
                .iter()
                .find(|a| a.type_code == ATTR_VOLUME_NAME)
                .and_then(|a| a.resident())
                .map(utf16le)
                .filter(|s| !s.is_empty());
        }
        Ok(fs)
    }

    /// The boot sector geometry.
    pub fn boot_sector(&self) -> &BootSector {
        &self.boot
    }

    /// Number of records the `$MFT` can hold.
    ///
    /// Bounded by what can really hold records: the initialized size, the end of the last
    /// allocated run, and the volume itself (a hostile `$DATA` size cannot make a walk of
    /// the MFT run for ever).
    pub fn mft_records(&self) -> u64 {
        let held = match &self.mft {
            StreamData::Resident(v) => v.len() as u64,
            StreamData::NonResident {
                runs,
                size,
                initialized,
                ..
            } => {
                let backed = runs
                    .iter()
                    .filter(|r| r.lcn.is_some())
                    .map(|r| r.vcn.saturating_add(r.len))
                    .max()
                    .unwrap_or(0)
                    .saturating_mul(self.boot.cluster_size);
                (*size).min(*initialized).min(backed)
            }
        };
        // The record size is checked at parse (a power of two, at least 256).
        held.min(self.src.len())
            .checked_div(self.boot.record_size)
            .unwrap_or(0)
    }

    fn record(&self, n: u64) -> Result<MftRecord> {
        let rs = self.boot.record_size;
        let off = n
            .checked_mul(rs)
            .filter(|o| o.saturating_add(rs) <= self.mft.len())
            .ok_or_else(|| {
                Error::corrupt(
                    "MFT reference",
                    n,
                    format!("record {n} is past the end of $MFT"),
                )
            })?;
        let mut buf = vec![0u8; rs as usize];
        let got = self
            .mft
            .read_at(&*self.src, self.boot.cluster_size, off, &mut buf, None)?;
        // Errors name the record's offset in the volume (where an examiner finds it).
        let at = self
            .mft
            .volume_offset(self.boot.cluster_size, off)
            .unwrap_or(off);
        if got != buf.len() {
            return Err(Error::corrupt(
                "MFT record",
                at,
                format!("entry {n}: short read"),
            ));
        }
        parse_record(&mut buf, at)
    }

    /// Base record `n` with the attributes of its extension records merged in.
    fn file(&self, n: u64) -> Result<FileRecord> {
        let base = self.record(n)?;
        let mut fr = FileRecord {
            entry: n,
            sequence: base.sequence,
            in_use: base.in_use(),
            is_dir: base.is_dir(),
            attributes: Vec::new(),
        };
        let list = base
            .attributes
            .iter()
            .find(|a| a.type_code == ATTR_ATTRIBUTE_LIST)
            .cloned();
        fr.attributes = base.attributes;
        let Some(list) = list else {
            return Ok(fr);
        };
        let bytes = match &list.value {
            AttrValue::Resident(v) => v.clone(),
            AttrValue::NonResident(_) => {
                let d = data_of(std::slice::from_ref(&list), ATTR_ATTRIBUTE_LIST, "", n)?
                    .ok_or_else(|| Error::corrupt("attribute list", n, "unreadable"))?;
                self.read_stream_data(&d, MAX_META)?
            }
        };
        let mut seen = HashSet::new();
        let mut pos = 0usize;
        // Attribute-list entries: each at least 0x1A bytes, its length at +4, its record at +0x10.
        while let Some(entry) = bytes.get(pos..).filter(|e| e.len() >= 0x1A) {
            let rec_len = usize::from(u16_at(entry, 4).unwrap_or(0));
            if rec_len < 0x1A {
                break;
            }
            let r = ref_entry(u64_at(entry, 0x10).unwrap_or(0));
            if r != n && seen.insert(r) {
                if seen.len() > MAX_EXTENSIONS {
                    return Err(Error::corrupt(
                        "attribute list",
                        n,
                        "too many extension records",
                    ));
                }
                let ext = self.record(r)?;
                if ref_entry(ext.base_ref) != n {
                    return Err(Error::corrupt(
                        "attribute list",
                        n,
                        format!(
                            "extension record {r} belongs to {}",
                            ref_entry(ext.base_ref)
                        ),
                    ));
                }
                fr.attributes.extend(
                    ext.attributes
                        .into_iter()
                        .filter(|a| a.type_code != ATTR_ATTRIBUTE_LIST),
                );
            }
            pos = pos.saturating_add(rec_len);
        }
        Ok(fr)
    }

    /// Every security descriptor of `$Secure:$SDS` (MFT entry 9), by security id. The
    /// stream holds 16-byte aligned entries (hash, id, their own offset, length, the
    /// self-relative descriptor) in 256 KiB blocks, each followed by a mirror copy; an entry
    /// counts where its recorded offset is where it stands (mirrors and slack do not).
    fn read_sds(&self) -> std::result::Result<HashMap<u32, Vec<u8>>, String> {
        let fr = self.file(SECURE_RECORD).map_err(|e| e.to_string())?;
        let data = data_of(&fr.attributes, ATTR_DATA, "$SDS", SECURE_RECORD)
            .map_err(|e| e.to_string())?
            .ok_or("no $SDS stream")?;
        let b = self
            .read_stream_data(&data, MAX_SDS)
            .map_err(|e| e.to_string())?;
        let mut out = HashMap::new();
        let mut p = 0usize;
        // $SDS entries: a 20-byte header (hash, id at +4, own offset at +8, length at +16),
        // then the descriptor; entries aligned to 16 bytes.
        while let Some(e) = b.get(p..).filter(|e| e.len() >= 20) {
            let (id, off, len) = (
                u32_at(e, 4).unwrap_or(0),
                u64_at(e, 8).unwrap_or(u64::MAX),
                usize::try_from(u32_at(e, 16).unwrap_or(0)).unwrap_or(0),
            );
            match e
                .get(20..len)
                .filter(|_| off == p as u64 && (40..=0x40000).contains(&len))
            {
                Some(sd) => {
                    out.entry(id).or_insert_with(|| sd.to_vec());
                    p = p.saturating_add(len.div_ceil(16).saturating_mul(16));
                }
                None => p = p.saturating_add(16),
            }
        }
        Ok(out)
    }

    fn read_stream_data(&self, d: &StreamData, limit: u64) -> Result<Vec<u8>> {
        if d.len() > limit {
            return Err(Error::corrupt(
                "metadata stream",
                0,
                format!("{} bytes is implausible", d.len()),
            ));
        }
        let mut buf = vec![0u8; d.len() as usize];
        let done = self.read_full(d, 0, &mut buf)?;
        buf.truncate(done);
        Ok(buf)
    }

    /// Fill `buf` from `d` at `off` across run boundaries; the count read (short at the end).
    fn read_full(&self, d: &StreamData, off: u64, buf: &mut [u8]) -> Result<usize> {
        let mut done = 0;
        while let Some(rest) = buf.get_mut(done..).filter(|r| !r.is_empty()) {
            let at = off
                .checked_add(done as u64)
                .ok_or_else(|| Error::corrupt("stream", off, "read past 2^64 bytes"))?;
            let n = d.read_at(&*self.src, self.boot.cluster_size, at, rest, None)?;
            if n == 0 {
                break;
            }
            done = done.saturating_add(n);
        }
        Ok(done)
    }

    /// Every in-use base record by the parent directory its `$FILE_NAME` names, from one
    /// pass over the `$MFT` (batched positional reads), built once per volume.
    ///
    /// This is how a directory's children are found when its `$I30` index does not list
    /// them (a damaged index block, a damaged directory record, a name removed from the
    /// index), the way sleuthkit's `fls` attaches such files to their parent.
    fn parent_map(&self) -> &ParentMap {
        &self.mft_pass().0
    }

    /// One batched pass over the MFT: the parent map, and the base records not in use.
    fn mft_pass(&self) -> &(ParentMap, Vec<u64>) {
        self.parents.get_or_init(|| {
            let mut map = ParentMap::new();
            let mut unused = Vec::new();
            let rs = self.boot.record_size;
            let total = self.mft_records();
            // The record size is checked at parse (256 bytes to 64 KiB); `total` records fit
            // the volume, so their offsets fit in 64 bits.
            let rs_usize = usize::try_from(rs).unwrap_or(1024).max(1);
            let mut buf = vec![0u8; rs_usize.saturating_mul(MAP_BATCH as usize)];
            let mut first = 0u64;
            while first < total {
                let count = total.saturating_sub(first).min(MAP_BATCH);
                let want = buf
                    .get_mut(..rs_usize.saturating_mul(count as usize))
                    .unwrap_or_default();
                let got = self
                    .read_full(&self.mft, first.saturating_mul(rs), want)
                    .unwrap_or(0);
                let read = want.get_mut(..got).unwrap_or_default();
                for (i, rec) in read.chunks_exact_mut(rs_usize).enumerate() {
                    let n = first.saturating_add(i as u64);
                    if rec.get(..4) != Some(b"FILE") {
                        continue;
                    }
                    let Ok(r) = parse_record(rec, n.saturating_mul(rs)) else {
                        continue;
                    };
                    if r.base_ref != 0 {
                        continue;
                    }
                    if !r.in_use() {
                        unused.push(n);
                        continue;
                    }
                    for f in long_names(file_names(&r.attributes).collect()) {
                        let kids = map.entry(ref_entry(f.parent_ref)).or_default();
                        let v = (n, ref_seq(f.parent_ref));
                        if !kids.contains(&v) {
                            kids.push(v);
                        }
                    }
                }
                if got < want.len() {
                    break;
                }
                first = first.saturating_add(count);
            }
            (map, unused)
        })
    }

    /// The children of directory `dir` (sequence `seq`) that the parent map knows.
    fn mft_children(&self, dir: u64, seq: Option<u16>) -> Vec<u64> {
        self.parent_map()
            .get(&dir)
            .map(|kids| {
                kids.iter()
                    .filter(|(c, s)| {
                        *c != dir && (*s == 0 || seq.filter(|q| *q != 0).is_none_or(|q| q == *s))
                    })
                    .map(|(c, _)| *c)
                    .collect()
            })
            .unwrap_or_default()
    }

    fn read_attr(
        &self,
        f: &FileRecord,
        type_code: u32,
        name: &str,
        limit: u64,
    ) -> Result<Option<Vec<u8>>> {
        match data_of(&f.attributes, type_code, name, f.entry)? {
            Some(d) => self.read_stream_data(&d, limit).map(Some),
            None => Ok(None),
        }
    }

    /// The `(file reference, $FILE_NAME)` entries of a directory's `$I30` index, and the
    /// index blocks that could not be read (each a [`Problem`] naming the block).
    ///
    /// `Err` only when the record is not a directory at all.
    fn index_entries(&self, dir: &FileRecord, path: &str) -> Result<(IndexEntries, Vec<Problem>)> {
        let mut problems = Vec::new();
        let problem = |offset: Option<u64>, message: String| Problem {
            path: path.to_string(),
            entry: Some(dir.entry),
            offset,
            message,
        };
        let Some(root) = dir
            .attributes
            .iter()
            .find(|a| a.type_code == ATTR_INDEX_ROOT && a.name == "$I30")
            .and_then(|a| a.resident())
        else {
            if !dir.is_dir {
                return Err(Error::NotADirectory {
                    path: format!("MFT entry {}", dir.entry),
                });
            }
            problems.push(problem(
                None,
                format!(
                    "directory record {} has no $I30 index root: children listed from the MFT",
                    dir.entry
                ),
            ));
            return Ok((Vec::new(), problems));
        };
        let block_size = u64::from(u32_at(root, 8).unwrap_or(0));
        let mut out = Vec::new();
        if !parse_index_node(root, 0x10, &mut out) {
            problems.push(problem(
                None,
                format!(
                    "$I30 index root of MFT entry {} is malformed: names after the damage are looked for in the MFT",
                    dir.entry
                ),
            ));
        }
        let alloc = match data_of(&dir.attributes, ATTR_INDEX_ALLOCATION, "$I30", dir.entry) {
            Ok(Some(a)) => a,
            Ok(None) => return Ok((out, problems)),
            Err(e) => {
                problems.push(problem(
                    e.offset(),
                    format!("$I30 allocation unreadable: {e}"),
                ));
                return Ok((out, problems));
            }
        };
        if !(256..=65536).contains(&block_size) || !block_size.is_power_of_two() {
            problems.push(problem(
                None,
                format!("index block size {block_size} in the $I30 root: index blocks not read"),
            ));
            return Ok((out, problems));
        }
        let bitmap = match self.read_attr(dir, ATTR_BITMAP, "$I30", MAX_META) {
            Ok(b) => b.unwrap_or_default(),
            Err(e) => {
                problems.push(problem(e.offset(), format!("$I30 bitmap unreadable: {e}")));
                Vec::new()
            }
        };
        // `block_size` is a power of two from 256 to 64 KiB (checked above).
        let blocks = alloc
            .len()
            .checked_div(block_size)
            .unwrap_or(0)
            .min((bitmap.len() as u64).saturating_mul(8));
        let mut buf = vec![0u8; usize::try_from(block_size).unwrap_or(4096)];
        for i in 0..blocks {
            let in_use = usize::try_from(i >> 3)
                .ok()
                .and_then(|byte| bitmap.get(byte))
                .is_some_and(|b| b >> (i & 7) & 1 == 1);
            if !in_use {
                continue;
            }
            let off = i.saturating_mul(block_size);
            let why = match self.read_full(&alloc, off, &mut buf) {
                Err(e) => Some(e.to_string()),
                Ok(n) if n != buf.len() => Some("short read".to_string()),
                Ok(_) if buf.get(..4) != Some(b"INDX".as_slice()) => {
                    Some("no INDX signature".to_string())
                }
                Ok(_) => apply_fixup(&mut buf, off, "index record")
                    .err()
                    .map(|e| e.to_string()),
            };
            let why = why.or_else(|| {
                (!parse_index_node(&buf, 0x18, &mut out))
                    .then(|| "malformed entry list".to_string())
            });
            match why {
                None => {}
                Some(w) => problems.push(problem(
                    Some(off),
                    format!(
                        "index block {i} (offset {off:#x} in $I30 of MFT entry {}): {w}; its names are looked for in the MFT",
                        dir.entry
                    ),
                )),
            }
        }
        Ok((out, problems))
    }

    /// An entry for a name whose own MFT record is unreadable, from the index key's copy of
    /// its `$FILE_NAME` (times and size as of the last index update).
    fn entry_from_key(&self, n: u64, seq: u16, f: &FileName, path: String) -> Entry {
        let is_dir = f.flags & FN_DIRECTORY != 0;
        Entry {
            name: f.name.clone(),
            path,
            kind: if is_dir {
                EntryKind::Dir
            } else {
                EntryKind::File
            },
            size: if is_dir { 0 } else { f.size },
            entry: n,
            sequence: (seq != 0).then_some(seq),
            deleted: false,
            times: Timestamps {
                fn_created: Timestamp::from_filetime(f.created),
                fn_modified: Timestamp::from_filetime(f.modified),
                fn_changed: Timestamp::from_filetime(f.changed),
                fn_accessed: Timestamp::from_filetime(f.accessed),
                ..Default::default()
            },
            uid: None,
            gid: None,
            mode: Some(f.flags),
            streams: Vec::new(),
            link_target: None,
            flags: vec![EntryFlag::RecordUnreadable],
        }
    }

    /// Why index entry `r` named `key` (in directory `parent`) does not describe record
    /// `child`, if it does not: another sequence number, a record not in use, or no such
    /// name of the record in that directory (the index keeps a copy of each `$FILE_NAME`).
    fn mismatch(&self, r: u64, key: &str, child: &FileRecord, parent: u64) -> Option<String> {
        let n = ref_entry(r);
        if ref_seq(r) != 0 && child.sequence != ref_seq(r) {
            return Some(format!(
                "it names MFT entry {n} sequence {}, the record has sequence {}",
                ref_seq(r),
                child.sequence
            ));
        }
        if !child.in_use {
            return Some(format!("MFT entry {n} is not in use"));
        }
        let names: Vec<FileName> = file_names(&child.attributes).collect();
        // A record without any readable $FILE_NAME is left to its readers.
        if names.is_empty() {
            return None;
        }
        if !names.iter().any(|f| ref_entry(f.parent_ref) == parent) {
            return Some(format!(
                "MFT entry {n} does not name MFT entry {parent} as a parent"
            ));
        }
        (!names
            .iter()
            .any(|f| ref_entry(f.parent_ref) == parent && f.name == key))
        .then(|| format!("MFT entry {n} has no name {key:?} in this directory"))
    }

    /// The names record `fr` has in directory `parent` (long names; a DOS name only alone).
    fn names_in(fr: &FileRecord, parent: u64) -> Vec<String> {
        long_names(
            file_names(&fr.attributes)
                .filter(|f| ref_entry(f.parent_ref) == parent)
                .collect(),
        )
        .into_iter()
        .map(|f| f.name)
        .collect()
    }

    fn same(&self, a: &str, b: &str) -> bool {
        let up = |c: u16| -> u16 {
            match self.upcase.get(usize::from(c)) {
                Some(u) => *u,
                None => {
                    if (b'a' as u16..=b'z' as u16).contains(&c) {
                        c.wrapping_sub(32)
                    } else {
                        c
                    }
                }
            }
        };
        let mut ai = a.encode_utf16();
        let mut bi = b.encode_utf16();
        loop {
            match (ai.next(), bi.next()) {
                (None, None) => return true,
                (Some(x), Some(y)) if up(x) == up(y) => {}
                _ => return false,
            }
        }
    }

    /// Build the entry for record `fr`, named `name` in directory `parent_path`.
    fn make_entry(&self, fr: &FileRecord, name: &str, path: String, parent: Option<u64>) -> Entry {
        let mut times = Timestamps::default();
        let mut mode = None;
        if let Some(si) = fr
            .attributes
            .iter()
            .find(|a| a.type_code == ATTR_STANDARD_INFORMATION)
            .and_then(|a| a.resident())
        {
            let t = |o| u64_at(si, o).and_then(Timestamp::from_filetime);
            times.created = t(0);
            times.modified = t(8);
            times.changed = t(0x10);
            times.accessed = t(0x18);
            mode = u32_at(si, 0x20);
        }
        let names: Vec<FileName> = file_names(&fr.attributes).collect();
        let fname = names
            .iter()
            .find(|f| {
                f.namespace != 2
                    && f.name == name
                    && parent.is_none_or(|p| ref_entry(f.parent_ref) == p)
            })
            .or_else(|| names.iter().find(|f| f.namespace != 2))
            .or(names.first());
        if let Some(f) = fname {
            times.fn_created = Timestamp::from_filetime(f.created);
            times.fn_modified = Timestamp::from_filetime(f.modified);
            times.fn_changed = Timestamp::from_filetime(f.changed);
            times.fn_accessed = Timestamp::from_filetime(f.accessed);
        }
        let mut streams: Vec<StreamInfo> = Vec::new();
        let mut size = 0;
        // The unnamed $DATA seen, and whether its size was read (from its VCN-0 extent).
        let (mut data_seen, mut size_read) = (false, false);
        for a in fr.attributes.iter().filter(|a| a.type_code == ATTR_DATA) {
            data_seen |= a.name.is_empty();
            let s = match &a.value {
                AttrValue::Resident(v) => v.len() as u64,
                AttrValue::NonResident(nr) if nr.start_vcn == 0 => nr.data_size,
                AttrValue::NonResident(_) => continue,
            };
            if a.name.is_empty() {
                size_read = true;
                size = s;
            } else if !streams.iter().any(|x| x.name == a.name) {
                streams.push(StreamInfo {
                    name: a.name.clone(),
                    size: s,
                });
            }
        }
        let mut kind = if fr.is_dir {
            EntryKind::Dir
        } else {
            EntryKind::File
        };
        let mut link_target = None;
        if let Some(rp) = fr
            .attributes
            .iter()
            .find(|a| a.type_code == ATTR_REPARSE_POINT)
            .and_then(|a| a.resident())
        {
            let tag = u32_at(rp, 0).unwrap_or(0);
            let buf_start = match tag {
                0xA000_000C => Some(20usize),
                0xA000_0003 => Some(16usize),
                _ => None,
            };
            if let Some(start) = buf_start {
                kind = EntryKind::Symlink;
                let off = usize::from(u16_at(rp, 12).unwrap_or(0));
                let len = usize::from(u16_at(rp, 14).unwrap_or(0));
                let from = start.saturating_add(off);
                link_target = rp
                    .get(from..from.saturating_add(len))
                    .map(utf16le)
                    .filter(|s| !s.is_empty());
            }
        }
        if kind == EntryKind::Dir {
            size = 0;
        }
        let flags = if data_seen && !size_read && kind != EntryKind::Dir {
            vec![EntryFlag::SizeUnknown]
        } else {
            Vec::new()
        };
        Entry {
            name: name.to_string(),
            path,
            kind,
            size,
            entry: fr.entry,
            sequence: Some(fr.sequence),
            deleted: !fr.in_use,
            times,
            uid: None,
            gid: None,
            mode,
            streams,
            link_target,
            flags,
        }
    }

    /// Path of directory record `n` from the root, following `$FILE_NAME` parents, when it
    /// is the directory a child's parent reference (sequence `seq`) names: an in-use
    /// directory with that sequence, or a deleted one whose sequence is one higher (NTFS
    /// counts a record's sequence up when it frees it), as sleuthkit attaches deleted entries
    /// to deleted directories. `None` (an orphan) otherwise.
    fn path_of(
        &self,
        n: u64,
        seq: u16,
        cache: &mut HashMap<u64, Option<String>>,
    ) -> Option<String> {
        let mut chain = Vec::new();
        let (mut cur, mut want) = (n, seq);
        let mut seen = HashSet::new();
        loop {
            if cur == ROOT {
                break;
            }
            if !seen.insert(cur) || seen.len() > crate::MAX_DEPTH {
                return None;
            }
            let rec = self.record(cur).ok()?;
            let same = want == 0
                || rec.sequence == want
                || (!rec.in_use() && rec.sequence == want.wrapping_add(1));
            if !rec.is_dir() || !same {
                return None;
            }
            if let Some(p) = cache.get(&cur) {
                let base = p.clone()?;
                return Some(
                    chain
                        .iter()
                        .rev()
                        .fold(base, |acc, name: &String| join(&acc, name)),
                );
            }
            let f = file_names(&rec.attributes).find(|f| f.namespace != 2)?;
            chain.push(f.name);
            cur = ref_entry(f.parent_ref);
            want = ref_seq(f.parent_ref);
        }
        let path = chain
            .iter()
            .rev()
            .fold("/".to_string(), |acc, name| join(&acc, name));
        cache.insert(n, Some(path.clone()));
        Some(path)
    }
}

/// The readable `$FILE_NAME` attributes of a record.
fn file_names(attrs: &[Attribute]) -> impl Iterator<Item = FileName> + '_ {
    attrs
        .iter()
        .filter(|a| a.type_code == ATTR_FILE_NAME)
        .filter_map(|a| a.resident().and_then(parse_file_name))
}

/// The names that count as a file's names: the long (Win32/POSIX) ones, or the DOS name
/// when it is the only one.
fn long_names(names: Vec<FileName>) -> Vec<FileName> {
    let long = names.iter().any(|f| f.namespace != 2);
    names
        .into_iter()
        .filter(|f| !long || f.namespace != 2)
        .collect()
}

/// The data stream of attribute `type_code` named `name`, from all its extents.
fn data_of(attrs: &[Attribute], type_code: u32, name: &str, at: u64) -> Result<Option<StreamData>> {
    let mut extents: Vec<&Attribute> = attrs
        .iter()
        .filter(|a| a.type_code == type_code && a.name == name)
        .collect();
    let Some(first) = extents.first() else {
        return Ok(None);
    };
    if let AttrValue::Resident(v) = &first.value {
        return Ok(Some(StreamData::Resident(v.clone())));
    }
    extents.sort_by_key(|a| match &a.value {
        AttrValue::NonResident(nr) => nr.start_vcn,
        AttrValue::Resident(_) => 0,
    });
    let mut runs: Vec<Run> = Vec::new();
    let mut head = None;
    for a in &extents {
        if let AttrValue::NonResident(nr) = &a.value {
            if nr.start_vcn == 0 && head.is_none() {
                head = Some((nr.clone(), a.flags));
            }
            for r in &nr.runs {
                if runs
                    .last()
                    .is_none_or(|l| r.vcn >= l.vcn.saturating_add(l.len))
                {
                    runs.push(*r);
                }
            }
        }
    }
    let (h, flags) =
        head.ok_or_else(|| Error::corrupt("attribute", at, "no extent starts at VCN 0"))?;
    let compression_unit = if flags & 0x00FF != 0 && h.compression_unit != 0 {
        if h.compression_unit > 8 {
            return Err(Error::corrupt(
                "attribute",
                at,
                "compression unit out of range",
            ));
        }
        Some(1u64 << h.compression_unit)
    } else {
        None
    };
    if flags & 0x4000 != 0 {
        return Err(Error::Unsupported {
            what: format!("EFS-encrypted attribute in MFT entry {at}"),
        });
    }
    Ok(Some(StreamData::NonResident {
        runs,
        size: h.data_size,
        initialized: h.initialized_size.min(h.data_size),
        compression_unit,
    }))
}

/// Collect the entries of one index node (root or INDX block) starting at `node`.
///
/// `false` when the entry list is malformed (an entry runs past the node, or the node ends
/// without its last-entry marker): the names after the damage are not in `out`.
fn parse_index_node(buf: &[u8], node: usize, out: &mut Vec<(u64, FileName)>) -> bool {
    let entries = usize::try_from(u32_at(buf, node).unwrap_or(0)).unwrap_or(usize::MAX);
    let length = usize::try_from(u32_at(buf, node.saturating_add(4)).unwrap_or(0)).unwrap_or(0);
    // The node's entries: from `entries` to `length` past the node header, inside `buf`.
    let end = node.saturating_add(length).min(buf.len());
    let Some(list) = buf.get(..end) else {
        return false;
    };
    let mut pos = node.saturating_add(entries);
    while let Some(e) = list.get(pos..).filter(|e| e.len() >= 0x10) {
        let file_ref = u64_at(e, 0).unwrap_or(0);
        let elen = usize::from(u16_at(e, 8).unwrap_or(0));
        let klen = usize::from(u16_at(e, 10).unwrap_or(0));
        let flags = u16_at(e, 12).unwrap_or(0);
        if flags & 2 != 0 {
            return true;
        }
        // An entry is its 16-byte header and key, inside the node.
        if elen < 0x10 || elen > e.len() || klen.saturating_add(0x10) > elen {
            return false;
        }
        if klen >= 0x42 {
            match e
                .get(0x10..)
                .and_then(|k| k.get(..klen))
                .and_then(parse_file_name)
            {
                Some(fname) if fname.namespace != 2 => out.push((file_ref, fname)),
                Some(_) => {}
                None => return false,
            }
        }
        pos = pos.saturating_add(elen);
    }
    false
}

impl FileSystem for Ntfs {
    fn kind(&self) -> &'static str {
        "ntfs"
    }
    fn label(&self) -> Option<String> {
        self.label.clone()
    }
    fn warnings(&self) -> Vec<String> {
        self.warnings.clone()
    }
    fn root(&self) -> Result<Entry> {
        let fr = self.file(ROOT)?;
        let mut e = self.make_entry(&fr, "", "/".into(), None);
        e.name = String::new();
        Ok(e)
    }
    fn read_dir(&self, dir: &Entry) -> Result<Listing> {
        let mut out = Listing::default();
        let mut seen: HashSet<(u64, String)> = HashSet::new();
        let (index, problems) = match self.file(dir.entry) {
            Ok(fr) => self.index_entries(&fr, &dir.path)?,
            // The parent's listing has already reported this record.
            Err(_) if dir.flags.contains(&EntryFlag::RecordUnreadable) => (Vec::new(), Vec::new()),
            Err(e) => (
                Vec::new(),
                vec![Problem {
                    path: dir.path.clone(),
                    entry: Some(dir.entry),
                    offset: e.offset(),
                    message: format!(
                        "directory record {} unreadable ({e}): children listed from the MFT",
                        dir.entry
                    ),
                }],
            ),
        };
        out.problems = problems;
        for (r, fname) in index {
            let n = ref_entry(r);
            if n == dir.entry || !seen.insert((n, fname.name.clone())) {
                continue;
            }
            let path = join(&dir.path, &fname.name);
            let child = match self.file(n) {
                Ok(c) => c,
                Err(e) => {
                    out.problems.push(Problem {
                        path: path.clone(),
                        entry: Some(n),
                        offset: e.offset(),
                        message: format!("MFT entry {n} unreadable: {e}"),
                    });
                    out.entries
                        .push(self.entry_from_key(n, ref_seq(r), &fname, path));
                    continue;
                }
            };
            // An index entry that does not match its record (another sequence number, or a
            // record that does not name this directory as a parent): damage or a stale entry.
            // Said; the record's real names are found under their own parents.
            if let Some(why) = self.mismatch(r, &fname.name, &child, dir.entry) {
                out.problems.push(Problem {
                    path: path.clone(),
                    entry: Some(n),
                    offset: None,
                    message: format!("index entry ignored: {why}"),
                });
                continue;
            }
            out.entries
                .push(self.make_entry(&child, &fname.name, path, Some(dir.entry)));
        }
        // In-use records that name this directory as parent but that its index does not list.
        for n in self.mft_children(dir.entry, dir.sequence) {
            let Ok(child) = self.file(n) else { continue };
            if !child.in_use {
                continue;
            }
            for name in Self::names_in(&child, dir.entry) {
                if seen.contains(&(n, name.clone())) {
                    continue;
                }
                seen.insert((n, name.clone()));
                let path = join(&dir.path, &name);
                let mut e = self.make_entry(&child, &name, path, Some(dir.entry));
                e.flags.push(EntryFlag::NotInIndex);
                out.entries.push(e);
            }
        }
        Ok(out)
    }
    fn same_name(&self, a: &str, b: &str) -> bool {
        self.same(a, b)
    }
    fn lookup(&self, path: &str) -> Result<Entry> {
        let mut fr = self.file(ROOT)?;
        let mut name = String::new();
        let mut cur_path = "/".to_string();
        let mut parent = None;
        let mut not_in_index = false;
        let mut comps = path
            .split(['/', '\\'])
            .filter(|c| !c.is_empty() && *c != ".")
            .peekable();
        while let Some(comp) = comps.next() {
            if !fr.is_dir {
                return Err(Error::NotADirectory { path: cur_path });
            }
            // Each index entry with that name, and its record (read once).
            let mut named: Vec<(u64, FileName, Option<FileRecord>)> = self
                .index_entries(&fr, &cur_path)?
                .0
                .into_iter()
                .filter(|(_, f)| self.same(&f.name, comp))
                .map(|(r, f)| (r, f, self.file(ref_entry(r)).ok()))
                .collect();
            // 1. An index entry that agrees with its record.
            let good = named.iter().position(|(r, f, rec)| {
                rec.as_ref()
                    .is_some_and(|c| self.mismatch(*r, &f.name, c, fr.entry).is_none())
            });
            let found = match good {
                Some(i) => {
                    let (_, f, rec) = named.swap_remove(i);
                    rec.map(|c| (f.name, c, false))
                }
                // 2. Not in the index (or its entry is damaged): an in-use record may still
                //    name this directory as parent.
                None => self
                    .mft_children(fr.entry, Some(fr.sequence))
                    .into_iter()
                    .filter_map(|c| self.file(c).ok().filter(|f| f.in_use))
                    .find_map(|c| {
                        let n = Self::names_in(&c, fr.entry)
                            .into_iter()
                            .find(|n| self.same(n, comp))?;
                        Some((n, c, true))
                    }),
            };
            let (found_name, next, hidden) = match found {
                Some(x) => x,
                None => {
                    // 3. An entry whose record is unreadable: still the one the index names.
                    let (r, key, _) = named
                        .into_iter()
                        .find(|(_, _, rec)| rec.is_none())
                        .ok_or_else(|| Error::NotFound { path: path.into() })?;
                    if comps.peek().is_none() {
                        // The entry asked for: what the index key says, flagged (a
                        // directory's children are then found from the MFT).
                        let path = join(&cur_path, &key.name);
                        return Ok(self.entry_from_key(ref_entry(r), ref_seq(r), &key, path));
                    }
                    // A damaged directory on the way: its children still name it as parent.
                    let dir = FileRecord {
                        entry: ref_entry(r),
                        sequence: 0,
                        in_use: true,
                        is_dir: true,
                        attributes: Vec::new(),
                    };
                    (key.name, dir, false)
                }
            };
            parent = Some(fr.entry);
            fr = next;
            cur_path = join(&cur_path, &found_name);
            name = found_name;
            not_in_index = hidden;
        }
        let mut e = self.make_entry(&fr, &name, cur_path, parent);
        if not_in_index {
            e.flags.push(EntryFlag::NotInIndex);
        }
        Ok(e)
    }
    fn open_stream<'a>(
        &'a self,
        entry: &Entry,
        stream: Option<&str>,
    ) -> Result<Box<dyn DataStream + 'a>> {
        let fr = self.file(entry.entry)?;
        if entry.sequence.is_some_and(|s| s != fr.sequence) {
            return Err(Error::NotFound {
                path: format!("{} (MFT entry {} was reused)", entry.path, entry.entry),
            });
        }
        let data = data_of(&fr.attributes, ATTR_DATA, stream.unwrap_or(""), entry.entry)?
            .ok_or_else(|| Error::NotFound {
                path: match stream {
                    Some(s) => format!("{}:{s}", entry.path),
                    None => entry.path.clone(),
                },
            })?;
        Ok(Box::new(NtfsStream {
            src: &*self.src,
            cluster_size: self.boot.cluster_size,
            data,
            cache: Mutex::new(None),
        }))
    }
    fn owner(&self, entry: &Entry) -> Result<Option<String>> {
        let fr = self.file(entry.entry)?;
        // `$STANDARD_INFORMATION` of NTFS 3.0+ (72 bytes) names the file's security id.
        let Some(id) = fr
            .attributes
            .iter()
            .find(|a| a.type_code == ATTR_STANDARD_INFORMATION)
            .and_then(|a| a.resident())
            .filter(|si| si.len() >= 0x38)
            .and_then(|si| u32_at(si, 0x34))
            .filter(|id| *id != 0)
        else {
            // No security id (NTFS 1.x, or a record Windows left so): the descriptor is the
            // record's own `$SECURITY_DESCRIPTOR` attribute.
            return match data_of(&fr.attributes, ATTR_SECURITY_DESCRIPTOR, "", entry.entry)? {
                Some(d) => Ok(owner_of(&self.read_stream_data(&d, 0x40000)?)),
                None => Ok(None),
            };
        };
        let sds = self
            .secure
            .get_or_init(|| self.read_sds())
            .as_ref()
            .map_err(|m| Error::corrupt("$Secure:$SDS", 0, m.clone()))?;
        let Some(sd) = sds.get(&id) else {
            return Err(Error::corrupt(
                "$Secure:$SDS",
                0,
                format!(
                    "security id {id} of MFT entry {} has no descriptor",
                    entry.entry
                ),
            ));
        };
        Ok(owner_of(sd))
    }
    fn clusters_in_use(&self, entry: &Entry, stream: Option<&str>) -> Result<Option<(u64, u64)>> {
        let fr = self.file(entry.entry)?;
        let Some(StreamData::NonResident { runs, .. }) =
            data_of(&fr.attributes, ATTR_DATA, stream.unwrap_or(""), entry.entry)?
        else {
            return Ok(None);
        };
        let bitmap = self
            .bitmap
            .get_or_init(|| {
                let fr = self.file(BITMAP_RECORD).map_err(|e| e.to_string())?;
                let d = data_of(&fr.attributes, ATTR_DATA, "", BITMAP_RECORD)
                    .map_err(|e| e.to_string())?
                    .ok_or("no $Bitmap data")?;
                self.read_stream_data(&d, MAX_BITMAP)
                    .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|m| Error::corrupt("$Bitmap", 0, m.clone()))?;
        let (mut used, mut total) = (0u64, 0u64);
        for r in &runs {
            let Some(lcn) = r.lcn else { continue };
            // Hostile run lengths are bounded by the volume's clusters.
            let end = lcn
                .saturating_add(r.len)
                .min((bitmap.len() as u64).saturating_mul(8));
            for c in lcn..end {
                if total >= MAX_COUNTED_CLUSTERS {
                    break;
                }
                total = total.saturating_add(1);
                let set = usize::try_from(c >> 3)
                    .ok()
                    .and_then(|byte| bitmap.get(byte))
                    .is_some_and(|b| b >> (c & 7) & 1 == 1);
                if set {
                    used = used.saturating_add(1);
                }
            }
        }
        Ok(Some((used, total)))
    }
    fn deleted(&self) -> Result<Vec<Entry>> {
        let mut out = Vec::new();
        let mut cache = HashMap::new();
        // The records not in use, from the one batched MFT pass (shared with listings).
        for &n in &self.mft_pass().1 {
            let Ok(rec) = self.record(n) else { continue };
            if rec.in_use() || rec.base_ref != 0 {
                continue;
            }
            let Some(f) = file_names(&rec.attributes).find(|f| f.namespace != 2) else {
                continue;
            };
            let parent = ref_entry(f.parent_ref);
            let dir = self
                .path_of(parent, ref_seq(f.parent_ref), &mut cache)
                .unwrap_or_else(|| "/$OrphanFiles".to_string());
            let fr = FileRecord {
                entry: n,
                sequence: rec.sequence,
                in_use: false,
                is_dir: rec.is_dir(),
                attributes: rec.attributes,
            };
            out.push(self.make_entry(&fr, &f.name, join(&dir, &f.name), Some(parent)));
        }
        Ok(out)
    }
}

/// `$Bitmap`'s MFT entry.
const BITMAP_RECORD: u64 = 6;
/// Most clusters of one stream checked against `$Bitmap` (64 GiB of 4 KiB clusters): bounds
/// hostile run lists.
const MAX_COUNTED_CLUSTERS: u64 = 1 << 24;
/// Largest `$Bitmap` read (64 MiB: 2 TiB of 4 KiB clusters).
const MAX_BITMAP: u64 = 64 << 20;
/// `$Secure`'s MFT entry.
const SECURE_RECORD: u64 = 9;
/// Largest `$SDS` read (Windows systems hold a few MiB).
const MAX_SDS: u64 = 64 << 20;

/// The owner SID of a self-relative security descriptor (`OffsetOwner` at 4).
fn owner_of(sd: &[u8]) -> Option<String> {
    let off = u32_at(sd, 4)? as usize;
    if off == 0 {
        return None;
    }
    foothold_core::sid_at(sd.get(off..)?).map(|(s, _)| s)
}
