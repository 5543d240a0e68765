use crate::lines;
use serde::Serialize;

/// One line of `/etc/passwd`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct PasswdEntry {
    /// Login name.
    pub name: String,
    /// User id.
    pub uid: u32,
    /// Primary group id.
    pub gid: u32,
    /// GECOS (full name, …).
    pub gecos: String,
    /// Home directory.
    pub home: String,
    /// Login shell.
    pub shell: String,
}

/// Parse `/etc/passwd`; malformed lines are skipped.
///
/// ```
/// let p = foothold_linux::parse_passwd(b"root:x:0:0:root:/root:/bin/bash\nbad\nalice:x:1000:1000::/home/alice:/bin/sh\n");
/// assert_eq!(p.len(), 2);
/// assert_eq!((p[1].name.as_str(), p[1].uid, p[1].home.as_str()), ("alice", 1000, "/home/alice"));
/// ```
pub fn parse_passwd(bytes: &[u8]) -> Vec<PasswdEntry> {
    lines(bytes)
        .into_iter()
        .filter_map(|(_, l)| {
            let f: Vec<&str> = l.split(':').collect();
            let [name, _, uid, gid, gecos, home, shell, ..] = f.as_slice() else {
                return None;
            };
            if name.is_empty() {
                return None;
            }
            Some(PasswdEntry {
                name: name.to_string(),
                uid: uid.parse().ok()?,
                gid: gid.parse().ok()?,
                gecos: gecos.to_string(),
                home: home.to_string(),
                shell: shell.to_string(),
            })
        })
        .collect()
}

/// One line of `/etc/group`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct GroupEntry {
    /// Group name.
    pub name: String,
    /// Group id.
    pub gid: u32,
    /// Members listed on the line (users whose primary group it is are not listed).
    pub members: Vec<String>,
}

/// Parse `/etc/group`; malformed lines are skipped.
///
/// ```
/// let g = foothold_linux::parse_group(b"sudo:x:27:alice,bob\nusers:x:100:\n");
/// assert_eq!((g[0].name.as_str(), g[0].gid, g[0].members.clone()), ("sudo", 27, vec!["alice".to_string(), "bob".into()]));
/// assert!(g[1].members.is_empty());
/// ```
pub fn parse_group(bytes: &[u8]) -> Vec<GroupEntry> {
    lines(bytes)
        .into_iter()
        .filter_map(|(_, l)| {
            let f: Vec<&str> = l.split(':').collect();
            let [name, _, gid, members, ..] = f.as_slice() else {
                return None;
            };
            if name.is_empty() || name.starts_with('#') {
                return None;
            }
            Some(GroupEntry {
                name: name.to_string(),
                gid: gid.parse().ok()?,
                members: members
                    .split(',')
                    .map(str::trim)
                    .filter(|m| !m.is_empty())
                    .map(str::to_string)
                    .collect(),
            })
        })
        .collect()
}

/// A sudoers rule (`WHO HOSTS=(RUNAS) COMMANDS`), as written, with its line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SudoRule {
    /// The user, `%group`, `#uid` or alias it is for.
    pub who: String,
    /// The whole rule.
    pub text: String,
    /// 1-based line.
    pub line: u32,
}

/// The user rules of a sudoers file (`Defaults`, aliases, includes and comments left out;
/// continuation lines joined).
///
/// ```
/// let r = foothold_linux::parse_sudoers(b"Defaults env_reset\n# comment\n%sudo ALL=(ALL:ALL) ALL\nalice ALL=(ALL) NOPASSWD: ALL\n");
/// assert_eq!((r[0].who.as_str(), r[1].who.as_str(), r[1].line), ("%sudo", "alice", 4));
/// ```
pub fn parse_sudoers(bytes: &[u8]) -> Vec<SudoRule> {
    let mut out = Vec::new();
    let mut pending: Option<(u32, String)> = None;
    for (n, raw) in lines(bytes) {
        let l = raw.trim();
        let (start, mut text) = match pending.take() {
            Some((s, t)) => (s, t + " " + l),
            None => (n, l.to_string()),
        };
        if text.ends_with('\\') {
            text.pop();
            pending = Some((start, text));
            continue;
        }
        let t = text.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with('@') {
            continue;
        }
        let who = t.split_whitespace().next().unwrap_or("");
        if who.starts_with("Defaults")
            || [
                "User_Alias",
                "Runas_Alias",
                "Host_Alias",
                "Cmnd_Alias",
                "Cmd_Alias",
            ]
            .contains(&who)
        {
            continue;
        }
        out.push(SudoRule {
            who: who.to_string(),
            text: t.to_string(),
            line: start,
        });
    }
    out
}

