//! Loose files copied off a machine — a registry hive (with its `.LOG1`/`.LOG2`), an event
//! log, a task XML, a `.job`, a crontab, a systemd unit — recognised by their content and
//! placed at the path they have on a machine, so that [`crate::Evidence::open`] of the
//! file scans it with the same code, and to the same records, as the full image.
use foothold_fs::FileTree;
use std::io::Read;
use std::path::{Path, PathBuf};

/// What a loose file was taken for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LooseKind {
    /// A registry hive (`regf`).
    Hive,
    /// A Windows event log (`ElfFile`).
    EventLog,
    /// A Task Scheduler 2.0 task (XML in the task namespace).
    TaskXml,
    /// A Task Scheduler 1.0 `.job`.
    Job,
    /// A crontab (`/etc/crontab`, a `cron.d` file, a user's crontab, `anacrontab`).
    Crontab,
    /// A systemd unit (`[Timer]`, `[Service]`…).
    Unit,
    /// A Group Policy Preferences file (`ScheduledTasks.xml`, `Services.xml`).
    GroupPolicy,
}

/// Largest text file taken for a crontab or unit.
const MAX_TEXT: u64 = 4 << 20;
const HEAD: usize = 64 << 10;

/// Where a loose file goes: its kind, and every host file of the tree with its path there
/// (a hive's transaction logs beside it, a timer's service).
#[derive(Debug, Clone)]
pub struct Placed {
    /// What the file is.
    pub kind: LooseKind,
    /// (path on the machine, host file), the given file first.
    pub files: Vec<(String, PathBuf)>,
}

impl Placed {
    /// The tree the scan reads: the files, and for a Linux file the `/etc` and `/var`
    /// folders by which a scan knows a Linux root.
    pub fn tree(&self, label: &str) -> foothold_fs::Result<FileTree> {
        let dirs: &[&str] = match self.kind {
            LooseKind::Crontab | LooseKind::Unit => &["/etc", "/var"],
            // A GPO's file sits in SYSVOL, not below System32: the folder by which a scan
            // knows a Windows volume.
            LooseKind::GroupPolicy => &["/Windows/System32"],
            _ => &[],
        };
        Ok(FileTree::with_dirs(label, self.files.iter().cloned(), dirs)?.with_kind("file"))
    }
}

/// The loose file `path` placed on a machine's tree, when its content says what it is;
/// `None` for anything else (a disk image, an unknown file).
///
/// ```
/// let f = std::env::temp_dir().join(format!("loose-doc-{}", std::process::id()));
/// std::fs::write(&f, "SHELL=/bin/sh\n17 * * * * root cd / && run-parts --report /etc/cron.hourly\n").unwrap();
/// let p = foothold::place_loose_file(&f).unwrap();
/// assert_eq!(p.kind, foothold::LooseKind::Crontab);
/// // Named neither `crontab` nor in a cron folder: a user's crontab, the user its name.
/// assert!(p.files[0].0.starts_with("/var/spool/cron/crontabs/loose-doc-"));
/// std::fs::remove_file(f).unwrap();
/// ```
pub fn place_loose_file(path: &Path) -> Option<Placed> {
    if foothold_fs::archive::sniff(path).is_some() {
        return None;
    }
    place_unarchived(path)
}

