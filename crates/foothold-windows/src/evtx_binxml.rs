//! Typed extraction from EVTX binary XML (MS-EVEN6 §2.2.12–2.2.18): a record's template
//! instance and its substitution array are read straight from the chunk bytes, and the
//! template definition says where the System fields and the EventData/UserData fields sit.
//! Nothing is rendered: a record that cannot make a persistence event is dropped after its
//! channel and event ID are read.
//!
//! Each template definition is walked once per chunk into a [`Shape`]. What the shape or a
//! value does not cover the way the `evtx` crate reads and renders it (array values, which
//! repeat their element; non-ASCII ANSI strings; floats; elements with mixed content;
//! duplicate field names; records that are not one template instance; anything the crate
//! would fail on) is [`Outcome::Unsupported`], and the caller reads that chunk through the
//! crate instead, so the output is the same either way (the tests compare both paths on
//! every real log, and the `evtx` fuzz target on mutated ones).
//!
//! Every offset and length comes from the evidence: all reads are bounded, element nesting
//! is limited, and nothing here allocates from a length field beyond the bytes it covers.
use crate::evtx_fast::Parts;
use foothold_core::{u16_at, u32_at, u64_at, u8_at};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// How deep template elements may nest before the template is not read.
const MAX_DEPTH: usize = 64;

/// Why a record is left to the crate.
pub(crate) type Why = &'static str;

/// What one record gave.
pub(crate) enum Outcome {
    /// Its parts (the record may still not be a persistence event).
    Parts(Parts),
    /// Not a candidate: its channel and event ID cannot make a persistence event.
    Rejected,
    /// Something this reader does not mirror (what): read the chunk through the `evtx` crate.
    Unsupported(Why),
}

/// A piece of an element's content or an attribute's value in a template definition.
#[derive(Debug, Clone)]
enum Piece {
    Lit(String),
    Sub {
        id: u16,
        optional: bool,
    },
    /// Character or entity references, CDATA, processing instructions, non-string values.
    Other,
}

/// Where one value comes from: the pieces, and the DependencyIds of the element and its
/// ancestors (an element whose dependency is a NULL value is left out).
#[derive(Debug, Clone, Default)]
struct Slot {
    pieces: Vec<Piece>,
    deps: Vec<u16>,
    /// What an empty value renders as.
    empty: Empty,
}

/// What the crate's JSON holds for an element or attribute with no text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Empty {
    /// `null` (any element but an EventData `Data`), which foothold reads as no value.
    #[default]
    Null,
    /// `""`: EventData's `<Data Name=…>` elements.
    Text,
    /// An attribute: left out when its value is removed; an empty text is not mirrored
    /// (the record is left to the crate).
    Unknown,
}

const CHANNEL: usize = 0;
const PROVIDER: usize = 1;
const EVENT_ID: usize = 2;
const COMPUTER: usize = 3;
const USER_SID: usize = 4;
const TIME_CREATED: usize = 5;
const RECORD_ID: usize = 6;

/// What a template definition says about the fields foothold reads.
#[derive(Debug, Default)]
pub(crate) struct Shape {
    /// Channel, Provider@Name, EventID, Computer, Security@UserID, TimeCreated@SystemTime,
    /// EventRecordID; `None` when the template has no such element.
    roles: [Option<Slot>; 7],
    /// EventData/UserData fields by name.
    fields: Vec<(String, Slot)>,
    /// EventData's `Data` elements without a name, in order: one field `Data`, their texts
    /// joined with ", " (the crate renders them as one `#text` array).
    unnamed: Vec<Slot>,
    /// Embedded BinXML substitutions that hold the event's data: as the `Event`'s content
    /// (Windows' usual layout: the EventData or UserData element is a fragment of its own)
    /// or as UserData's content.
    nested: Vec<(Mode, Slot)>,
    /// The System part is read exactly as rendered.
    system_ok: bool,
    /// The `Event`'s System, EventData and UserData elements seen.
    parts: Vec<String>,
    /// The EventData/UserData part is read exactly as rendered.
    data_ok: bool,
}

/// One substitution value: its type and its bytes.
#[derive(Debug, Clone, Copy)]
struct Value<'a> {
    ty: u8,
    bytes: &'a [u8],
    /// Where the bytes start in the chunk (an embedded fragment's offsets are the chunk's).
    at: usize,
}

/// Where a template's root sits in the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Mode {
    /// The record's template: its root is `Event`.
    Outer,
    /// A fragment that is the `Event`'s content (its root is EventData or UserData).
    EventContent,
    /// A fragment that is UserData's content (its root is UserData's child).
    UserDataContent,
}

impl Mode {
    fn prefix(self) -> &'static [&'static str] {
        match self {
            Mode::Outer => &[],
            Mode::EventContent => &["Event"],
            Mode::UserDataContent => &["Event", "UserData"],
        }
    }
}

