//! What each task, service and job runs: its command lines taken apart (the artifact crates'
//! parsers), every file they name looked for in the image the way the OS would look for it,
//! and each file found hashed and described once (`foothold-binary`), in parallel.
use super::Report;
use foothold_binary::{BinaryInfo, Hashes};
use foothold_core::{Invocation, TargetKind};
use foothold_fs::{Entry, EntryKind, FileSystem, StreamInfo, Timestamps};
use foothold_windows::WindowsEnvironment;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;

foothold_core::named_enum! {
    /// Whether a file a command names is in the image.
    pub enum BinaryStatus {
        /// Found: `path` says where.
        Found => "found",
        /// Not found at any place the OS would look (`searched`).
        Missing => "missing",
        /// Not in any directory, but a deleted entry (an unused MFT record or inode) has its
        /// path: the file was there. Its content is not read (its clusters may be reused).
        Deleted => "deleted",
        /// The path is a directory or a device, not a file.
        NotAFile => "not_a_file",
        /// On another drive than the system volume.
        OtherVolume => "other_volume",
        /// A network path or address (UNC, URL): not in the image.
        Remote => "remote",
        /// Not in the evidence, which holds only some files of the machine (a loose file, a
        /// triage collection): whether the machine had it is not known — unlike `missing`,
        /// said of a whole volume.
        NotInEvidence => "not_in_evidence",
    }
}

/// A file (or address) a command line runs or hands on to, and what the image says of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Binary {
    /// What the command does with it (`program`, `dll`, `script`, `url`, `file`).
    pub kind: TargetKind,
    /// As the command line names it (variables expanded).
    pub written: String,
    /// `rundll32`'s entry point.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry_point: Option<String>,
    /// The launcher that hands it on (`rundll32.exe`, `cmd.exe /c`, `sh -c`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// Whether it is in the image.
    pub status: BinaryStatus,
    /// Where it is on the volume (`/Windows/System32/svchost.exe`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The places looked at, in the OS's order (a name searched on `Path`/`PATH`, the
    /// loader's candidates for an unquoted path).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub searched: Vec<String>,
    /// MFT entry or inode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<u64>,
    /// Size in bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// The file's times (`$STANDARD_INFORMATION`, `$FILE_NAME`; ext inode times).
    #[serde(flatten)]
    pub times: Timestamps,
    /// Owner uid (ext).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<u32>,
    /// Owner SID (NTFS: the owner of its security descriptor in `$Secure`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Mode bits (ext) or file attribute flags (NTFS).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<u32>,
    /// Alternate data streams (NTFS).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub streams: Vec<StreamInfo>,
    /// The `Zone.Identifier` stream's text (Mark of the Web).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_identifier: Option<String>,
    /// Its `HostUrl`: where the file was downloaded from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub download_url: Option<String>,
    /// MD5, SHA-1 and SHA-256 of its content (absent with `--no-hash`).
    #[serde(flatten)]
    pub hashes: Option<Hashes>,
    /// What the content is (PE, ELF, script facts).
    #[serde(flatten)]
    pub info: Option<BinaryInfo>,
    /// `unquoted_path_hijack` (an earlier loader candidate exists and is what runs),
    /// `entry_point_not_exported` (the DLL does not export the `rundll32` entry or the
    /// `ServiceMain` named), `not_hashed`, `read_error: …`.
    pub flags: Vec<String>,
}

/// One command line of a record (a task's exec action, a service's `ImagePath`, a job's
/// command), taken apart, with the files it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct RunCommand {
    /// Which command of the record: `action 1`, `image_path`, `service_dll`,
    /// `failure_command`, `command`.
    pub role: String,
    /// The command line, taken apart.
    pub invocation: Invocation,
    /// Each file or address it names, looked for in the image.
    pub binaries: Vec<Binary>,
    /// Environment variables whose value is Windows' default, not read from the image.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub default_environment: Vec<String>,
}

/// Largest file read whole to be hashed and described.
const MAX_BINARY: u64 = 512 << 20;
/// Symlink hops followed.
const MAX_LINKS: usize = 8;

