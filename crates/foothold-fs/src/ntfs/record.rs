use super::runlist::{decode_runlist, Run};
use crate::bytes::{u16_at, u32_at, u64_at, u8_at, utf16le};
use crate::{Error, Result};

pub(crate) const ATTR_STANDARD_INFORMATION: u32 = 0x10;
pub(crate) const ATTR_ATTRIBUTE_LIST: u32 = 0x20;
pub(crate) const ATTR_FILE_NAME: u32 = 0x30;
pub(crate) const ATTR_SECURITY_DESCRIPTOR: u32 = 0x50;
pub(crate) const ATTR_VOLUME_NAME: u32 = 0x60;
pub(crate) const ATTR_DATA: u32 = 0x80;
pub(crate) const ATTR_INDEX_ROOT: u32 = 0x90;
pub(crate) const ATTR_INDEX_ALLOCATION: u32 = 0xA0;
pub(crate) const ATTR_BITMAP: u32 = 0xB0;
pub(crate) const ATTR_REPARSE_POINT: u32 = 0xC0;

/// Apply the update sequence array of a multi-sector record ("FILE" or "INDX") in place.
///
/// Each 512-byte stride ends in the update sequence number; the real bytes are in the array.
pub(crate) fn apply_fixup(buf: &mut [u8], offset: u64, what: &'static str) -> Result<()> {
    let out_of_range = || Error::corrupt(what, offset, "update sequence array out of range");
    let usa_off = usize::from(u16_at(buf, 4).ok_or_else(out_of_range)?);
    let usa_count = usize::from(u16_at(buf, 6).ok_or_else(out_of_range)?);
    // The array (the sequence number, then one saved pair per stride) and every stride it
    // covers lie in the buffer (u16 values: the products cannot wrap).
    let usa = usa_count
        .checked_mul(2)
        .and_then(|n| buf.get(usa_off..usa_off.checked_add(n)?))
        .map(<[u8]>::to_vec)
        .ok_or_else(out_of_range)?;
    let strides = usa_count.checked_sub(1).ok_or_else(out_of_range)?;
    if strides.saturating_mul(512) > buf.len() {
        return Err(out_of_range());
    }
    let (Some(&u0), Some(&u1)) = (usa.first(), usa.get(1)) else {
        return Err(out_of_range());
    };
    for (i, saved) in usa.chunks_exact(2).enumerate().skip(1) {
        let end = i.saturating_mul(512);
        let tail = end
            .checked_sub(2)
            .and_then(|s| buf.get_mut(s..end))
            .ok_or_else(out_of_range)?;
        if tail != [u0, u1] {
            return Err(Error::corrupt(
                what,
                offset.saturating_add(end.saturating_sub(2) as u64),
                "update sequence mismatch (torn write)",
            ));
        }
        tail.copy_from_slice(saved);
    }
    Ok(())
}

/// The value of an attribute: inline bytes, or where to find them.
#[derive(Debug, Clone)]
pub(crate) enum AttrValue {
    Resident(Vec<u8>),
    NonResident(NonResident),
}

/// The header of a non-resident attribute extent, with its decoded runs.
#[derive(Debug, Clone)]
pub(crate) struct NonResident {
    pub start_vcn: u64,
    pub runs: Vec<Run>,
    pub data_size: u64,
    pub initialized_size: u64,
    pub compression_unit: u8,
}

/// One attribute of an MFT record.
#[derive(Debug, Clone)]
pub(crate) struct Attribute {
    pub type_code: u32,
    pub name: String,
    pub flags: u16,
    pub value: AttrValue,
}

impl Attribute {
    pub(crate) fn resident(&self) -> Option<&[u8]> {
        match &self.value {
            AttrValue::Resident(v) => Some(v),
            AttrValue::NonResident(_) => None,
        }
    }
}

/// A parsed MFT record (base or extension).
#[derive(Debug, Clone)]
pub(crate) struct MftRecord {
    pub sequence: u16,
    pub flags: u16,
    /// Base record reference (0 for a base record).
    pub base_ref: u64,
    pub attributes: Vec<Attribute>,
}

impl MftRecord {
    pub(crate) fn in_use(&self) -> bool {
        self.flags & 1 != 0
    }
    pub(crate) fn is_dir(&self) -> bool {
        self.flags & 2 != 0
    }
}

