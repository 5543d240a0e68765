//! foothold-binary on the real PE files of `../shared/corpus-real/pe`, against independent
//! readers: `pefile` (headers, exports, version resources), `osslsigncode verify`
//! (Authenticode digests, signer) and `sha256sum`/`sha1sum`/`md5sum`.
#![allow(clippy::unwrap_used, clippy::panic)]

#[path = "../../../foothold/tests/integration/oracle.rs"]
mod oracle;
use oracle::*;

use foothold_binary::{describe, hashes, FileType};
use std::path::PathBuf;

/// The real PE files, or `None` (a skip) without the corpus.
fn pe_files() -> Option<Vec<PathBuf>> {
    let dir = corpus_root().join("pe");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        skip(format!("real corpus not found at {}", dir.display()));
        return None;
    };
    let mut v: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    v.sort();
    assert!(v.len() >= 6, "{v:?}");
    Some(v)
}

const PEFILE: &str = r##"
import json, sys, pefile
out = {}
for path in sys.argv[1:]:
    pe = pefile.PE(path)
    d = {"machine": pe.FILE_HEADER.Machine, "stamp": pe.FILE_HEADER.TimeDateStamp,
         "subsystem": pe.OPTIONAL_HEADER.Subsystem, "dll": bool(pe.FILE_HEADER.Characteristics & 0x2000),
         "pe32_plus": pe.OPTIONAL_HEADER.Magic == 0x20b, "exports": [], "export_name": None,
         "strings": {}, "language": None, "file_version": None, "product_version": None}
    if hasattr(pe, "DIRECTORY_ENTRY_EXPORT"):
        x = pe.DIRECTORY_ENTRY_EXPORT
        d["exports"] = [(e.name.decode() if e.name else "#%d" % e.ordinal) for e in x.symbols]
        d["export_name"] = x.name.decode() if x.name else None
    for fi in getattr(pe, "FileInfo", []) or []:
        for x in fi:
            if getattr(x, "Key", b"") == b"StringFileInfo" and x.StringTable:
                d["strings"] = {k.decode(): v.decode() for k, v in x.StringTable[0].entries.items()}
                d["language"] = x.StringTable[0].LangID.decode().lower()
    if hasattr(pe, "VS_FIXEDFILEINFO"):
        f = pe.VS_FIXEDFILEINFO[0]
        v = lambda ms, ls: "%d.%d.%d.%d" % (ms >> 16, ms & 0xffff, ls >> 16, ls & 0xffff)
        d["file_version"] = v(f.FileVersionMS, f.FileVersionLS)
        d["product_version"] = v(f.ProductVersionMS, f.ProductVersionLS)
    out[path] = d
print(json.dumps(out))
"##;

