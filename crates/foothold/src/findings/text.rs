//! What the rules look for in command lines, paths and names: plain string tests, each
//! a small pure function with its reasons in its doc comment.

/// A command line and what its encoded parts decode to, lower case, in one string.
pub(super) fn lower_all(line: &str, decoded: &[String]) -> String {
    let mut s = line.to_lowercase();
    for d in decoded {
        s.push('\n');
        s.push_str(&d.to_lowercase());
    }
    s
}

/// A value cut to a line an examiner reads (first line, 120 characters).
pub(super) fn short(s: &str) -> String {
    let line = s.lines().next().unwrap_or("");
    if line.chars().count() > 120 || s.lines().nth(1).is_some() {
        let mut out: String = line.chars().take(119).collect();
        out.push('…');
        out
    } else {
        line.to_string()
    }
}

/// The last component of a Windows or Unix path.
pub(super) fn file_name(path: &str) -> &str {
    path.rsplit(['\\', '/']).next().unwrap_or(path)
}

/// The first of `needles` in `hay`.
fn first_of<'a>(hay: &str, needles: &[&'a str]) -> Option<&'a str> {
    needles.iter().copied().find(|n| hay.contains(n))
}

/// Mimikatz commands and driver, Windows Credential Editor, the pwdump family, LSASS dumps (`comsvcs.dll MiniDump`, `procdump … lsass`), SAM/SECURITY
/// hive saves.
pub(super) fn credential_theft(lower: &str) -> Option<&'static str> {
    first_of(
        lower,
        &[
            "sekurlsa::",
            "lsadump::",
            "kerberos::",
            "mimikatz",
            "comsvcs.dll, minidump",
            "comsvcs.dll minidump",
            "comsvcs.dll,minidump",
            "reg save hklm\\sam",
            "reg save hklm\\security",
            "mimidrv",
            "wceservice",
            "wce.exe",
            "pwdump",
            "fgdump",
            "gsecdump",
        ],
    )
    .or_else(|| (lower.contains("procdump") && lower.contains("lsass")).then_some("procdump lsass"))
}

/// `nc -e`, `/dev/tcp/`, `bash -i >&`, `socat … exec:`, a `Net.Sockets.TCPClient` in PowerShell.
pub(super) fn reverse_shell(lower: &str) -> Option<&'static str> {
    first_of(
        lower,
        &[
            "nc -e",
            "ncat -e",
            "netcat -e",
            "nc.traditional -e",
            "/dev/tcp/",
            "/dev/udp/",
            "bash -i >&",
            "sh -i >&",
            "net.sockets.tcpclient",
        ],
    )
    .or_else(|| (lower.contains("socat") && lower.contains("exec:")).then_some("socat exec:"))
}

/// A network fetch: a URL given to a downloader, a .NET or PowerShell web client, BITS,
/// `certutil -urlcache`.
pub(super) fn downloads(lower: &str) -> Option<&'static str> {
    let tool = first_of(
        lower,
        &[
            "downloadstring",
            "downloadfile",
            "downloaddata",
            "invoke-webrequest",
            "invoke-restmethod",
            "net.webclient",
            "start-bitstransfer",
            "bitsadmin",
            "-urlcache",
            "curl ",
            "wget ",
            "iwr ",
        ],
    )?;
    (lower.contains("http://") || lower.contains("https://") || lower.contains("ftp://"))
        .then_some(tool)
}

/// What is fetched is run: `iex`/`Invoke-Expression`, piped to a shell, or saved and started.
pub(super) fn executes_download(lower: &str) -> bool {
    [
        "iex",
        "invoke-expression",
        "| sh",
        "|sh",
        "| bash",
        "|bash",
        "start-process",
        "&& chmod +x",
        "; chmod +x",
    ]
    .iter()
    .any(|n| lower.contains(n))
}

/// Output redirected to a file in a temporary folder (`> %windir%\Temp\x.tmp 2>&1`: how
/// impacket's atexec and smbexec read back what they ran).
pub(super) fn output_to_temp(lower: &str) -> bool {
    lower.split_once('>').is_some_and(|(_, after)| {
        after.contains("\\temp\\") || after.contains("/tmp/") || after.contains("\\tmp\\")
    })
}

