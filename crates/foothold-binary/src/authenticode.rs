//! Authenticode: the PKCS #7 `SignedData` in a PE file's certificate table (the
//! `IMAGE_DIRECTORY_ENTRY_SECURITY` directory), and the file's own digest computed the way
//! the signer computed it, so that "the signed digest matches the file" is checked, not
//! assumed.
//!
//! The digest covers the file in order, leaving out the optional header's `CheckSum`, the
//! certificate-table directory entry and the certificate table itself (the Authenticode
//! specification's "hash the headers, then the sections, then the extra data", which is this
//! order for every file whose sections lie in file order; `osslsigncode` computes it so).
//! The signer's signature over the signed attributes is verified (`signature_verified`),
//! and so is each link of the certificate chain the signature carries, from the signer's
//! certificate up to a self-signed root or to the first issuer it does not carry (`chain`);
//! [`Signature::trusted_by`] says whether that chain ends at one of a given set of roots (the
//! image's own store, or a root an examiner trusts). RSA PKCS #1 v1.5 (the `rsa` crate) and
//! ECDSA on P-256 and P-384 (the `p256`/`p384` crates) with MD5, SHA-1 and SHA-2 are
//! verified; other algorithms (RSA-PSS, other curves) are said to be not verified (`None`),
//! not guessed. The same `SignedData` reader serves catalog files ([`crate::catalog`]).
use crate::der::{oid_string, Der, Tlv, BIT_STRING, INTEGER, OCTET_STRING, OID, SEQUENCE, SET};
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
    /// Whether the signer's signature over the signed attributes verifies with its
    /// certificate's key: `false` means the signature was forged or damaged; `None` when the
    /// signer's certificate is not carried or its algorithm is not one foothold verifies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature_verified: Option<bool>,
    /// The certificate chain the signature carries, from the signer's certificate up: each
    /// certificate and whether its issuer's key verifies it (the last one's issuer may be a
    /// root the signature does not carry).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub chain: Vec<ChainLink>,
    /// Whether the chain ends at a root the machine trusts ([`Signature::trusted_by`] with
    /// the image's own `ROOT`, `AuthRoot` and enterprise root stores, set by the scan); absent
    /// when no store was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trusted: Option<bool>,
    /// The chain's certificates, for [`Signature::trusted_by`].
    #[serde(skip)]
    #[schemars(skip)]
    pub(crate) links: Vec<TopCert>,
}

/// One certificate of a signer's chain.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ChainLink {
    /// Its subject (OpenSSL style).
    pub subject: String,
    /// Its issuer.
    pub issuer: String,
    /// SHA-1 of the certificate, hex (Windows' thumbprint: the name of its key in a
    /// `SystemCertificates` store).
    pub sha1: String,
    /// Whether its issuer's key verifies its signature; `None` when the issuer is not carried
    /// (or its algorithm is not verified).
    pub verified: Option<bool>,
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

/// The digest algorithms [`Algo::of`] knows.
const DIGESTS: [&str; 5] = [
    "1.2.840.113549.2.5",
    "1.3.14.3.2.26",
    "2.16.840.1.101.3.4.2.1",
    "2.16.840.1.101.3.4.2.2",
    "2.16.840.1.101.3.4.2.3",
];

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
    file_digests(data, l, vec![Algo::of(oid)?.0]).pop()
}

/// The Authenticode file digests of `data` with each of `algos`, in one pass over the file.
fn file_digests(data: &[u8], l: &Layout, mut algos: Vec<Algo>) -> Vec<Vec<u8>> {
    let end = l.table_offset.min(data.len());
    let cut = |a: usize, b: usize| data.get(a.min(b)..b.min(end)).unwrap_or(&[]);
    for part in [
        cut(0, l.checksum),
        cut(l.checksum.saturating_add(4), l.security_entry),
        cut(l.security_entry.saturating_add(8), end),
    ] {
        // (A megabyte at a time, so that each algorithm reads it while it is in cache.)
        for piece in part.chunks(1 << 20) {
            algos.iter_mut().for_each(|h| h.update(piece));
        }
    }
    algos.into_iter().map(Algo::finish).collect()
}

