//! Linux services (T1543.002): locate the unit directories, init scripts and `rc.local` of a
//! Linux root and hand them to `foothold_linux::resolve_services`, `init_script` and
//! `rc_local`.
use super::linux::{dir, join, read, resolve, ImageUnits};
use super::{ErrorRecord, LinuxServiceRecord, Report, VolumeCtx};
use foothold_fs::{Entry, EntryKind, FileSystem};
use foothold_linux::{LinuxService, UnitScope};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Package lists read from the dpkg database, at most.
const MAX_LISTS: usize = 100_000;

/// The same path with and without `/usr` in front (a merged-`/usr` system lists `/lib/…`
/// files that are read at `/usr/lib/…`, and the other way round).
fn usr_twin(path: &str) -> String {
    match path.strip_prefix("/usr") {
        Some(rest) if rest.starts_with('/') => rest.to_string(),
        _ => format!("/usr{path}"),
    }
}

/// Which installed Debian package ships each of `paths` (`/var/lib/dpkg/info/PKG.list`);
/// `None` when the volume has no dpkg database.
fn dpkg_owners(
    ctx: &VolumeCtx,
    paths: &BTreeSet<String>,
    errors: &mut Vec<ErrorRecord>,
) -> Option<HashMap<String, String>> {
    let info = ctx.find("/var/lib/dpkg/info", errors)?;
    if info.kind != EntryKind::Dir {
        return None;
    }
    let fs: &dyn FileSystem = &**ctx.fs;
    let wanted: BTreeSet<String> = paths
        .iter()
        .flat_map(|p| [p.clone(), usr_twin(p)])
        .collect();
    let mut out = HashMap::new();
    for e in ctx
        .list_dir(&info, errors)
        .into_iter()
        .filter(|e| e.name.ends_with(".list"))
        .take(MAX_LISTS)
    {
        let package = e
            .name
            .trim_end_matches(".list")
            .split(':')
            .next()
            .unwrap_or_default()
            .to_string();
        let bytes = match read(fs, &e) {
            Ok(b) => b,
            Err(m) => {
                errors.push(ctx.error(&join("/var/lib/dpkg/info", &e.name), Some(&e), None, m));
                continue;
            }
        };
        for line in String::from_utf8_lossy(&bytes).lines() {
            if wanted.contains(line) {
                out.insert(line.to_string(), package.clone());
            }
        }
    }
    Some(out)
}

/// Say which package ships each service (its unit file or script), and flag those none
/// does; an init script no package ships has its command lines read too.
fn packages(ctx: &VolumeCtx, report: &mut Report, first: usize, errors: &mut Vec<ErrorRecord>) {
    let paths: BTreeSet<String> = report.linux_services[first..]
        .iter()
        .filter_map(|r| r.service.unit_path.clone())
        .collect();
    let Some(owners) = dpkg_owners(ctx, &paths, errors) else {
        return;
    };
    for r in &mut report.linux_services[first..] {
        let Some(p) = r.service.unit_path.clone() else {
            continue;
        };
        r.service.package = owners
            .get(&p)
            .or_else(|| owners.get(&usr_twin(&p)))
            .cloned();
        if r.service.package.is_none() {
            r.service
                .flags
                .push(foothold_linux::ServiceFlag::NotFromAPackage);
        }
    }
}

/// System unit directories, in the manager's precedence order.
const SYSTEM: &[&str] = &[
    "/etc/systemd/system",
    "/run/systemd/system",
    "/usr/local/lib/systemd/system",
    "/usr/lib/systemd/system",
    "/lib/systemd/system",
];
/// Unit directories of every user's manager.
const USER: &[&str] = &[
    "/etc/systemd/user",
    "/usr/lib/systemd/user",
    "/lib/systemd/user",
];
/// Runlevel link folders of SysV init.
const RC_DIRS: &[&str] = &[
    "/etc/rc0.d",
    "/etc/rc1.d",
    "/etc/rc2.d",
    "/etc/rc3.d",
    "/etc/rc4.d",
    "/etc/rc5.d",
    "/etc/rc6.d",
    "/etc/rcS.d",
];
/// Files of `/etc/init.d` that are not services.
const NOT_SCRIPTS: &[&str] = &["README", "skeleton", "rc", "rcS", "rc.local", "functions"];

fn record(
    ctx: &VolumeCtx,
    service: LinuxService,
    path: &str,
    entry: Option<&Entry>,
) -> LinuxServiceRecord {
    LinuxServiceRecord {
        source: ctx.source(path, entry, None),
        service,
        account: None,
        created_by: None,
        runs: Vec::new(),
    }
}