/// Command interpreters and script hosts.
const SHELLS: &[&str] = &[
    "cmd.exe",
    "cmd",
    "powershell.exe",
    "powershell",
    "pwsh.exe",
    "pwsh",
    "mshta.exe",
    "wscript.exe",
    "cscript.exe",
    "regsvr32.exe",
];

/// A command interpreter or script host (or `rundll32`) as a service's program.
pub(super) fn is_interpreter(program: &str) -> bool {
    SHELLS.contains(&program) || program == "rundll32.exe"
}

/// PsExec's and its likes' service: `PSEXESVC`, `PAExec`, `RemCom`, `csexec`.
pub(super) fn is_remote_admin(program: &str, name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    ["psexesvc", "paexec", "remcom", "csexecsvc"]
        .iter()
        .any(|t| program.starts_with(t) || n.starts_with(t))
}

/// A command interpreter or a signed-binary launcher that hands a task or job on
/// (`rundll32` is left out: Windows' own tasks use it for their DLLs).
pub(super) fn is_launcher(program: &str) -> bool {
    SHELLS.contains(&program)
        || [
            "certutil.exe",
            "bitsadmin.exe",
            "msbuild.exe",
            "installutil.exe",
            "forfiles.exe",
        ]
        .contains(&program)
}

/// A path lower case with `/` separators, variables and drive letters taken off
/// (`%SystemRoot%\System32\x` → `/windows/system32/x`, `C:\Users\a` → `/users/a`).
pub(super) fn normalized(path: &str) -> String {
    let mut p = path.trim_matches('"').replace('\\', "/").to_lowercase();
    for (var, to) in [
        ("%systemroot%", "/windows"),
        ("%windir%", "/windows"),
        ("/systemroot", "/windows"),
        ("systemroot", "/windows"),
        ("%programfiles%", "/program files"),
        ("%programfiles(x86)%", "/program files (x86)"),
        ("%programdata%", "/programdata"),
        ("%localappdata%", "/users/%user%/appdata/local"),
        ("%appdata%", "/users/%user%/appdata/roaming"),
        ("%temp%", "/users/%user%/appdata/local/temp"),
        ("%tmp%", "/users/%user%/appdata/local/temp"),
        ("%userprofile%", "/users/%user%"),
        ("%public%", "/users/public"),
    ] {
        if let Some(rest) = p.strip_prefix(var) {
            p = format!("{to}{rest}");
            break;
        }
    }
    if p.len() > 2 && p.as_bytes()[1] == b':' {
        p = p.get(2..).unwrap_or_default().to_string();
    }
    // `\??\C:\…` (an NT path, as drivers' ImagePath often is).
    if let Some(rest) = p.strip_prefix("/??/").or_else(|| p.strip_prefix("//?/")) {
        p = rest.get(2..).unwrap_or(rest).to_string();
    }
    // A driver's `system32\drivers\x.sys` is relative to the Windows folder.
    if p.starts_with("system32/") || p.starts_with("syswow64/") {
        p.insert_str(0, "/windows/");
    }
    if !p.starts_with('/') {
        p.insert(0, '/');
    }
    p
}

/// A folder any user can write: profiles, ProgramData (not Microsoft's own folders in it,
/// which only administrators and services write), temporary folders, the recycle bin
/// (Windows); `/tmp`, `/var/tmp`, `/dev/shm`, home folders (Linux).
pub(super) fn user_writable(p: &str, windows: bool) -> bool {
    if windows {
        p.starts_with("/users/")
            || p.starts_with("/programdata/") && !p.starts_with("/programdata/microsoft/")
            || p.starts_with("/windows/temp/")
            || p.starts_with("/temp/")
            || p.starts_with("/tmp/")
            || p.starts_with("/perflogs/")
            || p.starts_with("/$recycle.bin/")
            || p.contains("/appdata/")
    } else {
        p.starts_with("/tmp/")
            || p.starts_with("/var/tmp/")
            || p.starts_with("/dev/shm/")
            || p.starts_with("/home/")
            || p.starts_with("/run/user/")
    }
}

