//! Linux scheduled jobs: locate the files (direct lookups, no full walk) and hand their
//! bytes to `foothold-linux`.
use super::{AccountRecord, CronJobRecord, ErrorRecord, EventRecord, Report, VolumeCtx};
use foothold_fs::{Entry, EntryKind, FileSystem};
use foothold_linux::{
    anacron_last_run, parse_anacrontab, parse_at_job, parse_at_name, parse_crontab, parse_passwd,
    periodic_script, resolve_timers, system_tab_flag, CrontabFormat, Parsed, PasswdEntry,
    UnitScope, UnitTree, MAX_FILE,
};
use rayon::prelude::*;
use std::collections::BTreeMap;

const SYSTEM_UNIT_DIRS: &[&str] = &[
    "/etc/systemd/system",
    "/run/systemd/system",
    "/usr/lib/systemd/system",
    "/lib/systemd/system",
];
const PERIODIC: &[&str] = &["cron.hourly", "cron.daily", "cron.weekly", "cron.monthly"];
/// Symlink hops followed before giving up.
const MAX_LINKS: usize = 8;

/// What a located file is.
#[derive(Debug, Clone)]
enum Kind {
    SystemTab,
    UserTab(String),
    Anacrontab,
    Periodic(&'static str),
    At,
}

struct Found {
    path: String,
    entry: Entry,
    kind: Kind,
}

pub(super) fn join(dir: &str, name: &str) -> String {
    format!("{}/{name}", dir.trim_end_matches('/'))
}

/// The entries of a directory; a missing directory is simply empty.
pub(super) fn dir(ctx: &VolumeCtx, path: &str, errors: &mut Vec<ErrorRecord>) -> Vec<Entry> {
    match ctx.find(path, errors) {
        Some(d) if d.kind == EntryKind::Dir => {
            let mut v = ctx.list_dir(&d, errors);
            v.sort_by(|a, b| a.name.cmp(&b.name));
            v
        }
        _ => Vec::new(),
    }
}

/// Follow symlinks from `entry` (in directory `dir_path`) to a regular file.
pub(super) fn resolve(fs: &dyn FileSystem, dir_path: &str, entry: &Entry) -> Result<Entry, String> {
    let mut cur = entry.clone();
    let mut base = dir_path.to_string();
    for _ in 0..MAX_LINKS {
        if cur.kind != EntryKind::Symlink {
            return Ok(cur);
        }
        let target = cur
            .link_target
            .clone()
            .ok_or("symlink without a readable target")?;
        let path = normalize(&if target.starts_with('/') {
            target
        } else {
            join(&base, &target)
        });
        if path == "/dev/null" {
            return Err("masked (links to /dev/null)".into());
        }
        cur = fs
            .lookup(&path)
            .map_err(|e| format!("symlink to {path}: {e}"))?;
        base = path
            .rsplit_once('/')
            .map(|(d, _)| d.to_string())
            .unwrap_or_default();
    }
    Err("too many symlinks".into())
}

/// `/etc/../usr/./share` → `/usr/share` (a relative symlink target joined to its folder).
pub(super) fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for c in path.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    format!("/{}", parts.join("/"))
}

pub(super) fn read(fs: &dyn FileSystem, entry: &Entry) -> Result<Vec<u8>, String> {
    fs.read_all(entry, None, MAX_FILE as u64)
        .map_err(|e| e.to_string())
}

