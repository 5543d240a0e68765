//! The members of a zip or tar archive (a triage collection: KAPE's or Velociraptor's zip, a
//! UAC tarball), read in place with positional reads. A zip's central directory (Zip64 too)
//! and a tar's headers (ustar, GNU long names, pax `path`/`size`/`mtime`) are read bounded;
//! a `.tar.gz` is inflated once into a temporary file that is removed when the archive is
//! dropped (the evidence is never written). Deflated zip members are inflated when opened,
//! up to [`MAX_MEMBER`] bytes.
use crate::{DataStream, Error, Result, Timestamp};
use foothold_core::u8_at;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Largest member inflated into memory.
pub const MAX_MEMBER: u64 = 1 << 30;
/// Most members one archive may list.
const MAX_MEMBERS: usize = 1_000_000;
/// Largest central directory read.
const MAX_CENTRAL: u64 = 256 << 20;
/// Largest `.tar.gz` inflated (into the temporary file).
const MAX_INFLATED: u64 = 64 << 30;

/// Which kind of archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveKind {
    /// A zip (`PK\x03\x04`).
    Zip,
    /// A tar (ustar magic at 257).
    Tar,
    /// A gzip-compressed tar.
    TarGz,
}

impl ArchiveKind {
    /// `zip`, `tar` or `tar.gz`.
    pub fn name(self) -> &'static str {
        match self {
            ArchiveKind::Zip => "zip",
            ArchiveKind::Tar => "tar",
            ArchiveKind::TarGz => "tar.gz",
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Data {
    /// Bytes in place at this offset of the (inflated) archive.
    Stored(u64),
    /// Deflate stream at this offset, this long.
    Deflated(u64, u64),
}

/// One member of an archive.
#[derive(Debug, Clone)]
pub struct Member {
    /// Its name in the archive, `/`-separated, as stored (no leading `./` or `/`).
    pub name: String,
    /// Uncompressed size.
    pub size: u64,
    /// A folder entry.
    pub is_dir: bool,
    /// A link (tar), no bytes of its own.
    pub link: Option<Link>,
    /// Owner, group and mode as a tar stores them (a zip's are not read).
    pub uid: Option<u32>,
    /// See `uid`.
    pub gid: Option<u32>,
    /// See `uid`.
    pub mode: Option<u32>,
    /// Modification time when the archive records it in UTC (tar's `mtime`, pax `mtime`, a
    /// zip's extended-timestamp field; a zip's DOS time has no zone and is not used).
    pub modified: Option<Timestamp>,
    data: Data,
}

/// What a link member points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// A hard link: another member's name.
    Hard(String),
    /// A symbolic link: its target as written (absolute on the machine, or relative).
    Symbolic(String),
}

/// An opened archive and its members.
#[derive(Debug)]
pub struct Archive {
    path: PathBuf,
    kind: ArchiveKind,
    file: File,
    len: u64,
    members: Vec<Member>,
    /// Damage found while listing: members left out, the listing cut short.
    problems: Vec<String>,
    /// The inflated tar of a `.tar.gz`, removed on drop.
    temp: Option<PathBuf>,
}

impl Drop for Archive {
    fn drop(&mut self) {
        if let Some(t) = &self.temp {
            let _ = std::fs::remove_file(t);
        }
    }
}

fn corrupt(offset: u64, reason: impl Into<String>) -> Error {
    Error::Corrupt {
        what: "archive",
        offset,
        reason: reason.into(),
    }
}

fn read_at(file: &File, offset: u64, buf: &mut [u8]) -> Result<usize> {
    use std::os::unix::fs::FileExt;
    let mut done = 0usize;
    while let Some(rest) = buf.get_mut(done..).filter(|r| !r.is_empty()) {
        let at = offset
            .checked_add(done as u64)
            .ok_or_else(|| corrupt(offset, "read past 2^64 bytes"))?;
        match file.read_at(rest, at) {
            Ok(0) => break,
            Ok(n) => done = done.saturating_add(n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Error::io(offset, e)),
        }
    }
    Ok(done)
}

fn exact(file: &File, offset: u64, len: usize) -> Result<Vec<u8>> {
    let mut b = vec![0u8; len];
    if read_at(file, offset, &mut b)? != len {
        return Err(corrupt(offset, format!("{len} bytes past the end")));
    }
    Ok(b)
}

// Fields of headers whose whole length was read (`exact`, or a `get` of the header's size):
// the workspace's one reader, 0 only for a field the header cannot hold.
fn u16le(b: &[u8], at: usize) -> u16 {
    foothold_core::u16_at(b, at).unwrap_or(0)
}
fn u32le(b: &[u8], at: usize) -> u32 {
    foothold_core::u32_at(b, at).unwrap_or(0)
}
fn u64le(b: &[u8], at: usize) -> u64 {
    foothold_core::u64_at(b, at).unwrap_or(0)
}

/// Whether a tar header's magic (at 257) says ustar.
fn ustar(h: &[u8]) -> bool {
    h.get(257..262) == Some(b"ustar".as_slice())
}

/// What kind of archive the first bytes say `path` is, if any.
pub fn sniff(path: &Path) -> Option<ArchiveKind> {
    let mut head = [0u8; 512];
    let n = File::open(path).ok()?.read(&mut head).ok()?;
    let head = head.get(..n).unwrap_or_default();
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        Some(ArchiveKind::Zip)
    } else if head.starts_with(&[0x1f, 0x8b]) {
        // A gzip: a tar inside when its first header says so.
        let mut gz = flate2::read::GzDecoder::new(File::open(path).ok()?);
        let mut first = [0u8; 512];
        gz.read_exact(&mut first).ok()?;
        ustar(&first).then_some(ArchiveKind::TarGz)
    } else if head.len() == 512 && ustar(head) {
        Some(ArchiveKind::Tar)
    } else {
        None
    }
}