/// Template shapes of one chunk, by definition offset, and the values of the record being
/// read (kept between records so that a record costs no allocation).
#[derive(Default)]
pub(crate) struct Templates<'a> {
    shapes: HashMap<u64, Option<Arc<Shape>>, BuildOffset>,
    /// The shape used last in each mode: consecutive records mostly share their template
    /// (and their fragments' templates).
    last: [Option<(u32, Arc<Shape>)>; 3],
    values: Vec<Value<'a>>,
    /// Value lists of embedded fragments, reused.
    spare: Vec<Vec<Value<'a>>>,
}

impl Templates<'_> {
    fn shape(&mut self, chunk: &[u8], def: u32, mode: Mode) -> Option<Arc<Shape>> {
        let m = mode as usize;
        if let Some(Some((d, s))) = self.last.get(m) {
            if *d == def {
                return Some(Arc::clone(s));
            }
        }
        let s = self
            .shapes
            .entry(u64::from(def) << 2 | m as u64)
            .or_insert_with(|| read_shape(chunk, def, mode).map(Arc::new))
            .clone()?;
        if let Some(slot) = self.last.get_mut(m) {
            *slot = Some((def, Arc::clone(&s)));
        }
        Some(s)
    }
}

/// The hasher of the shape cache: a multiply, where SipHash cost as much as reading the
/// record. Its keys are chunk offsets (and a mode) the log chooses, but a 64 KiB chunk holds
/// at most a few thousand definitions, so even keys made to share a bucket cost little; the
/// product's high bits are folded into the low ones that pick the bucket.
#[derive(Default, Clone, Copy)]
struct BuildOffset;

struct OffsetHasher(u64);

impl std::hash::BuildHasher for BuildOffset {
    type Hasher = OffsetHasher;
    fn build_hasher(&self) -> OffsetHasher {
        OffsetHasher(0)
    }
}

impl std::hash::Hasher for OffsetHasher {
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 29)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// What [`instance`] found besides the values.
#[derive(Debug, Clone, Copy)]
struct Instance {
    /// The template definition's offset in the chunk.
    def: u32,
    /// Every value is [`laid_out`] as the crate reads it.
    laid_out: bool,
    /// Some value is a non-empty embedded fragment (see [`check_fragments`]).
    fragments: bool,
}

/// A record's one template instance: the definition offset and the values (each checked
/// as it is read: laid out as the crate reads it, an embedded fragment). `at` is where the
/// record's BinXML starts in the chunk, `len` its length.
fn instance<'a>(
    chunk: &'a [u8],
    at: usize,
    len: usize,
    values: &mut Vec<Value<'a>>,
) -> Option<Instance> {
    values.clear();
    let end = at.checked_add(len)?;
    let b = chunk.get(..end)?;
    let mut p = at;
    if u8_at(b, p)? == 0x0f {
        p = p.saturating_add(4);
    }
    if u8_at(b, p)? != 0x0c {
        return None;
    }
    let def = u32_at(b, p.checked_add(6)?)?;
    p = p.saturating_add(10);
    if def as usize == p {
        let size = u32_at(b, p.checked_add(20)?)? as usize;
        p = p.checked_add(24)?.checked_add(size)?;
    }
    let count = u32_at(b, p)? as usize;
    p = p.saturating_add(4);
    // Each descriptor takes four bytes of the record: a count past them is damage.
    if count > (end.saturating_sub(p)) / 4 {
        return None;
    }
    let desc = b.get(p..p.checked_add(count.checked_mul(4)?)?)?;
    p = p.saturating_add(count.saturating_mul(4));
    let (mut all_laid_out, mut fragments) = (true, false);
    for d in desc.chunks_exact(4) {
        let size = usize::from(u16_at(d, 0)?);
        let bytes = b.get(p..p.checked_add(size)?)?;
        let v = Value {
            ty: u8_at(d, 2)?,
            bytes,
            at: p,
        };
        all_laid_out &= laid_out(v);
        fragments |= v.ty == 0x21 && size > 0;
        values.push(v);
        p = p.saturating_add(size);
    }
    // The crate walks on to the end of the stream: only its end-of-file token may follow
    // (anything else is an error there, so the record is left to it).
    if p < end && u8_at(b, p) != Some(0x00) {
        return None;
    }
    Some(Instance {
        def,
        laid_out: all_laid_out,
        fragments,
    })
}

/// A name in the chunk (`u32` next, `u16` hash, `u16` count, UTF-16, NUL) at `at`. `None`
/// also for a name the crate writes into its JSON unescaped so that the record does not read
/// back (a control character, a quote or a backslash): such a template is left to the crate.
fn name_at(chunk: &[u8], at: usize) -> Option<(String, usize)> {
    let n = u16_at(chunk, at.checked_add(6)?)? as usize;
    let from = at.checked_add(8)?;
    let raw = chunk.get(from..from.checked_add(n.checked_mul(2)?)?)?;
    let s = utf16(raw)?;
    if s.chars().any(|c| c < ' ' || c == '"' || c == '\\') {
        return None;
    }
    // The header, the UTF-16 units and the NUL.
    Some((s, n.checked_mul(2)?.checked_add(10)?))
}