pub(crate) fn scan(ctx: &VolumeCtx, report: &mut Report) {
    let fs: &dyn FileSystem = &**ctx.fs;
    let mut errors = Vec::new();
    let passwd: Vec<PasswdEntry> = fs
        .lookup("/etc/passwd")
        .ok()
        .and_then(|e| read(fs, &e).ok())
        .map(|b| parse_passwd(&b))
        .unwrap_or_default();

    // 1. Locate the files.
    let mut found = Vec::new();
    if let Ok(e) = fs.lookup("/etc/crontab") {
        found.push(Found {
            path: "/etc/crontab".into(),
            entry: e,
            kind: Kind::SystemTab,
        });
    }
    for e in dir(ctx, "/etc/cron.d", &mut errors) {
        found.push(Found {
            path: join("/etc/cron.d", &e.name),
            entry: e,
            kind: Kind::SystemTab,
        });
    }
    for spool in [
        "/var/spool/cron/crontabs",
        "/var/spool/cron/tabs",
        "/var/spool/cron",
    ] {
        for e in dir(ctx, spool, &mut errors) {
            if e.kind == EntryKind::Dir {
                continue; // RHEL's spool also holds the Debian/SUSE subfolders
            }
            let user = e.name.clone();
            found.push(Found {
                path: join(spool, &e.name),
                entry: e,
                kind: Kind::UserTab(user),
            });
        }
    }
    if let Ok(e) = fs.lookup("/etc/anacrontab") {
        found.push(Found {
            path: "/etc/anacrontab".into(),
            entry: e,
            kind: Kind::Anacrontab,
        });
    }
    for folder in PERIODIC {
        let d = format!("/etc/{folder}");
        for e in dir(ctx, &d, &mut errors) {
            if e.kind != EntryKind::Dir {
                found.push(Found {
                    path: join(&d, &e.name),
                    entry: e,
                    kind: Kind::Periodic(folder),
                });
            }
        }
    }
    for spool in ["/var/spool/cron/atjobs", "/var/spool/at"] {
        for e in dir(ctx, spool, &mut errors) {
            if e.kind != EntryKind::Dir && parse_at_name(&e.name).is_some() {
                found.push(Found {
                    path: join(spool, &e.name),
                    entry: e,
                    kind: Kind::At,
                });
            }
        }
    }
    let anacron_spool: BTreeMap<String, Entry> = dir(ctx, "/var/spool/anacron", &mut errors)
        .into_iter()
        .map(|e| (e.name.clone(), e))
        .collect();

    // 2. Parse them, in parallel.
    let user_of = |uid: u32| passwd.iter().find(|p| p.uid == uid).map(|p| p.name.clone());
    let results: Vec<(Vec<CronJobRecord>, Vec<ErrorRecord>)> = found
        .par_iter()
        .map(|f| parse_found(ctx, f, &user_of, &anacron_spool))
        .collect();
    for (jobs, errs) in results {
        report.cron_jobs.extend(jobs);
        report.errors.extend(errs);
    }
    deleted_jobs(ctx, &user_of, &anacron_spool, report);

    // 3. systemd timers, system-wide and per user.
    systemd(
        ctx,
        SYSTEM_UNIT_DIRS,
        UnitScope::System,
        Some("root".into()),
        report,
        &mut errors,
    );
    systemd(
        ctx,
        &["/etc/systemd/user"],
        UnitScope::User,
        None,
        report,
        &mut errors,
    );
    for p in &passwd {
        if p.home.len() > 1 {
            let d = join(&p.home, ".config/systemd/user");
            systemd(
                ctx,
                &[d.as_str()],
                UnitScope::User,
                Some(p.name.clone()),
                report,
                &mut errors,
            );
        }
    }
    report.errors.extend(errors);
}