impl Archive {
    /// Open `path` as the archive its content says it is ([`sniff`]).
    pub fn open(path: &Path) -> Result<Archive> {
        let kind = sniff(path).ok_or_else(|| Error::NotThisFs {
            fs: "archive",
            reason: "neither a zip nor a tar".into(),
        })?;
        Archive::open_as(path, kind)
    }

    /// Open `path` as an archive of `kind`, as [`sniff`] found it (not sniffed again).
    pub fn open_as(path: &Path, kind: ArchiveKind) -> Result<Archive> {
        let host = |e| Error::Host {
            path: path.display().to_string(),
            source: e,
        };
        let mut gz_damage = None;
        let (file, temp) = if kind == ArchiveKind::TarGz {
            let t = std::env::temp_dir().join(format!(
                "foothold-{}-{}.tar",
                std::process::id(),
                TEMP_SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            ));
            let mut out = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&t)
                .map_err(|e| Error::Host {
                    path: t.display().to_string(),
                    source: e,
                })?;
            let gz = flate2::read::MultiGzDecoder::new(File::open(path).map_err(host)?);
            // Members larger than any member foothold reads are not written: they become
            // holes (a sparse temporary file), so a small .tar.gz claiming huge members costs
            // no disk.
            let copied = inflate_tar(gz.take(MAX_INFLATED + 1), &mut out);
            // A gzip cut short keeps what inflated before the damage (said in `problems`).
            let (fatal, damaged) = match copied {
                Ok(n) if n > MAX_INFLATED => {
                    (Some(format!("inflates past {MAX_INFLATED} bytes")), None)
                }
                Ok(_) => (None, None),
                Err(e) => (
                    None,
                    Some(format!("gzip: {e}; the members after it are not read")),
                ),
            };
            if let Some(reason) = fatal {
                let _ = std::fs::remove_file(&t);
                return Err(corrupt(0, reason));
            }
            gz_damage = damaged;
            drop(out);
            let f = File::open(&t).map_err(|e| Error::Host {
                path: t.display().to_string(),
                source: e,
            });
            match f {
                Ok(f) => (f, Some(t)),
                Err(e) => {
                    let _ = std::fs::remove_file(&t);
                    return Err(e);
                }
            }
        } else {
            (File::open(path).map_err(host)?, None)
        };
        let len = file.metadata().map_err(host)?.len();
        let mut a = Archive {
            path: path.to_path_buf(),
            kind,
            file,
            len,
            members: Vec::new(),
            problems: gz_damage.into_iter().collect(),
            temp,
        };
        let mut problems = Vec::new();
        a.members = match kind {
            ArchiveKind::Zip => a.zip_members(&mut problems)?,
            ArchiveKind::Tar | ArchiveKind::TarGz => a.tar_members(&mut problems),
        };
        a.problems.extend(problems);
        Ok(a)
    }

    /// The archive's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Zip, tar or tar.gz.
    pub fn kind(&self) -> ArchiveKind {
        self.kind
    }

    /// What was wrong with the archive (members left out, a listing cut short).
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// Every member, in archive order.
    pub fn members(&self) -> &[Member] {
        &self.members
    }

    /// Member `i` as a stream: stored bytes are read in place, deflated ones inflated (at
    /// most [`MAX_MEMBER`]).
    pub fn stream(self: &Arc<Self>, i: usize) -> Result<Box<dyn DataStream>> {
        let m = self
            .members
            .get(i)
            .ok_or_else(|| corrupt(0, format!("no member {i}")))?;
        match m.data {
            // A .tar.gz member over the limit was not inflated (its bytes are a hole of the
            // temporary tar): refused, never read back as zeros.
            Data::Stored(_) if self.kind == ArchiveKind::TarGz && m.size > MAX_MEMBER => {
                Err(Error::Unsupported {
                    what: format!(
                        "{}: {} bytes, not inflated from the .tar.gz (limit {MAX_MEMBER})",
                        m.name, m.size
                    ),
                })
            }
            Data::Stored(offset) => Ok(Box::new(Window {
                archive: Arc::clone(self),
                offset,
                len: m.size,
            })),
            Data::Deflated(offset, compressed) => {
                if m.size > MAX_MEMBER {
                    return Err(Error::Unsupported {
                        what: format!("{}: {} bytes inflated (limit {MAX_MEMBER})", m.name, m.size),
                    });
                }
                // Inflated on the first read, so a reader that refuses a member by its size
                // (a task file of a gigabyte) never pays for inflating it.
                Ok(Box::new(Inflated {
                    archive: Arc::clone(self),
                    name: m.name.clone(),
                    offset,
                    compressed,
                    size: m.size,
                    bytes: std::sync::OnceLock::new(),
                }))
            }
        }
    }

    /// The members of the central directory; without a readable one (a zip cut short),
    /// those of the local headers from the start, the damage said in `problems`.
    fn zip_members(&self, problems: &mut Vec<String>) -> Result<Vec<Member>> {
        match self.zip_central(problems) {
            Ok(m) => Ok(m),
            Err(e) => {
                let m = self.zip_local(problems);
                problems.push(format!(
                    "{e}: {} members read from their local headers instead",
                    m.len()
                ));
                Ok(m)
            }
        }
    }

    /// Local headers one after another from offset 0 (sizes from the header: a member
    /// whose sizes follow its data, flag bit 3, ends the walk).
    fn zip_local(&self, problems: &mut Vec<String>) -> Vec<Member> {
        let mut out = Vec::new();
        let mut at = 0u64;
        while out.len() < MAX_MEMBERS {
            let Ok(h) = exact(&self.file, at, 30) else {
                break;
            };
            if !h.starts_with(b"PK\x03\x04") {
                break;
            }
            let (flags, method) = (u16le(&h, 6), u16le(&h, 8));
            let (csize, usize_) = (u64::from(u32le(&h, 18)), u64::from(u32le(&h, 22)));
            let (nl, xl) = (u64::from(u16le(&h, 26)), u64::from(u16le(&h, 28)));
            // `at` is inside the archive (its header was read); the lengths are 16-bit.
            let name_at = at.saturating_add(30);
            let Ok(name_b) = exact(&self.file, name_at, usize::from(u16le(&h, 26))) else {
                break;
            };
            let name = String::from_utf8_lossy(&name_b).replace('\\', "/");
            let data_off = name_at.saturating_add(nl).saturating_add(xl);
            if flags & 8 != 0 || data_off.saturating_add(csize) > self.len {
                problems.push(format!("{name}: its sizes are not in its local header or run past the end; the walk stops"));
                break;
            }
            let data = match method {
                0 => Data::Stored(data_off),
                8 => Data::Deflated(data_off, csize),
                _ => {
                    at = data_off.saturating_add(csize);
                    continue;
                }
            };
            out.push(Member {
                is_dir: name.ends_with('/'),
                name: clean(&name),
                size: usize_,
                link: None,
                uid: None,
                gid: None,
                mode: None,
                modified: None,
                data,
            });
            // Inside the archive: `data_off + csize ≤ len` was checked above.
            at = data_off.saturating_add(csize);
        }
        out
    }

    fn zip_central(&self, problems: &mut Vec<String>) -> Result<Vec<Member>> {
        // The end of central directory record: in the last 64 KiB + 22 bytes.
        let tail_len = self.len.min(65_557);
        let tail_at = self.len.saturating_sub(tail_len);
        let tail = exact(
            &self.file,
            tail_at,
            usize::try_from(tail_len).unwrap_or_default(),
        )?;
        let at = (0..tail.len().saturating_sub(21))
            .rev()
            .find(|&i| tail.get(i..).is_some_and(|t| t.starts_with(b"PK\x05\x06")))
            .ok_or_else(|| corrupt(self.len, "no end of central directory"))?;
        let eocd_off = tail_at.saturating_add(at as u64);
        let e = tail.get(at..).unwrap_or_default();
        let mut count = u64::from(u16le(e, 10));
        let mut cd_size = u64::from(u32le(e, 12));
        let mut cd_off = u64::from(u32le(e, 16));
        if count == 0xFFFF || cd_size == 0xFFFF_FFFF || cd_off == 0xFFFF_FFFF {
            // Zip64: the locator sits right before the record.
            let loc = exact(&self.file, eocd_off.saturating_sub(20), 20)?;
            if !loc.starts_with(b"PK\x06\x07") {
                return Err(corrupt(eocd_off, "Zip64 locator missing"));
            }
            let z = u64le(&loc, 8);
            let r = exact(&self.file, z, 56)?;
            if !r.starts_with(b"PK\x06\x06") {
                return Err(corrupt(z, "Zip64 end of central directory missing"));
            }
            count = u64le(&r, 32);
            cd_size = u64le(&r, 40);
            cd_off = u64le(&r, 48);
        }
        if cd_size > MAX_CENTRAL || cd_off.saturating_add(cd_size) > self.len {
            return Err(corrupt(
                cd_off,
                format!("central directory of {cd_size} bytes"),
            ));
        }
        if count > MAX_MEMBERS as u64 {
            return Err(corrupt(cd_off, format!("{count} members")));
        }
        let cd = exact(
            &self.file,
            cd_off,
            usize::try_from(cd_size).unwrap_or_default(),
        )?;
        let mut out = Vec::new();
        // Each member's bytes in the archive, local header to the end of its data.
        let mut spans: Vec<(u64, u64, usize)> = Vec::new();
        let mut p = 0usize;
        // Bounded by MAX_MEMBERS (checked above) and by the directory's bytes.
        let count = usize::try_from(count).unwrap_or(MAX_MEMBERS);
        while out.len() < count {
            // The entry's offset in the archive (for messages): inside the directory.
            let here = cd_off.saturating_add(p as u64);
            let Some(h) = cd
                .get(p..p.saturating_add(46))
                .filter(|h| h.starts_with(b"PK\x01\x02"))
            else {
                if out.is_empty() {
                    return Err(corrupt(here, "central directory entry"));
                }
                problems.push(format!(
                    "corrupt archive at {here:#x}: central directory entry {} of {count} missing; the rest are not read",
                    out.len().saturating_add(1)
                ));
                break;
            };
            let method = u16le(h, 10);
            let mut csize = u64::from(u32le(h, 20));
            let mut usize_ = u64::from(u32le(h, 24));
            let (nl, xl, cl) = (
                usize::from(u16le(h, 28)),
                usize::from(u16le(h, 30)),
                usize::from(u16le(h, 32)),
            );
            let mut lho = u64::from(u32le(h, 42));
            // Name, extra field and comment follow the 46 fixed bytes (16-bit lengths).
            let after = cd.get(p.saturating_add(46)..).unwrap_or_default();
            let name_b = after
                .get(..nl)
                .ok_or_else(|| corrupt(here, "name past the directory"))?;
            let extra = after
                .get(nl..)
                .and_then(|r| r.get(..xl))
                .unwrap_or_default();
            let mut modified = None;
            let mut x = 0usize;
            while let Some(field) = extra.get(x..).filter(|r| r.len() >= 4) {
                let (id, sz) = (u16le(field, 0), usize::from(u16le(field, 2)));
                let body = field.get(4..).and_then(|r| r.get(..sz)).unwrap_or_default();
                if id == 0x0001 {
                    // Zip64: the 64-bit values of the fields set to 0xFFFFFFFF, in order.
                    let mut q = 0usize;
                    for f in [&mut usize_, &mut csize, &mut lho] {
                        if *f == 0xFFFF_FFFF {
                            if let Some(v) = foothold_core::u64_at(body, q) {
                                *f = v;
                                q = q.saturating_add(8);
                            }
                        }
                    }
                } else if id == 0x5455
                    && body.first().is_some_and(|f| f & 1 == 1)
                    && body.len() >= 5
                {
                    modified = Some(Timestamp::from_unix(i64::from(u32le(body, 1) as i32), 0));
                }
                x = x.saturating_add(sz).saturating_add(4);
            }
            let name = String::from_utf8_lossy(name_b).replace('\\', "/");
            let is_dir = name.ends_with('/');
            p = p
                .saturating_add(46)
                .saturating_add(nl)
                .saturating_add(xl)
                .saturating_add(cl);
            // The data follows the local header, whose own name and extra lengths count. A
            // member whose header or bytes are not there is left out, and said.
            let local = exact(&self.file, lho, 30).unwrap_or_default();
            if !local.starts_with(b"PK\x03\x04") {
                problems.push(format!("{name}: no local header at {lho:#x}; left out"));
                continue;
            }
            // `lho` is inside the archive (its header was read); the lengths are 16-bit.
            let data_off = lho
                .saturating_add(30)
                .saturating_add(u64::from(u16le(&local, 26)))
                .saturating_add(u64::from(u16le(&local, 28)));
            let data = match method {
                0 => Data::Stored(data_off),
                8 => Data::Deflated(data_off, csize),
                m => {
                    problems.push(format!("{name}: compression method {m} not read; left out"));
                    continue;
                }
            };
            let stored_len = if method == 0 { usize_ } else { csize };
            if !is_dir && data_off.saturating_add(stored_len) > self.len {
                problems.push(format!(
                    "{name}: its bytes at {data_off:#x} run past the end; left out"
                ));
                continue;
            }
            spans.push((lho, data_off.saturating_add(stored_len), out.len()));
            out.push(Member {
                name: clean(&name),
                size: usize_,
                is_dir,
                link: None,
                uid: None,
                gid: None,
                mode: None,
                modified,
                data,
            });
        }
        Ok(drop_overlapping(out, spans, problems))
    }

    /// The members up to the first damaged header (the rest cannot be found: a tar has no
    /// index), the damage said in `problems`.
    fn tar_members(&self, problems: &mut Vec<String>) -> Vec<Member> {
        let mut out = Vec::new();
        if let Err(e) = self.tar_walk(&mut out, problems) {
            problems.push(format!("{e}; the members after it are not read"));
        }
        out
    }

    fn tar_walk(&self, out: &mut Vec<Member>, problems: &mut Vec<String>) -> Result<()> {
        let mut at = 0u64;
        let (mut long_name, mut long_link, mut pax): (
            Option<String>,
            Option<String>,
            Vec<(String, String)>,
        ) = (None, None, Vec::new());
        while at.saturating_add(512) <= self.len {
            let h = exact(&self.file, at, 512)?;
            // `h` holds the whole 512-byte header: each field is a fixed range of it.
            let hf = |r: std::ops::Range<usize>| h.get(r).unwrap_or_default();
            if h.iter().all(|&b| b == 0) {
                break;
            }
            if !tar_checksum_ok(&h) {
                return Err(corrupt(at, "tar header checksum"));
            }
            let mut size = octal(hf(124..136)).ok_or_else(|| corrupt(at, "tar size"))?;
            let typ = u8_at(&h, 156).unwrap_or(0);
            let data = at.saturating_add(512);
            if let Some(s) = pax
                .iter()
                .find(|(k, _)| k == "size")
                .and_then(|(_, v)| v.parse().ok())
            {
                size = s;
            }
            if data.saturating_add(size) > self.len {
                return Err(corrupt(at, format!("member of {size} bytes past the end")));
            }
            // Inside the archive (`data + size ≤ len` above), rounded up to a block.
            let next = data.saturating_add(size.div_ceil(512).saturating_mul(512));
            match typ {
                b'L' | b'K' | b'x' => {
                    if size > 1 << 20 {
                        return Err(corrupt(at, "extended header over 1 MiB"));
                    }
                    let body = exact(&self.file, data, usize::try_from(size).unwrap_or(0))?;
                    let text = || {
                        String::from_utf8_lossy(&body)
                            .trim_end_matches('\0')
                            .to_string()
                    };
                    if typ == b'L' {
                        long_name = Some(text());
                    } else if typ == b'K' {
                        long_link = Some(text());
                    } else {
                        let bad;
                        (pax, bad) = parse_pax(&body);
                        if let Some(bad) = bad {
                            problems.push(format!(
                                "corrupt archive at {at:#x}: pax header: {bad}; its other records kept"
                            ));
                        }
                    }
                    at = next;
                    continue;
                }
                _ => {}
            }
            let field = |r: std::ops::Range<usize>| {
                let b = hf(r).split(|&c| c == 0).next().unwrap_or_default();
                String::from_utf8_lossy(b).into_owned()
            };
            let mut name = field(0..100);
            if ustar(&h) {
                let prefix = field(345..500);
                if !prefix.is_empty() {
                    name = format!("{prefix}/{name}");
                }
            }
            if let Some(l) = long_name.take() {
                name = l;
            }
            let mut mtime = octal(hf(136..148)).and_then(|s| i64::try_from(s).ok());
            let mut linkname = field(157..257);
            if let Some(l) = long_link.take() {
                linkname = l;
            }
            for (k, v) in pax.drain(..) {
                match k.as_str() {
                    "path" => name = v,
                    "linkpath" => linkname = v,
                    "mtime" => mtime = v.split('.').next().and_then(|s| s.parse().ok()),
                    _ => {}
                }
            }
            let is_dir = typ == b'5' || name.ends_with('/');
            // Regular files, folders and links; devices and FIFOs have no bytes.
            let link = match typ {
                b'1' => Some(Link::Hard(clean(&linkname))),
                b'2' => Some(Link::Symbolic(linkname)),
                _ => None,
            };
            if matches!(typ, b'0' | 0 | b'7') || is_dir || link.is_some() {
                if out.len() >= MAX_MEMBERS {
                    return Err(corrupt(at, format!("more than {MAX_MEMBERS} members")));
                }
                out.push(Member {
                    name: clean(&name),
                    size: if is_dir || link.is_some() { 0 } else { size },
                    is_dir,
                    link,
                    uid: octal(hf(108..116)).and_then(|v| u32::try_from(v).ok()),
                    gid: octal(hf(116..124)).and_then(|v| u32::try_from(v).ok()),
                    // tar keeps the permission bits; the file type is the header's.
                    mode: octal(hf(100..108))
                        .and_then(|v| u32::try_from(v & 0o7777).ok())
                        .map(|m| {
                            m | match typ {
                                b'5' => 0o040000,
                                b'2' => 0o120000,
                                _ => 0o100000,
                            }
                        }),
                    modified: mtime.map(|s| Timestamp::from_unix(s, 0)),
                    data: Data::Stored(data),
                });
            }
            at = next;
        }
        Ok(())
    }
}