/// Looks files up on one volume, following symlinks, and falls back on deleted entries; one
/// per volume, shared by the resolution and the description of its files.
pub(crate) struct Finder<'a> {
    fs: &'a dyn FileSystem,
    /// The volume's deleted entries (shared with the other scans of the volume).
    volume_deleted: &'a std::sync::OnceLock<std::result::Result<Vec<Entry>, String>>,
    deleted: std::cell::OnceCell<HashMap<String, Entry>>,
    /// Directory listings already read, by entry number (a search of `Path` reads the same
    /// large folders for every name).
    dirs: std::cell::RefCell<HashMap<u64, std::rc::Rc<Vec<Entry>>>>,
}

enum Found {
    File(Entry, String),
    NotAFile(Entry, String),
    Missing,
}

impl<'a> Finder<'a> {
    pub(crate) fn new(ctx: &'a super::VolumeCtx<'a>) -> Self {
        Finder {
            fs: &**ctx.fs,
            volume_deleted: &ctx.deleted,
            deleted: std::cell::OnceCell::new(),
            dirs: Default::default(),
        }
    }

    /// The entries of a directory, read once.
    fn children(&self, dir: &Entry) -> Option<std::rc::Rc<Vec<Entry>>> {
        if let Some(l) = self.dirs.borrow().get(&dir.entry) {
            return Some(l.clone());
        }
        let l = std::rc::Rc::new(self.fs.read_dir(dir).ok()?.entries);
        self.dirs.borrow_mut().insert(dir.entry, l.clone());
        Some(l)
    }

    /// `path` with every symlink on the way followed (at most [`MAX_LINKS`]).
    fn lookup(&self, path: &str) -> Option<(Entry, String)> {
        let mut pending: Vec<String> = components(path);
        let mut cur = self.fs.root().ok()?;
        let mut cur_path: Vec<String> = Vec::new();
        let mut hops = 0;
        while !pending.is_empty() {
            let comp = pending.remove(0);
            if comp == "." {
                continue;
            }
            if comp == ".." {
                cur_path.pop();
                cur = self.fs.lookup(&format!("/{}", cur_path.join("/"))).ok()?;
                continue;
            }
            if cur.kind != EntryKind::Dir {
                return None;
            }
            let child = self
                .children(&cur)?
                .iter()
                .find(|c| self.fs.same_name(&c.name, &comp))?
                .clone();
            if child.kind == EntryKind::Symlink {
                hops += 1;
                if hops > MAX_LINKS {
                    return None;
                }
                let target = child.link_target.clone()?;
                let mut rest = components(&target);
                rest.extend(pending);
                pending = rest;
                if target.starts_with('/') {
                    cur_path.clear();
                    cur = self.fs.root().ok()?;
                }
                continue;
            }
            cur_path.push(child.name.clone());
            cur = child;
        }
        Some((cur, format!("/{}", cur_path.join("/"))))
    }

    fn find(&self, path: &str) -> Found {
        match self.lookup(path) {
            Some((e, p)) if e.kind == EntryKind::File => Found::File(e, p),
            Some((e, p)) => Found::NotAFile(e, p),
            None => Found::Missing,
        }
    }

    /// The deleted entry whose path is `path`, if any (the volume's deleted entries are
    /// gathered once, on the first question).
    fn find_deleted(&self, path: &str) -> Option<Entry> {
        let index = self.deleted.get_or_init(|| {
            let mut m: HashMap<String, Entry> = HashMap::new();
            // A walk that failed is reported by the scan of deleted task files; here there
            // is simply nothing to fall back on.
            let all = self
                .volume_deleted
                .get_or_init(|| self.fs.deleted().map_err(|e| e.to_string()));
            for d in all.iter().flatten() {
                m.entry(fold(&d.path)).or_insert_with(|| d.clone());
            }
            m
        });
        index
            .get(&fold(path))
            .filter(|d| same_path(self.fs, &d.path, path))
            .cloned()
    }
}

/// A path folded for lookup: `/`-separated components, lower-case (NTFS names are compared
/// case-insensitively; an exact comparison follows the lookup).
fn fold(p: &str) -> String {
    components(p).join("/").to_lowercase()
}