fn parse_found(
    ctx: &VolumeCtx,
    f: &Found,
    user_of: &(dyn Fn(u32) -> Option<String> + Sync),
    anacron_spool: &BTreeMap<String, Entry>,
) -> (Vec<CronJobRecord>, Vec<ErrorRecord>) {
    let fs: &dyn FileSystem = &**ctx.fs;
    let dir_path = f.path.rsplit_once('/').map(|(d, _)| d).unwrap_or("/");
    let target = match resolve(fs, dir_path, &f.entry) {
        Ok(t) => t,
        Err(m) => {
            return (
                Vec::new(),
                vec![ctx.error(&f.path, Some(&f.entry), None, m)],
            )
        }
    };
    if target.kind != EntryKind::File {
        return (Vec::new(), Vec::new());
    }
    let bytes = match read(fs, &target) {
        Ok(b) => b,
        Err(m) => {
            return (
                Vec::new(),
                vec![ctx.error(&f.path, Some(&f.entry), None, m)],
            )
        }
    };
    let mut parsed = match &f.kind {
        Kind::SystemTab => {
            let mut p = parse_crontab(&bytes, &CrontabFormat::System);
            if let Some(flag) = system_tab_flag(dir_path, &f.entry.name) {
                p.jobs.iter_mut().for_each(|j| j.flags.push(flag));
            }
            p
        }
        Kind::UserTab(user) => parse_crontab(&bytes, &CrontabFormat::User { user: user.clone() }),
        Kind::Anacrontab => {
            let mut p = parse_anacrontab(&bytes);
            for j in &mut p.jobs {
                let stamp = j.job_id.as_ref().and_then(|id| anacron_spool.get(id));
                j.last_run = stamp
                    .and_then(|e| read(fs, e).ok())
                    .and_then(|b| anacron_last_run(&b));
            }
            p
        }
        Kind::Periodic(folder) => Parsed {
            jobs: vec![periodic_script(folder, &f.entry.name, &bytes, target.mode)],
            errors: Vec::new(),
        },
        Kind::At => {
            let Some(name) = parse_at_name(&f.entry.name) else {
                return (Vec::new(), Vec::new());
            };
            let mut j = parse_at_job(&name, &bytes, user_of);
            if j.user.is_none() {
                j.user = target.uid.and_then(user_of);
            }
            Parsed {
                jobs: vec![j],
                errors: Vec::new(),
            }
        }
    };
    let jobs = std::mem::take(&mut parsed.jobs)
        .into_iter()
        .map(|job| {
            let source = ctx.source(&f.path, Some(&f.entry), job.line);
            CronJobRecord {
                job,
                source,
                account: None,
                created_by: None,
                runs: Vec::new(),
                frequency: None,
                recovered: None,
            }
        })
        .collect();
    let errors = parsed
        .errors
        .into_iter()
        .map(|e| {
            ctx.error(
                &f.path,
                Some(&f.entry),
                Some(e.line),
                format!("{}: {:?}", e.message, e.text),
            )
        })
        .collect();
    (jobs, errors)
}

/// Cron files that were deleted but whose inodes still map their blocks (`debugfs rm` leaves
/// the extents; the kernel clears them, and then nothing is read): a deleted file where
/// cron reads crontabs (`/etc/crontab`, `/etc/cron.d`, the user spools, `/etc/anacrontab`)
/// or at jobs, read back and parsed as the live ones are, each job with
/// `recovered: {from: "inode", confidence}` (`clusters_reallocated` when a block bitmap says
/// another file has its blocks now). What reads back empty or does not parse is an error
/// record saying so. Deleted timers are not looked at yet.
fn deleted_jobs(
    ctx: &VolumeCtx,
    user_of: &(dyn Fn(u32) -> Option<String> + Sync),
    anacron_spool: &BTreeMap<String, Entry>,
    report: &mut Report,
) {
    use foothold_core::{Recovered, RecoveredFrom};
    let fs: &dyn FileSystem = &**ctx.fs;
    let Some(deleted) = ctx.deleted("deleted cron files", &mut report.errors) else {
        return;
    };
    for e in deleted.iter().filter(|e| e.kind == EntryKind::File) {
        let Some((dir, name)) = e.path.rsplit_once('/') else {
            continue;
        };
        let kind = match dir {
            "" if name == "crontab" => Kind::SystemTab,
            "/etc" if name == "crontab" => Kind::SystemTab,
            "/etc" if name == "anacrontab" => Kind::Anacrontab,
            "/etc/cron.d" => Kind::SystemTab,
            "/var/spool/cron/crontabs" | "/var/spool/cron/tabs" | "/var/spool/cron" => {
                Kind::UserTab(name.to_string())
            }
            "/var/spool/cron/atjobs" | "/var/spool/at" => Kind::At,
            _ => continue,
        };
        let what = format!("deleted cron file (inode {})", e.entry);
        let (bytes, confidence, notes) = match super::read_back(fs, e, MAX_FILE as u64) {
            Ok(x) => x,
            Err(m) => {
                report.errors.push(ctx.error(
                    &e.path,
                    Some(e),
                    None,
                    format!("{what}: unreadable: {m}"),
                ));
                continue;
            }
        };
        if bytes.iter().all(|b| *b == 0) {
            report.errors.push(ctx.error(
                &e.path,
                Some(e),
                None,
                format!("{what}: nothing left to read (the kernel clears a deleted file's size and extents; the journal is not searched)"),
            ));
            continue;
        }
        let found = Found {
            path: e.path.clone(),
            entry: e.clone(),
            kind,
        };
        let (mut jobs, errs) = parse_found(ctx, &found, user_of, anacron_spool);
        if jobs.is_empty() && errs.is_empty() {
            report.errors.push(ctx.error(
                &e.path,
                Some(e),
                None,
                format!("{what}: its content ({confidence}) holds no job"),
            ));
        }
        for j in &mut jobs {
            j.recovered = Some(Recovered {
                from: RecoveredFrom::Inode,
                confidence: Some(confidence),
                created: None,
                deleted: e.times.deleted_time,
                notes: notes.clone(),
            });
        }
        report.cron_jobs.extend(jobs);
        report.errors.extend(errs);
    }
}