/// Members named one by one when they share bytes before the rest are summed up.
const MAX_OVERLAP_NAMED: usize = 16;

/// `members` without those whose bytes (`spans`: local header to the end of the data, and
/// the member's index) overlap an earlier member's. No zip writer makes members share bytes;
/// a zip bomb does (thousands of entries naming one deflated body of a gigabyte), and so does
/// an entry listed many times: each would be inflated and scanned again. The first keeps its
/// place, every other is left out and said.
fn drop_overlapping(
    members: Vec<Member>,
    mut spans: Vec<(u64, u64, usize)>,
    problems: &mut Vec<String>,
) -> Vec<Member> {
    spans.sort_unstable();
    let mut keep = vec![true; members.len()];
    let mut reach: Option<(u64, usize)> = None;
    let mut dropped = 0usize;
    for &(start, end, i) in &spans {
        if members.get(i).is_some_and(|m| m.is_dir) {
            continue;
        }
        match reach {
            Some((far, first)) if start < far => {
                if let Some(k) = keep.get_mut(i) {
                    *k = false;
                }
                dropped = dropped.saturating_add(1);
                if dropped <= MAX_OVERLAP_NAMED {
                    let (a, b) = (
                        members.get(i).map_or("?", |m| m.name.as_str()),
                        members.get(first).map_or("?", |m| m.name.as_str()),
                    );
                    problems.push(format!(
                        "{a}: its bytes at {start:#x} overlap those of {b} (members sharing bytes are a zip bomb's layout); left out"
                    ));
                }
                if end > far {
                    reach = Some((end, first));
                }
            }
            _ => reach = Some((end, i)),
        }
    }
    if dropped > MAX_OVERLAP_NAMED {
        problems.push(format!(
            "{} more members overlap others; left out",
            dropped.saturating_sub(MAX_OVERLAP_NAMED)
        ));
    }
    members
        .into_iter()
        .zip(keep)
        .filter_map(|(m, k)| k.then_some(m))
        .collect()
}