/// The Authenticode file digests of `data` with the algorithms named `names` (`sha256`),
/// in one pass; `None` when a name is not an algorithm foothold computes.
pub(crate) fn digests_of(data: &[u8], l: &Layout, names: &[&str]) -> Option<Vec<Vec<u8>>> {
    let algos = names
        .iter()
        .map(|name| {
            DIGESTS
                .iter()
                .find_map(|o| Algo::of(o).filter(|(_, n)| n == name).map(|(h, _)| h))
        })
        .collect::<Option<Vec<Algo>>>()?;
    Some(file_digests(data, l, algos))
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

/// The parts of a PKCS #7 `SignedData` that every signed format shares (a PE's
/// Authenticode signature, a catalog).
pub(crate) struct Signed<'a> {
    /// The encapsulated content's type.
    pub content_type: String,
    /// The element inside the encapsulated content's `[0]`.
    pub content: Tlv<'a>,
    certs: Vec<Certificate<'a>>,
    /// Certificates carried (parsed or not).
    certificates: usize,
    signer: Signer<'a>,
}

/// The first `SignerInfo`.
struct Signer<'a> {
    issuer: Tlv<'a>,
    serial: Tlv<'a>,
    digest_oid: String,
    signed_attrs: Option<Tlv<'a>>,
    encrypted: Tlv<'a>,
}