/// The image seen as unit directories: listings and reads through the volume, with what
/// could not be listed recorded as error records; the entries seen are kept for provenance.
pub(super) struct ImageUnits<'a> {
    pub ctx: &'a VolumeCtx<'a>,
    pub errors: &'a mut Vec<ErrorRecord>,
    pub entries: BTreeMap<String, Entry>,
}

impl UnitTree for ImageUnits<'_> {
    fn list(&mut self, d: &str) -> Vec<(String, bool)> {
        dir(self.ctx, d, self.errors)
            .into_iter()
            .map(|e| {
                let is_dir = e.kind == EntryKind::Dir;
                let name = e.name.clone();
                self.entries.insert(join(d, &name), e);
                (name, is_dir)
            })
            .collect()
    }

    fn read(&mut self, path: &str) -> Result<Vec<u8>, foothold_linux::Error> {
        let fs: &dyn FileSystem = &**self.ctx.fs;
        let dir_path = path.rsplit_once('/').map(|(d, _)| d).unwrap_or("/");
        let entry = self.entries.get(path).ok_or("not listed");
        entry
            .map_err(str::to_string)
            .and_then(|e| resolve(fs, dir_path, e))
            .and_then(|t| read(fs, &t))
            .map_err(|reason| foothold_linux::Error::Unreadable {
                path: path.to_string(),
                reason,
            })
    }

    /// A loose unit file (`foothold scan FILE.timer`) comes without the machine's
    /// `*.wants/` folders.
    fn knows_enablement(&self) -> bool {
        self.ctx.fs.kind() != "file"
    }

    fn link(&mut self, path: &str) -> Option<String> {
        let e = self.entries.get(path)?;
        let target = e
            .link_target
            .as_ref()
            .filter(|_| e.kind == EntryKind::Symlink)?;
        let dir = path.rsplit_once('/').map(|(d, _)| d).unwrap_or("/");
        Some(normalize(&if target.starts_with('/') {
            target.clone()
        } else {
            join(dir, target)
        }))
    }
}

/// Timers in one scope, resolved by `foothold_linux::resolve_timers`.
fn systemd(
    ctx: &VolumeCtx,
    dirs: &[&str],
    scope: UnitScope,
    default_user: Option<String>,
    report: &mut Report,
    errors: &mut Vec<ErrorRecord>,
) {
    let mut tree = ImageUnits {
        ctx,
        errors,
        entries: BTreeMap::new(),
    };
    let r = resolve_timers(&mut tree, dirs, scope, default_user);
    for e in r.errors {
        let (path, m) = match e {
            foothold_linux::Error::Unreadable { path, reason } => (path, reason),
            other => (String::new(), other.to_string()),
        };
        let rec = ctx.error(&path, tree.entries.get(&path), None, m);
        tree.errors.push(rec);
    }
    for t in r.timers {
        report.cron_jobs.push(CronJobRecord {
            source: ctx.source(&t.path, tree.entries.get(&t.path), None),
            job: t.job,
            account: None,
            created_by: None,
            runs: Vec::new(),
            frequency: None,
            recovered: None,
        });
    }
}