static TEMP_SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Inflate a gzip'd tar into `out` block for block, leaving the data of every member larger
/// than [`MAX_MEMBER`] (and of extended headers over 1 MiB) unwritten — a hole, so the file
/// keeps the tar's layout and offsets while the disk holds only what can be read. Headers are
/// recognised by their checksum; from the first block that is not one (the end of the
/// archive, damage) the rest is copied as it is. Returns the bytes of tar it stands for.
fn inflate_tar(mut gz: impl Read, out: &mut File) -> std::io::Result<u64> {
    use std::io::{Seek, SeekFrom, Write};
    let mut at = 0u64;
    let mut pax_size: Option<u64> = None;
    let mut block = [0u8; 512];
    loop {
        // One header block (a short last block ends the stream).
        let mut got = 0usize;
        while let Some(rest) = block.get_mut(got..).filter(|r| !r.is_empty()) {
            match gz.read(rest)? {
                0 => break,
                n => got = got.saturating_add(n),
            }
        }
        if got == 0 {
            break;
        }
        out.write_all(block.get(..got).unwrap_or_default())?;
        at = at.saturating_add(got as u64);
        if got < 512 || !is_tar_header(&block) {
            // The end blocks, or damage: the rest as it is (the walk says where it stops).
            at = at.saturating_add(std::io::copy(&mut gz, out)?);
            break;
        }
        let typ = u8_at(&block, 156).unwrap_or(0);
        // An unreadable size is taken as 0 here; the walk of the inflated tar says it.
        let mut size = block.get(124..136).and_then(octal).unwrap_or(0);
        if let Some(s) = pax_size.take() {
            size = s;
        }
        let padded = size.div_ceil(512).saturating_mul(512);
        let meta = matches!(typ, b'L' | b'K' | b'x' | b'g');
        let keep = if meta {
            size <= 1 << 20
        } else {
            size <= MAX_MEMBER
        };
        if keep {
            let mut body = Vec::new();
            let n = if typ == b'x' {
                // Its `size` record applies to the next member.
                let n = (&mut gz).take(padded).read_to_end(&mut body)? as u64;
                out.write_all(&body)?;
                pax_size = parse_pax(&body)
                    .0
                    .iter()
                    .find(|(k, _)| k == "size")
                    .and_then(|(_, v)| v.parse().ok());
                n
            } else {
                std::io::copy(&mut (&mut gz).take(padded), out)?
            };
            at = at.saturating_add(n);
            if n < padded {
                break;
            }
        } else {
            let n = std::io::copy(&mut (&mut gz).take(padded), &mut std::io::sink())?;
            out.seek(SeekFrom::Current(i64::try_from(n).unwrap_or(i64::MAX)))?;
            at = at.saturating_add(n);
            if n < padded {
                break;
            }
        }
    }
    // A hole at the end is part of the file's length too.
    out.set_len(at)?;
    Ok(at)
}

