//! Catalog files (`.cat`, `Windows\System32\CatRoot\{…}\*.cat`): a PKCS #7 `SignedData`
//! whose content is a certificate trust list (`szOID_CTL`, 1.3.6.1.4.1.311.10.1) naming files
//! by digest. Most of Windows' own programs carry no signature of their own: a catalog signed
//! by Microsoft lists their Authenticode digest, and Windows trusts them through it.
//!
//! The list (`CertificateTrustList`): subject usage, list identifier, update time, subject
//! algorithm, then the trusted subjects — each a tag (for a file, its digest as UTF-16 hex
//! text) and attributes: `SpcIndirectDataContent` (1.3.6.1.4.1.311.2.1.4, the digest
//! algorithm and digest) and name–value pairs (1.3.6.1.4.1.311.12.2.1, `File` the member's
//! name). The signer signs the list's content octets, as Authenticode signs its
//! `SpcIndirectDataContent`'s.
use crate::authenticode::{digest_name, indirect_digest, parse_signed, Signature};
use crate::der::{oid_string, Tlv, OCTET_STRING, OID, SEQUENCE, SET};
use crate::hash::hex;
use crate::{Error, Result};
use serde::Serialize;

const OID_CTL: &str = "1.3.6.1.4.1.311.10.1";
const OID_INDIRECT_DATA: &str = "1.3.6.1.4.1.311.2.1.4";
const OID_NAME_VALUE: &str = "1.3.6.1.4.1.311.12.2.1";

/// One file a catalog lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct CatalogMember {
    /// The member's tag (its subject identifier): for a file, its digest as hex text.
    pub tag: String,
    /// The name the catalog gives the file (its `File` attribute), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The digest algorithm (`sha1`, `sha256`, or the OID).
    pub digest_algorithm: String,
    /// The digest the catalog lists, hex: a PE file's Authenticode digest
    /// ([`crate::authenticode_digest`]), another file's digest of its bytes.
    pub digest: String,
}

/// A file's catalog signature: the catalog that lists it, the member, and the catalog's own
/// signature judged as an Authenticode signature is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct CatalogSignature {
    /// Where the catalog is (a path on the volume, set by the caller).
    pub catalog: String,
    /// The member that lists the file.
    pub member: CatalogMember,
    /// The catalog's signature: `digest_algorithm`, `signed_digest` and `computed_digest`
    /// are the member's (the file's digest, computed by the caller, equals the one listed);
    /// `content_digest_matches` says whether the signer's `messageDigest` is the list's;
    /// signer, `signature_verified`, `chain` and `trusted` as for an embedded signature.
    pub signature: Signature,
}

fn bad(offset: u64, reason: impl Into<String>) -> Error {
    Error::Catalog {
        offset,
        reason: reason.into(),
    }
}

/// The signature of a catalog and its certificate trust list.
fn read(data: &[u8]) -> Result<(crate::authenticode::Signed<'_>, Tlv<'_>)> {
    let signed = parse_signed(data, 0).map_err(to_catalog)?;
    if signed.content_type != OID_CTL {
        return Err(bad(
            0,
            format!(
                "content type {}, not a certificate trust list",
                signed.content_type
            ),
        ));
    }
    let ctl = signed.content;
    if ctl.tag != SEQUENCE {
        return Err(bad(ctl.offset, "certificate trust list: not a SEQUENCE"));
    }
    Ok((signed, ctl))
}

/// Every member of a catalog file, in list order, without judging its signature (a scan
/// looks files up in many catalogs and judges only the ones that list them).
///
/// ```
/// assert!(foothold_binary::catalog_members(b"\x30\x03\x06\x01\x2a").is_err());
/// ```
pub fn catalog_members(data: &[u8]) -> Result<Vec<CatalogMember>> {
    let mut out = Vec::new();
    each_catalog_member(data, |m| out.push(m))?;
    Ok(out)
}