#[test]
fn pe_headers_exports_and_version_resources_equal_pefile() {
    let Some(files) = pe_files() else { return };
    let Some(py) = oracle_python("pefile") else {
        return;
    };
    let out = std::process::Command::new(py)
        .arg("-c")
        .arg(PEFILE)
        .args(&files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut n = 0;
    for f in &files {
        let t = &theirs[f.to_str().unwrap()];
        let bytes = std::fs::read(f).unwrap();
        let info = describe(f.to_str().unwrap(), &bytes);
        assert_eq!(info.file_type, FileType::Pe);
        assert!(info.errors.is_empty(), "{}: {:?}", f.display(), info.errors);
        let pe = info.pe.as_ref().unwrap();
        let machine = match t["machine"].as_u64().unwrap() {
            0x14c => "x86",
            0x8664 => "x64",
            0xaa64 => "arm64",
            m => panic!("machine {m:#x} not in this test's table"),
        };
        let subsystem = match t["subsystem"].as_u64().unwrap() {
            1 => "native",
            2 => "windows_gui",
            3 => "windows_cui",
            s => panic!("subsystem {s}"),
        };
        assert_eq!(pe.machine, machine, "{}", f.display());
        assert_eq!(pe.subsystem, subsystem, "{}", f.display());
        assert_eq!(u64::from(pe.time_date_stamp), t["stamp"].as_u64().unwrap());
        assert_eq!(
            pe.compiled.map(|c| c.unix_seconds()),
            Some(t["stamp"].as_i64().unwrap())
        );
        assert_eq!(pe.dll, t["dll"].as_bool().unwrap());
        assert_eq!(pe.pe32_plus, t["pe32_plus"].as_bool().unwrap());
        let exports: Vec<String> = serde_json::from_value(t["exports"].clone()).unwrap();
        assert_eq!(pe.exports, exports, "{}", f.display());
        assert_eq!(pe.export_name.as_deref(), t["export_name"].as_str());
        let strings: std::collections::BTreeMap<String, String> =
            serde_json::from_value(t["strings"].clone()).unwrap();
        let v = pe.version.clone().unwrap_or_default();
        assert_eq!(v.strings, strings, "{}", f.display());
        assert_eq!(v.language.as_deref(), t["language"].as_str());
        assert_eq!(v.file_version.as_deref(), t["file_version"].as_str());
        assert_eq!(v.product_version.as_deref(), t["product_version"].as_str());
        n += 10 + exports.len() + strings.len();
    }
    compared("pefile", n);
}

/// `osslsigncode verify` of a file: (current digest, calculated digest, subject, issuer;
/// the signer is printed only when the digests match), or `None` when it finds no signature.
fn osslsigncode(path: &std::path::Path) -> Option<Option<[String; 4]>> {
    if !need("osslsigncode", "Authenticode digests and signer") {
        return None;
    }
    let out = std::process::Command::new("osslsigncode")
        .args(["verify", "-in"])
        .arg(path)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    if text.contains("No signature found") {
        return Some(None);
    }
    let field = |label: &str| -> String {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(label))
            .map(|v| v.trim_start_matches([' ', ':']).trim().to_string())
            .unwrap_or_default()
    };
    let digest = |label: &str| -> String {
        let d = field(label);
        assert!(
            !d.is_empty(),
            "no {label:?} in osslsigncode's output:\n{text}"
        );
        // `9A8B…7624     MISMATCH!!!`
        d.split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    Some(Some([
        digest("Current message digest"),
        digest("Calculated message digest"),
        field("Subject:"),
        field("Issuer :"),
    ]))
}

#[test]
fn authenticode_digests_and_signers_equal_osslsigncode() {
    let Some(files) = pe_files() else { return };
    let mut signed = 0;
    let mut n = 0;
    let tmp = std::env::temp_dir().join(format!("foothold-binary-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    for f in &files {
        let Some(theirs) = osslsigncode(f) else {
            return;
        };
        let bytes = std::fs::read(f).unwrap();
        let pe = describe("", &bytes).pe.unwrap();
        let Some([current, calculated, subject, issuer]) = theirs else {
            assert!(!pe.signed && pe.signature.is_none(), "{}", f.display());
            n += 1;
            continue;
        };
        signed += 1;
        let s = pe.signature.as_ref().expect("signature");
        assert_eq!(s.signed_digest, current);
        assert_eq!(s.computed_digest, calculated);
        assert!(s.digest_matches && s.content_digest_matches == Some(true));
        assert_eq!(s.signer_subject.as_deref(), Some(subject.as_str()));
        assert_eq!(s.signer_issuer.as_deref(), Some(issuer.as_str()));
        n += 5;
        // The same file with one byte of its first section changed: both tools compute the
        // new digest, and it no longer matches the signed one.
        let mut changed = bytes.clone();
        changed[0x600] ^= 0x55;
        let p = tmp.join(f.file_name().unwrap());
        std::fs::write(&p, &changed).unwrap();
        let [c2, calc2, ..] = osslsigncode(&p).unwrap().unwrap();
        let s2 = describe("", &changed).pe.unwrap().signature.unwrap();
        assert_eq!(
            (s2.signed_digest.as_str(), s2.computed_digest.as_str()),
            (c2.as_str(), calc2.as_str())
        );
        assert_ne!(calc2, current);
        assert!(!s2.digest_matches);
        assert_eq!(
            s2.content_digest_matches,
            Some(true),
            "the signature itself is intact"
        );
        n += 3;
    }
    assert_eq!(
        signed, 1,
        "the corpus has one signed PE (eventlog_provider.dll)"
    );
    compared("osslsigncode", n);
}

#[test]
fn hashes_equal_the_coreutils_tools() {
    let Some(files) = pe_files() else { return };
    let mut n = 0;
    for f in &files {
        let h = hashes(&std::fs::read(f).unwrap());
        for (tool, ours) in [
            ("sha256sum", &h.sha256),
            ("sha1sum", &h.sha1),
            ("md5sum", &h.md5),
        ] {
            if !need(tool, "file hashes") {
                return;
            }
            let out = std::process::Command::new(tool).arg(f).output().unwrap();
            let theirs = String::from_utf8_lossy(&out.stdout);
            assert_eq!(theirs.split_whitespace().next(), Some(ours.as_str()));
            n += 1;
        }
    }
    compared("coreutils", n);
}

#[test]
fn every_truncation_of_a_real_pe_is_read_without_panic() {
    let Some(files) = pe_files() else { return };
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        for cut in (0..bytes.len()).step_by(61) {
            let info = describe("x.dll", &bytes[..cut]);
            if let Some(pe) = &info.pe {
                // What is read from a cut file is a subset of what the whole file says.
                assert!(pe.exports.len() <= 65_536);
            }
        }
        // Every byte set to 0xff in turn, in the headers.
        for i in 0..bytes.len().min(1024) {
            let mut b = bytes.clone();
            b[i] = 0xff;
            let _ = describe("x.dll", &b);
        }
    }
}

/// ELF facts of this machine's own programs (read in place, not copied) against `readelf`:
/// type, machine, class, interpreter, whether a `.symtab` is there.
#[test]
fn elf_headers_equal_readelf() {
    let mut n = 0;
    for path in [
        "/bin/sh",
        "/usr/bin/env",
        "/usr/lib/x86_64-linux-gnu/libc.so.6",
        "/usr/bin/readelf",
    ] {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let Some(h) = (need("readelf", "ELF headers"))
            .then(|| {
                std::process::Command::new("readelf")
                    .args(["-h", "-l", "-S", "-W", path])
                    .output()
                    .ok()
            })
            .flatten()
        else {
            return;
        };
        let text = String::from_utf8_lossy(&h.stdout).into_owned();
        let field = |k: &str| {
            text.lines()
                .find_map(|l| l.trim().strip_prefix(k))
                .map(|v| v.trim().to_string())
        };
        let info = describe(path, &bytes);
        assert_eq!(info.file_type, FileType::Elf, "{path}");
        let elf = info.elf.expect("elf");
        let ty = field("Type:").unwrap();
        let want_kind = if ty.starts_with("EXEC") {
            "executable"
        } else if ty.starts_with("DYN") {
            "shared_object"
        } else {
            panic!("{ty}")
        };
        assert_eq!(elf.kind, want_kind, "{path}");
        assert_eq!(
            elf.is_64,
            field("Class:").as_deref() == Some("ELF64"),
            "{path}"
        );
        let machine = field("Machine:").unwrap();
        assert!(
            (machine.contains("X86-64") && elf.machine == "x86_64")
                || (machine.contains("AArch64") && elf.machine == "aarch64"),
            "{path}: {machine} vs {}",
            elf.machine
        );
        let interp = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("[Requesting program interpreter: "))
            .map(|v| v.trim_end_matches(']').to_string());
        assert_eq!(elf.interpreter, interp, "{path}");
        assert_eq!(elf.stripped, !text.contains(" .symtab "), "{path}");
        n += 5;
    }
    assert!(n > 0, "no ELF program found on this machine");
    compared("readelf", n);
}