/// Largest log file read (uncompressed).
const MAX_LOG: u64 = 1 << 30;
/// Lines of one log file read.
const MAX_LOG_LINES: usize = 1_000_000;

/// At most MAX_LOG_LINES lines of one file are read (each may become a record): the rest is
/// cut and said, never silently dropped.
pub(crate) fn cap_lines(
    ctx: &VolumeCtx,
    path: &str,
    entry: &Entry,
    text: &mut Vec<u8>,
    errors: &mut Vec<ErrorRecord>,
) {
    if let Some(cut) = nth_line_end(text, MAX_LOG_LINES) {
        let rest = text.len().saturating_sub(cut);
        text.truncate(cut);
        errors.push(ctx.error(
            path,
            Some(entry),
            Some(u32::try_from(MAX_LOG_LINES).unwrap_or(u32::MAX)),
            format!("more than {MAX_LOG_LINES} lines: the {rest} bytes after line {MAX_LOG_LINES} are not read"),
        ));
    }
}

/// The offset just past the `n`th newline of `text`, when it has more than `n` lines.
fn nth_line_end(text: &[u8], n: usize) -> Option<usize> {
    let (i, _) = text
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'\n')
        .nth(n.checked_sub(1)?)?;
    let end = i.checked_add(1)?;
    (end < text.len()).then_some(end)
}

/// What a log file of `/var/log` holds, by its name (rotations such as `auth.log.1` and
/// `secure-20261201.gz` included).
#[derive(Clone, Copy, PartialEq, Eq)]
enum LogKind {
    /// `syslog*`, `cron*`: cron's lines.
    Cron,
    /// `auth.log*`, `secure*`: logons, sudo, account changes.
    Auth,
}

/// Cron activity in `/var/log/syslog*` and `/var/log/cron*` (`channel: "syslog"`), and
/// logons, sudo and account changes in `/var/log/auth.log*` and `/var/log/secure*`
/// (`channel: "auth"`), also in `.gz` rotations, as `event` records.
pub(crate) fn logs(ctx: &VolumeCtx, report: &mut Report) {
    let fs: &dyn FileSystem = &**ctx.fs;
    let mut errors = Vec::new();
    let files: Vec<(Entry, LogKind)> = dir(ctx, "/var/log", &mut errors)
        .into_iter()
        .filter(|e| e.kind == EntryKind::File)
        .filter_map(|e| {
            let kind = if e.name.starts_with("syslog") || e.name.starts_with("cron") {
                LogKind::Cron
            } else if e.name.starts_with("auth.log") || e.name.starts_with("secure") {
                LogKind::Auth
            } else {
                return None;
            };
            Some((e, kind))
        })
        .collect();
    for (e, kind) in files {
        let path = join("/var/log", &e.name);
        let raw = match fs.read_all(&e, None, MAX_LOG) {
            Ok(b) => b,
            Err(x) => {
                errors.push(ctx.error(&path, Some(&e), None, x.to_string()));
                continue;
            }
        };
        let mut text = if e.name.ends_with(".gz") {
            use std::io::Read;
            let mut out = Vec::new();
            match flate2::read::MultiGzDecoder::new(&raw[..])
                .take(MAX_LOG.saturating_add(1))
                .read_to_end(&mut out)
            {
                Ok(_) => {
                    if out.len() as u64 > MAX_LOG {
                        // A small .gz can inflate without end: read up to the limit, said.
                        out.truncate(MAX_LOG as usize);
                        errors.push(ctx.error(
                            &path,
                            Some(&e),
                            None,
                            format!(
                                "inflates past {MAX_LOG} bytes: only the first {MAX_LOG} are read"
                            ),
                        ));
                    }
                    out
                }
                Err(x) => {
                    errors.push(ctx.error(&path, Some(&e), None, format!("gzip: {x}")));
                    continue;
                }
            }
        } else {
            raw
        };
        cap_lines(ctx, &path, &e, &mut text, &mut errors);
        // The record type carries Windows detail for EVTX events; a text log has none.
        let lines: Vec<(foothold_core::Event, u32)> = match kind {
            LogKind::Cron => foothold_linux::parse_syslog_cron(&text)
                .iter()
                .map(|l| (l.to_event(), l.line))
                .collect(),
            LogKind::Auth => foothold_linux::parse_auth_log(&text)
                .iter()
                .map(|l| (l.to_event(), l.line))
                .collect(),
        };
        for (event, line) in lines {
            report.events.push(EventRecord {
                event: event.with_detail(Default::default()),
                source: ctx.source(&path, Some(&e), Some(line)),
                account: None,
            });
        }
    }
    report.errors.extend(errors);
}