fn components(p: &str) -> Vec<String> {
    p.split(['/', '\\'])
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether two paths name the same file on `fs` (its own name comparison: NTFS ignores
/// case).
pub(crate) fn same_path(fs: &dyn FileSystem, a: &str, b: &str) -> bool {
    let (a, b) = (components(a), components(b));
    a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| fs.same_name(x, y))
}

pub(crate) fn binary(
    kind: TargetKind,
    written: &str,
    entry_point: Option<String>,
    via: Option<String>,
) -> Binary {
    Binary {
        kind,
        written: written.to_string(),
        entry_point,
        via,
        status: BinaryStatus::Missing,
        path: None,
        searched: Vec::new(),
        entry: None,
        size: None,
        times: Timestamps::default(),
        uid: None,
        owner: None,
        mode: None,
        streams: Vec::new(),
        zone_identifier: None,
        download_url: None,
        hashes: None,
        info: None,
        flags: Vec::new(),
    }
}

/// Look for the first of `candidates` that exists; fill `b` from it.
fn settle(finder: &Finder<'_>, b: &mut Binary, candidates: Vec<String>) {
    if candidates.len() > 1 {
        b.searched = candidates.clone();
    }
    for c in &candidates {
        match finder.find(c) {
            Found::File(e, p) => {
                fill(b, &e, p, BinaryStatus::Found);
                return;
            }
            Found::NotAFile(e, p) => {
                fill(b, &e, p, BinaryStatus::NotAFile);
                return;
            }
            Found::Missing => {}
        }
    }
    // In no directory: was it there once?
    match candidates.iter().find_map(|c| finder.find_deleted(c)) {
        Some(e) => {
            let p = e.path.clone();
            fill(b, &e, p, BinaryStatus::Deleted);
        }
        None => {
            b.searched = candidates;
            // A loose file or a collection is part of a machine: what it lacks is unknown.
            if matches!(finder.fs.kind(), "file" | "collection") {
                b.status = BinaryStatus::NotInEvidence;
            }
        }
    }
}

fn fill(b: &mut Binary, e: &Entry, path: String, status: BinaryStatus) {
    b.status = status;
    b.path = Some(path);
    b.entry = Some(e.entry);
    b.size = Some(e.size);
    b.times = e.times.clone();
    b.uid = e.uid;
    b.mode = e.mode;
    b.streams = e
        .streams
        .iter()
        .filter(|s| !s.name.is_empty())
        .cloned()
        .collect();
}

fn has_extension(name: &str) -> bool {
    name.rsplit(['\\', '/'])
        .next()
        .unwrap_or(name)
        .contains('.')
}

/// The Windows path of a target as a path on the system volume, or why it is not there.
fn windows_volume_path(p: &str, env: &WindowsEnvironment) -> Result<Option<String>, BinaryStatus> {
    let mut s = p.trim().trim_matches('"').to_string();
    for prefix in [r"\\?\", r"\??\"] {
        if let Some(r) = s.strip_prefix(prefix) {
            s = r.to_string();
        }
    }
    // (`get`: the 12th byte of a hostile path need not end a character.)
    if let Some(rest) = s
        .get(..12)
        .filter(|p| p.eq_ignore_ascii_case(r"\SystemRoot\"))
        .and_then(|_| s.get(12..))
        .map(str::to_string)
    {
        s = format!(r"{}\{rest}", env.get("SYSTEMROOT").unwrap_or_default());
    }
    if s.starts_with(r"\\") || s.contains("://") {
        return Err(BinaryStatus::Remote);
    }
    let b = s.as_bytes();
    if b.len() >= 2 && b[1] == b':' {
        let drive = env.get("SYSTEMDRIVE").unwrap_or_else(|| "C:".into());
        // (Byte 1 is `:`: both halves are whole characters.)
        let (letter, rest) = s.split_at_checked(2).unwrap_or((&s, ""));
        if !letter.eq_ignore_ascii_case(&drive) {
            return Err(BinaryStatus::OtherVolume);
        }
        return Ok(Some(rest.replace('\\', "/")));
    }
    if s.starts_with('\\') {
        return Ok(Some(s.replace('\\', "/")));
    }
    Ok(None) // relative: the caller searches
}

/// The places Windows looks for a target, in order.
fn windows_candidates(
    kind: &TargetKind,
    written: &str,
    role: &str,
    working_dir: Option<&str>,
    env: &WindowsEnvironment,
) -> Result<Vec<String>, BinaryStatus> {
    let root = env
        .get("SYSTEMROOT")
        .unwrap_or_else(|| r"C:\Windows".into());
    let names: Vec<String> = if has_extension(written) {
        vec![written.to_string()]
    } else {
        match kind {
            TargetKind::Program => vec![format!("{written}.exe")],
            TargetKind::Dll => vec![format!("{written}.dll")],
            _ => vec![written.to_string()],
        }
    };
    let mut dirs: Vec<String> = Vec::new();
    if let Some(abs) = windows_volume_path(written, env)? {
        let mut v = vec![abs.clone()];
        if !has_extension(written) && matches!(kind, TargetKind::Program) {
            v.insert(0, format!("{abs}.exe"));
        }
        return Ok(v);
    }
    if written.contains('\\') {
        // Relative with a folder: a driver's `system32\drivers\x.sys` is under SystemRoot;
        // a task's is under its working directory (System32 by default).
        let base = if role == "image_path" {
            root.clone()
        } else {
            working_dir.map_or_else(|| format!(r"{root}\System32"), str::to_string)
        };
        dirs.push(base);
    } else {
        if let Some(w) = working_dir {
            dirs.push(w.to_string());
        }
        dirs.push(format!(r"{root}\System32"));
        dirs.push(format!(r"{root}\System"));
        dirs.push(root.clone());
        for d in env.path_dirs() {
            if !dirs.iter().any(|x| x.eq_ignore_ascii_case(&d)) {
                dirs.push(d);
            }
        }
    }
    let mut out = Vec::new();
    for d in dirs {
        for n in &names {
            let full = format!(r"{}\{n}", d.trim_end_matches('\\'));
            if let Ok(Some(p)) = windows_volume_path(&full, env) {
                if !out.contains(&p) {
                    out.push(p);
                }
            }
        }
    }
    Ok(out)
}

/// The files of one Windows invocation.
fn windows_binaries(
    finder: &Finder<'_>,
    inv: &Invocation,
    role: &str,
    working_dir: Option<&str>,
    env: &WindowsEnvironment,
) -> Vec<Binary> {
    let mut out = Vec::new();
    for (i, t) in inv.targets.iter().enumerate() {
        let mut b = binary(t.kind, &t.path, t.entry.clone(), t.via.clone());
        if t.kind == TargetKind::Url {
            b.status = BinaryStatus::Remote;
            out.push(b);
            continue;
        }
        // The loader's candidates for an unquoted path with spaces: the first that exists
        // is what runs.
        if i == 0 && inv.candidates.len() > 1 {
            let cands: Vec<String> = inv
                .candidates
                .iter()
                .filter_map(|c| windows_volume_path(c, env).ok().flatten())
                .collect();
            settle(finder, &mut b, cands.clone());
            if b.status == BinaryStatus::Found
                && b.path.as_deref() != cands.last().map(String::as_str)
            {
                b.flags.push("unquoted_path_hijack".into());
            }
            out.push(b);
            continue;
        }
        match windows_candidates(&t.kind, &t.path, role, working_dir, env) {
            Ok(c) => settle(finder, &mut b, c),
            Err(status) => b.status = status,
        }
        out.push(b);
    }
    out
}

/// Resolve what every task and service of this volume runs.
pub(crate) fn windows(
    finder: &Finder<'_>,
    report: &mut Report,
    first: super::Firsts,
    env: &WindowsEnvironment,
) {
    let profiles: HashMap<String, String> = report.accounts[first.accounts..]
        .iter()
        .filter_map(|a| {
            Some((
                a.account.sid.clone()?.to_ascii_uppercase(),
                a.account.home.clone()?,
            ))
        })
        .collect();
    let machine = |k: &str| env.get(k);
    for t in &mut report.scheduled_tasks[first.scheduled_tasks..] {
        // The principal's own folders (`%APPDATA%`…), when the image has their profile.
        let user_env = t
            .task
            .principal
            .as_ref()
            .and_then(|p| p.user_id.as_deref())
            .and_then(|u| profiles.get(&u.to_ascii_uppercase()))
            .map(|p| env.for_user(p));
        let e = user_env.as_ref().unwrap_or(env);
        let lookup = |k: &str| e.get(k);
        t.runs = t
            .task
            .actions
            .iter()
            .enumerate()
            .filter_map(|(i, a)| {
                let cmd = a.command.as_deref()?;
                let inv = foothold_windows::parse_windows_command(
                    cmd,
                    Some(a.arguments.as_deref().unwrap_or("")),
                    &lookup,
                );
                let wd = a
                    .working_directory
                    .as_deref()
                    .map(|w| foothold_windows::expand_environment(w, &lookup).0);
                let binaries = windows_binaries(finder, &inv, "action", wd.as_deref(), e);
                Some(RunCommand {
                    role: format!("action {}", i + 1),
                    default_environment: used_defaults(cmd, e),
                    invocation: inv,
                    binaries,
                })
            })
            .collect();
    }
    for s in &mut report.services[first.services..] {
        let mut runs = Vec::new();
        let sv = &s.service;
        for (role, value) in [
            ("image_path", sv.image_path.as_deref()),
            ("service_dll", sv.service_dll.as_deref()),
            ("failure_command", sv.failure_command.as_deref()),
        ] {
            let Some(v) = value.filter(|v| !v.trim().is_empty()) else {
                continue;
            };
            let mut inv = foothold_windows::parse_windows_command(v, None, &machine);
            if role == "service_dll" {
                // A DLL path, loaded by svchost: not a command line.
                let (path, _) =
                    foothold_windows::expand_environment(v.trim().trim_matches('"'), &machine);
                inv = Invocation {
                    command_line: path.clone(),
                    program: path.clone(),
                    ..Invocation::default()
                };
                inv.target(
                    TargetKind::Dll,
                    path,
                    sv.service_main.clone(),
                    Some("svchost.exe".into()),
                );
            }
            let binaries = windows_binaries(finder, &inv, role, None, env);
            runs.push(RunCommand {
                role: role.into(),
                default_environment: used_defaults(v, env),
                invocation: inv,
                binaries,
            });
        }
        s.runs = runs;
    }
}

/// The variables of `written` whose value came from Windows' defaults.
fn used_defaults(written: &str, env: &WindowsEnvironment) -> Vec<String> {
    let w = written.to_ascii_uppercase();
    env.defaults
        .iter()
        .filter(|d| w.contains(&format!("%{d}%")))
        .cloned()
        .collect()
}

/// Shell builtins: no file to look for.
const BUILTINS: &[&str] = &[
    "{", "}", "(", ")", "!", "cd", "echo", "exit", "export", "test", "[", "[[", "true", "false",
    ":", ".", "source", "set", "unset", "read", "eval", "exec", "printf", "wait", "trap", "umask",
    "ulimit", "if", "then", "fi", "for", "do", "done", "while", "case", "esac",
];

/// Cron's `PATH` when the crontab sets none (Debian's and cronie's).
const CRON_PATH: &str = "/usr/bin:/bin";
/// systemd's fixed search path for `ExecStart=` names without a slash.
const SYSTEMD_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// Resolve what every cron job, at job and timer of this volume runs.
pub(crate) fn linux(finder: &Finder<'_>, report: &mut Report, first: super::Firsts) {
    let homes: HashMap<String, String> = report.accounts[first.accounts..]
        .iter()
        .filter_map(|a| Some((a.account.name.clone()?, a.account.home.clone()?)))
        .collect();
    for c in &mut report.cron_jobs[first.cron_jobs..] {
        let job = &c.job;
        let timer = job.timer.is_some();
        let user = job.user.clone().unwrap_or_else(|| "root".into());
        let home = job
            .environment
            .get("HOME")
            .cloned()
            .or_else(|| homes.get(&user).cloned())
            .or_else(|| (user == "root").then(|| "/root".to_string()));
        let path = job
            .environment
            .get("PATH")
            .cloned()
            .unwrap_or_else(|| if timer { SYSTEMD_PATH } else { CRON_PATH }.to_string());
        let env_map = job.environment.clone();
        let lookup = |k: &str| match k {
            "HOME" => home.clone(),
            "PATH" => Some(path.clone()),
            "LOGNAME" | "USER" => Some(user.clone()),
            _ => env_map.get(k).cloned(),
        };
        // systemd's command prefixes (`-`, `@`, `+`, `!`, `:`) are not part of the command;
        // its specifiers `%h` (home) and `%u` (user) are expanded, `%%` is a percent sign.
        let line = if timer {
            job.command
                .trim_start_matches(['-', '@', '+', '!', ':'])
                .replace("%%", "\u{0}")
                .replace("%h", home.as_deref().unwrap_or("%h"))
                .replace("%u", &user)
                .replace('\u{0}', "%")
        } else {
            job.command.clone()
        };
        let (inv, mut binaries) = posix_run(finder, &line, &lookup, home.as_deref(), &path);
        // A run-parts script is itself what runs.
        if job.kind == foothold_linux::CronKind::PeriodicScript {
            let mut b = binary(
                TargetKind::Script,
                &c.source.path,
                None,
                Some("run-parts".into()),
            );
            settle(finder, &mut b, vec![c.source.path.clone()]);
            binaries.insert(0, b);
        }
        c.runs = vec![RunCommand {
            role: if timer {
                "exec_start".into()
            } else {
                "command".into()
            },
            invocation: inv,
            binaries,
            default_environment: Vec::new(),
        }];
    }
}

/// A POSIX command line taken apart (`lookup` gives its environment) and each file it names
/// searched for: an absolute path as written, a relative one in `home`, a bare program name
/// along `path`; shell builtins are left out, URLs kept as remote.
fn posix_run(
    finder: &Finder<'_>,
    line: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
    home: Option<&str>,
    path: &str,
) -> (Invocation, Vec<Binary>) {
    let inv = foothold_linux::parse_shell_command(line, lookup);
    let mut binaries = Vec::new();
    for t in &inv.targets {
        let mut b = binary(t.kind, &t.path, t.entry.clone(), t.via.clone());
        if t.kind == TargetKind::Url {
            b.status = BinaryStatus::Remote;
            binaries.push(b);
            continue;
        }
        if t.kind == TargetKind::Program && BUILTINS.contains(&t.path.as_str()) {
            continue;
        }
        let cands: Vec<String> = if t.path.starts_with('/') {
            vec![t.path.clone()]
        } else if t.path.contains('/') || t.kind != TargetKind::Program {
            // Relative: cron and systemd run in the user's home directory.
            vec![format!("{}/{}", home.unwrap_or(""), t.path)]
        } else {
            path.split(':')
                .filter(|d| d.starts_with('/'))
                .map(|d| format!("{}/{}", d.trim_end_matches('/'), t.path))
                .collect()
        };
        settle(finder, &mut b, cands);
        binaries.push(b);
    }
    (inv, binaries)
}

/// What Linux services run: each `Exec*=` command (prefixes already apart; `%h`, `%u`, `%i`
/// and `%%` expanded), an init script or `rc.local` itself, resolved as the cron commands.
pub(crate) fn linux_services(finder: &Finder<'_>, report: &mut Report, first: super::Firsts) {
    let homes: HashMap<String, String> = report.accounts[first.accounts..]
        .iter()
        .filter_map(|a| Some((a.account.name.clone()?, a.account.home.clone()?)))
        .collect();
    for r in &mut report.linux_services[first.linux_services..] {
        let svc = &r.service;
        let user = svc.user.clone().unwrap_or_else(|| "root".into());
        let home = homes
            .get(&user)
            .cloned()
            .or_else(|| (user == "root").then(|| "/root".to_string()));
        let instance = svc.instance.clone().unwrap_or_default();
        let lookup = |k: &str| match k {
            "HOME" => home.clone(),
            "PATH" => Some(SYSTEMD_PATH.to_string()),
            "LOGNAME" | "USER" => Some(user.clone()),
            _ => None,
        };
        let mut runs = Vec::new();
        for e in &svc.exec {
            let mut binaries = Vec::new();
            let line = if e.setting == "script" {
                // The script itself is what runs; its path is the first word.
                if let Some(p) = &svc.unit_path {
                    let mut b = binary(TargetKind::Script, p, None, Some(svc.kind.to_string()));
                    settle(finder, &mut b, vec![p.clone()]);
                    binaries.push(b);
                }
                runs.push(RunCommand {
                    role: e.setting.clone(),
                    invocation: foothold_linux::parse_shell_command(&e.command, &lookup),
                    binaries,
                    default_environment: Vec::new(),
                });
                continue;
            } else {
                e.command
                    .replace("%%", "\u{0}")
                    .replace("%h", home.as_deref().unwrap_or("%h"))
                    .replace("%u", &user)
                    .replace("%i", &instance)
                    .replace("%I", &instance)
                    .replace('\u{0}', "%")
            };
            let (invocation, found) =
                posix_run(finder, &line, &lookup, home.as_deref(), SYSTEMD_PATH);
            binaries.extend(found);
            runs.push(RunCommand {
                role: snake(&e.setting),
                invocation,
                binaries,
                default_environment: Vec::new(),
            });
        }
        r.runs = runs;
    }
}

/// `ExecStartPre` → `exec_start_pre`.
fn snake(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Every binary of this volume's tasks, services and cron jobs, in record order.
fn each_binary(report: &mut Report, first: super::Firsts, mut f: impl FnMut(&mut Binary)) {
    let runs = report.scheduled_tasks[first.scheduled_tasks..]
        .iter_mut()
        .flat_map(|t| &mut t.runs)
        .chain(
            report.services[first.services..]
                .iter_mut()
                .flat_map(|s| &mut s.runs),
        )
        .chain(
            report.cron_jobs[first.cron_jobs..]
                .iter_mut()
                .flat_map(|c| &mut c.runs),
        )
        .chain(
            report.linux_services[first.linux_services..]
                .iter_mut()
                .flat_map(|c| &mut c.runs),
        );
    for r in runs {
        r.binaries.iter_mut().for_each(&mut f);
    }
}

/// Hash and describe every distinct file found for this volume's records, once each, in
/// parallel; `hash: false` leaves the content unread.
/// A signature's `trusted` is set against `roots` (the volume's root stores) when there are
/// any.
/// A PE file without a signature of its own is looked up in `catalogs` (a Windows volume's
/// `CatRoot`) by its Authenticode digests.
pub(crate) fn describe(
    finder: &Finder<'_>,
    report: &mut Report,
    first: super::Firsts,
    hash: bool,
    roots: &[Vec<u8>],
    catalogs: Option<&super::windows::Catalogs<'_>>,
) {
    let roots: Vec<&[u8]> = roots.iter().map(Vec::as_slice).collect();
    // (Parsed once for every file of the volume.)
    let store = foothold_binary::TrustStore::new(&roots);
    let fs = finder.fs;
    let mut wanted: Vec<(String, u64)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    each_binary(report, first, |b| {
        if let (BinaryStatus::Found, Some(p), Some(e)) = (b.status, &b.path, b.entry) {
            if seen.insert(e) {
                wanted.push((p.clone(), e));
            }
        }
    });
    /// What reading one file gave.
    #[derive(Default)]
    struct Described {
        hashes: Option<Hashes>,
        info: Option<BinaryInfo>,
        zone: Option<String>,
        owner: Option<String>,
        flags: Vec<String>,
        /// An unsigned PE file's Authenticode digests, to look up in the catalogs.
        catalog_keys: Vec<super::windows::CatalogKey>,
    }
    // The entries again, from the listings the searches cached.
    let entries: Vec<(u64, Option<Entry>)> = wanted
        .iter()
        .map(|(path, id)| (*id, finder.lookup(path).map(|(e, _)| e)))
        .collect();
    let results: HashMap<u64, Described> = entries
        .par_iter()
        .map(|(id, entry)| {
            let mut d = Described::default();
            let Some(entry) = entry else {
                d.flags.push("read_error: lookup failed".into());
                return (*id, d);
            };
            d.zone = entry
                .streams
                .iter()
                .any(|s| s.name.eq_ignore_ascii_case("Zone.Identifier"))
                .then(|| fs.read_all(entry, Some("Zone.Identifier"), 64 * 1024).ok())
                .flatten()
                .map(|b| String::from_utf8_lossy(&b).into_owned());
            match fs.owner(entry) {
                Ok(o) => d.owner = o,
                Err(e) => d.flags.push(format!("owner_unreadable: {e}")),
            }
            if !hash {
                d.flags.push("not_hashed".into());
                return (*id, d);
            }
            match fs.read_all(entry, None, MAX_BINARY) {
                Ok(bytes) => {
                    d.hashes = Some(foothold_binary::hashes(&bytes));
                    let mut info = foothold_binary::describe(&entry.name, &bytes);
                    if let Some(sig) = info
                        .pe
                        .as_mut()
                        .and_then(|p| p.signature.as_mut())
                        .filter(|_| !store.is_empty())
                    {
                        sig.trusted = sig.trusted_by_store(&store);
                    }
                    if catalogs.is_some() && info.pe.as_ref().is_some_and(|p| !p.signed) {
                        let algs = ["sha1", "sha256"];
                        d.catalog_keys = foothold_binary::authenticode_digests(&bytes, &algs)
                            .unwrap_or_default()
                            .iter()
                            .zip(algs)
                            .map(|(digest, alg)| (alg.to_string(), foothold_core::hex(digest)))
                            .collect();
                    }
                    d.info = Some(info);
                }
                Err(e) => d.flags.push(format!("read_error: {e}")),
            }
            (*id, d)
        })
        .collect();
    // The catalogs that list the unsigned files, read once for all of them.
    let listed = match catalogs {
        Some(c) => {
            let wanted: std::collections::HashSet<super::windows::CatalogKey> = results
                .values()
                .flat_map(|d| d.catalog_keys.iter().cloned())
                .collect();
            if wanted.is_empty() {
                HashMap::new()
            } else {
                c.lookup(&wanted, &store, &mut report.errors)
            }
        }
        None => HashMap::new(),
    };
    each_binary(report, first, |b| {
        if let Some(d) = b
            .entry
            .filter(|_| b.status == BinaryStatus::Found)
            .and_then(|e| results.get(&e))
        {
            b.hashes = d.hashes.clone();
            b.info = d.info.clone();
            // SHA-256 before SHA-1 (Windows 10's catalogs list SHA-256).
            if let Some(pe) = b.info.as_mut().and_then(|i| i.pe.as_mut()) {
                pe.catalog = d
                    .catalog_keys
                    .iter()
                    .rev()
                    .find_map(|k| listed.get(k))
                    .cloned();
            }
            b.download_url = d.zone.as_deref().and_then(|z| {
                z.lines()
                    .find_map(|l| l.trim().strip_prefix("HostUrl="))
                    .map(str::to_string)
            });
            b.zone_identifier = d.zone.clone();
            b.owner = d.owner.clone();
            b.flags.extend(d.flags.iter().cloned());
            // rundll32's or svchost's entry point must be an export (rundll32 also tries the
            // name with `W`, then `A`, appended).
            if let (Some(ep), Some(pe)) =
                (&b.entry_point, b.info.as_ref().and_then(|i| i.pe.as_ref()))
            {
                let exported = [ep.clone(), format!("{ep}W"), format!("{ep}A")]
                    .iter()
                    .any(|n| pe.exports.contains(n));
                if !exported {
                    b.flags.push("entry_point_not_exported".into());
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_paths_do_not_panic() {
        let env = WindowsEnvironment::from_hives(None, None);
        // A multi-byte character across the 12th byte, where `\SystemRoot\` would end.
        for p in [
            "\\SystemRooté\\x.exe",
            "é:\\x",
            "\\\\?\\",
            "\"",
            "\\SystemRoot\\",
        ] {
            let _ = windows_volume_path(p, &env);
            let _ = windows_candidates(&TargetKind::Program, p, "image_path", None, &env);
        }
        assert_eq!(
            windows_volume_path(r"\SystemRoot\System32\x.sys", &env),
            Ok(Some("/Windows/System32/x.sys".into()))
        );
        assert_eq!(
            windows_volume_path(r"D:\x.exe", &env),
            Err(BinaryStatus::OtherVolume)
        );
    }
}