/// [`catalog_members`] handed to `each` one at a time, none kept: a lookup keeps only the
/// members it wants (a hostile catalog of 128 MiB can list millions of tiny members).
///
/// ```
/// let mut n = 0;
/// assert!(foothold_binary::each_catalog_member(b"", |_| n += 1).is_err());
/// assert_eq!(n, 0);
/// ```
pub fn each_catalog_member(data: &[u8], mut each: impl FnMut(CatalogMember)) -> Result<()> {
    let (_, ctl) = read(data)?;
    // subjectUsage, [listIdentifier], [sequenceNumber], thisUpdate, [nextUpdate],
    // subjectAlgorithm, [trustedSubjects], [0] extensions: the trusted subjects are the third
    // SEQUENCE.
    let mut fields = ctl.inner();
    let mut sequences = 0usize;
    while !fields.is_empty() {
        let f = fields.next().map_err(to_catalog)?;
        if f.tag != SEQUENCE {
            continue;
        }
        sequences = sequences.saturating_add(1);
        if sequences == 3 {
            let mut subjects = f.inner();
            while !subjects.is_empty() {
                let s = subjects.next().map_err(to_catalog)?;
                each(member(&s)?);
            }
            return Ok(());
        }
    }
    Ok(())
}

/// A DER error met in a catalog, said as the catalog's.
fn to_catalog(e: Error) -> Error {
    match e {
        Error::Signature { offset, reason } => bad(offset, reason),
        other => other,
    }
}

/// One `TrustedSubject`: its tag and the attributes foothold reads.
fn member(s: &Tlv<'_>) -> Result<CatalogMember> {
    if s.tag != SEQUENCE {
        return Err(bad(s.offset, "trusted subject: not a SEQUENCE"));
    }
    let mut f = s.inner();
    let tag = f
        .expect(OCTET_STRING, "subject identifier")
        .map_err(to_catalog)?;
    let mut m = CatalogMember {
        tag: utf16_text(tag.content).unwrap_or_else(|| hex(tag.content)),
        file: None,
        digest_algorithm: String::new(),
        digest: String::new(),
    };
    if let Some(attrs) = f.optional(SET).map_err(to_catalog)? {
        let mut a = attrs.inner();
        while !a.is_empty() {
            let attr = a.expect(SEQUENCE, "attribute").map_err(to_catalog)?;
            let mut attr = attr.inner();
            let ty = attr.expect(OID, "attribute type").map_err(to_catalog)?;
            let values = attr.expect(SET, "attribute values").map_err(to_catalog)?;
            let v = values.inner().next().map_err(to_catalog)?;
            match oid_string(ty.content).as_str() {
                OID_INDIRECT_DATA if v.tag == SEQUENCE => {
                    let (alg, digest) = indirect_digest(&v).map_err(to_catalog)?;
                    m.digest_algorithm = digest_name(&alg);
                    m.digest = hex(digest);
                }
                OID_NAME_VALUE if v.tag == SEQUENCE => {
                    let mut nv = v.inner();
                    let (Ok(name), Ok(_flags), Ok(value)) = (nv.next(), nv.next(), nv.next())
                    else {
                        continue;
                    };
                    let name: Vec<u16> = name
                        .content
                        .chunks_exact(2)
                        .filter_map(|c| foothold_core::be_u16_at(c, 0))
                        .collect();
                    if String::from_utf16_lossy(&name) == "File" {
                        m.file = utf16_text(value.content);
                    }
                }
                _ => {}
            }
        }
    }
    // A member without indirect data: its tag, when it is a digest's hex text.
    if m.digest.is_empty() && m.tag.bytes().all(|b| b.is_ascii_hexdigit()) {
        m.digest_algorithm = match m.tag.len() {
            40 => "sha1".into(),
            64 => "sha256".into(),
            _ => String::new(),
        };
        if !m.digest_algorithm.is_empty() {
            m.digest = m.tag.to_ascii_lowercase();
        }
    }
    Ok(m)
}

/// UTF-16LE text up to its terminating NUL; `None` when it is not text.
fn utf16_text(b: &[u8]) -> Option<String> {
    let units: Vec<u16> = b
        .chunks_exact(2)
        .filter_map(|c| foothold_core::u16_at(c, 0))
        .take_while(|u| *u != 0)
        .collect();
    let s = String::from_utf16(&units).ok()?;
    (!s.is_empty() && !s.chars().any(char::is_control)).then_some(s)
}