/// Outside the operating system's and installed programs' folders, and not a bare name
/// (a name alone is found on the search path).
pub(super) fn nonstandard(p: &str, windows: bool) -> bool {
    if p.matches('/').count() < 2 || user_writable(p, windows) {
        return false;
    }
    let standard: &[&str] = if windows {
        &[
            "/windows/",
            "/program files/",
            "/program files (x86)/",
            "/programdata/microsoft/",
        ]
    } else {
        &[
            "/usr/",
            "/bin/",
            "/sbin/",
            "/lib/",
            "/lib64/",
            "/opt/",
            "/etc/",
            "/snap/",
            "/var/lib/",
        ]
    };
    !standard.iter().any(|s| p.starts_with(s))
}

/// A component that starts with a dot (not `.` or `..`).
pub(super) fn hidden_component(p: &str) -> bool {
    p.split('/')
        .any(|c| c.starts_with('.') && c != "." && c != "..")
}

/// A program directly in the Windows folder (`C:\Windows\x.exe`), where PsExec-style tools
/// drop their service binaries; Windows keeps few programs there and runs none as services.
pub(super) fn windows_root_program(p: &str) -> bool {
    p.strip_prefix("/windows/")
        .is_some_and(|rest| !rest.contains('/') && rest.ends_with(".exe"))
}

/// A name that looks generated: mixed case (a name in one case is too often a real
/// service's: `mpssvc`, `dnscache`), split into words at case changes (`SilentCleanup` is two
/// words, `CDPSvc` is `CDP` and `Svc`), a word with a run of four or more consonants (a
/// lower-case `y` a vowel)
/// (`KgXItsbKgTJzdzwl`, `bouWFQYO`); an acronym of up to four capitals is a word of its own.
/// Letters only, six or more, with capitals run together after a lower-case letter.
pub(super) fn random_looking(name: &str) -> bool {
    let b = name.as_bytes();
    if b.len() < 6
        || !b.iter().all(u8::is_ascii_alphabetic)
        || !b.iter().any(u8::is_ascii_uppercase)
        || !b.iter().any(u8::is_ascii_lowercase)
    {
        return false;
    }
    // Capitals in the middle of lower case, two or more (`bouWFQYO`, `KgXI`): a generator's
    // random case, not CamelCase words (`LanmanWorkstation`, `DXGKrnl`).
    let random_case = b.windows(3).any(|w| {
        w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase() && w[2].is_ascii_uppercase()
    });
    if !random_case {
        return false;
    }
    let mut words: Vec<&[u8]> = Vec::new();
    let mut start = 0;
    for i in 1..b.len() {
        let lower_to_upper = b[i - 1].is_ascii_lowercase() && b[i].is_ascii_uppercase();
        // `CDPSvc`: the capital before a lower-case letter starts the next word.
        let acronym_end = b[i - 1].is_ascii_uppercase()
            && b[i].is_ascii_uppercase()
            && b.get(i + 1).is_some_and(u8::is_ascii_lowercase);
        if lower_to_upper || acronym_end {
            words.push(&b[start..i]);
            start = i;
        }
    }
    words.push(&b[start..]);
    words.iter().any(|w| {
        if w.len() <= 4 && w.iter().all(u8::is_ascii_uppercase) {
            return false;
        }
        let mut run = 0;
        w.iter().any(|c| {
            // A lower-case `y` sounds as a vowel (`Sysmon`); a capital one in a run of
            // capitals rarely does.
            if b"aeiouy".contains(c) || b"AEIOU".contains(c) {
                run = 0;
            } else {
                run += 1;
            }
            run >= 4
        })
    })
}

/// An address a logon came from that is another machine (not loopback, not `-`).
pub(super) fn remote_address(a: &str) -> bool {
    !(a.is_empty() || a == "-" || a == "::1" || a.starts_with("127.") || a == "localhost")
}

