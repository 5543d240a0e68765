//! Honest skips and counted comparisons, shared by every crate's integration tests
//! (included with `#[path]`).
//!
//! A comparison that cannot run (a tool or the real corpus missing) prints `SKIP:` on a
//! developer's machine, and fails the test under `FOOTHOLD_REQUIRE_ORACLES=1` (set by
//! `.ci/run`): a green CI run has compared everything it claims to. Each comparison that ran
//! is counted per oracle in `target/oracle-counts.tsv`; `.ci/test` prints the totals.
#![allow(dead_code, clippy::panic)]

use std::io::Write;
use std::path::PathBuf;

/// True under CI, where a missing oracle is a failure.
pub fn oracles_required() -> bool {
    std::env::var("FOOTHOLD_REQUIRE_ORACLES").is_ok_and(|v| v == "1")
}

/// A comparison that could not run: panics under `FOOTHOLD_REQUIRE_ORACLES=1`, else says so
/// (on stderr, which cargo hides for a passing test, and in `target/oracle-skips.tsv`, which
/// `.ci/test` prints at the end of the run).
pub fn skip(why: impl AsRef<str>) {
    let why = why.as_ref();
    if oracles_required() {
        panic!("comparison did not run: {why} (FOOTHOLD_REQUIRE_ORACLES=1)");
    }
    eprintln!("SKIP: {why}");
    append_line("oracle-skips.tsv", &why.replace('\n', " "));
}

/// Append one line to `target/NAME` (one short write: appends from parallel tests do not
/// interleave).
fn append_line(name: &str, line: &str) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target");
    let _ = std::fs::create_dir_all(&root);
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(root.join(name))
    {
        let _ = f.write_all(format!("{line}\n").as_bytes());
    }
}

/// The `evtx_dump` of the evtx crate, 0.15 (the oracle the event tests are written
/// against), not whatever is first on `PATH` (python-evtx installs an `evtx_dump` script
/// too): `$FOOTHOLD_EVTX_DUMP`, the copy `.ci/run` installs in `target/tools/bin`, then
/// `PATH` — each checked by its `--version`. `None`, with a [`skip`] naming what was found,
/// when none is it.
pub fn evtx_dump(what: &str) -> Option<PathBuf> {
    let tools = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/tools/bin/evtx_dump");
    let mut candidates: Vec<PathBuf> = std::env::var_os("FOOTHOLD_EVTX_DUMP")
        .map(PathBuf::from)
        .into_iter()
        .collect();
    candidates.push(tools);
    candidates.push(PathBuf::from("evtx_dump"));
    let mut seen = Vec::new();
    for c in candidates {
        let Ok(out) = std::process::Command::new(&c).arg("--version").output() else {
            continue;
        };
        let version = String::from_utf8_lossy(&out.stdout).trim().to_string();
        // The evtx crate's tool says `EVTX Parser 0.15.1`.
        if out.status.success() && version.starts_with("EVTX Parser 0.15") {
            return Some(c);
        }
        seen.push(format!("{} ({:?})", c.display(), version));
    }
    skip(format!(
        "evtx_dump of the evtx crate 0.15 not found (found: {}; `bash .ci/run` installs it in target/tools): {what} not compared",
        if seen.is_empty() { "none".to_string() } else { seen.join(", ") }
    ));
    None
}

/// Where the real third-party corpus is: `$FOOTHOLD_REAL_CORPUS`, else `../shared/corpus-real`
/// beside the repository.
pub fn corpus_root() -> PathBuf {
    std::env::var_os("FOOTHOLD_REAL_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus-real")
        })
}