/// A name reference at `*p` (a `u32` chunk offset), and past it the name itself when it is
/// stored inline right there; `*p` ends after both.
fn name_ref(chunk: &[u8], p: &mut usize) -> Option<String> {
    let off = u32_at(chunk, *p)? as usize;
    *p = p.saturating_add(4);
    let (name, skip) = name_at(chunk, off)?;
    if off == *p {
        *p = p.saturating_add(skip);
    }
    Some(name)
}

/// UTF-16LE up to the first NUL; `None` for an unpaired surrogate (left to the crate).
fn utf16(raw: &[u8]) -> Option<String> {
    let units = raw
        .chunks_exact(2)
        .filter_map(|u| u16_at(u, 0))
        .take_while(|&u| u != 0);
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .ok()
}

#[derive(Default)]
struct Elem {
    name: String,
    dep: Option<u16>,
    attrs: Vec<(String, Vec<Piece>)>,
    content: Vec<Piece>,
    children: bool,
    /// An attribute is being filled (between an attribute token and the close of the start).
    in_attr: bool,
}

/// Walk a template definition at `def`, whose root sits where `mode` says, into its shape.
fn read_shape(chunk: &[u8], def: u32, mode: Mode) -> Option<Shape> {
    let def = def as usize;
    let size = u32_at(chunk, def.checked_add(20)?)? as usize;
    let start = def.checked_add(24)?;
    let end = start.checked_add(size)?.min(chunk.len());
    let mut shape = Shape {
        system_ok: true,
        data_ok: true,
        ..Shape::default()
    };
    let mut stack: Vec<Elem> = Vec::new();
    let mut seen_root = false;
    let mut p = start;
    while p < end {
        let tok = u8_at(chunk, p)?;
        p = p.saturating_add(1);
        match tok {
            0x00 => break,
            0x0f => p = p.saturating_add(3),
            0x01 | 0x41 => {
                if stack.len() >= MAX_DEPTH {
                    return None;
                }
                // DependencyId, data size, then the name.
                let dep = u16_at(chunk, p)?;
                p = p.saturating_add(6);
                let name = name_ref(chunk, &mut p)?;
                if tok & 0x40 != 0 {
                    p = p.saturating_add(4);
                }
                if let Some(parent) = stack.last_mut() {
                    parent.children = true;
                } else if seen_root {
                    return None; // a second root
                }
                seen_root = true;
                stack.push(Elem {
                    name,
                    dep: (dep != 0xffff).then_some(dep),
                    ..Elem::default()
                });
            }
            0x06 | 0x46 => {
                let name = name_ref(chunk, &mut p)?;
                let e = stack.last_mut()?;
                e.attrs.push((name, Vec::new()));
                e.in_attr = true;
            }
            0x02 => stack.last_mut()?.in_attr = false,
            0x03 | 0x04 => {
                let e = stack.pop()?;
                finish(&mut shape, &stack, e, mode);
            }
            0x05 | 0x45 => {
                let ty = u8_at(chunk, p)?;
                p = p.saturating_add(1);
                let piece = if ty == 0x01 {
                    let n = u16_at(chunk, p)? as usize;
                    let from = p.checked_add(2)?;
                    let s = utf16(chunk.get(from..from.checked_add(n.checked_mul(2)?)?)?);
                    p = p.saturating_add(n.saturating_mul(2).saturating_add(2));
                    s.map_or(Piece::Other, Piece::Lit)
                } else {
                    // Other literal types do not occur in Windows' templates; their width
                    // is type-specific, so stop reading this template.
                    return None;
                };
                push(stack.last_mut()?, piece);
            }
            0x0d | 0x0e => {
                let id = u16_at(chunk, p)?;
                p = p.saturating_add(3);
                push(
                    stack.last_mut()?,
                    Piece::Sub {
                        id,
                        optional: tok == 0x0e,
                    },
                );
            }
            0x07 | 0x47 => {
                let n = u16_at(chunk, p)? as usize;
                p = p.saturating_add(n.saturating_mul(2).saturating_add(2));
                push(stack.last_mut()?, Piece::Other);
            }
            0x08 | 0x48 => {
                p = p.saturating_add(2);
                push(stack.last_mut()?, Piece::Other);
            }
            0x09 | 0x49 | 0x0a => {
                name_ref(chunk, &mut p)?;
                push(stack.last_mut()?, Piece::Other);
            }
            0x0b => {
                let n = u16_at(chunk, p)? as usize;
                p = p.saturating_add(n.saturating_mul(2).saturating_add(2));
                push(stack.last_mut()?, Piece::Other);
            }
            // A template instance inside a definition, or an unknown token.
            _ => return None,
        }
    }
    if !stack.is_empty() || !seen_root {
        return None;
    }
    if mode == Mode::Outer && !shape.parts.iter().any(|p| p == "System") {
        shape.system_ok = false; // "missing field `System`" in the rendered path
    }
    // Names that occur twice are rendered in ways this reader does not mirror.
    let mut names: Vec<&str> = shape.fields.iter().map(|(k, _)| k.as_str()).collect();
    if !shape.unnamed.is_empty() {
        names.push("Data");
    }
    names.sort_unstable();
    if names.windows(2).any(|w| w.first() == w.get(1)) {
        shape.data_ok = false;
    }
    Some(shape)
}

