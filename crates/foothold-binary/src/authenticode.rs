//! Authenticode: the PKCS #7 `SignedData` in a PE file's certificate table (the
//! `IMAGE_DIRECTORY_ENTRY_SECURITY` directory), and the file's own digest computed the way
//! the signer computed it, so that "the signed digest matches the file" is checked, not
//! assumed.
//!
//! The digest covers the file in order, leaving out the optional header's `CheckSum`, the
//! certificate-table directory entry and the certificate table itself (the Authenticode
//! specification's "hash the headers, then the sections, then the extra data", which is this
//! order for every file whose sections lie in file order; `osslsigncode` computes it so).
//! Whether the certificates chain to a trusted root, and whether the RSA/ECDSA signature
//! over the signed attributes verifies, are not checked here.
use crate::der::{oid_string, Der, Tlv, INTEGER, OCTET_STRING, OID, SEQUENCE, SET};
use crate::hash::hex;
use crate::{Error, Result};
use foothold_core::Timestamp;
use serde::Serialize;
use sha2::Digest;

/// What an Authenticode signature says, and whether it fits the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Signature {
    /// Digest algorithm of the signed file digest (`sha1`, `sha256`, …, or the OID).
    pub digest_algorithm: String,
    /// The file digest the signature carries (`SpcIndirectDataContent`), hex.
    pub signed_digest: String,
    /// The file digest computed from the file, hex (empty for an unknown algorithm).
    pub computed_digest: String,
    /// Whether they are equal: `false` means the file was changed after it was signed.
    pub digest_matches: bool,
    /// Whether the signed attributes' `messageDigest` is the digest of the signed content (the
    /// file digest is what the signer signed); `None` when there are no signed attributes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_digest_matches: Option<bool>,
    /// The signer certificate's subject, OpenSSL style (`/C=US/O=Google LLC/CN=Google LLC`).
    pub signer_subject: Option<String>,
    /// The signer certificate's issuer.
    pub signer_issuer: Option<String>,
    /// The signer certificate's serial number, hex.
    pub signer_serial: Option<String>,
    /// The signer certificate's validity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signer_not_before: Option<Timestamp>,
    /// End of the signer certificate's validity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signer_not_after: Option<Timestamp>,
    /// The signed `signingTime` attribute, when the signer wrote one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signing_time: Option<Timestamp>,
    /// Certificates carried in the signature.
    pub certificates: usize,
    /// Bytes after the certificate table (not covered by the digest: data appended to a
    /// signed file).
    #[serde(skip_serializing_if = "is_zero")]
    pub bytes_after_signature: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// Where the digest's holes are in a PE file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Layout {
    pub checksum: usize,
    pub security_entry: usize,
    pub table_offset: usize,
    pub table_size: usize,
}

const OID_SIGNED_DATA: &str = "1.2.840.113549.1.7.2";
const OID_MESSAGE_DIGEST: &str = "1.2.840.113549.1.9.4";
const OID_SIGNING_TIME: &str = "1.2.840.113549.1.9.5";

fn bad(offset: u64, reason: impl Into<String>) -> Error {
    Error::Signature {
        offset,
        reason: reason.into(),
    }
}

/// A digest by algorithm OID.
enum Algo {
    Md5(md5::Md5),
    Sha1(sha1::Sha1),
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
    Sha512(sha2::Sha512),
}

impl Algo {
    fn of(oid: &str) -> Option<(Algo, &'static str)> {
        Some(match oid {
            "1.2.840.113549.2.5" => (Algo::Md5(Default::default()), "md5"),
            "1.3.14.3.2.26" => (Algo::Sha1(Default::default()), "sha1"),
            "2.16.840.1.101.3.4.2.1" => (Algo::Sha256(Default::default()), "sha256"),
            "2.16.840.1.101.3.4.2.2" => (Algo::Sha384(Default::default()), "sha384"),
            "2.16.840.1.101.3.4.2.3" => (Algo::Sha512(Default::default()), "sha512"),
            _ => return None,
        })
    }
    fn update(&mut self, b: &[u8]) {
        match self {
            Algo::Md5(h) => h.update(b),
            Algo::Sha1(h) => h.update(b),
            Algo::Sha256(h) => h.update(b),
            Algo::Sha384(h) => h.update(b),
            Algo::Sha512(h) => h.update(b),
        }
    }
    fn finish(self) -> Vec<u8> {
        match self {
            Algo::Md5(h) => h.finalize().to_vec(),
            Algo::Sha1(h) => h.finalize().to_vec(),
            Algo::Sha256(h) => h.finalize().to_vec(),
            Algo::Sha384(h) => h.finalize().to_vec(),
            Algo::Sha512(h) => h.finalize().to_vec(),
        }
    }
}