/// The signer's signature value in a signed file: the last OCTET STRING of its signature
/// (`osslsigncode extract-signature`) whose line in `openssl asn1parse` `is_it` picks.
fn signer_value(
    dir: &std::path::Path,
    signed: &std::path::Path,
    is_it: impl Fn(&str) -> bool,
) -> Vec<u8> {
    let p7 = dir.join("signature.p7");
    let _ = std::fs::remove_file(&p7);
    let (input, out) = (signed.to_str().unwrap(), p7.to_str().unwrap());
    run_in(
        dir,
        "osslsigncode",
        &["extract-signature", "-in", input, "-out", out],
    );
    let parsed = run_in(dir, "openssl", &["asn1parse", "-inform", "DER", "-in", out]);
    let hexdump = parsed
        .lines()
        .rfind(|l| is_it(l))
        .and_then(|l| l.split("[HEX DUMP]:").nth(1))
        .unwrap()
        .trim()
        .to_string();
    (0..hexdump.len() / 2)
        .map(|i| u8::from_str_radix(&hexdump[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

/// `osslsigncode verify -CAfile ROOTS -ignore-crl`: whether it says the signature verifies.
fn osslsigncode_verifies(file: &std::path::Path, roots: &std::path::Path) -> bool {
    let out = std::process::Command::new("osslsigncode")
        .args(["verify", "-ignore-crl", "-CAfile"])
        .arg(roots)
        .arg("-in")
        .arg(file)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    text.lines()
        .any(|l| l.trim() == "Signature verification: ok")
        && out.status.success()
}

/// Authenticode verification against `osslsigncode verify` on files signed here by
/// `osslsigncode sign` with a chain `openssl` made (root → intermediate → code-signing leaf):
/// a valid signature chains to its root and to no other; a forged signature value, a changed
/// file and an unsigned file fail as osslsigncode says they do; and the real Google-signed
/// DLL verifies against the system's CA roots as it does for osslsigncode.
#[test]
fn authenticode_verification_equals_osslsigncode_verify() {
    let Some(files) = pe_files() else { return };
    if !need("osslsigncode", "Authenticode verification")
        || !need("openssl", "a test certificate chain")
    {
        return;
    }
    let dir = std::env::temp_dir().join(format!("foothold-authenticode-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    code_signing_chain(&dir);
    let root = pem_certificates(&std::fs::read_to_string(dir.join("root.pem")).unwrap());
    let other = pem_certificates(&std::fs::read_to_string(dir.join("other.pem")).unwrap());
    let roots: Vec<&[u8]> = root.iter().map(Vec::as_slice).collect();
    let others: Vec<&[u8]> = other.iter().map(Vec::as_slice).collect();
    let mut n = 0usize;
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        if describe("", &bytes).pe.is_none_or(|p| p.signed) {
            continue;
        }
        for digest in ["sha256", "sha1"] {
            let signed = dir.join(format!(
                "{}.{digest}",
                f.file_name().unwrap().to_string_lossy()
            ));
            sign_with_test_chain(&dir, f, &signed, digest);
            let data = std::fs::read(&signed).unwrap();
            let s = describe("", &data).pe.unwrap().signature.expect("signed");
            // Valid, to this root and to no other.
            assert!(
                osslsigncode_verifies(&signed, &dir.join("root.pem")),
                "{}",
                signed.display()
            );
            assert_eq!(s.signature_verified, Some(true));
            assert!(s.digest_matches);
            assert_eq!(s.chain.len(), 2, "{:?}", s.chain);
            assert_eq!(
                s.chain[0].verified,
                Some(true),
                "the intermediate verifies the leaf"
            );
            assert_eq!(s.chain[1].verified, None, "the root is not carried");
            assert_eq!(s.chain[1].issuer, "/CN=Foothold Test Root");
            assert_eq!(s.trusted_by(&roots), Some(true));
            assert!(!osslsigncode_verifies(&signed, &dir.join("other.pem")));
            assert_eq!(s.trusted_by(&others), Some(false));
            assert_eq!(s.trusted_by(&[]), Some(false));
            // The signature value forged: one byte of the RSA signature changed (found where
            // `openssl asn1parse` shows the signer's 256-byte encryptedDigest).
            let sig = signer_value(&dir, &signed, |l| l.contains("l= 256 prim: OCTET STRING"));
            let at = data
                .windows(sig.len())
                .position(|w| w == sig.as_slice())
                .expect("the signature in the file");
            let mut forged = data.clone();
            forged[at + 100] ^= 0x01;
            let forged_path = dir.join("forged.dll");
            std::fs::write(&forged_path, &forged).unwrap();
            let fs = describe("", &forged).pe.unwrap().signature.unwrap();
            assert!(!osslsigncode_verifies(&forged_path, &dir.join("root.pem")));
            assert_eq!(fs.signature_verified, Some(false));
            assert!(fs.digest_matches, "the file itself is intact");
            assert_eq!(fs.trusted_by(&roots), Some(false));
            // The file changed after signing: the signature verifies, the digest does not.
            // (A byte of the unsigned file's half way: covered by the digest, not part of the
            // certificate table the signing appended.)
            let mut changed = data.clone();
            changed[bytes.len() / 2] ^= 0x55;
            let changed_path = dir.join("changed.dll");
            std::fs::write(&changed_path, &changed).unwrap();
            let cs = describe("", &changed).pe.unwrap().signature.unwrap();
            assert!(!osslsigncode_verifies(&changed_path, &dir.join("root.pem")));
            assert!(!cs.digest_matches);
            assert_eq!(cs.signature_verified, Some(true));
            n += 12;
        }
    }
    assert!(n >= 48, "{n}");
    // A real signature, to the system's roots.
    let system = std::path::Path::new("/etc/ssl/certs/ca-certificates.crt");
    if system.exists() {
        let google = corpus_root().join("pe/artemis__eventlog_provider.dll");
        let s = describe("", &std::fs::read(&google).unwrap())
            .pe
            .unwrap()
            .signature
            .unwrap();
        let ca = pem_certificates(&std::fs::read_to_string(system).unwrap());
        let ca: Vec<&[u8]> = ca.iter().map(Vec::as_slice).collect();
        assert_eq!(s.signature_verified, Some(true));
        assert_eq!(
            s.trusted_by(&ca),
            Some(osslsigncode_verifies(&google, system)),
            "{:?}",
            s.chain
        );
        assert_eq!(s.trusted_by(&ca), Some(true));
        n += 2;
    }
    compared("osslsigncode verify", n);
    let _ = std::fs::remove_dir_all(&dir);
}

/// `osslsigncode verify -catalog CAT -in FILE -CAfile ROOTS -ignore-crl`: whether it says
/// the file is signed in the catalog and the catalog's signature verifies.
fn osslsigncode_catalog_verifies(
    file: &std::path::Path,
    catalog: &std::path::Path,
    roots: &std::path::Path,
) -> bool {
    let out = std::process::Command::new("osslsigncode")
        .args(["verify", "-ignore-crl", "-CAfile"])
        .arg(roots)
        .arg("-catalog")
        .arg(catalog)
        .arg("-in")
        .arg(file)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    text.contains("File is signed in catalog")
        && text
            .lines()
            .any(|l| l.trim() == "Signature verification: ok")
        && out.status.success()
}

/// Catalog signatures against `osslsigncode verify -catalog`: a catalog listing the real
/// unsigned PE files by their Authenticode digest (SHA-256 and SHA-1 members), written to the
/// catalog format here and signed by `osslsigncode sign` with a chain `openssl` made. Each
/// file is found in it by the digest foothold computes, and the catalog's signature verifies
/// and chains to its root exactly when osslsigncode says so; a changed file is not listed, a
/// forged catalog signature and a changed list fail as they fail for osslsigncode.
#[test]
fn catalog_signatures_equal_osslsigncode_verify_catalog() {
    let Some(files) = pe_files() else { return };
    if !need("osslsigncode", "catalog verification") || !need("openssl", "a test chain") {
        return;
    }
    let dir = std::env::temp_dir().join(format!("foothold-catalog-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    code_signing_chain(&dir);
    let root = pem_certificates(&std::fs::read_to_string(dir.join("root.pem")).unwrap());
    let other = pem_certificates(&std::fs::read_to_string(dir.join("other.pem")).unwrap());
    let roots = foothold_binary::TrustStore::new(&[root[0].as_slice()]);
    let others = foothold_binary::TrustStore::new(&[other[0].as_slice()]);
    let unsigned: Vec<(PathBuf, Vec<u8>)> = files
        .iter()
        .map(|f| (f.clone(), std::fs::read(f).unwrap()))
        .filter(|(_, b)| describe("", b).pe.is_some_and(|p| !p.signed))
        .collect();
    assert!(unsigned.len() >= 4, "{}", unsigned.len());
    let mut n = 0usize;
    for alg in ["sha256", "sha1"] {
        let members: Vec<(&str, &str, Vec<u8>)> = unsigned
            .iter()
            .map(|(p, b)| {
                let name = p.file_name().unwrap().to_str().unwrap();
                (
                    name,
                    alg,
                    foothold_binary::authenticode_digest(b, alg).unwrap(),
                )
            })
            .collect();
        let raw = dir.join(format!("unsigned-{alg}.cat"));
        std::fs::write(&raw, oracle::unsigned_catalog(&members)).unwrap();
        let cat = dir.join(format!("{alg}.cat"));
        sign_with_test_chain(&dir, &raw, &cat, "sha256");
        let cat_bytes = std::fs::read(&cat).unwrap();
        // Every cut of the catalog is read without a panic: an error, or fewer members.
        for cut in 0..cat_bytes.len() {
            let part = &cat_bytes[..cut];
            if let Ok(members) = foothold_binary::catalog_members(part) {
                for m in &members {
                    let _ = foothold_binary::catalog_signature(part, "cut.cat", m);
                }
            }
        }
        let listed = foothold_binary::catalog_members(&cat_bytes).unwrap();
        assert_eq!(listed.len(), unsigned.len());
        for (path, bytes) in &unsigned {
            let digest = foothold_binary::authenticode_digest(bytes, alg).unwrap();
            let hexed: String = digest.iter().map(|b| format!("{b:02x}")).collect();
            let m = listed
                .iter()
                .find(|m| m.digest == hexed && m.digest_algorithm == alg)
                .expect("the file is listed by its digest");
            assert_eq!(m.file.as_deref(), path.file_name().and_then(|n| n.to_str()));
            assert_eq!(m.tag, hexed.to_ascii_uppercase());
            let s = foothold_binary::catalog_signature(&cat_bytes, "x.cat", m)
                .unwrap()
                .signature;
            let ok = osslsigncode_catalog_verifies(path, &cat, &dir.join("root.pem"));
            assert!(ok, "{}", path.display());
            assert_eq!(s.signature_verified, Some(true));
            assert_eq!(s.content_digest_matches, Some(true));
            assert_eq!(
                s.signer_subject.as_deref(),
                Some("/O=Foothold Tests/CN=Foothold Code Signing")
            );
            assert_eq!(s.trusted_by_store(&roots), Some(ok));
            let other_ok = osslsigncode_catalog_verifies(path, &cat, &dir.join("other.pem"));
            assert!(!other_ok);
            assert_eq!(s.trusted_by_store(&others), Some(other_ok));
            // The file changed: its digest is no longer listed.
            let mut changed = bytes.clone();
            let half = changed.len() / 2;
            changed[half] ^= 0x55;
            let changed_path = dir.join("changed.bin");
            std::fs::write(&changed_path, &changed).unwrap();
            let d2: String = foothold_binary::authenticode_digest(&changed, alg)
                .unwrap()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert!(!listed.iter().any(|m| m.digest == d2));
            assert!(!osslsigncode_catalog_verifies(
                &changed_path,
                &cat,
                &dir.join("root.pem")
            ));
            n += 6;
        }
        // The catalog's signature value forged (a byte of the signer's 256-byte RSA value,
        // found where `openssl asn1parse` shows it), and the list changed under the signature
        // (one byte of the first member's digest).
        let parsed = run_in(
            &dir,
            "openssl",
            &["asn1parse", "-inform", "DER", "-in", cat.to_str().unwrap()],
        );
        let sig_at: usize = parsed
            .lines()
            .rfind(|l| l.contains("l= 256 prim: OCTET STRING"))
            .and_then(|l| l.split(':').next())
            .and_then(|o| o.trim().parse().ok())
            .unwrap();
        let (path, bytes) = &unsigned[0];
        let digest = foothold_binary::authenticode_digest(bytes, alg).unwrap();
        let mut forged = cat_bytes.clone();
        forged[sig_at + 4 + 100] ^= 1;
        let mut changed_list = cat_bytes.clone();
        let d_at = changed_list
            .windows(digest.len())
            .position(|w| w == digest.as_slice())
            .unwrap();
        changed_list[d_at + digest.len() - 1] ^= 1;
        for (what, damaged, sig_ok, list_ok) in [
            ("forged", forged, Some(false), Some(true)),
            ("changed-list", changed_list, Some(true), Some(false)),
        ] {
            let p = dir.join(format!("{what}-{alg}.cat"));
            std::fs::write(&p, &damaged).unwrap();
            let members = foothold_binary::catalog_members(&damaged).unwrap();
            let m = members
                .iter()
                .find(|m| m.file.as_deref() == path.file_name().and_then(|n| n.to_str()))
                .unwrap();
            let s = foothold_binary::catalog_signature(&damaged, "x.cat", m)
                .unwrap()
                .signature;
            assert_eq!(s.signature_verified, sig_ok, "{what}");
            assert_eq!(s.content_digest_matches, list_ok, "{what}");
            // osslsigncode fails both (the list no longer lists the file, or the signature
            // does not verify).
            assert!(
                !osslsigncode_catalog_verifies(path, &p, &dir.join("root.pem")),
                "{what}"
            );
            n += 3;
        }
    }
    compared("osslsigncode verify -catalog", n);
    let _ = std::fs::remove_dir_all(&dir);
}

/// ECDSA against `osslsigncode verify`: a chain `openssl` made with an RSA root, a P-384
/// intermediate and a P-256 code-signing leaf (every link verified by another kind of key),
/// a real PE signed by `osslsigncode` with SHA-256 and SHA-384 file digests; valid to its
/// root and no other, and a forged ECDSA value fails as it fails for osslsigncode.
#[test]
fn ecdsa_signatures_equal_osslsigncode_verify() {
    let Some(files) = pe_files() else { return };
    if !need("osslsigncode", "ECDSA verification") || !need("openssl", "an EC chain") {
        return;
    }
    let dir = std::env::temp_dir().join(format!("foothold-ecdsa-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    oracle::code_signing_chain_keyed(
        &dir,
        [
            "/CN=Foothold Test Root",
            "/CN=Foothold EC Intermediate",
            "/O=Foothold Tests/CN=Foothold EC Code Signing",
        ],
        ["rsa:2048", "ec:P-384", "ec:P-256"],
    );
    let root = pem_certificates(&std::fs::read_to_string(dir.join("root.pem")).unwrap());
    let other = pem_certificates(&std::fs::read_to_string(dir.join("other.pem")).unwrap());
    let roots: Vec<&[u8]> = root.iter().map(Vec::as_slice).collect();
    let others: Vec<&[u8]> = other.iter().map(Vec::as_slice).collect();
    let input = files
        .iter()
        .find(|f| f.ends_with("artemis__winml.dll"))
        .expect("winml.dll");
    let mut n = 0;
    for digest in ["sha256", "sha384"] {
        let signed = dir.join(format!("ec-{digest}.dll"));
        sign_with_test_chain(&dir, input, &signed, digest);
        let data = std::fs::read(&signed).unwrap();
        let s = describe("", &data).pe.unwrap().signature.expect("signed");
        assert!(osslsigncode_verifies(&signed, &dir.join("root.pem")));
        assert!(s.digest_matches);
        assert_eq!(s.signature_verified, Some(true), "{digest}");
        assert_eq!(
            s.chain.iter().map(|l| l.verified).collect::<Vec<_>>(),
            [Some(true), None],
            "the P-384 intermediate verifies the P-256 leaf; the root is not carried"
        );
        assert_eq!(s.trusted_by(&roots), Some(true));
        assert!(!osslsigncode_verifies(&signed, &dir.join("other.pem")));
        assert_eq!(s.trusted_by(&others), Some(false));
        // The signer's ECDSA value (the last OCTET STRING of the signature, as
        // `openssl asn1parse` lists it) with one byte changed.
        let sig = signer_value(&dir, &signed, |l| {
            l.contains("prim: OCTET STRING") && l.contains("[HEX DUMP]")
        });
        assert!((64..=80).contains(&sig.len()), "{}", sig.len());
        let at = data
            .windows(sig.len())
            .position(|w| w == sig.as_slice())
            .expect("the signature in the file");
        let mut forged = data.clone();
        // (Inside r, past the SEQUENCE and INTEGER headers.)
        forged[at + 10] ^= 0x01;
        let forged_path = dir.join("ec-forged.dll");
        std::fs::write(&forged_path, &forged).unwrap();
        let fs = describe("", &forged).pe.unwrap().signature.unwrap();
        assert!(!osslsigncode_verifies(&forged_path, &dir.join("root.pem")));
        assert_eq!(fs.signature_verified, Some(false));
        assert_eq!(fs.trusted_by(&roots), Some(false));
        n += 7;
    }
    compared("osslsigncode verify (ECDSA)", n);
    let _ = std::fs::remove_dir_all(&dir);
}