/// [`place_loose_file`] of a file already known not to be an archive ([`crate::Evidence::open`]
/// sniffed it for a collection first).
pub(crate) fn place_unarchived(path: &Path) -> Option<Placed> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let mut head = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(HEAD as u64)
        .read_to_end(&mut head)
        .ok()?;
    let name = path.file_name()?.to_string_lossy().into_owned();
    let lower = name.to_ascii_lowercase();
    // A disk image's name: never a loose file (a VMDK descriptor is text, too).
    let image_ext = [
        ".vmdk", ".e01", ".img", ".dd", ".raw", ".qcow2", ".vhd", ".vhdx", ".001",
    ];
    if image_ext.iter().any(|e| lower.ends_with(e)) {
        return None;
    }
    let parent = path
        .parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let one = |kind, at: String| {
        Some(Placed {
            kind,
            files: vec![(at, path.to_path_buf())],
        })
    };
    // (A transaction log of the old format starts like a hive: it is its hive's companion,
    // not a hive of its own.)
    let is_log = [".log", ".log1", ".log2"]
        .iter()
        .any(|e| lower.ends_with(e));
    if head.starts_with(b"regf") && !is_log {
        return Some(hive(path, &head, &name, &parent));
    }
    if head.starts_with(b"ElfFile\0") {
        return one(
            LooseKind::EventLog,
            format!("/Windows/System32/winevt/Logs/{name}"),
        );
    }
    // A GPO's preferences: placed in SYSVOL under the name the scan looks for (no policy
    // or side is invented: the file's own path is its origin).
    if let Some(file) = gpp_kind(&head) {
        let folder = file.strip_suffix(".xml").unwrap_or(file);
        return one(
            LooseKind::GroupPolicy,
            format!("/Windows/SYSVOL/Preferences/{folder}/{file}"),
        );
    }
    if let Some(uri) = task_uri(&head) {
        let rel = uri
            .map(|u| u.trim_start_matches('\\').replace('\\', "/"))
            .filter(|u| !u.is_empty())
            .unwrap_or_else(|| name.strip_suffix(".xml").unwrap_or(&name).to_string());
        return one(LooseKind::TaskXml, format!("/Windows/System32/Tasks/{rel}"));
    }
    if lower.ends_with(".job") && meta.len() < MAX_TEXT {
        let bytes = std::fs::read(path).ok()?;
        if foothold_windows::parse_job(&bytes).is_ok() {
            return one(LooseKind::Job, format!("/Windows/Tasks/{name}"));
        }
    }
    if meta.len() > MAX_TEXT || head.contains(&0) || std::str::from_utf8(&head).is_err() {
        return None;
    }
    let text = String::from_utf8_lossy(&head);
    if text.lines().any(|l| {
        matches!(
            l.trim(),
            "[Unit]" | "[Service]" | "[Timer]" | "[Install]" | "[Path]" | "[Socket]"
        )
    }) {
        let mut files = vec![(format!("/etc/systemd/system/{name}"), path.to_path_buf())];
        // A timer starts the service of its name: beside it, it comes along.
        if let Some(stem) = name.strip_suffix(".timer") {
            let service = path.with_file_name(format!("{stem}.service"));
            if service.is_file() {
                files.push((format!("/etc/systemd/system/{stem}.service"), service));
            }
        }
        return Some(Placed {
            kind: LooseKind::Unit,
            files,
        });
    }
    if text.lines().any(cron_line) {
        let at = match (lower.as_str(), parent.as_str()) {
            ("crontab", _) => "/etc/crontab".to_string(),
            ("anacrontab", _) => "/etc/anacrontab".to_string(),
            (_, "cron.d") => format!("/etc/cron.d/{name}"),
            _ => format!("/var/spool/cron/crontabs/{name}"),
        };
        return one(LooseKind::Crontab, at);
    }
    None
}

/// A line a crontab would run: `@word …`, or five schedule fields and a command.
fn cron_line(l: &str) -> bool {
    let l = l.trim();
    if l.is_empty() || l.starts_with('#') {
        return false;
    }
    if let Some(w) = l.strip_prefix('@') {
        let word = w.split_whitespace().next().unwrap_or("");
        return matches!(
            word,
            "reboot"
                | "yearly"
                | "annually"
                | "monthly"
                | "weekly"
                | "daily"
                | "midnight"
                | "hourly"
        ) && w.split_whitespace().nth(1).is_some();
    }
    let fields: Vec<&str> = l.split_whitespace().take(6).collect();
    fields.len() == 6
        && fields[..5].iter().all(|f| {
            f.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'*' | b'/' | b',' | b'-'))
                && f.bytes().any(|b| b.is_ascii_digit() || b == b'*')
                || f.len() == 3 && f.bytes().all(|b| b.is_ascii_alphabetic())
        })
}

