//! Who the machine is: `/etc/os-release`, `/etc/hostname`, and the login records of
//! `/var/log/wtmp` (boots, shutdowns, logons).
use foothold_core::{u32_at, Timestamp};

fn i32_le(b: &[u8], at: usize) -> Option<i32> {
    u32_at(b, at).map(|v| v as i32)
}
use std::collections::BTreeMap;

/// `/etc/os-release` (or `/usr/lib/os-release`) as its `KEY=value` pairs, values unquoted as
/// the shell would (`"…"` with backslash escapes, `'…'`).
///
/// ```
/// let r = foothold_linux::parse_os_release(b"NAME=\"Debian GNU/Linux\"\nVERSION_ID='12'\n# c\nID=debian\n");
/// assert_eq!(r["NAME"], "Debian GNU/Linux");
/// assert_eq!((r["VERSION_ID"].as_str(), r["ID"].as_str()), ("12", "debian"));
/// ```
pub fn parse_os_release(data: &[u8]) -> BTreeMap<String, String> {
    let text = String::from_utf8_lossy(data);
    let mut out = BTreeMap::new();
    for line in text.lines().take(1000) {
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            continue;
        };
        if k.is_empty() || !k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            continue;
        }
        let v = v.trim();
        let value = if let Some(inner) = v.strip_prefix('"').and_then(|x| x.strip_suffix('"')) {
            let mut s = String::new();
            let mut chars = inner.chars();
            while let Some(c) = chars.next() {
                if c == '\\' {
                    if let Some(n) = chars.next() {
                        s.push(n);
                    }
                } else {
                    s.push(c);
                }
            }
            s
        } else if let Some(inner) = v.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')) {
            inner.to_string()
        } else {
            v.to_string()
        };
        out.insert(k.to_string(), value);
    }
    out
}

foothold_core::named_enum! {
    /// The kind of a login record (`ut_type`).
    pub enum UtmpKind {
        /// `RUN_LVL` (1): a run-level change; user `shutdown` at shutdown.
        RunLevel => "run_level",
        /// `BOOT_TIME` (2): the system booted (user `reboot`).
        Boot => "boot",
        /// `NEW_TIME` (3), after a clock change.
        NewTime => "new_time",
        /// `OLD_TIME` (4), before a clock change.
        OldTime => "old_time",
        /// `INIT_PROCESS` (5).
        InitProcess => "init_process",
        /// `LOGIN_PROCESS` (6).
        LoginProcess => "login_process",
        /// `USER_PROCESS` (7): a logon.
        UserProcess => "user_process",
        /// `DEAD_PROCESS` (8): a logoff.
        DeadProcess => "dead_process",
    }
    other: /** Another type number, as a string. */ Other
}

/// One record of `wtmp`/`btmp`/`utmp` (glibc's 384-byte `struct utmp` on 64-bit Linux).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UtmpRecord {
    /// Byte offset in the file.
    pub offset: u64,
    /// `ut_type`.
    pub kind: UtmpKind,
    /// `ut_pid`.
    pub pid: i32,
    /// `ut_line` (`pts/0`, `~`).
    pub line: String,
    /// `ut_user` (`root`, `reboot`, `shutdown`).
    pub user: String,
    /// `ut_host` (address or kernel version).
    pub host: String,
    /// `ut_tv`.
    pub time: Option<Timestamp>,
}

/// Size of one `struct utmp` record.
pub const UTMP_RECORD: usize = 384;

/// The records of a `wtmp` file, in file order; a trailing partial record is ignored, and so
/// are all-zero records (empty slots).
///
/// ```
/// let mut rec = vec![0u8; 384];
/// rec[0] = 2; // BOOT_TIME
/// rec[44..50].copy_from_slice(b"reboot");
/// rec[340..344].copy_from_slice(&1_700_000_000u32.to_le_bytes());
/// let r = foothold_linux::parse_wtmp(&rec);
/// assert_eq!((r[0].kind.as_str(), r[0].user.as_str()), ("boot", "reboot"));
/// assert_eq!(r[0].time.unwrap().to_string(), "2023-11-14T22:13:20Z");
/// ```
pub fn parse_wtmp(data: &[u8]) -> Vec<UtmpRecord> {
    // A NUL-ended text field of the record (each range lies inside its 384 bytes).
    let text = |r: &[u8], range: std::ops::Range<usize>| {
        let b = r.get(range).unwrap_or_default();
        String::from_utf8_lossy(b.split(|c| *c == 0).next().unwrap_or_default()).into_owned()
    };
    data.chunks_exact(UTMP_RECORD)
        .enumerate()
        .filter(|(_, r)| r.iter().any(|b| *b != 0))
        .map(|(i, r)| {
            let kind = i32_le(r, 0).unwrap_or(0) & 0xFFFF;
            let secs = i32_le(r, 340).unwrap_or(0);
            let usecs = i32_le(r, 344).unwrap_or(0);
            UtmpRecord {
                offset: (i as u64).saturating_mul(UTMP_RECORD as u64),
                kind: match kind {
                    1 => UtmpKind::RunLevel,
                    2 => UtmpKind::Boot,
                    3 => UtmpKind::NewTime,
                    4 => UtmpKind::OldTime,
                    5 => UtmpKind::InitProcess,
                    6 => UtmpKind::LoginProcess,
                    7 => UtmpKind::UserProcess,
                    8 => UtmpKind::DeadProcess,
                    n => UtmpKind::Other(n.to_string()),
                },
                pid: i32_le(r, 4).unwrap_or(0),
                line: text(r, 8..40),
                user: text(r, 44..76),
                host: text(r, 76..332),
                time: (secs != 0).then(|| {
                    // Microseconds clamped to a second: at most 999,999,000 ns.
                    let nanos = usecs.clamp(0, 999_999).unsigned_abs().saturating_mul(1000);
                    Timestamp::from_unix(i64::from(secs), nanos)
                }),
            }
        })
        .collect()
}