/// The Authenticode file digest of `data` with algorithm `oid`.
fn file_digest(data: &[u8], l: &Layout, oid: &str) -> Option<Vec<u8>> {
    let (mut h, _) = Algo::of(oid)?;
    let end = l.table_offset.min(data.len());
    let cut = |a: usize, b: usize| data.get(a.min(b)..b.min(end)).unwrap_or(&[]);
    h.update(cut(0, l.checksum));
    h.update(cut(l.checksum.saturating_add(4), l.security_entry));
    h.update(cut(l.security_entry.saturating_add(8), end));
    Some(h.finish())
}

/// The first PKCS #7 `SignedData` of the certificate table, read and checked against the
/// file. `None` when the table holds no PKCS #7 certificate.
pub(crate) fn signature(data: &[u8], l: &Layout) -> Result<Option<Signature>> {
    let table = data
        .get(l.table_offset..l.table_offset.saturating_add(l.table_size))
        .ok_or_else(|| {
            bad(
                l.table_offset as u64,
                format!(
                    "certificate table of {} bytes past the end of the file",
                    l.table_size
                ),
            )
        })?;
    // WIN_CERTIFICATE entries: dwLength, wRevision, wCertificateType, bCertificate, each
    // 8-byte aligned.
    let mut at = 0usize;
    while let Some(entry) = table.get(at..).filter(|e| e.len() >= 8) {
        let len = usize::try_from(foothold_core::u32_at(entry, 0).unwrap_or(0)).unwrap_or(0);
        let kind = foothold_core::u16_at(entry, 6).unwrap_or(0);
        // Where this entry sits in the file (the table is inside the file).
        let file_at = l.table_offset.saturating_add(at);
        if len < 8 || len > entry.len() {
            return Err(bad(
                file_at as u64,
                format!(
                    "WIN_CERTIFICATE of {len} bytes in a table of {}",
                    table.len()
                ),
            ));
        }
        if kind == 2 {
            let body = entry.get(8..len).unwrap_or_default();
            let mut s = signed_data(body, file_at.saturating_add(8) as u64, data, l)?;
            s.bytes_after_signature = (data.len() as u64)
                .saturating_sub(l.table_offset.saturating_add(l.table_size) as u64);
            return Ok(Some(s));
        }
        // Entries are 8-byte aligned.
        at = at.saturating_add(len.saturating_add(7) & !7);
    }
    Ok(None)
}

fn oid_of(t: &Tlv<'_>) -> Result<String> {
    if t.tag != OID {
        return Err(bad(t.offset, "object identifier expected"));
    }
    Ok(oid_string(t.content))
}