fn push(e: &mut Elem, piece: Piece) {
    if e.in_attr {
        if let Some((_, v)) = e.attrs.last_mut() {
            v.push(piece);
        }
    } else {
        e.content.push(piece);
    }
}

/// File a finished element of the template into the shape. `stack` holds its ancestors.
fn finish(shape: &mut Shape, stack: &[Elem], e: Elem, mode: Mode) {
    let mut names: Vec<&str> = mode.prefix().to_vec();
    names.extend(stack.iter().map(|a| a.name.as_str()));
    let slot = |pieces: Vec<Piece>| Slot {
        pieces,
        empty: Empty::Null,
        deps: stack
            .iter()
            .skip(1) // a template's root is always rendered
            .filter_map(|a| a.dep)
            .chain(if stack.is_empty() { None } else { e.dep })
            .collect(),
    };
    // foothold reads the rendered record as one `Event` with one `System` and at most one
    // EventData and UserData: another layout is an error there, left to the crate.
    if names.as_slice() == ["Event"]
        && matches!(e.name.as_str(), "System" | "EventData" | "UserData")
    {
        if shape.parts.contains(&e.name) {
            shape.system_ok = false;
        }
        shape.parts.push(e.name.clone());
    }
    match names.as_slice() {
        [] => {
            if e.name != "Event" {
                shape.system_ok = false;
                shape.data_ok = false;
            }
            match e.content.as_slice() {
                [] => {}
                [Piece::Sub { .. }] => shape
                    .nested
                    .push((Mode::EventContent, slot(e.content.clone()))),
                _ => shape.data_ok = false,
            }
        }
        ["Event"] => match e.name.as_str() {
            "System" if !e.content.is_empty() => shape.system_ok = false,
            "EventData" if !e.content.is_empty() => shape.data_ok = false,
            "UserData" => match e.content.as_slice() {
                [] => {}
                [Piece::Sub { .. }] => shape
                    .nested
                    .push((Mode::UserDataContent, slot(e.content.clone()))),
                _ => shape.data_ok = false,
            },
            "System" | "EventData" => {}
            // Anything else in a fragment (RenderingInfo and the like) is not read.
            _ if mode == Mode::Outer => {}
            _ => shape.data_ok = false,
        },
        ["Event", "System"] => {
            if mode != Mode::Outer {
                shape.data_ok = false;
                return;
            }
            let (role, attr) = match e.name.as_str() {
                "Channel" => (CHANNEL, None),
                "Provider" => (PROVIDER, Some("Name")),
                "EventID" => (EVENT_ID, None),
                "Computer" => (COMPUTER, None),
                "Security" => (USER_SID, Some("UserID")),
                "TimeCreated" => (TIME_CREATED, Some("SystemTime")),
                "EventRecordID" => (RECORD_ID, None),
                _ => return,
            };
            let pieces = match attr {
                None if e.children => {
                    shape.system_ok = false;
                    return;
                }
                None => e.content.clone(),
                // Read back as attributes only: text there is an error in the rendered path.
                Some(_) if !e.content.is_empty() || e.children => {
                    shape.system_ok = false;
                    return;
                }
                Some(a) => match e.attrs.iter().find(|(n, _)| n == a) {
                    Some((_, v)) if !v.is_empty() => v.clone(),
                    Some(_) => {
                        shape.system_ok = false;
                        return;
                    }
                    None => return,
                },
            };
            let Some(place) = shape.roles.get_mut(role) else {
                return;
            };
            if place.is_some() {
                shape.system_ok = false;
            }
            let mut s = slot(pieces);
            if attr.is_some() {
                s.empty = Empty::Unknown;
            }
            *place = Some(s);
        }
        ["Event", "EventData"] => {
            let data = e.name == "Data";
            let key = if data {
                match e
                    .attrs
                    .iter()
                    .find(|(n, _)| n == "Name")
                    .map(|(_, v)| v.as_slice())
                {
                    Some([Piece::Lit(k)]) => k.clone(),
                    None if !e.children => {
                        let mut s = slot(e.content.clone());
                        s.empty = Empty::Text;
                        shape.unnamed.push(s);
                        return;
                    }
                    _ => {
                        shape.data_ok = false;
                        return;
                    }
                }
            } else {
                e.name.clone()
            };
            if e.children {
                shape.data_ok = false;
            } else {
                let mut s = slot(e.content.clone());
                if data {
                    s.empty = Empty::Text;
                }
                shape.fields.push((key, s));
            }
        }
        ["Event", "UserData"] if !e.content.is_empty() => shape.data_ok = false,
        ["Event", "UserData", _] => {
            if e.children || e.name == "Data" {
                shape.data_ok = false;
            } else {
                let field = slot(e.content.clone());
                shape.fields.push((e.name, field));
            }
        }
        _ => {}
    }
}