/// History files looked for in each home directory, and the shell that writes each.
const HISTORIES: &[(&str, foothold_linux::Shell)] = &[
    (".bash_history", foothold_linux::Shell::Bash),
    (".zsh_history", foothold_linux::Shell::Zsh),
    (".histfile", foothold_linux::Shell::Zsh),
];

/// The shell histories of every account with a home directory in `/etc/passwd` (and
/// `/root`), as `event` records with `channel: "shell_history"`, owned by that account. A
/// history linked to `/dev/null` (so that nothing is kept) is a warning.
pub(crate) fn histories(ctx: &VolumeCtx, report: &mut Report) {
    let fs: &dyn FileSystem = &**ctx.fs;
    let mut errors = Vec::new();
    let mut homes: Vec<(String, String)> = fs
        .lookup("/etc/passwd")
        .ok()
        .and_then(|e| read(fs, &e).ok())
        .map(|b| parse_passwd(&b))
        .unwrap_or_default()
        .into_iter()
        .filter(|p| p.home.starts_with('/') && p.home != "/" && !p.home.starts_with("/nonexistent"))
        .map(|p| (p.home.trim_end_matches('/').to_string(), p.name))
        .collect();
    if !homes.iter().any(|(h, _)| h == "/root") {
        homes.push(("/root".into(), "root".into()));
    }
    let mut seen = std::collections::HashSet::new();
    homes.retain(|(h, _)| seen.insert(h.clone()));
    for (home, user) in homes {
        for (name, shell) in HISTORIES {
            let path = join(&home, name);
            let Ok(entry) = fs.lookup(&path) else {
                continue;
            };
            let bytes = match resolve(fs, &home, &entry)
                .and_then(|t| fs.read_all(&t, None, MAX_LOG).map_err(|e| e.to_string()))
            {
                Ok(b) => b,
                Err(m) if m.starts_with("masked") => {
                    report.warnings.push(ctx.error(
                        &path,
                        Some(&entry),
                        None,
                        "shell history is a link to /dev/null: the shell keeps no history",
                    ));
                    continue;
                }
                Err(m) => {
                    errors.push(ctx.error(&path, Some(&entry), None, m));
                    continue;
                }
            };
            let mut bytes = bytes;
            cap_lines(ctx, &path, &entry, &mut bytes, &mut errors);
            for h in foothold_linux::parse_shell_history(&bytes, *shell) {
                report.events.push(EventRecord {
                    event: h
                        .to_event(*shell, Some(&user))
                        .with_detail(Default::default()),
                    source: ctx.source(&path, Some(&entry), Some(h.line)),
                    account: None,
                });
            }
        }
    }
    report.errors.extend(errors);
}

