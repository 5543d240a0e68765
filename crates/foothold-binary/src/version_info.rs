//! `VS_VERSIONINFO` (the `RT_VERSION` resource): the fixed file and product versions and the
//! `StringFileInfo` strings (`CompanyName`, `FileDescription`, `OriginalFilename`,
//! `ProductVersion`, …).
use crate::{Error, Result};
use serde::Serialize;
use std::collections::BTreeMap;

/// What a version resource says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct VersionInfo {
    /// `VS_FIXEDFILEINFO` file version (`10.0.19041.1`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_version: Option<String>,
    /// `VS_FIXEDFILEINFO` product version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_version: Option<String>,
    /// The strings of the first string table, by name.
    pub strings: BTreeMap<String, String>,
    /// The string table's language and code page (`040904b0`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

fn bad(offset: u64, reason: &str) -> Error {
    Error::VersionInfo {
        offset,
        reason: reason.into(),
    }
}

struct Block<'a> {
    key: String,
    value: &'a [u8],
    text: bool,
    children: &'a [u8],
    /// Offset of the children in the resource.
    children_at: usize,
}

use foothold_core::{u16_at, u32_at};

fn align4(n: usize) -> usize {
    n.saturating_add(3) & !3
}

/// One block at `at` of `res` (the whole resource: alignment is relative to its start).
fn block(res: &[u8], at: usize, base: u64) -> Result<(Block<'_>, usize)> {
    let off = base.saturating_add(at as u64);
    let cut = || bad(off, "block header cut short");
    let header = res.get(at..).ok_or_else(cut)?;
    let len = usize::from(u16_at(header, 0).ok_or_else(cut)?);
    let value_len = usize::from(u16_at(header, 2).ok_or_else(cut)?);
    let kind = u16_at(header, 4).ok_or_else(cut)?;
    if len < 6 || len > header.len() {
        return Err(bad(off, "block length past its parent"));
    }
    // Inside `res`: `at + len ≤ res.len()` above.
    let end = at.saturating_add(len);
    let mut p = at.saturating_add(6);
    let mut key = Vec::new();
    while let Some(c) = u16_at(res, p).filter(|_| p.saturating_add(2) <= end) {
        p = p.saturating_add(2);
        if c == 0 {
            break;
        }
        key.push(c);
    }
    p = align4(p);
    let text = kind == 1;
    let value_bytes = if text {
        value_len.saturating_mul(2)
    } else {
        value_len
    };
    let value_end = p.saturating_add(value_bytes).min(end);
    let value = res.get(p.min(end)..value_end).unwrap_or(&[]);
    let children_at = align4(value_end).min(end);
    Ok((
        Block {
            key: String::from_utf16_lossy(&key),
            value,
            text,
            children: res.get(children_at..end).unwrap_or_default(),
            children_at,
        },
        align4(end),
    ))
}

/// The blocks that are children of one block.
fn children<'a>(res: &'a [u8], b: &Block<'a>, base: u64) -> Vec<Block<'a>> {
    let mut out = Vec::new();
    let mut at = b.children_at;
    let end = b.children_at.saturating_add(b.children.len());
    while at.saturating_add(6) <= end && out.len() < 4096 {
        match block(res, at, base) {
            Ok((c, next)) if next > at => {
                out.push(c);
                at = next;
            }
            _ => break,
        }
    }
    out
}

fn utf16z(b: &[u8]) -> String {
    let u: Vec<u16> = b
        .chunks_exact(2)
        .filter_map(|c| u16_at(c, 0))
        .take_while(|c| *c != 0)
        .collect();
    String::from_utf16_lossy(&u)
}

fn version(ms: u32, ls: u32) -> String {
    format!("{}.{}.{}.{}", ms >> 16, ms & 0xffff, ls >> 16, ls & 0xffff)
}

/// Parse a `VS_VERSIONINFO` resource (`base`: its file offset, for errors).
///
/// ```
/// // The smallest valid resource: the root block and no value.
/// let mut r = vec![0u8; 40];
/// r[0] = 40;
/// let key: Vec<u8> = "VS_VERSION_INFO".encode_utf16().flat_map(|c| c.to_le_bytes()).collect();
/// r[6..6 + key.len()].copy_from_slice(&key);
/// let v = foothold_binary::parse_version_info(&r, 0).unwrap();
/// assert!(v.strings.is_empty() && v.file_version.is_none());
/// ```
pub fn parse_version_info(res: &[u8], base: u64) -> Result<VersionInfo> {
    let (root, _) = block(res, 0, base)?;
    if root.key != "VS_VERSION_INFO" {
        return Err(bad(base, "not a VS_VERSION_INFO block"));
    }
    let mut out = VersionInfo::default();
    let f = root.value;
    let word = |i: usize| u32_at(f, i);
    if word(0) == Some(0xfeef_04bd) {
        if let (Some(a), Some(b), Some(c), Some(d)) = (word(8), word(12), word(16), word(20)) {
            out.file_version = Some(version(a, b));
            out.product_version = Some(version(c, d));
        }
    }
    for c in children(res, &root, base) {
        if c.key != "StringFileInfo" {
            continue;
        }
        if let Some(table) = children(res, &c, base).into_iter().next() {
            out.language = Some(table.key.to_ascii_lowercase());
            for s in children(res, &table, base) {
                let v = if s.text {
                    utf16z(s.value)
                } else {
                    String::from_utf8_lossy(s.value).into_owned()
                };
                out.strings.insert(s.key, v);
            }
        }
        break;
    }
    Ok(out)
}