/// A value's text as the crate renders it into JSON and foothold reads it back; `Err` for a
/// type this reader does not mirror.
fn text(v: Value) -> Result<Option<String>, Why> {
    use evtx::binxml::value_variant::{BinXmlValue as B, FileTime, SysTime};
    let b = v.bytes;
    let fixed = |n: usize| {
        if b.len() == n {
            Ok(())
        } else {
            Err("a value of a type or size not mirrored")
        }
    };
    let s = match v.ty {
        0x00 => return Ok(None),
        0x01 => {
            if b.len() % 2 != 0 {
                return Err("a value of a type or size not mirrored");
            }
            utf16(b).ok_or("a value of a type or size not mirrored")?
        }
        // ASCII (see `laid_out`), NULs dropped as the crate drops them.
        0x02 if b.is_ascii() => b.iter().filter(|&&c| c != 0).map(|&c| c as char).collect(),
        0x03 => {
            fixed(1)?;
            (u8_at(b, 0).ok_or("a value of a type or size not mirrored")? as i8).to_string()
        }
        0x04 => {
            fixed(1)?;
            u8_at(b, 0)
                .ok_or("a value of a type or size not mirrored")?
                .to_string()
        }
        0x05 => {
            fixed(2)?;
            (u16_at(b, 0).ok_or("a value of a type or size not mirrored")? as i16).to_string()
        }
        0x06 => {
            fixed(2)?;
            u16_at(b, 0)
                .ok_or("a value of a type or size not mirrored")?
                .to_string()
        }
        0x07 => {
            fixed(4)?;
            (u32_at(b, 0).ok_or("a value of a type or size not mirrored")? as i32).to_string()
        }
        0x08 => {
            fixed(4)?;
            u32_at(b, 0)
                .ok_or("a value of a type or size not mirrored")?
                .to_string()
        }
        0x09 => {
            fixed(8)?;
            (u64_at(b, 0).ok_or("a value of a type or size not mirrored")? as i64).to_string()
        }
        0x0a => {
            fixed(8)?;
            u64_at(b, 0)
                .ok_or("a value of a type or size not mirrored")?
                .to_string()
        }
        0x0d => {
            fixed(4)?;
            // Windows writes bitmasks into some bool slots: the crate keeps those as integers.
            match u32_at(b, 0).ok_or("a value of a type or size not mirrored")? as i32 {
                0 => "false".into(),
                1 => "true".into(),
                raw => raw.to_string(),
            }
        }
        0x0e => foothold_core::hex_upper(b),
        0x0f => {
            fixed(16)?;
            let mut g = [0u8; 16];
            g.copy_from_slice(b);
            B::GuidType(g).to_string()
        }
        0x11 => {
            fixed(8)?;
            B::FileTimeType(FileTime(
                u64_at(b, 0).ok_or("a value of a type or size not mirrored")?,
            ))
            .to_string()
        }
        0x12 => {
            fixed(16)?;
            let mut t = [0u8; 16];
            t.copy_from_slice(b);
            B::SysTimeType(SysTime::from_bytes(&t)).to_string()
        }
        0x13 => sid(b)?,
        0x14 => {
            fixed(4)?;
            format!(
                "0x{:x}",
                u32_at(b, 0).ok_or("a value of a type or size not mirrored")?
            )
        }
        0x15 => {
            fixed(8)?;
            format!(
                "0x{:x}",
                u64_at(b, 0).ok_or("a value of a type or size not mirrored")?
            )
        }
        // An empty embedded fragment is a NULL value.
        0x21 if b.is_empty() => return Ok(None),
        _ => return Err("a value of a type or size not mirrored"),
    };
    Ok(Some(s))
}

/// MS-EVEN6's "optional empty": NULL, an empty string, binary or fragment.
fn optional_empty(v: Value) -> bool {
    match v.ty {
        0x00 => true,
        0x01 => utf16_is_empty(v.bytes),
        0x02 => v.bytes.iter().all(|&c| c == 0),
        0x0e | 0x21 => v.bytes.is_empty(),
        t if t & 0x80 != 0 => v.bytes.is_empty(),
        _ => false,
    }
}

fn utf16_is_empty(b: &[u8]) -> bool {
    u16_at(b, 0).is_none_or(|u| u == 0)
}

/// A SID value, which must be exactly as long as its sub-authority count says.
fn sid(b: &[u8]) -> Result<String, Why> {
    match foothold_core::sid_at(b) {
        Some((s, n)) if n == b.len() => Ok(s),
        _ => Err("a SID of the wrong length"),
    }
}

/// A slot that is one substitution of an unsigned integer (what an event ID is), as the
/// number its text would spell; `None` for anything else (read its text).
fn slot_uint(slot: &Slot, values: &[Value]) -> Option<u64> {
    let [Piece::Sub { id, .. }] = slot.pieces.as_slice() else {
        return None;
    };
    if left_out(slot, values) {
        return None;
    }
    let v = values.get(*id as usize)?;
    let b = v.bytes;
    match (v.ty, b.len()) {
        (0x04, 1) => u8_at(b, 0).map(u64::from),
        (0x06, 2) => u16_at(b, 0).map(u64::from),
        (0x08, 4) => u32_at(b, 0).map(u64::from),
        (0x0a, 8) => u64_at(b, 0),
        _ => None,
    }
}