/// Parse a fixed-up MFT record found at volume byte `offset`.
pub(crate) fn parse_record(buf: &mut [u8], offset: u64) -> Result<MftRecord> {
    if buf.get(0..4) != Some(b"FILE") {
        return Err(Error::corrupt("MFT record", offset, "no FILE signature"));
    }
    apply_fixup(buf, offset, "MFT record")?;
    let sequence = u16_at(buf, 0x10).unwrap_or(0);
    let flags = u16_at(buf, 0x16).unwrap_or(0);
    let used = (u32_at(buf, 0x18).unwrap_or(0) as usize).min(buf.len());
    let base_ref = u64_at(buf, 0x20).unwrap_or(0);
    let mut pos = usize::from(u16_at(buf, 0x14).unwrap_or(0));
    let mut attributes = Vec::new();
    while pos.saturating_add(8) <= used {
        let type_code = u32_at(buf, pos).unwrap_or(0xFFFF_FFFF);
        if type_code == 0xFFFF_FFFF {
            break;
        }
        let len = u32_at(buf, pos.saturating_add(4)).unwrap_or(0) as usize;
        let at = offset.saturating_add(pos as u64);
        // Each attribute is at least 0x18 bytes: the walk ends within the record.
        let a = pos
            .checked_add(len)
            .filter(|&end| len >= 0x18 && end <= used)
            .and_then(|end| buf.get(pos..end))
            .ok_or_else(|| Error::corrupt("attribute", at, format!("length {len} out of range")))?;
        attributes.push(parse_attribute(a, type_code, at)?);
        pos = pos.saturating_add(len);
    }
    Ok(MftRecord {
        sequence,
        flags,
        base_ref,
        attributes,
    })
}

fn parse_attribute(a: &[u8], type_code: u32, at: u64) -> Result<Attribute> {
    let corrupt = |r: &str| Error::corrupt("attribute", at, r.to_string());
    let non_resident = u8_at(a, 8).unwrap_or(0) != 0;
    let name_len = usize::from(u8_at(a, 9).unwrap_or(0));
    let name_off = usize::from(u16_at(a, 0x0A).unwrap_or(0));
    let flags = u16_at(a, 0x0C).unwrap_or(0);
    let name = if name_len == 0 {
        String::new()
    } else {
        utf16le(
            a.get(name_off..name_off.saturating_add(name_len.saturating_mul(2)))
                .ok_or_else(|| corrupt("name out of range"))?,
        )
    };
    let value = if !non_resident {
        let vlen = u32_at(a, 0x10).unwrap_or(0) as usize;
        let voff = usize::from(u16_at(a, 0x14).unwrap_or(0));
        let v = a
            .get(voff..voff.saturating_add(vlen))
            .ok_or_else(|| corrupt("resident value out of range"))?;
        AttrValue::Resident(v.to_vec())
    } else {
        if a.len() < 0x40 {
            return Err(corrupt("non-resident header truncated"));
        }
        let start_vcn = u64_at(a, 0x10).unwrap_or(0);
        let runs_off = usize::from(u16_at(a, 0x20).unwrap_or(0));
        let runs = decode_runlist(
            a.get(runs_off..)
                .ok_or_else(|| corrupt("run list out of range"))?,
            start_vcn,
            at.saturating_add(runs_off as u64),
        )?;
        AttrValue::NonResident(NonResident {
            start_vcn,
            runs,
            compression_unit: u8_at(a, 0x22).unwrap_or(0),
            data_size: u64_at(a, 0x30).unwrap_or(0),
            initialized_size: u64_at(a, 0x38).unwrap_or(0),
        })
    };
    Ok(Attribute {
        type_code,
        name,
        flags,
        value,
    })
}

/// A `$FILE_NAME` attribute value (also the key of a directory index entry).
#[derive(Debug, Clone)]
pub(crate) struct FileName {
    pub parent_ref: u64,
    pub created: u64,
    pub modified: u64,
    pub changed: u64,
    pub accessed: u64,
    /// Real size of the data as the index copy of this name last saw it.
    pub size: u64,
    /// File attribute flags (`0x1000_0000`: a directory).
    pub flags: u32,
    pub namespace: u8,
    pub name: String,
}

pub(crate) fn parse_file_name(v: &[u8]) -> Option<FileName> {
    let len = usize::from(u8_at(v, 0x40)?);
    let name = utf16le(v.get(0x42..len.checked_mul(2)?.checked_add(0x42)?)?);
    Some(FileName {
        parent_ref: u64_at(v, 0)?,
        created: u64_at(v, 8)?,
        modified: u64_at(v, 0x10)?,
        changed: u64_at(v, 0x18)?,
        accessed: u64_at(v, 0x20)?,
        size: u64_at(v, 0x30)?,
        flags: u32_at(v, 0x38)?,
        namespace: u8_at(v, 0x41)?,
        name,
    })
}

/// Record number part of a file reference (low 48 bits).
pub(crate) fn ref_entry(r: u64) -> u64 {
    r & 0x0000_FFFF_FFFF_FFFF
}
/// Sequence number part of a file reference (high 16 bits).
pub(crate) fn ref_seq(r: u64) -> u16 {
    (r >> 48) as u16
}