/// A catalog's signature judged for one of its members (found by the caller, who computed
/// the file's digest and found it listed): the signer's `messageDigest` against the list,
/// its signature and the carried chain. `trusted` is left for the caller
/// ([`Signature::trusted_by_store`]).
pub fn catalog_signature(
    data: &[u8],
    catalog: &str,
    member: &CatalogMember,
) -> Result<CatalogSignature> {
    catalog_signatures(data, catalog, std::slice::from_ref(member))?
        .pop()
        .ok_or_else(|| bad(0, "no member to judge the signature for"))
}

/// [`catalog_signature`] for several members of one catalog: the catalog is read and its
/// signature verified once, whatever the number of members (a catalog of Windows lists
/// hundreds of the files one scan looks up).
pub fn catalog_signatures(
    data: &[u8],
    catalog: &str,
    members: &[CatalogMember],
) -> Result<Vec<CatalogSignature>> {
    let (signed, ctl) = read(data)?;
    let mut judged = Signature::default();
    signed.judge(ctl.content, &mut judged);
    Ok(members
        .iter()
        .map(|m| CatalogSignature {
            catalog: catalog.to_string(),
            member: m.clone(),
            signature: Signature {
                digest_algorithm: m.digest_algorithm.clone(),
                signed_digest: m.digest.clone(),
                computed_digest: m.digest.clone(),
                digest_matches: true,
                ..judged.clone()
            },
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn der(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        let n = content.len();
        if n < 0x80 {
            out.push(u8::try_from(n).unwrap_or(0));
        } else {
            out.extend([0x84]);
            out.extend(u32::try_from(n).unwrap_or(0).to_be_bytes());
        }
        out.extend_from_slice(content);
        out
    }

    /// A signed-data wrapper (one signer naming no carried certificate) around a list of
    /// `n` members of six bytes each.
    fn catalog_of(n: usize) -> Vec<u8> {
        let oid = |b: &[u8]| der(OID, b);
        let ctl_oid = oid(&[0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x0a, 0x01]);
        let member = der(SEQUENCE, &der(OCTET_STRING, &[0x41, 0x00]));
        let subjects = der(SEQUENCE, &member.repeat(n));
        let ctl = der(
            SEQUENCE,
            &[
                der(SEQUENCE, &[]),
                der(0x17, b"261207120000Z"),
                der(SEQUENCE, &[]),
                subjects,
            ]
            .concat(),
        );
        let signer = der(
            SEQUENCE,
            &[
                der(0x02, &[1]),
                der(SEQUENCE, &[der(SEQUENCE, &[]), der(0x02, &[1])].concat()),
                der(
                    SEQUENCE,
                    &oid(&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01]),
                ),
                der(SEQUENCE, &[]),
                der(OCTET_STRING, &[0; 8]),
            ]
            .concat(),
        );
        let sd = der(
            SEQUENCE,
            &[
                der(0x02, &[1]),
                der(SET, &[]),
                der(SEQUENCE, &[ctl_oid, der(0xa0, &ctl)].concat()),
                der(SET, &signer),
            ]
            .concat(),
        );
        der(
            SEQUENCE,
            &[
                oid(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]),
                der(0xa0, &sd),
            ]
            .concat(),
        )
    }

    #[test]
    fn a_million_tiny_members_are_visited_not_kept() {
        let cat = catalog_of(1_000_000);
        let mut n = 0usize;
        each_catalog_member(&cat, |m| {
            assert_eq!((m.tag.as_str(), m.digest.as_str()), ("A", ""));
            n = n.saturating_add(1);
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(n, 1_000_000);
        // Its signature: the signer's certificate is not carried, so nothing is verified.
        let one = catalog_of(1);
        let m = catalog_members(&one).unwrap_or_default();
        let s = m
            .first()
            .and_then(|m| catalog_signature(&one, "x.cat", m).ok())
            .map(|c| c.signature);
        assert!(s.is_some_and(|s| s.signature_verified.is_none() && s.chain.is_empty()));
    }
}