/// The volume's accounts: `/etc/passwd`, `/etc/group`, `/etc/sudoers` and
/// `/etc/sudoers.d/*`, built by `foothold_linux::linux_accounts`.
pub(crate) fn accounts(ctx: &VolumeCtx, report: &mut Report) {
    let fs: &dyn FileSystem = &**ctx.fs;
    let mut errors = Vec::new();
    let file = |path: &str, errors: &mut Vec<ErrorRecord>| -> Option<(Entry, Vec<u8>)> {
        let e = fs.lookup(path).ok()?;
        match resolve(fs, path.rsplit_once('/').map_or("/", |(d, _)| d), &e)
            .and_then(|t| read(fs, &t))
        {
            Ok(b) => Some((e, b)),
            Err(m) => {
                errors.push(ctx.error(path, Some(&e), None, m));
                None
            }
        }
    };
    let passwd = file("/etc/passwd", &mut errors);
    let group = file("/etc/group", &mut errors);
    let mut sudoers = Vec::new();
    if let Some((_, b)) = file("/etc/sudoers", &mut errors) {
        sudoers.push((
            "/etc/sudoers".to_string(),
            foothold_linux::parse_sudoers(&b),
        ));
    }
    for e in dir(ctx, "/etc/sudoers.d", &mut errors) {
        // sudo skips names with a `.` or ending in `~` in an includedir.
        if e.kind == EntryKind::Dir || e.name.contains('.') || e.name.ends_with('~') {
            continue;
        }
        let path = join("/etc/sudoers.d", &e.name);
        if let Some((_, b)) = file(&path, &mut errors) {
            sudoers.push((path, foothold_linux::parse_sudoers(&b)));
        }
    }
    let users = passwd
        .as_ref()
        .map(|(_, b)| parse_passwd(b))
        .unwrap_or_default();
    let groups = group
        .as_ref()
        .map(|(_, b)| foothold_linux::parse_group(b))
        .unwrap_or_default();
    let n_users = users.len();
    for (i, account) in foothold_linux::linux_accounts(&users, &groups, &sudoers)
        .into_iter()
        .enumerate()
    {
        let (path, entry) = if i < n_users {
            ("/etc/passwd", passwd.as_ref().map(|(e, _)| e))
        } else {
            ("/etc/group", group.as_ref().map(|(e, _)| e))
        };
        report.accounts.push(AccountRecord {
            account,
            source: ctx.source(path, entry, None),
        });
    }
    report.errors.extend(errors);
}

/// Most of `wtmp` read (its end: the latest records).
const WTMP_TAIL: u64 = 8 << 20;