/// A `ContentInfo` holding a `SignedData` with one signer, read.
pub(crate) fn parse_signed(body: &[u8], base: u64) -> Result<Signed<'_>> {
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
    let content_type = oid_of(&encap.next()?)?;
    let content = encap.expect(0xa0, "[0] content")?.inner().next()?;
    // Certificates ([0] IMPLICIT SET OF Certificate), then CRLs ([1]), then signerInfos.
    let mut certs: Vec<Certificate<'_>> = Vec::new();
    let mut certificates = 0usize;
    if let Some(set) = sd.optional(0xa0)? {
        let mut c = set.inner();
        while !c.is_empty() {
            let cert = c.next()?;
            if cert.tag == SEQUENCE {
                if let Ok(parsed) = certificate(&cert) {
                    certs.push(parsed);
                }
                certificates = certificates.saturating_add(1);
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
    let digest_oid = si.expect(SEQUENCE, "digestAlgorithm")?;
    let digest_oid = oid_of(&digest_oid.inner().next()?)?;
    let signed_attrs = si.optional(0xa0)?;
    if let Some(attrs) = &signed_attrs {
        // Checked whole before anything is judged.
        let mut a = attrs.inner();
        while !a.is_empty() {
            let attr = a.expect(SEQUENCE, "Attribute")?;
            let mut attr = attr.inner();
            oid_of(&attr.next()?)?;
            attr.expect(SET, "attribute values")?.inner().next()?;
        }
    }
    let _encryption = si.expect(SEQUENCE, "digestEncryptionAlgorithm")?;
    let encrypted = si.expect(OCTET_STRING, "encryptedDigest")?;
    Ok(Signed {
        content_type,
        content,
        certs,
        certificates,
        signer: Signer {
            issuer,
            serial,
            digest_oid,
            signed_attrs,
            encrypted,
        },
    })
}

impl Signed<'_> {
    /// What the signer says and whether it holds, into `out`: the signed attributes'
    /// `messageDigest` against `signed_content` (the content octets the signer digested),
    /// `signingTime`, the signer's certificate, its signature over the signed attributes (or
    /// over `signed_content` when there are none) and the carried chain.
    pub(crate) fn judge(&self, signed_content: &[u8], out: &mut Signature) {
        let s = &self.signer;
        out.certificates = self.certificates;
        if let Some(attrs) = &s.signed_attrs {
            let mut a = attrs.inner();
            while let Ok(attr) = a.next() {
                let mut attr = attr.inner();
                let (Ok(ty), Ok(values)) = (attr.next(), attr.next()) else {
                    continue;
                };
                let Ok(v) = values.inner().next() else {
                    continue;
                };
                match oid_string(ty.content).as_str() {
                    OID_MESSAGE_DIGEST if v.tag == OCTET_STRING => {
                        out.content_digest_matches = Algo::of(&s.digest_oid).map(|(mut h, _)| {
                            h.update(signed_content);
                            h.finish() == v.content
                        });
                    }
                    OID_SIGNING_TIME => out.signing_time = asn1_time(&v),
                    _ => {}
                }
            }
        }
        // The signer's signature: over the signed attributes (DER, as a SET), else over the
        // content itself.
        if let Some(c) = self
            .certs
            .iter()
            .find(|c| c.issuer_raw == s.issuer.raw && c.serial == s.serial.content)
        {
            out.signer_subject = Some(c.subject.clone());
            out.signer_issuer = Some(c.issuer.clone());
            out.not_before_after(c);
            out.signature_verified = c.key.and_then(|key| match &s.signed_attrs {
                Some(attrs) => {
                    let mut set = attrs.raw.to_vec();
                    if let Some(tag) = set.first_mut() {
                        *tag = SET;
                    }
                    verifies(key, &s.digest_oid, &set, s.encrypted.content)
                }
                None => verifies(key, &s.digest_oid, signed_content, s.encrypted.content),
            });
            let (chain, links) = chain_of(c, &self.certs);
            out.chain = chain;
            out.links = links;
        }
        out.signer_serial = Some(hex(s
            .serial
            .content
            .strip_prefix(&[0])
            .unwrap_or(s.serial.content)));
    }
}

fn signed_data(body: &[u8], base: u64, file: &[u8], l: &Layout) -> Result<Signature> {
    let signed = parse_signed(body, base)?;
    let spc = signed.content;
    if spc.tag != SEQUENCE {
        return Err(bad(spc.offset, "SpcIndirectDataContent: not a SEQUENCE"));
    }
    let (alg_oid, digest) = indirect_digest(&spc)?;
    let computed = file_digest(file, l, &alg_oid);
    let mut out = Signature {
        digest_algorithm: digest_name(&alg_oid),
        signed_digest: hex(digest),
        computed_digest: computed.as_deref().map(hex).unwrap_or_default(),
        digest_matches: computed.as_deref() == Some(digest),
        ..Signature::default()
    };
    signed.judge(spc.content, &mut out);
    Ok(out)
}

/// A digest algorithm's name (`sha256`), or its OID when foothold does not compute it.
pub(crate) fn digest_name(oid: &str) -> String {
    Algo::of(oid).map_or(oid.to_string(), |(_, n)| n.to_string())
}

/// The digest algorithm and digest of an `SpcIndirectDataContent`.
pub(crate) fn indirect_digest<'a>(spc: &Tlv<'a>) -> Result<(String, &'a [u8])> {
    let mut spc_in = spc.inner();
    spc_in.expect(SEQUENCE, "SpcAttributeTypeAndOptionalValue")?;
    let digest_info = spc_in.expect(SEQUENCE, "DigestInfo")?;
    let mut di = digest_info.inner();
    let alg = di.expect(SEQUENCE, "digestAlgorithm")?;
    let alg_oid = oid_of(&alg.inner().next()?)?;
    let signed = di.expect(OCTET_STRING, "digest")?;
    Ok((alg_oid, signed.content))
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
    subject_raw: &'a [u8],
    issuer: String,
    subject: String,
    not_before: Option<Timestamp>,
    not_after: Option<Timestamp>,
    /// The whole certificate (for its thumbprint).
    raw: &'a [u8],
    /// What its issuer signed, the algorithm and the signature.
    tbs: &'a [u8],
    sig_alg: String,
    sig: &'a [u8],
    /// Its public key, when it is one foothold verifies with.
    key: Option<Key<'a>>,
}