fn signed_data(body: &[u8], base: u64, file: &[u8], l: &Layout) -> Result<Signature> {
    let ci = Der::new(body, base).expect(SEQUENCE, "ContentInfo")?;
    let mut ci = ci.inner();
    let ty = oid_of(&ci.next()?)?;
    if ty != OID_SIGNED_DATA {
        return Err(bad(base, format!("content type {ty}, not signedData")));
    }
    let explicit = ci.expect(0xa0, "[0] content")?;
    let sd = explicit.inner().expect(SEQUENCE, "SignedData")?;
    let mut sd = sd.inner();
    sd.expect(INTEGER, "SignedData version")?;
    sd.expect(SET, "digestAlgorithms")?;
    let encap = sd.expect(SEQUENCE, "contentInfo")?;
    let mut encap = encap.inner();
    encap.next()?; // SPC_INDIRECT_DATA_OBJID
    let spc = encap
        .expect(0xa0, "[0] SpcIndirectDataContent")?
        .inner()
        .expect(SEQUENCE, "SpcIndirectDataContent")?;
    let mut spc_in = spc.inner();
    spc_in.expect(SEQUENCE, "SpcAttributeTypeAndOptionalValue")?;
    let digest_info = spc_in.expect(SEQUENCE, "DigestInfo")?;
    let mut di = digest_info.inner();
    let alg = di.expect(SEQUENCE, "digestAlgorithm")?;
    let alg_oid = oid_of(&alg.inner().next()?)?;
    let signed = di.expect(OCTET_STRING, "digest")?;
    let computed = file_digest(file, l, &alg_oid);
    let mut out = Signature {
        digest_algorithm: Algo::of(&alg_oid).map_or(alg_oid.clone(), |(_, n)| n.to_string()),
        signed_digest: hex(signed.content),
        computed_digest: computed.as_deref().map(hex).unwrap_or_default(),
        digest_matches: computed.as_deref() == Some(signed.content),
        ..Signature::default()
    };
    // Certificates ([0] IMPLICIT SET OF Certificate), then CRLs ([1]), then signerInfos.
    let mut certs: Vec<Certificate<'_>> = Vec::new();
    if let Some(set) = sd.optional(0xa0)? {
        let mut c = set.inner();
        while !c.is_empty() {
            let cert = c.next()?;
            if cert.tag == SEQUENCE {
                if let Ok(parsed) = certificate(&cert) {
                    certs.push(parsed);
                }
                out.certificates = out.certificates.saturating_add(1);
            }
        }
    }
    sd.optional(0xa1)?;
    let signers = sd.expect(SET, "signerInfos")?;
    let mut signers = signers.inner();
    let si = signers.expect(SEQUENCE, "SignerInfo")?;
    let mut si = si.inner();
    si.expect(INTEGER, "SignerInfo version")?;
    let ias = si.expect(SEQUENCE, "issuerAndSerialNumber")?;
    let mut ias = ias.inner();
    let issuer = ias.expect(SEQUENCE, "issuer")?;
    let serial = ias.expect(INTEGER, "serialNumber")?;
    let signer_alg = si.expect(SEQUENCE, "digestAlgorithm")?;
    let signer_alg = oid_of(&signer_alg.inner().next()?)?;
    if let Some(attrs) = si.optional(0xa0)? {
        let mut a = attrs.inner();
        while !a.is_empty() {
            let attr = a.expect(SEQUENCE, "Attribute")?;
            let mut attr = attr.inner();
            let ty = oid_of(&attr.next()?)?;
            let values = attr.expect(SET, "attribute values")?;
            let v = values.inner().next()?;
            match ty.as_str() {
                OID_MESSAGE_DIGEST if v.tag == OCTET_STRING => {
                    // The digest of the SpcIndirectDataContent's content octets.
                    out.content_digest_matches = Algo::of(&signer_alg).map(|(mut h, _)| {
                        h.update(spc.content);
                        h.finish() == v.content
                    });
                }
                OID_SIGNING_TIME => out.signing_time = asn1_time(&v),
                _ => {}
            }
        }
    }
    if let Some(c) = certs
        .iter()
        .find(|c| c.issuer_raw == issuer.raw && c.serial == serial.content)
    {
        out.signer_subject = Some(c.subject.clone());
        out.signer_issuer = Some(c.issuer.clone());
        out.not_before_after(c);
    }
    out.signer_serial = Some(hex(serial
        .content
        .strip_prefix(&[0])
        .unwrap_or(serial.content)));
    Ok(out)
}

impl Signature {
    fn not_before_after(&mut self, c: &Certificate<'_>) {
        self.signer_not_before = c.not_before;
        self.signer_not_after = c.not_after;
    }
}

struct Certificate<'a> {
    serial: &'a [u8],
    issuer_raw: &'a [u8],
    issuer: String,
    subject: String,
    not_before: Option<Timestamp>,
    not_after: Option<Timestamp>,
}

fn certificate<'a>(cert: &Tlv<'a>) -> Result<Certificate<'a>> {
    let tbs = cert.inner().expect(SEQUENCE, "tbsCertificate")?;
    let mut t = tbs.inner();
    t.optional(0xa0)?; // version
    let serial = t.expect(INTEGER, "serialNumber")?;
    t.expect(SEQUENCE, "signature")?;
    let issuer = t.expect(SEQUENCE, "issuer")?;
    let validity = t.expect(SEQUENCE, "validity")?;
    let subject = t.expect(SEQUENCE, "subject")?;
    let mut v = validity.inner();
    let not_before = v.next().ok().and_then(|x| asn1_time(&x));
    let not_after = v.next().ok().and_then(|x| asn1_time(&x));
    Ok(Certificate {
        serial: serial.content,
        issuer_raw: issuer.raw,
        issuer: name(&issuer),
        subject: name(&subject),
        not_before,
        not_after,
    })
}