/// The text of a slot in an instance: `Ok(None)` when it renders as nothing (left out, or
/// empty where the crate writes `null`).
fn slot_text(slot: &Slot, values: &[Value]) -> Result<Option<String>, Why> {
    if left_out(slot, values) {
        return Ok(None);
    }
    // The text, and whether there is nothing at all (no piece, an optional empty value).
    let (text, removed) = match slot.pieces.as_slice() {
        [] => (None, true),
        [Piece::Lit(s)] => (Some(s.clone()), false),
        [Piece::Sub { id, optional }] => match values.get(*id as usize) {
            None => (None, true),
            Some(&v) if optional_empty(v) => (None, *optional),
            Some(&v) if v.ty & 0x80 != 0 || v.ty == 0x21 => {
                return Err("an array or fragment value"); // arrays repeat their element
            }
            Some(&v) => (text(v)?, false),
        },
        _ => return Err("mixed content"),
    };
    match (text, slot.empty) {
        (Some(t), _) if !t.is_empty() => Ok(Some(t)),
        (_, Empty::Null) => Ok(None),
        (_, Empty::Text) => Ok(Some(String::new())),
        (_, Empty::Unknown) if removed => Ok(None),
        (_, Empty::Unknown) => Err("an empty attribute"),
    }
}

/// Read one record whose BinXML is `len` bytes at `at` in `chunk`. Without `all`, records
/// whose channel and ID fail `candidate` are [`Outcome::Rejected`] before their data is read.
/// `candidate_id` says whether an event ID can be a candidate on some channel, so that most
/// records are rejected before their channel is read.
pub(crate) fn read_record<'a>(
    chunk: &'a [u8],
    at: usize,
    len: usize,
    templates: &mut Templates<'a>,
    all: bool,
    candidate_id: fn(u32) -> bool,
    candidate: fn(&str, u32) -> bool,
) -> Outcome {
    let mut values = std::mem::take(&mut templates.values);
    let out = read(
        chunk,
        at,
        len,
        templates,
        &mut values,
        all,
        candidate_id,
        candidate,
    );
    templates.values = values;
    match out {
        Ok(Some(p)) => Outcome::Parts(p),
        Ok(None) => Outcome::Rejected,
        Err(why) => Outcome::Unsupported(why),
    }
}

#[allow(clippy::too_many_arguments)]
fn read<'a>(
    chunk: &'a [u8],
    at: usize,
    len: usize,
    templates: &mut Templates<'a>,
    values: &mut Vec<Value<'a>>,
    all: bool,
    candidate_id: fn(u32) -> bool,
    candidate: fn(&str, u32) -> bool,
) -> Result<Option<Parts>, Why> {
    let inst = instance(chunk, at, len, values).ok_or("not one template instance")?;
    let values: &[Value] = values;
    // The crate builds every embedded fragment of every record, read or not: one it would
    // fail on leaves the record to it, so that its error is reported as the crate reports it.
    if inst.fragments {
        check_fragments(chunk, values, templates, 0)?;
    }
    // A value whose type the crate cannot size the way it is laid out shifts every value
    // after it in the crate's reading: leave such records to the crate.
    if !inst.laid_out {
        return Err("a value whose size does not fit its type");
    }
    let shape = templates
        .shape(chunk, inst.def, Mode::Outer)
        .ok_or("a template definition not read")?;
    if !shape.system_ok {
        return Err("a System layout not mirrored");
    }
    let role = |r: usize| -> Result<Option<String>, Why> {
        shape
            .roles
            .get(r)
            .and_then(Option::as_ref)
            .map_or(Ok(None), |s| slot_text(s, values))
    };
    // The event ID decides first: read as a number when it is one (its text would be the
    // same number in decimal).
    let event_id = match shape.roles[EVENT_ID]
        .as_ref()
        .and_then(|s| slot_uint(s, values))
    {
        Some(n) => u32::try_from(n).ok(),
        None => role(EVENT_ID)?.and_then(|t| t.parse::<u32>().ok()),
    };
    if !all && !event_id.is_some_and(candidate_id) {
        return Ok(None);
    }
    let channel = role(CHANNEL)?.unwrap_or_default();
    if !all && !event_id.is_some_and(|id| candidate(&channel, id)) {
        return Ok(None);
    }
    let mut p = Parts {
        channel,
        provider: role(PROVIDER)?.unwrap_or_default(),
        event_id,
        computer: role(COMPUTER)?,
        user_sid: role(USER_SID)?,
        time_created: role(TIME_CREATED)?,
        record_id: role(RECORD_ID)?.and_then(|t| t.parse().ok()),
        data: BTreeMap::new(),
    };
    if !shape.data_ok {
        return Err("an EventData/UserData layout not mirrored");
    }
    fill(&shape, values, &mut p.data)?;
    for (mode, slot) in &shape.nested {
        nested(chunk, *mode, slot, values, templates, &mut p.data)?;
    }
    Ok(Some(p))
}