fn certificate<'a>(cert: &Tlv<'a>) -> Result<Certificate<'a>> {
    let mut c = cert.inner();
    let tbs = c.expect(SEQUENCE, "tbsCertificate")?;
    let sig_alg = c.expect(SEQUENCE, "signatureAlgorithm")?;
    let sig_alg = oid_of(&sig_alg.inner().next()?)?;
    let sig = c.expect(BIT_STRING, "signatureValue")?;
    let mut t = tbs.inner();
    t.optional(0xa0)?; // version
    let serial = t.expect(INTEGER, "serialNumber")?;
    t.expect(SEQUENCE, "signature")?;
    let issuer = t.expect(SEQUENCE, "issuer")?;
    let validity = t.expect(SEQUENCE, "validity")?;
    let subject = t.expect(SEQUENCE, "subject")?;
    let spki = t.expect(SEQUENCE, "subjectPublicKeyInfo")?;
    let mut v = validity.inner();
    let not_before = v.next().ok().and_then(|x| asn1_time(&x));
    let not_after = v.next().ok().and_then(|x| asn1_time(&x));
    Ok(Certificate {
        serial: serial.content,
        issuer_raw: issuer.raw,
        subject_raw: subject.raw,
        issuer: name(&issuer),
        subject: name(&subject),
        not_before,
        not_after,
        raw: cert.raw,
        tbs: tbs.raw,
        sig_alg,
        // (A BIT STRING's first byte counts the unused bits: 0 for a signature.)
        sig: sig.content.get(1..).unwrap_or_default(),
        key: public_key(&spki),
    })
}

/// A public key foothold verifies signatures with.
#[derive(Debug, Clone, Copy)]
enum Key<'a> {
    /// RSA: modulus and exponent (PKCS #1 v1.5 signatures).
    Rsa(&'a [u8], &'a [u8]),
    /// ECDSA on NIST P-256 or P-384: the curve point (SEC 1 encoding).
    P256(&'a [u8]),
    P384(&'a [u8]),
}

/// The key of a `SubjectPublicKeyInfo`: RSA (`rsaEncryption`) or an EC key on P-256/P-384
/// (`id-ecPublicKey` with the named curve); `None` for another algorithm or curve.
fn public_key<'a>(spki: &Tlv<'a>) -> Option<Key<'a>> {
    let mut k = spki.inner();
    let alg = k.expect(SEQUENCE, "algorithm").ok()?;
    let mut alg = alg.inner();
    let kind = oid_of(&alg.next().ok()?).ok()?;
    let bits = k.expect(BIT_STRING, "subjectPublicKey").ok()?;
    // (The BIT STRING's first byte counts its unused bits: 0 for a key.)
    let body = bits.content.get(1..)?;
    match kind.as_str() {
        "1.2.840.113549.1.1.1" => {
            let key = Der::new(body, bits.offset)
                .expect(SEQUENCE, "RSAPublicKey")
                .ok()?;
            let mut key = key.inner();
            let n = key.expect(INTEGER, "modulus").ok()?;
            let e = key.expect(INTEGER, "publicExponent").ok()?;
            Some(Key::Rsa(n.content, e.content))
        }
        "1.2.840.10045.2.1" => match oid_of(&alg.next().ok()?).ok()?.as_str() {
            "1.2.840.10045.3.1.7" => Some(Key::P256(body)),
            "1.3.132.0.34" => Some(Key::P384(body)),
            _ => None,
        },
        _ => None,
    }
}

/// The DigestInfo prefix and digest length of PKCS #1 v1.5 for a digest, by the name
/// [`Algo::of`] gives it.
fn pkcs1_prefix(digest: &str) -> Option<(&'static [u8], usize)> {
    Some(match digest {
        "md5" => (
            &[
                0x30, 0x20, 0x30, 0x0c, 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x05,
                0x05, 0x00, 0x04, 0x10,
            ],
            16,
        ),
        "sha1" => (
            &[
                0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04,
                0x14,
            ],
            20,
        ),
        "sha256" => (
            &[
                0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x01, 0x05, 0x00, 0x04, 0x20,
            ],
            32,
        ),
        "sha384" => (
            &[
                0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x02, 0x05, 0x00, 0x04, 0x30,
            ],
            48,
        ),
        "sha512" => (
            &[
                0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x03, 0x05, 0x00, 0x04, 0x40,
            ],
            64,
        ),
        _ => return None,
    })
}

/// The digest OID of an RSA (PKCS #1 v1.5) or ECDSA signature algorithm
/// (`sha256WithRSAEncryption`, `ecdsa-with-SHA256` → SHA-256). RSA-PSS is not one.
fn signature_digest(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "1.2.840.113549.1.1.4" => "1.2.840.113549.2.5",
        "1.2.840.113549.1.1.5" | "1.3.14.3.2.29" | "1.2.840.10045.4.1" => "1.3.14.3.2.26",
        "1.2.840.113549.1.1.11" | "1.2.840.10045.4.3.2" => "2.16.840.1.101.3.4.2.1",
        "1.2.840.113549.1.1.12" | "1.2.840.10045.4.3.3" => "2.16.840.1.101.3.4.2.2",
        "1.2.840.113549.1.1.13" | "1.2.840.10045.4.3.4" => "2.16.840.1.101.3.4.2.3",
        _ => return None,
    })
}