/// Whether a 512-byte block is a tar header: its checksum (the sum of its bytes with the
/// checksum field read as spaces) matches, and it is not all zeros.
fn is_tar_header(h: &[u8; 512]) -> bool {
    !h.iter().all(|&b| b == 0) && tar_checksum_ok(h)
}

/// Whether a tar header's checksum field equals the sum of its bytes, the field itself read
/// as spaces.
fn tar_checksum_ok(h: &[u8]) -> bool {
    let sum: u64 = h
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            if (148..156).contains(&i) {
                32
            } else {
                u64::from(b)
            }
        })
        .sum();
    h.get(148..156).and_then(octal) == Some(sum)
}

/// A member name without `./`, leading `/` or a trailing `/`.
fn clean(name: &str) -> String {
    name.split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect::<Vec<_>>()
        .join("/")
}

/// A tar number: octal digits (space or NUL ended), or base-256 when the high bit is set.
fn octal(b: &[u8]) -> Option<u64> {
    if b.first().is_some_and(|&c| c & 0x80 != 0) {
        let mut v: u64 = 0;
        for &c in b.get(1..).unwrap_or_default() {
            v = v.checked_mul(256)?.checked_add(u64::from(c))?;
        }
        return Some(v);
    }
    let s: String = b
        .iter()
        .map(|&c| c as char)
        .take_while(|c| *c != '\0')
        .collect();
    let s = s.trim();
    if s.is_empty() {
        return Some(0);
    }
    u64::from_str_radix(s, 8).ok()
}