/// Whether a command-line tool is installed (runs it with `args`, e.g. `-V`).
pub fn installed(cmd: &str) -> bool {
    std::process::Command::new("sh")
        .args(["-c", &format!("command -v {cmd}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `installed(cmd)`, or a [`skip`] naming what did not run.
pub fn need(cmd: &str, what: &str) -> bool {
    let ok = installed(cmd);
    if !ok {
        skip(format!("`{cmd}` not installed: {what} not compared"));
    }
    ok
}

/// Record that `n` values were compared against `oracle` (a tool, crate or file).
pub fn compared(oracle: &str, n: usize) {
    append_line("oracle-counts.tsv", &format!("{oracle}\t{n}"));
}

/// The python that has the Python oracles (regipy, pefile): `$FOOTHOLD_ORACLE_PYTHON`, or
/// the venv `.ci/run` makes at `target/oracle-venv`; `None` (a [`skip`]) when it cannot
/// `import` the module named.
pub fn oracle_python(import: &str) -> Option<PathBuf> {
    let p = std::env::var_os("FOOTHOLD_ORACLE_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/oracle-venv/bin/python")
        });
    let ok = std::process::Command::new(&p)
        .args(["-c", &format!("import {import}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        skip(format!(
            "{import} not importable by {} (bash .ci/run makes that venv)",
            p.display()
        ));
        return None;
    }
    Some(p)
}

/// Run a Python `script` with `input` on its standard input; its standard output.
pub fn python_stdin(py: &std::path::Path, script: &str, input: &[u8]) -> Vec<u8> {
    let mut child = std::process::Command::new(py)
        .arg("-c")
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write");
    let out = child.wait_with_output().expect("python");
    assert!(out.status.success(), "python failed");
    out.stdout
}

/// Run a tool in `dir`, panicking with its output when it fails.
pub fn run_in(dir: &std::path::Path, cmd: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(cmd)
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd}: {e}"));
    assert!(
        out.status.success(),
        "{cmd} {}: {}{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The DER certificates of a PEM file.
pub fn pem_certificates(pem: &str) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut b64 = String::new();
    let mut inside = false;
    for line in pem.lines() {
        match line.trim() {
            "-----BEGIN CERTIFICATE-----" => {
                inside = true;
                b64.clear();
            }
            "-----END CERTIFICATE-----" => {
                inside = false;
                out.push(base64(&b64));
            }
            l if inside => b64.push_str(l),
            _ => {}
        }
    }
    out
}

pub fn base64(s: &str) -> Vec<u8> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        })
    };
    let (mut out, mut acc, mut bits) = (Vec::new(), 0u32, 0u32);
    for v in s.bytes().filter_map(val) {
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// A code-signing chain made by `openssl` in `dir` (the caller has checked `need("openssl")`):
/// `root.pem`/`root.key` (`/CN=Foothold Test Root`), `other.pem` (`/CN=Another Root`, which
/// issued nothing), `inter.pem` (the intermediate the root issued), `leaf.pem`/`leaf.key`
/// (`/O=Foothold Tests/CN=Foothold Code Signing`, a code-signing certificate the intermediate
/// issued) and `chain.pem` (leaf then intermediate, what `osslsigncode sign -certs` takes).
pub fn code_signing_chain(dir: &std::path::Path) {
    code_signing_chain_named(
        dir,
        [
            "/CN=Foothold Test Root",
            "/CN=Foothold Test Intermediate",
            "/O=Foothold Tests/CN=Foothold Code Signing",
        ],
    );
}

/// [`code_signing_chain`] with the root's, the intermediate's and the leaf's subjects given.
pub fn code_signing_chain_named(dir: &std::path::Path, names: [&str; 3]) {
    code_signing_chain_keyed(dir, names, ["rsa:2048"; 3]);
}

/// [`code_signing_chain_named`] with each certificate's key given as `openssl req -newkey`
/// takes it, root, intermediate, leaf (`rsa:2048`; `ec:P-256`, `ec:P-384` for an EC key on
/// that curve).
pub fn code_signing_chain_keyed(
    dir: &std::path::Path,
    [root, inter, leaf]: [&str; 3],
    keys: [&str; 3],
) {
    let newkey = |k: &str| -> Vec<String> {
        match k.strip_prefix("ec:") {
            Some(curve) => vec![
                "-newkey".into(),
                "ec".into(),
                "-pkeyopt".into(),
                format!("ec_paramgen_curve:{curve}"),
            ],
            None => vec!["-newkey".into(), k.into()],
        }
    };
    std::fs::write(
        dir.join("ext.cnf"),
        "[ca]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n\
         [leaf]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n\
         subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
    )
    .unwrap();
    for (name, subj) in [("root", root), ("other", "/CN=Another Root")] {
        let mut args: Vec<String> = vec!["req".into(), "-x509".into()];
        args.extend(newkey(keys[0]));
        for a in [
            "-nodes",
            "-keyout",
            &format!("{name}.key"),
            "-out",
            &format!("{name}.pem"),
            "-days",
            "3650",
            "-subj",
            subj,
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ] {
            args.push(a.to_string());
        }
        run_in(
            dir,
            "openssl",
            &args.iter().map(String::as_str).collect::<Vec<_>>(),
        );
    }
    for (name, subj, ca, ext, key) in [
        ("inter", inter, "root", "ca", keys[1]),
        ("leaf", leaf, "inter", "leaf", keys[2]),
    ] {
        let mut args: Vec<String> = vec!["req".into()];
        args.extend(newkey(key));
        for a in [
            "-nodes",
            "-keyout",
            &format!("{name}.key"),
            "-out",
            &format!("{name}.csr"),
            "-subj",
            subj,
        ] {
            args.push(a.to_string());
        }
        run_in(
            dir,
            "openssl",
            &args.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        run_in(
            dir,
            "openssl",
            &[
                "x509",
                "-req",
                "-in",
                &format!("{name}.csr"),
                "-CA",
                &format!("{ca}.pem"),
                "-CAkey",
                &format!("{ca}.key"),
                "-CAcreateserial",
                "-out",
                &format!("{name}.pem"),
                "-days",
                "3650",
                "-extfile",
                "ext.cnf",
                "-extensions",
                ext,
            ],
        );
    }
    let chain = std::fs::read_to_string(dir.join("leaf.pem")).unwrap()
        + &std::fs::read_to_string(dir.join("inter.pem")).unwrap();
    std::fs::write(dir.join("chain.pem"), chain).unwrap();
}

/// `osslsigncode sign` of `input` into `output` with the leaf of [`code_signing_chain`] in
/// `dir`, its file digest `digest` (`sha256`, `sha1`).
pub fn sign_with_test_chain(
    dir: &std::path::Path,
    input: &std::path::Path,
    output: &std::path::Path,
    digest: &str,
) {
    let (Some(i), Some(o)) = (input.to_str(), output.to_str()) else {
        panic!("paths are not UTF-8");
    };
    run_in(
        dir,
        "osslsigncode",
        &[
            "sign",
            "-certs",
            "chain.pem",
            "-key",
            "leaf.key",
            "-h",
            digest,
            "-in",
            i,
            "-out",
            o,
        ],
    );
}

/// A DER element: tag, definite length, content.
pub fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

/// A dotted OID as a DER element.
pub fn der_oid(dotted: &str) -> Vec<u8> {
    let arcs: Vec<u64> = dotted.split('.').map(|a| a.parse().unwrap()).collect();
    let mut body = vec![(arcs[0] * 40 + arcs[1]) as u8];
    for &a in &arcs[2..] {
        let mut groups = vec![(a & 0x7f) as u8];
        let mut v = a >> 7;
        while v > 0 {
            groups.insert(0, 0x80 | (v & 0x7f) as u8);
            v >>= 7;
        }
        body.extend(groups);
    }
    der(0x06, &body)
}

/// An unsigned catalog file (a PKCS #7 `SignedData` with no signer whose content is a
/// certificate trust list, as `makecat` writes one before `signtool` signs it), listing each
/// `(file name, digest algorithm, digest)`: the tag is the digest as UTF-16LE upper-case hex,
/// the attributes a `File` name–value pair and an `SpcIndirectDataContent` holding the
/// digest (with `SpcPeImageData`, as for a PE file). `osslsigncode sign` signs it.
pub fn unsigned_catalog(members: &[(&str, &str, Vec<u8>)]) -> Vec<u8> {
    let seq = |parts: &[Vec<u8>]| der(0x30, &parts.concat());
    let set = |parts: &[Vec<u8>]| der(0x31, &parts.concat());
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    let mut subjects = Vec::new();
    for (name, alg, digest) in members {
        let alg_oid = match *alg {
            "sha1" => "1.3.14.3.2.26",
            "sha256" => "2.16.840.1.101.3.4.2.1",
            other => panic!("digest {other}"),
        };
        let hex: String = digest.iter().map(|b| format!("{b:02X}")).collect();
        let mut file = utf16(name);
        file.extend([0, 0]);
        let name_value = seq(&[
            der(
                0x1e,
                &"File"
                    .encode_utf16()
                    .flat_map(u16::to_be_bytes)
                    .collect::<Vec<_>>(),
            ),
            der(0x02, &[0x10, 0x01, 0x00, 0x01]),
            der(0x04, &file),
        ]);
        // SpcPeImageData: flags (an empty BIT STRING) and a file link `[0] { [2] { [0] "" } }`.
        let pe_image = seq(&[
            der_oid("1.3.6.1.4.1.311.2.1.15"),
            seq(&[der(0x03, &[0]), der(0xa0, &der(0xa2, &der(0x80, &[])))]),
        ]);
        let indirect = seq(&[
            pe_image,
            seq(&[
                seq(&[der_oid(alg_oid), vec![0x05, 0x00]]),
                der(0x04, digest),
            ]),
        ]);
        subjects.push(seq(&[
            der(0x04, &utf16(&hex)),
            set(&[
                seq(&[der_oid("1.3.6.1.4.1.311.12.2.1"), set(&[name_value])]),
                seq(&[der_oid("1.3.6.1.4.1.311.2.1.4"), set(&[indirect])]),
            ]),
        ]));
    }
    let ctl = seq(&[
        seq(&[der_oid("1.3.6.1.4.1.311.12.1.1")]),
        der(0x04, &[0x46; 16]),
        der(0x17, b"261207120000Z"),
        seq(&[der_oid("1.3.6.1.4.1.311.12.1.2"), vec![0x05, 0x00]]),
        seq(&subjects),
    ]);
    let signed_data = seq(&[
        der(0x02, &[1]),
        set(&[seq(&[der_oid("2.16.840.1.101.3.4.2.1"), vec![0x05, 0x00]])]),
        seq(&[der_oid("1.3.6.1.4.1.311.10.1"), der(0xa0, &ctl)]),
        set(&[]),
    ]);
    seq(&[der_oid("1.2.840.113549.1.7.2"), der(0xa0, &signed_data)])
}