/// Whether `sig` is `key`'s signature of `message` digested with `digest_oid`: PKCS #1 v1.5
/// for an RSA key, ECDSA (a DER `ECDSA-Sig-Value`) for an EC key; `None` when the key or the
/// digest is not one this verifies.
fn verifies(key: Key<'_>, digest_oid: &str, message: &[u8], sig: &[u8]) -> Option<bool> {
    use p256::ecdsa::signature::hazmat::PrehashVerifier;
    let (mut h, name) = Algo::of(digest_oid)?;
    h.update(message);
    let hashed = h.finish();
    match key {
        Key::Rsa(n, e) => rsa_verifies((n, e), name, &hashed, sig),
        Key::P256(point) => {
            let vk = p256::ecdsa::VerifyingKey::from_sec1_bytes(point).ok()?;
            let Ok(sig) = p256::ecdsa::Signature::from_der(sig) else {
                return Some(false);
            };
            Some(vk.verify_prehash(&hashed, &sig).is_ok())
        }
        Key::P384(point) => {
            let vk = p384::ecdsa::VerifyingKey::from_sec1_bytes(point).ok()?;
            let Ok(sig) = p384::ecdsa::Signature::from_der(sig) else {
                return Some(false);
            };
            Some(vk.verify_prehash(&hashed, &sig).is_ok())
        }
    }
}

/// Largest RSA modulus verified, in bits (a hostile 100,000-bit key would cost seconds).
const MAX_RSA_BITS: usize = 8192;

/// Whether `sig` is `key`'s PKCS #1 v1.5 signature of the digest `hashed` (by the digest
/// named `digest`, as [`Algo::of`] names it); `None` when the key or the digest is not one
/// this verifies.
fn rsa_verifies(key: (&[u8], &[u8]), digest: &str, hashed: &[u8], sig: &[u8]) -> Option<bool> {
    let (prefix, len) = pkcs1_prefix(digest)?;
    let n = rsa::BigUint::from_bytes_be(key.0);
    let e = rsa::BigUint::from_bytes_be(key.1);
    let public = rsa::RsaPublicKey::new_with_max_size(n, e, MAX_RSA_BITS).ok()?;
    let scheme = rsa::Pkcs1v15Sign {
        hash_len: Some(len),
        prefix: prefix.into(),
    };
    Some(public.verify(scheme, hashed, sig).is_ok())
}

/// Whether `issuer`'s key verifies `cert`'s signature.
fn signed_by(cert: &Certificate<'_>, issuer: &Certificate<'_>) -> Option<bool> {
    let digest = signature_digest(&cert.sig_alg)?;
    verifies(issuer.key?, digest, cert.tbs, cert.sig)
}

/// Largest chain followed, and issuers tried per link (a signature can carry many
/// certificates of one name: each try is an RSA operation).
const MAX_CHAIN: usize = 10;
const MAX_CANDIDATES: usize = 8;