/// pax records: `LEN key=value\n`, and what was wrong with the first malformed one (a
/// length that is no number, shorter than its own prefix or past the header's end, a record
/// without `=` or its line feed), after which the rest of the header is not read.
fn parse_pax(body: &[u8]) -> (Vec<(String, String)>, Option<String>) {
    let text = String::from_utf8_lossy(body);
    let text = text.trim_end_matches('\0');
    let mut out = Vec::new();
    let mut rest: &str = text;
    while !rest.is_empty() {
        let Some((len, after)) = rest.split_once(' ') else {
            return (
                out,
                Some(format!("record {:?} has no length", first_chars(rest))),
            );
        };
        let Ok(n) = len.parse::<usize>() else {
            return (
                out,
                Some(format!("record length {:?} is no number", first_chars(len))),
            );
        };
        let record_len = n
            .checked_sub(len.len().saturating_add(1))
            .filter(|l| *l > 0);
        let Some(rec) = record_len.and_then(|l| after.get(..l)) else {
            return (
                out,
                Some(format!("record length {n} does not fit the header")),
            );
        };
        let Some((k, v)) = rec.strip_suffix('\n').and_then(|r| r.split_once('=')) else {
            return (
                out,
                Some(format!("record {:?} is not key=value", first_chars(rec))),
            );
        };
        out.push((k.to_string(), v.to_string()));
        rest = after.get(rec.len()..).unwrap_or_default();
    }
    (out, None)
}