/// Signed by Microsoft, by its own signature or by a catalog of the machine that lists it:
/// the digest matches the file, the signer's signature verifies over what it signed, and
/// every link of the chain it carries verifies up to a Microsoft issuer, and, when the image's
/// root stores were read, the chain ends in one of them.
pub(super) fn microsoft_signed(b: &crate::scan::Binary) -> bool {
    let Some(sig) = b
        .info
        .as_ref()
        .and_then(|i| i.pe.as_ref())
        .and_then(|p| p.vouching_signature())
    else {
        return false;
    };
    sig.digest_matches
        && sig.signature_verified == Some(true)
        && sig.content_digest_matches != Some(false)
        && sig.chain.iter().all(|l| l.verified != Some(false))
        // (When the image's root stores were read, the chain must end in one of them.)
        && sig.trusted != Some(false)
        && sig
            .chain
            .last()
            .is_some_and(|l| l.issuer.contains("O=Microsoft Corporation"))
        && sig
            .signer_subject
            .as_deref()
            .is_some_and(|s| s.contains("O=Microsoft Corporation"))
}

/// What a PE file's signature says, in a few words for a report: who signed it (itself or
/// through which catalog) and what of it was verified.
pub(crate) fn signature_summary(pe: &foothold_binary::PeInfo) -> String {
    let (how, sig) = match (&pe.signature, &pe.catalog) {
        (Some(s), _) => ("signed".to_string(), s),
        (None, Some(c)) => (
            format!("signed through catalog {}", c.catalog),
            &c.signature,
        ),
        (None, None) => return "not signed".into(),
    };
    let verdict = if !sig.digest_matches {
        "digest does NOT match the file"
    } else if sig.signature_verified == Some(false) || sig.content_digest_matches == Some(false) {
        "signature does NOT verify"
    } else if sig.signature_verified.is_none() {
        "digest matches; signature not verified"
    } else if sig.chain.iter().any(|l| l.verified == Some(false)) {
        "signature verified; a certificate of its chain does NOT verify"
    } else {
        match sig.trusted {
            Some(true) => "verified to a root the machine trusts",
            Some(false) => "verified, but to no root the machine trusts",
            None => "signature and carried chain verified",
        }
    };
    format!(
        "{how} by {} ({verdict})",
        sig.signer_subject.as_deref().unwrap_or("?")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_real_attacks_look_random_and_windows_own_do_not() {
        // Metasploit's psexec service, impacket atexec's task.
        for n in ["KgXItsbKgTJzdzwl", "bouWFQYO"] {
            assert!(random_looking(n), "{n}");
        }
        for n in [
            "SilentCleanup",
            "GoogleUpdateTaskMachineCore",
            "ScheduledDefrag",
            "Proxy",
            "SmartRetry",
            "Scheduled",
            "wuauserv",
            "Schedule",
            "BthHFSrv",
            "CDPSvc",
            "mpssvc",
            "XblGameSaveTask",
            "MicrosoftEdgeUpdateTaskMachineUA",
            "Sysmon",
            "AppMgmt",
            "Dnscache",
            "WinHttpAutoProxySvc",
            "LanmanWorkstation",
            "DXGKrnl",
            "VBoxWddm",
            "MSiSCSI",
        ] {
            assert!(!random_looking(n), "{n}");
        }
    }

    #[test]
    fn paths_are_normalized_and_placed() {
        assert_eq!(
            normalized("%SystemRoot%\\System32\\svchost.exe"),
            "/windows/system32/svchost.exe"
        );
        assert_eq!(normalized("C:\\TMP\\mim.exe"), "/tmp/mim.exe");
        assert!(user_writable(
            &normalized("C:\\Users\\a\\AppData\\x.exe"),
            true
        ));
        assert!(nonstandard(&normalized("C:\\Tools\\second.exe"), true));
        assert!(!nonstandard(&normalized("notepad.exe"), true));
        assert!(windows_root_program(&normalized(
            "%SYSTEMROOT%\\KgXItsb.exe"
        )));
        assert!(!windows_root_program(&normalized(
            "C:\\Windows\\System32\\a.exe"
        )));
        assert_eq!(
            normalized("system32\\drivers\\MSPCLOCK.sys"),
            "/windows/system32/drivers/mspclock.sys"
        );
        assert!(hidden_component("/tmp/.x/run"));
        assert_eq!(
            normalized("\\??\\C:\\ProgramData\\Microsoft\\Windows Defender\\x.sys"),
            "/programdata/microsoft/windows defender/x.sys"
        );
        assert!(output_to_temp(
            "cmd.exe /c whoami > %windir%\\temp\\bouwfqyo.tmp 2>&1"
        ));
    }
}