/// Every service of the volume's Linux root.
pub(crate) fn scan(ctx: &VolumeCtx, report: &mut Report) {
    let fs: &dyn FileSystem = &**ctx.fs;
    let mut errors: Vec<ErrorRecord> = Vec::new();
    let passwd = fs
        .lookup("/etc/passwd")
        .ok()
        .and_then(|e| read(fs, &e).ok())
        .map(|b| foothold_linux::parse_passwd(&b))
        .unwrap_or_default();
    let mut scopes: Vec<(Vec<String>, UnitScope, Option<String>)> = vec![
        (
            SYSTEM.iter().map(|s| s.to_string()).collect(),
            UnitScope::System,
            Some("root".into()),
        ),
        (
            USER.iter().map(|s| s.to_string()).collect(),
            UnitScope::User,
            None,
        ),
    ];
    for p in &passwd {
        if p.home.len() > 1 {
            scopes.push((
                vec![join(&p.home, ".config/systemd/user")],
                UnitScope::User,
                Some(p.name.clone()),
            ));
        }
    }
    let first = report.linux_services.len();
    let mut system_units: Vec<String> = Vec::new();
    for (dirs, scope, user) in scopes {
        let dirs: Vec<&str> = dirs.iter().map(String::as_str).collect();
        let mut tree = ImageUnits {
            ctx,
            errors: &mut errors,
            entries: BTreeMap::new(),
        };
        let r = foothold_linux::resolve_services(&mut tree, &dirs, scope, user);
        for e in r.errors {
            let (path, m) = match e {
                foothold_linux::Error::Unreadable { path, reason } => (path, reason),
                other => (String::new(), other.to_string()),
            };
            let rec = ctx.error(&path, tree.entries.get(&path), None, m);
            tree.errors.push(rec);
        }
        for s in r.services {
            // An alias (a link to a unit of another name) is that unit, listed under its
            // own name already.
            let path = s.unit_path.clone().unwrap_or_default();
            if let Some(t) = tree
                .entries
                .get(&path)
                .filter(|e| e.kind == EntryKind::Symlink)
            {
                let target = t.link_target.as_deref().unwrap_or_default();
                let target_name = target.rsplit('/').next().unwrap_or_default();
                if target_name.ends_with(".service")
                    && target_name != s.name
                    && !s.name.contains('@')
                {
                    continue;
                }
            }
            if scope == UnitScope::System {
                system_units.push(s.name.clone());
            }
            let entry = tree.entries.get(&path).cloned();
            report
                .linux_services
                .push(record(ctx, s, &path, entry.as_ref()));
        }
    }
    // SysV init scripts and the runlevel links that start them.
    let mut links: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in RC_DIRS {
        for e in dir(ctx, d, &mut errors) {
            let n = &e.name;
            if (n.starts_with('S') || n.starts_with('K')) && n.len() > 3 {
                let name = n.get(3..).unwrap_or_default().to_string();
                links.entry(name).or_default().push(join(d, n));
            }
        }
    }
    let mut scripts: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for e in dir(ctx, "/etc/init.d", &mut errors) {
        if e.kind == EntryKind::Dir
            || e.name.starts_with('.')
            || NOT_SCRIPTS.contains(&e.name.as_str())
        {
            continue;
        }
        let path = join("/etc/init.d", &e.name);
        let target = match resolve(fs, "/etc/init.d", &e) {
            Ok(t) => t,
            Err(m) => {
                errors.push(ctx.error(&path, Some(&e), None, m));
                continue;
            }
        };
        let bytes = match read(fs, &target) {
            Ok(b) => b,
            Err(m) => {
                errors.push(ctx.error(&path, Some(&e), None, m));
                continue;
            }
        };
        let executable = target.mode.map(|m| m & 0o111 != 0);
        let l = links.get(&e.name).cloned().unwrap_or_default();
        let s = foothold_linux::init_script(&e.name, &bytes, executable, &l, &system_units);
        scripts.insert(path.clone(), bytes);
        report.linux_services.push(record(ctx, s, &path, Some(&e)));
    }
    if let Some(e) = ctx.find("/etc/rc.local", &mut errors) {
        match resolve(fs, "/etc", &e).and_then(|t| Ok((read(fs, &t)?, t))) {
            Ok((bytes, t)) => {
                let s = foothold_linux::rc_local(&bytes, t.mode.map(|m| m & 0o111 != 0));
                report
                    .linux_services
                    .push(record(ctx, s, "/etc/rc.local", Some(&e)));
            }
            Err(m) => errors.push(ctx.error("/etc/rc.local", Some(&e), None, m)),
        }
    }
    packages(ctx, report, first, &mut errors);
    // An init script no package ships: what its lines run matters (a package's scripts are
    // long shell programs, whose lines are not commands of the service).
    for r in &mut report.linux_services[first..] {
        let s = &mut r.service;
        if s.kind == foothold_linux::ServiceKind::SysvInit
            && s.flags
                .contains(&foothold_linux::ServiceFlag::NotFromAPackage)
        {
            if let Some(b) = s.unit_path.as_ref().and_then(|p| scripts.get(p)) {
                s.exec.extend(foothold_linux::script_commands(b));
            }
        }
    }
    report.errors.extend(errors);
}