/// The first 40 characters of `s` (for a message about it).
fn first_chars(s: &str) -> String {
    s.chars().take(40).collect()
}

/// A stored member: a window of the archive.
struct Window {
    archive: Arc<Archive>,
    offset: u64,
    len: u64,
}

impl DataStream for Window {
    fn len(&self) -> u64 {
        self.len
    }
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize> {
        let left = self.len.saturating_sub(offset);
        let n = usize::try_from(left).map_or(buf.len(), |l| buf.len().min(l));
        let at = self
            .offset
            .checked_add(offset)
            .ok_or_else(|| corrupt(self.offset, "member read past 2^64 bytes"))?;
        read_at(&self.archive.file, at, buf.get_mut(..n).unwrap_or_default())
    }
}

/// A deflated member, inflated into memory on its first read (at most [`MAX_MEMBER`]).
struct Inflated {
    archive: Arc<Archive>,
    name: String,
    offset: u64,
    compressed: u64,
    size: u64,
    bytes: std::sync::OnceLock<std::result::Result<Vec<u8>, String>>,
}

impl Inflated {
    fn inflate(&self) -> std::result::Result<Vec<u8>, String> {
        let reader = WindowReader {
            file: &self.archive.file,
            at: self.offset,
            end: self
                .offset
                .saturating_add(self.compressed)
                .min(self.archive.len),
        };
        let mut out = Vec::with_capacity(usize::try_from(self.size.min(64 << 20)).unwrap_or(0));
        flate2::read::DeflateDecoder::new(reader)
            .take(self.size.saturating_add(1))
            .read_to_end(&mut out)
            .map_err(|e| format!("{}: inflating: {e}", self.name))?;
        if out.len() as u64 != self.size {
            return Err(format!(
                "{}: inflates to {} bytes, not {}",
                self.name,
                out.len(),
                self.size
            ));
        }
        Ok(out)
    }
}