/// Groups whose members may administer a Linux machine by convention (sudo on Debian/Ubuntu,
/// wheel on RHEL/SUSE, admin on old Ubuntu, root).
const ADMIN_GROUPS: &[&str] = &["sudo", "wheel", "admin", "root"];

/// The accounts of a Linux image: every passwd user (groups from its primary gid and the
/// group lines naming it; `admin` for uid 0, membership of sudo/wheel/admin/root, or a
/// sudoers rule naming it or one of its groups) and every group. `sudoers` are
/// `(path, rules)` pairs.
///
/// ```
/// use foothold_linux::{linux_accounts, parse_group, parse_passwd, parse_sudoers};
/// let p = parse_passwd(b"root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000:Alice:/home/alice:/bin/bash\n");
/// let g = parse_group(b"root:x:0:\nalice:x:1000:\nsudo:x:27:alice\n");
/// let a = linux_accounts(&p, &g, &[]);
/// assert!(a[1].admin && a[1].groups == ["alice", "sudo"]);
/// assert_eq!(a[1].admin_because, ["member of sudo"]);
/// assert_eq!(a[0].admin_because, ["uid 0"]);
/// ```
pub fn linux_accounts(
    passwd: &[PasswdEntry],
    groups: &[GroupEntry],
    sudoers: &[(String, Vec<SudoRule>)],
) -> Vec<foothold_core::Account> {
    use foothold_core::{Account, AccountKind};
    let mut out = Vec::new();
    for p in passwd {
        let mut a = Account {
            kind: Some(AccountKind::UnixUser),
            name: Some(p.name.clone()),
            id: Some(p.uid),
            gid: Some(p.gid),
            full_name: (!p.gecos.is_empty()).then(|| p.gecos.clone()),
            home: Some(p.home.clone()),
            shell: Some(p.shell.clone()),
            ..Account::default()
        };
        if p.uid == 0 {
            a.admin = true;
            a.admin_because.push("uid 0".into());
        }
        if let Some(g) = groups.iter().find(|g| g.gid == p.gid) {
            a.groups.push(g.name.clone());
        }
        for g in groups.iter().filter(|g| g.members.contains(&p.name)) {
            if !a.groups.contains(&g.name) {
                a.groups.push(g.name.clone());
            }
        }
        for g in &a.groups {
            if ADMIN_GROUPS.contains(&g.as_str()) && p.uid != 0 {
                a.admin_because.push(format!("member of {g}"));
                a.admin = true;
            }
        }
        for (path, rules) in sudoers {
            for r in rules {
                let names_me = r.who == p.name
                    || r.who == format!("#{}", p.uid)
                    || r.who
                        .strip_prefix('%')
                        .is_some_and(|g| a.groups.iter().any(|m| m == g));
                if names_me {
                    a.admin = true;
                    a.admin_because
                        .push(format!("sudoers: {path}:{}: {}", r.line, r.text));
                }
            }
        }
        out.push(a);
    }
    for g in groups {
        out.push(Account {
            kind: Some(AccountKind::UnixGroup),
            name: Some(g.name.clone()),
            id: Some(g.gid),
            members: g.members.clone(),
            ..Account::default()
        });
    }
    out
}

/// Resolve a user name or a numeric uid against the accounts.
pub fn resolve_unix_account(
    accounts: &[foothold_core::Account],
    who: &str,
) -> Option<foothold_core::AccountRef> {
    let users = accounts
        .iter()
        .filter(|a| a.kind == Some(foothold_core::AccountKind::UnixUser));
    let found = match who.parse::<u32>() {
        Ok(uid) => users.clone().find(|a| a.id == Some(uid)),
        Err(_) => None,
    }
    .or_else(|| users.clone().find(|a| a.name.as_deref() == Some(who)));
    found.map(foothold_core::Account::to_ref)
}