/// For a task XML: `Some(its <URI>, if any)`; `None` when the bytes are not one.
/// The preferences file a head is (`ScheduledTasks.xml`, `Services.xml`), from its root
/// element, with the GPP class id attribute every such file has.
fn gpp_kind(head: &[u8]) -> Option<&'static str> {
    let text = head_text(head);
    // The first element that is not a declaration, comment or DOCTYPE.
    let mut rest = text.as_str();
    let root = loop {
        let (_, after) = rest.split_once('<')?;
        if after.starts_with('?') || after.starts_with('!') {
            rest = after;
            continue;
        }
        break after;
    };
    let name: String = root
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    if !root
        .split('>')
        .next()
        .is_some_and(|tag| tag.contains("clsid="))
    {
        return None;
    }
    match name.as_str() {
        "ScheduledTasks" => Some("ScheduledTasks.xml"),
        "NTServices" => Some("Services.xml"),
        _ => None,
    }
}

/// A file's head as text (UTF-16 when it says so by its BOM or zeros, else UTF-8).
fn head_text(head: &[u8]) -> String {
    if head.starts_with(&[0xFF, 0xFE]) || head.get(1) == Some(&0) {
        let start = if head.starts_with(&[0xFF, 0xFE]) {
            2
        } else {
            0
        };
        let units: Vec<u16> = head
            .get(start..)
            .unwrap_or_default()
            .chunks_exact(2)
            .filter_map(|c| foothold_core::u16_at(c, 0))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(head).into_owned()
    }
}

fn task_uri(head: &[u8]) -> Option<Option<String>> {
    let text = head_text(head);
    if !(text.contains("<Task") && text.contains("windows/2004/02/mit/task")) {
        return None;
    }
    let uri = text
        .split_once("<URI>")
        .and_then(|(_, r)| r.split_once("</URI>"))
        .map(|(u, _)| u.trim().to_string());
    Some(uri)
}

/// A hive: its name from the base block's file name (`\SystemRoot\System32\Config\SAM`,
/// `\??\C:\Users\bob\ntuser.dat`), else the file's own; its logs from beside it.
fn hive(path: &Path, head: &[u8], name: &str, parent: &str) -> Placed {
    let embedded: String = head
        .get(0x30..0x70)
        .map(|b| {
            let units: Vec<u16> = b
                .chunks_exact(2)
                .filter_map(|c| foothold_core::u16_at(c, 0))
                .take_while(|&u| u != 0)
                .collect();
            String::from_utf16_lossy(&units)
        })
        .unwrap_or_default();
    let short = embedded
        .rsplit(['\\', '/'])
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(name)
        .to_string();
    let upper = short.to_ascii_uppercase();
    let file_upper = name.to_ascii_uppercase();
    let at = if upper == "NTUSER.DAT" || file_upper == "NTUSER.DAT" {
        let user = if parent.is_empty() { "user" } else { parent };
        format!("/Users/{user}/NTUSER.DAT")
    } else if upper == "USRCLASS.DAT" || file_upper == "USRCLASS.DAT" {
        let user = if parent.is_empty() { "user" } else { parent };
        format!("/Users/{user}/AppData/Local/Microsoft/Windows/UsrClass.dat")
    } else {
        // SYSTEM, SOFTWARE, SAM, SECURITY, DEFAULT: the name Windows gives them; another
        // hive keeps its file name in the config folder.
        let known = ["SYSTEM", "SOFTWARE", "SAM", "SECURITY", "DEFAULT"];
        let n = known
            .iter()
            .find(|k| **k == upper || **k == file_upper)
            .map_or(name.to_string(), |k| k.to_string());
        format!("/Windows/System32/config/{n}")
    };
    let mut files = vec![(at.clone(), path.to_path_buf())];
    for ext in ["LOG1", "LOG2", "LOG"] {
        for e in [ext.to_string(), ext.to_ascii_lowercase()] {
            let log = path.with_file_name(format!("{name}.{e}"));
            if log.is_file() {
                files.push((format!("{at}.{ext}"), log));
                break;
            }
        }
    }
    Placed {
        kind: LooseKind::Hive,
        files,
    }
}