impl DataStream for Inflated {
    fn len(&self) -> u64 {
        self.size
    }
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize> {
        let bytes = self
            .bytes
            .get_or_init(|| self.inflate())
            .as_ref()
            .map_err(|e| corrupt(self.offset, e.clone()))?;
        let Some(rest) = usize::try_from(offset).ok().and_then(|o| bytes.get(o..)) else {
            return Ok(0);
        };
        let n = rest.len().min(buf.len());
        if let (Some(to), Some(from)) = (buf.get_mut(..n), rest.get(..n)) {
            to.copy_from_slice(from);
        }
        Ok(n)
    }
}

/// Sequential reads of a range of the archive (what the deflate decoder reads).
struct WindowReader<'a> {
    file: &'a File,
    at: u64,
    end: u64,
}

impl Read for WindowReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.end.saturating_sub(self.at);
        let n = usize::try_from(left).map_or(buf.len(), |l| buf.len().min(l));
        if n == 0 {
            return Ok(0);
        }
        use std::os::unix::fs::FileExt;
        let got = self
            .file
            .read_at(buf.get_mut(..n).unwrap_or_default(), self.at)?;
        self.at = self.at.saturating_add(got as u64);
        Ok(got)
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A ustar header for `name` of `size` bytes, its checksum made.
    fn header(name: &str, size: u64) -> [u8; 512] {
        let mut h = [0u8; 512];
        h[..name.len()].copy_from_slice(name.as_bytes());
        h[100..107].copy_from_slice(b"0000644");
        h[124..135].copy_from_slice(format!("{size:011o}").as_bytes());
        h[136..147].copy_from_slice(b"00000000000");
        h[156] = b'0';
        h[257..263].copy_from_slice(b"ustar\0");
        h[263..265].copy_from_slice(b"00");
        h[148..156].copy_from_slice(b"        ");
        let sum: u64 = h.iter().map(|&b| u64::from(b)).sum();
        h[148..155].copy_from_slice(format!("{sum:06o}\0").as_bytes());
        h
    }

    /// A .tar.gz whose first member claims more than MAX_MEMBER (and holds it: zeros, which
    /// gzip shrinks a thousandfold) is opened without writing that member: the temporary
    /// tar is sparse, the small member after it reads back, the big one is refused by name.
    #[test]
    fn a_huge_member_of_a_tar_gz_costs_no_disk() {
        let dir = std::env::temp_dir().join(format!("foothold-targz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("bomb.tar.gz");
        let big = MAX_MEMBER + 512;
        {
            let f = File::create(&path).unwrap();
            let mut gz = flate2::write::GzEncoder::new(f, flate2::Compression::fast());
            gz.write_all(&header("big.bin", big)).unwrap();
            let zeros = vec![0u8; 1 << 20];
            for _ in 0..big / (1 << 20) {
                gz.write_all(&zeros).unwrap();
            }
            gz.write_all(&zeros[..(big % (1 << 20)) as usize]).unwrap();
            gz.write_all(&header("etc/hostname", 5)).unwrap();
            let mut data = [0u8; 512];
            data[..5].copy_from_slice(b"host\n");
            gz.write_all(&data).unwrap();
            gz.write_all(&[0u8; 1024]).unwrap();
            gz.finish().unwrap();
        }
        // The temporary tar: as long as the tar, but holding only its headers and the small
        // member on disk.
        let tmp = dir.join("inflated.tar");
        let mut out = File::create(&tmp).unwrap();
        let gz = flate2::read::MultiGzDecoder::new(File::open(&path).unwrap());
        let n = inflate_tar(gz, &mut out).unwrap();
        drop(out);
        let meta = std::fs::metadata(&tmp).unwrap();
        assert_eq!(n, 512 + big + 1024 + 1024);
        assert_eq!(meta.len(), n);
        use std::os::unix::fs::MetadataExt;
        assert!(
            meta.blocks() * 512 < 16 << 20,
            "{} bytes on disk",
            meta.blocks() * 512
        );
        // Through the archive reader: the small member is there, the big one said.
        let a = Arc::new(Archive::open(&path).unwrap());
        let names: Vec<&str> = a.members().iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["big.bin", "etc/hostname"]);
        let small = a.stream(1).unwrap();
        let mut b = [0u8; 5];
        assert_eq!(small.read_at(0, &mut b).unwrap(), 5);
        assert_eq!(&b, b"host\n");
        let e = a.stream(0).err().expect("refused").to_string();
        assert!(e.contains("not inflated"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