fn fill(shape: &Shape, values: &[Value], data: &mut BTreeMap<String, String>) -> Result<(), Why> {
    for (k, slot) in &shape.fields {
        if let Some(t) = slot_text(slot, values)? {
            data.insert(k.clone(), t);
        }
    }
    let mut unnamed: Vec<String> = Vec::new();
    for slot in &shape.unnamed {
        if let Some(t) = slot_text(slot, values)? {
            unnamed.push(t);
        }
    }
    if !unnamed.is_empty() {
        data.insert("Data".to_string(), unnamed.join(", "));
    }
    Ok(())
}

/// An embedded fragment's one template instance: its shape (its root where `mode` says) and
/// its values, each laid out as the crate reads it.
/// (The value list comes from `templates.spare`: give it back with [`Templates::give`].)
fn fragment<'a>(
    chunk: &'a [u8],
    v: Value<'a>,
    templates: &mut Templates<'a>,
    mode: Mode,
) -> Result<(Arc<Shape>, Vec<Value<'a>>), Why> {
    let mut inner = templates.spare.pop().unwrap_or_default();
    let read = instance(chunk, v.at, v.bytes.len(), &mut inner)
        .ok_or("a fragment that is not one template instance")
        .and_then(|inst| {
            if !inst.laid_out {
                return Err("a value whose size does not fit its type");
            }
            templates
                .shape(chunk, inst.def, mode)
                .ok_or("a template definition not read")
        });
    match read {
        Ok(shape) => Ok((shape, inner)),
        Err(why) => {
            templates.give(inner);
            Err(why)
        }
    }
}

impl<'a> Templates<'a> {
    /// A fragment's value list back, for the next fragment.
    fn give(&mut self, mut inner: Vec<Value<'a>>) {
        if self.spare.len() < 8 {
            inner.clear();
            self.spare.push(inner);
        }
    }
}

/// Whether a slot's element is left out: a DependencyId names a NULL value.
fn left_out(slot: &Slot, values: &[Value]) -> bool {
    slot.deps
        .iter()
        .any(|&d| values.get(d as usize).is_some_and(|v| v.ty == 0x00))
}

/// Every non-empty embedded fragment among `values` is one template instance this reader
/// can read (its values laid out, its definition read), to a bounded depth.
fn check_fragments<'a>(
    chunk: &'a [u8],
    values: &[Value<'a>],
    templates: &mut Templates<'a>,
    depth: usize,
) -> Result<(), Why> {
    for v in values
        .iter()
        .filter(|v| v.ty == 0x21 && !v.bytes.is_empty())
    {
        if depth >= 4 {
            return Err("fragments nested too deeply");
        }
        let (_, inner) = fragment(chunk, *v, templates, Mode::EventContent)?;
        let deeper = check_fragments(chunk, &inner, templates, depth.saturating_add(1));
        templates.give(inner);
        deeper?;
    }
    Ok(())
}

/// An embedded fragment that holds data: a template instance of its own, whose root sits
/// where `mode` says.
fn nested<'a>(
    chunk: &'a [u8],
    mode: Mode,
    slot: &Slot,
    values: &[Value<'a>],
    templates: &mut Templates<'a>,
    data: &mut BTreeMap<String, String>,
) -> Result<(), Why> {
    let [Piece::Sub { id, optional }] = slot.pieces.as_slice() else {
        return Err("mixed content");
    };
    let Some(&v) = values.get(*id as usize).filter(|_| !left_out(slot, values)) else {
        return Ok(());
    };
    if v.ty == 0x00 || (*optional && optional_empty(v)) || (v.ty == 0x21 && v.bytes.is_empty()) {
        return Ok(());
    }
    if v.ty != 0x21 {
        return Err("event data that is not a fragment");
    }
    let (shape, inner) = fragment(chunk, v, templates, mode)?;
    let filled =
        if !shape.data_ok || !shape.nested.is_empty() || shape.roles.iter().any(Option::is_some) {
            Err("an EventData/UserData layout not mirrored")
        } else {
            fill(&shape, &inner, data)
        };
    templates.give(inner);
    filled
}

