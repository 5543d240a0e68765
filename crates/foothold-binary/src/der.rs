//! A bounded DER (ASN.1) reader: enough of X.690 for PKCS #7 `SignedData` and X.509
//! certificates. Every length is checked against the bytes that hold it; indefinite lengths
//! (BER) are refused.
use crate::{Error, Result};

/// One DER element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tlv<'a> {
    /// The identifier octet (class, constructed bit, tag number; tags over 30 are refused).
    pub tag: u8,
    /// The content octets.
    pub content: &'a [u8],
    /// The whole element, identifier and length included.
    pub raw: &'a [u8],
    /// Offset of the element in the buffer the reader started on.
    pub offset: u64,
}

pub(crate) const SEQUENCE: u8 = 0x30;
pub(crate) const SET: u8 = 0x31;
pub(crate) const OID: u8 = 0x06;
pub(crate) const INTEGER: u8 = 0x02;
pub(crate) const OCTET_STRING: u8 = 0x04;
pub(crate) const BIT_STRING: u8 = 0x03;

/// A reader over consecutive elements.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Der<'a> {
    data: &'a [u8],
    /// Offset of `data` in the outermost buffer (for errors).
    base: u64,
}

fn bad(offset: u64, reason: &str) -> Error {
    Error::Signature {
        offset,
        reason: reason.into(),
    }
}

impl<'a> Der<'a> {
    pub fn new(data: &'a [u8], base: u64) -> Self {
        Der { data, base }
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// The next element.
    pub fn next(&mut self) -> Result<Tlv<'a>> {
        let d = self.data;
        let at = self.base;
        let tag = *d
            .first()
            .ok_or_else(|| bad(at, "element expected, end of data"))?;
        if tag & 0x1f == 0x1f {
            return Err(bad(at, "multi-byte tag"));
        }
        let first = *d.get(1).ok_or_else(|| bad(at, "length missing"))?;
        let (len, hdr) = if first < 0x80 {
            (usize::from(first), 2usize)
        } else {
            let n = usize::from(first & 0x7f);
            if n == 0 {
                return Err(bad(at, "indefinite length (BER, not DER)"));
            }
            if n > 4 {
                return Err(bad(at, "length of more than 4 bytes"));
            }
            // `n` is 1 to 4: the length fits in 32 bits.
            let bytes = d
                .get(2..n.saturating_add(2))
                .ok_or_else(|| bad(at, "length cut short"))?;
            let len = bytes
                .iter()
                .fold(0usize, |a, b| a.wrapping_shl(8) | usize::from(*b));
            (len, n.saturating_add(2))
        };
        let end = hdr
            .checked_add(len)
            .filter(|e| *e <= d.len())
            .ok_or_else(|| bad(at, "element longer than its container"))?;
        let (raw, rest) = d.split_at_checked(end).unwrap_or((d, &[]));
        let t = Tlv {
            tag,
            content: raw.get(hdr..).unwrap_or_default(),
            raw,
            offset: at,
        };
        self.data = rest;
        self.base = at.saturating_add(end as u64);
        Ok(t)
    }

    /// The next element, which must have tag `tag`.
    pub fn expect(&mut self, tag: u8, what: &str) -> Result<Tlv<'a>> {
        let t = self.next()?;
        if t.tag != tag {
            return Err(bad(
                t.offset,
                &format!("{what}: tag {:#04x}, expected {tag:#04x}", t.tag),
            ));
        }
        Ok(t)
    }

    /// The next element if it has tag `tag` (an optional field), else nothing is consumed.
    pub fn optional(&mut self, tag: u8) -> Result<Option<Tlv<'a>>> {
        if self.data.first() == Some(&tag) {
            return self.next().map(Some);
        }
        Ok(None)
    }
}

impl<'a> Tlv<'a> {
    /// A reader over this element's content (for constructed elements).
    pub fn inner(&self) -> Der<'a> {
        let hdr = self.raw.len().saturating_sub(self.content.len()) as u64;
        Der::new(self.content, self.offset.saturating_add(hdr))
    }
}

/// Dotted form of an OID's content octets (`1.2.840.113549.1.7.2`).
pub(crate) fn oid_string(content: &[u8]) -> String {
    let mut parts: Vec<u64> = Vec::new();
    let mut v: u64 = 0;
    for (i, b) in content.iter().enumerate() {
        // An arc of more than 64 bits wraps (no real OID has one; its text is then wrong,
        // never a panic).
        v = v.wrapping_shl(7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            if parts.is_empty() && i < 9 {
                let (a, b) = if v < 40 {
                    (0, v)
                } else if v < 80 {
                    (1, v.saturating_sub(40))
                } else {
                    (2, v.saturating_sub(80))
                };
                parts.push(a);
                parts.push(b);
            } else {
                parts.push(v);
            }
            v = 0;
        }
        if v > u64::MAX >> 8 {
            break; // an arc too large to hold: stop rather than overflow
        }
    }
    parts
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_and_oids() {
        let mut d = Der::new(&[0x30, 0x03, 0x06, 0x01, 0x2a, 0x04], 0);
        let s = d.next().expect("sequence");
        let oid = s.inner().expect(OID, "oid").expect("oid");
        assert_eq!(oid_string(oid.content), "1.2");
        assert!(d.next().is_err(), "a tag without a length");
        assert!(Der::new(&[0x30, 0x80, 0, 0], 0).next().is_err(), "BER");
        assert!(Der::new(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff], 0)
            .next()
            .is_err());
        assert_eq!(
            oid_string(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]),
            "1.2.840.113549.1.7.2"
        );
    }
}