/// OpenSSL's short names for the attribute types found in code-signing certificates.
fn attribute_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "2.5.4.3" => "CN",
        "2.5.4.4" => "SN",
        "2.5.4.5" => "serialNumber",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.9" => "street",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.12" => "title",
        "2.5.4.15" => "businessCategory",
        "2.5.4.17" => "postalCode",
        "2.5.4.42" => "GN",
        "2.5.4.97" => "organizationIdentifier",
        "1.2.840.113549.1.9.1" => "emailAddress",
        "0.9.2342.19200300.100.1.25" => "DC",
        "1.3.6.1.4.1.311.60.2.1.1" => "jurisdictionL",
        "1.3.6.1.4.1.311.60.2.1.2" => "jurisdictionST",
        "1.3.6.1.4.1.311.60.2.1.3" => "jurisdictionC",
        _ => return None,
    })
}

/// A directory string's text.
fn text(v: &Tlv<'_>) -> String {
    match v.tag {
        0x1e => {
            let u: Vec<u16> = v
                .content
                .chunks_exact(2)
                .filter_map(|c| foothold_core::be_u16_at(c, 0))
                .collect();
            String::from_utf16_lossy(&u)
        }
        0x1c => v
            .content
            .chunks_exact(4)
            .filter_map(|c| foothold_core::be_u32_at(c, 0))
            .map(|u| char::from_u32(u).unwrap_or('\u{fffd}'))
            .collect(),
        0x14 => v.content.iter().map(|b| char::from(*b)).collect(),
        _ => String::from_utf8_lossy(v.content).into_owned(),
    }
}

/// An X.501 name as OpenSSL's `X509_NAME_oneline` writes it: `/C=US/O=…/CN=…`.
fn name(n: &Tlv<'_>) -> String {
    let mut out = String::new();
    let mut rdns = n.inner();
    while let Ok(rdn) = rdns.next() {
        let mut set = rdn.inner();
        while let Ok(atv) = set.next() {
            let mut atv = atv.inner();
            let (Ok(ty), Ok(val)) = (atv.next(), atv.next()) else {
                continue;
            };
            let oid = oid_string(ty.content);
            out.push('/');
            out.push_str(attribute_name(&oid).unwrap_or(&oid));
            out.push('=');
            out.push_str(&text(&val));
        }
    }
    out
}

/// UTCTime (`YYMMDDHHMMSSZ`) or GeneralizedTime (`YYYYMMDDHHMMSSZ`).
fn asn1_time(v: &Tlv<'_>) -> Option<Timestamp> {
    let s = std::str::from_utf8(v.content).ok()?;
    let s = s.strip_suffix('Z')?;
    // The date and time must be digits before any slicing (a hostile time's bytes need not
    // be characters); a GeneralizedTime's fraction of a second is past them.
    let digits = if v.tag == 0x17 { 12 } else { 14 };
    if !s
        .as_bytes()
        .get(..digits)
        .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    {
        return None;
    }
    let full = match v.tag {
        0x17 if s.len() == 12 => {
            let yy: u32 = s.get(..2)?.parse().ok()?;
            format!("{}{s}", if yy < 50 { "20" } else { "19" })
        }
        0x18 if s.len() >= 14 => s.get(..14)?.to_string(),
        _ => return None,
    };
    Timestamp::parse_rfc3339(&format!(
        "{}-{}-{}T{}:{}:{}Z",
        full.get(..4)?,
        full.get(4..6)?,
        full.get(6..8)?,
        full.get(8..10)?,
        full.get(10..12)?,
        full.get(12..14)?
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(tag: u8, text: &str) -> Option<String> {
        let v = Tlv {
            tag,
            content: text.as_bytes(),
            raw: text.as_bytes(),
            offset: 0,
        };
        asn1_time(&v).map(|t| t.to_string())
    }

    #[test]
    fn times_and_hostile_times() {
        assert_eq!(
            time(0x17, "240102030405Z").as_deref(),
            Some("2024-01-02T03:04:05Z")
        );
        assert_eq!(
            time(0x18, "20240102030405.5Z").as_deref(),
            Some("2024-01-02T03:04:05Z")
        );
        // Twelve bytes whose second one is inside a character, and non-digits.
        assert_eq!(time(0x17, "1é0102030405Z"), None);
        assert_eq!(time(0x18, "2024é1020304050Z"), None);
        assert_eq!(time(0x17, "24010203040xZ"), None);
    }
}