/// Whether the crate reads exactly the value's bytes for its type (so the values after it
/// sit where this reader puts them).
#[inline]
fn laid_out(v: Value) -> bool {
    let n = v.bytes.len();
    match v.ty {
        0x00 | 0x0e | 0x21 => true,
        // The crate decodes ANSI strings by the code page (Windows-1252 here): ASCII reads
        // the same in any, so only ASCII is taken.
        0x02 => v.bytes.is_ascii(),
        0x01 => n % 2 == 0,
        0x03 | 0x04 => n == 1,
        0x05 | 0x06 => n == 2,
        0x07 | 0x08 | 0x0b | 0x0d | 0x14 => n == 4,
        0x09 | 0x0a | 0x0c | 0x11 | 0x15 => n == 8,
        0x0f | 0x12 => n == 16,
        // A SID: 8 bytes, then 4 per sub-authority (their count at byte 1).
        0x13 => {
            n >= 8
                && u8_at(v.bytes, 1)
                    .is_some_and(|k| usize::from(k).saturating_mul(4).saturating_add(8) == n)
        }
        // Arrays as the crate decodes them without an error: packed NUL-terminated strings
        // (the last one terminated, so its reading stays inside the value), or whole elements.
        0x81 => n % 2 == 0 && (n == 0 || v.bytes.ends_with(&[0, 0])),
        0x83 | 0x84 => true,
        0x85 | 0x86 => n % 2 == 0,
        0x87 | 0x88 | 0x8b | 0x94 => n % 4 == 0,
        0x89 | 0x8a | 0x8c | 0x91 | 0x95 => n % 8 == 0,
        0x8f | 0x92 => n % 16 == 0,
        // ANSI strings (decoded by code page), bool, binary, size_t and SID arrays, handles,
        // EvtXml and unknown types: left to the crate.
        _ => false,
    }
}

/// Every live record of a chunk, as the `evtx` crate walks them (no carving): the record
/// ID, the header's FILETIME, and where its BinXML sits. `None` when the walk meets
/// anything but a clean record, so the caller reads the chunk through the crate.
pub(crate) fn records(chunk: &[u8]) -> Option<Vec<RawRecord>> {
    // The chunk header: last record ID at 32, free space offset at 48.
    let last_id = u64_at(chunk, 32)?;
    let live_end = (u32_at(chunk, 48)? as usize).min(chunk.len());
    let mut out = Vec::new();
    let mut at = CHUNK_HEADER;
    while at < live_end {
        let rec = chunk.get(at..)?;
        if rec.get(..4)? != b"\x2a\x2a\x00\x00" {
            return None;
        }
        let size = u32_at(rec, 4)? as usize;
        let id = u64_at(rec, 8)?;
        let filetime = u64_at(rec, 16)?;
        // A record: 24 bytes of header, its BinXML, and its size again (4 bytes).
        let bin_len = size.checked_sub(28)?;
        let bin = at.checked_add(24)?;
        if bin.checked_add(bin_len)? > chunk.len() {
            return None;
        }
        out.push(RawRecord {
            id,
            filetime,
            at: bin,
            len: bin_len,
        });
        if id == last_id {
            break;
        }
        at = at.saturating_add(size);
    }
    Some(out)
}

const FILE_HEADER: usize = 4096;
const CHUNK_SIZE: usize = 65536;
const CHUNK_HEADER: usize = 512;

/// The chunks of an EVTX file in the order the `evtx` crate reads them (from the one holding
/// the oldest records to the end of the file, then from the start: a log that wrapped around),
/// each as its number and bytes in place; empty chunks are skipped as the crate skips them.
/// `None` when a chunk would be an error there (a bad header, a chunk cut short), so the caller
/// lets the crate walk the file and report it.
pub(crate) fn chunk_order(file: &[u8]) -> Option<Vec<(u64, &[u8])>> {
    let header = evtx::EvtxFileHeader::from_bytes(file).ok()?;
    let count = (file.len() as u64)
        .checked_sub(u64::from(header.header_block_size))?
        .checked_div(CHUNK_SIZE as u64)?;
    let at = |n: u64| -> Option<&[u8]> {
        let start = FILE_HEADER.checked_add(usize::try_from(n).ok()?.checked_mul(CHUNK_SIZE)?)?;
        file.get(start..start.checked_add(CHUNK_SIZE)?)
    };
    let mut oldest = (u64::MAX, 0);
    for n in 0..count {
        let Some(h) = at(n).and_then(|c| c.get(..CHUNK_HEADER)) else {
            break;
        };
        if let Ok(h) = evtx::EvtxChunkHeader::from_bytes(h) {
            if h.first_event_record_id <= h.last_event_record_id
                && h.first_event_record_id < oldest.0
            {
                oldest = (h.first_event_record_id, n);
            }
        }
    }
    let oldest = oldest.1;
    let mut out = Vec::new();
    let (mut next, mut wrapped) = (oldest, false);
    loop {
        let end = if wrapped { oldest } else { u64::MAX };
        let mut found = None;
        while next < end {
            match at(next) {
                None if next >= count => break,
                None => return None, // a chunk cut short: the crate reports it
                Some(c) if c.iter().all(|&b| b == 0) => next = next.saturating_add(1),
                Some(c) => {
                    evtx::EvtxChunkHeader::from_bytes(c).ok()?;
                    found = Some((next, c));
                    break;
                }
            }
        }
        match found {
            Some((n, c)) => {
                out.push((n, c));
                next = n.saturating_add(1);
            }
            None if wrapped || oldest == 0 => return Some(out),
            None => {
                wrapped = true;
                next = 0;
            }
        }
    }
}

/// One record found by [`records`].
pub(crate) struct RawRecord {
    pub id: u64,
    pub filetime: u64,
    pub at: usize,
    pub len: usize,
}