/// The chain from `signer` up through `certs`, each link verified by its issuer's key, and
/// each link's certificate (whose issuer a trust store may hold).
fn chain_of<'a>(
    signer: &Certificate<'a>,
    certs: &[Certificate<'a>],
) -> (Vec<ChainLink>, Vec<TopCert>) {
    let mut out: Vec<ChainLink> = Vec::new();
    let mut kept: Vec<TopCert> = Vec::new();
    let mut seen: Vec<&[u8]> = Vec::new();
    let mut at = signer;
    loop {
        let thumb = {
            use sha1::Digest as _;
            hex(&sha1::Sha1::digest(at.raw))
        };
        let self_signed = at.subject_raw == at.issuer_raw;
        // The carried certificate of the issuer's name whose key verifies this one (or the
        // first of that name, unverified).
        let issuer = if self_signed {
            None
        } else {
            certs
                .iter()
                .filter(|c| c.subject_raw == at.issuer_raw && c.raw != at.raw)
                .take(MAX_CANDIDATES)
                .map(|c| (c, signed_by(at, c)))
                .max_by_key(|(_, v)| *v == Some(true))
        };
        let verified = match (issuer, self_signed) {
            (Some((_, v)), _) => v,
            (None, true) => signed_by(at, at),
            (None, false) => None,
        };
        out.push(ChainLink {
            subject: at.subject.clone(),
            issuer: at.issuer.clone(),
            sha1: thumb,
            verified,
        });
        kept.push(TopCert {
            raw: at.raw.to_vec(),
            issuer_raw: at.issuer_raw.to_vec(),
            tbs: at.tbs.to_vec(),
            sig_alg: at.sig_alg.clone(),
            sig: at.sig.to_vec(),
        });
        seen.push(at.raw);
        match issuer {
            Some((next, _)) if out.len() < MAX_CHAIN && !seen.contains(&next.raw) => at = next,
            _ => break,
        }
    }
    (out, kept)
}

/// Root certificates parsed once, to judge many signatures against (a machine's stores).
/// Certificates that do not parse are left out (nothing chains to them).
pub struct TrustStore<'a> {
    certs: Vec<Certificate<'a>>,
}

impl<'a> TrustStore<'a> {
    /// The roots of `certs` (DER).
    pub fn new(certs: &[&'a [u8]]) -> Self {
        TrustStore {
            certs: certs
                .iter()
                .filter_map(|r| {
                    let t = Der::new(r, 0).expect(SEQUENCE, "Certificate").ok()?;
                    certificate(&t).ok()
                })
                .collect(),
        }
    }

    /// How many roots it holds.
    pub fn len(&self) -> usize {
        self.certs.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.certs.is_empty()
    }
}

/// A certificate of a signer's chain, kept (not serialised) so that a trust store can be
/// asked afterwards whether it issued it ([`Signature::trusted_by`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct TopCert {
    raw: Vec<u8>,
    issuer_raw: Vec<u8>,
    tbs: Vec<u8>,
    sig_alg: String,
    sig: Vec<u8>,
}

impl Signature {
    /// Whether the signature chains to one of `roots` (DER certificates: the image's
    /// `ROOT` store, or roots an examiner trusts): the signer's signature verifies, and a
    /// certificate of the carried chain is one of `roots` or was signed by one of them, every
    /// link below it verifying. `None` when the signature was not verified (no signer
    /// certificate, an algorithm foothold does not verify). Validity periods and revocation
    /// are not checked (a code signature is judged at its signing time, which an offline
    /// examiner cannot always establish).
    pub fn trusted_by(&self, roots: &[&[u8]]) -> Option<bool> {
        self.trusted_by_store(&TrustStore::new(roots))
    }

    /// [`Signature::trusted_by`] with the roots parsed once ([`TrustStore::new`]), for many
    /// signatures judged against one machine's stores.
    pub fn trusted_by_store(&self, store: &TrustStore<'_>) -> Option<bool> {
        // (A signed `messageDigest` that is not the content's: the signature vouches for
        // other content than this.)
        if !self.signature_verified? || self.content_digest_matches == Some(false) {
            return Some(false);
        }
        if self.links.is_empty() {
            return None;
        }
        let parsed = &store.certs;
        // The first link a root is, or a root signed, with every link below it verified (a
        // carried chain may go past the store's root: a cross-signed copy of it).
        for (i, link) in self.links.iter().enumerate() {
            let below_ok = self.chain.iter().take(i).all(|l| l.verified == Some(true));
            if !below_ok {
                return Some(false);
            }
            let is_root = parsed.iter().any(|r| r.raw == link.raw.as_slice());
            let signed_by_root = parsed
                .iter()
                .filter(|r| r.subject_raw == link.issuer_raw.as_slice())
                .take(MAX_CANDIDATES)
                .any(|r| {
                    signature_digest(&link.sig_alg)
                        .and_then(|d| verifies(r.key?, d, &link.tbs, &link.sig))
                        == Some(true)
                });
            if is_root || signed_by_root {
                return Some(true);
            }
        }
        Some(false)
    }
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