/// The `host` record of a Linux volume (`/etc/os-release`, `/etc/hostname`,
/// `/etc/localtime`, `/var/log/wtmp`, the newest file in `/var/log`), and the clock its
/// schedules' next runs are counted by.
pub(crate) fn host(ctx: &VolumeCtx, report: &mut Report) -> super::host::Clock {
    use super::host::{HostRecord, TimeSource};
    let fs: &dyn FileSystem = &**ctx.fs;
    let mut errors = Vec::new();
    let file = |path: &str, errors: &mut Vec<ErrorRecord>| -> Option<(Entry, Vec<u8>)> {
        let e = ctx.find(path, errors)?;
        match resolve(fs, path.rsplit_once('/').map_or("/", |(d, _)| d), &e)
            .and_then(|t| read(fs, &t).map(|b| (t, b)))
        {
            Ok(x) => Some(x),
            Err(m) => {
                errors.push(ctx.error(path, Some(&e), None, m));
                None
            }
        }
    };
    let mut r = HostRecord {
        os: "linux".into(),
        ..HostRecord::default()
    };
    let release = file("/etc/os-release", &mut errors)
        .map(|x| ("/etc/os-release", x))
        .or_else(|| file("/usr/lib/os-release", &mut errors).map(|x| ("/usr/lib/os-release", x)));
    match &release {
        Some((path, (e, b))) => {
            let kv = foothold_linux::parse_os_release(b);
            r.os_name = kv.get("PRETTY_NAME").or(kv.get("NAME")).cloned();
            r.os_version = kv.get("VERSION_ID").cloned();
            r.build = kv.get("BUILD_ID").cloned();
            r.source = ctx.source(path, Some(e), None);
        }
        None => r.source = ctx.source("/etc", None, None),
    }
    if let Some((_, b)) = file("/etc/hostname", &mut errors) {
        let name = String::from_utf8_lossy(&b)
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string);
        if let Some(n) = name {
            if let Some((h, d)) = n.split_once('.') {
                r.domain = Some(d.to_string());
                r.hostname = Some(h.to_string());
            } else {
                r.hostname = Some(n);
            }
        }
    }
    // The zone: /etc/localtime (usually a link into /usr/share/zoneinfo).
    let mut zone: Option<Box<dyn foothold_core::Zone + Send + Sync>> = None;
    match ctx.find("/etc/localtime", &mut errors) {
        None => {
            r.time_zone = Some("UTC".into());
            r.time_zone_source = Some("no /etc/localtime: UTC, glibc's default".into());
            zone = Some(Box::new(foothold_core::Utc));
        }
        Some(e) => {
            let linked = e
                .link_target
                .as_deref()
                .and_then(|t| t.split_once("zoneinfo/").map(|(_, n)| n.to_string()));
            r.time_zone = linked;
            match resolve(fs, "/etc", &e).and_then(|t| read(fs, &t).map(|b| (t, b))) {
                Ok((t, b)) => match foothold_linux::parse_tzif(&b) {
                    Ok(z) => {
                        r.time_zone_source = Some(t.path.clone());
                        zone = Some(Box::new(z));
                    }
                    Err(err) => errors.push(ctx.error(&t.path, Some(&t), None, err.to_string())),
                },
                Err(m) => errors.push(ctx.error(
                    "/etc/localtime",
                    Some(&e),
                    None,
                    format!("time zone rules unreadable, local times not converted: {m}"),
                )),
            }
        }
    }
    if r.time_zone.is_none() {
        r.time_zone = file("/etc/timezone", &mut errors)
            .and_then(|(_, b)| {
                String::from_utf8_lossy(&b)
                    .lines()
                    .next()
                    .map(|l| l.trim().to_string())
            })
            .filter(|s| !s.is_empty());
    }
    let mut sources = Vec::new();
    if let Some(e) = ctx.find("/var/log/wtmp", &mut errors) {
        match wtmp_tail(fs, &e) {
            Ok(b) => {
                let recs = foothold_linux::parse_wtmp(&b);
                let last = |kind: foothold_linux::UtmpKind, user: &str| {
                    recs.iter()
                        .filter(|x| x.kind == kind && x.user == user)
                        .filter_map(|x| x.time)
                        .max()
                };
                r.last_boot = last(foothold_linux::UtmpKind::Boot, "reboot");
                r.last_shutdown = last(foothold_linux::UtmpKind::RunLevel, "shutdown");
                if let Some(t) = recs.iter().filter_map(|x| x.time).max() {
                    sources.push(TimeSource {
                        what: "latest wtmp record".into(),
                        path: "/var/log/wtmp".into(),
                        time: t,
                    });
                }
            }
            Err(m) => errors.push(ctx.error("/var/log/wtmp", Some(&e), None, m)),
        }
    }
    sources.extend(super::host::newest(
        dir(ctx, "/var/log", &mut errors)
            .into_iter()
            .filter(|e| e.kind == EntryKind::File),
        "newest file in /var/log (modified)",
    ));
    report.errors.extend(errors);
    super::host::push(report, r, sources, zone)
}

/// The last whole records of `wtmp` (at most [`WTMP_TAIL`] bytes).
fn wtmp_tail(fs: &dyn FileSystem, e: &Entry) -> Result<Vec<u8>, String> {
    let s = fs.open_stream(e, None).map_err(|x| x.to_string())?;
    let len = s.len();
    let rec = foothold_linux::UTMP_RECORD as u64;
    let start = len.saturating_sub(WTMP_TAIL) / rec * rec;
    let mut buf = vec![0u8; (len - start) as usize];
    let mut done = 0;
    while done < buf.len() {
        let n = s
            .read_at(start + done as u64, &mut buf[done..])
            .map_err(|x| x.to_string())?;
        if n == 0 {
            break;
        }
        done += n;
    }
    buf.truncate(done);
    Ok(buf)
}
