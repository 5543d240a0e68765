//! Windows accounts: the SAM's users and groups, SIDs with a profile, well-known SIDs, and
//! the resolution of a SID or an account name as tasks, services and events write them.
use crate::{RegistryHive, Sam};
use foothold_core::{Account, AccountKind, AccountRef};

/// The well-known SIDs a persistence record is likely to name, with their names.
const WELL_KNOWN: &[(&str, &str)] = &[
    ("S-1-5-18", "SYSTEM"),
    ("S-1-5-19", "LOCAL SERVICE"),
    ("S-1-5-20", "NETWORK SERVICE"),
    ("S-1-1-0", "Everyone"),
    ("S-1-5-4", "INTERACTIVE"),
    ("S-1-5-6", "SERVICE"),
    ("S-1-5-7", "ANONYMOUS LOGON"),
    ("S-1-5-11", "Authenticated Users"),
    ("S-1-5-32-544", "Administrators"),
    ("S-1-5-32-545", "Users"),
    ("S-1-5-32-546", "Guests"),
    ("S-1-5-32-547", "Power Users"),
    ("S-1-5-32-551", "Backup Operators"),
    ("S-1-5-32-555", "Remote Desktop Users"),
];

/// Names services and tasks use for the well-known service accounts.
const ALIASES: &[(&str, &str)] = &[
    ("localsystem", "S-1-5-18"),
    ("system", "S-1-5-18"),
    ("localservice", "S-1-5-19"),
    ("local service", "S-1-5-19"),
    ("networkservice", "S-1-5-20"),
    ("network service", "S-1-5-20"),
];

/// The name of a well-known SID.
///
/// ```
/// assert_eq!(foothold_windows::well_known_sid("S-1-5-18"), Some("SYSTEM"));
/// ```
pub fn well_known_sid(sid: &str) -> Option<&'static str> {
    WELL_KNOWN
        .iter()
        .find(|(s, _)| s.eq_ignore_ascii_case(sid))
        .map(|(_, n)| *n)
}

/// `SID -> ProfileImagePath` from a SOFTWARE hive's
/// `Microsoft\Windows NT\CurrentVersion\ProfileList`.
pub fn parse_profile_list(software: &RegistryHive) -> Vec<(String, String)> {
    let Some(list) = software.key(crate::environment::PROFILE_LIST) else {
        return Vec::new();
    };
    software
        .subkeys(list)
        .into_iter()
        .filter_map(|k| {
            let sid = software.key_name(k)?;
            let path = software.value(k, "ProfileImagePath")?.as_string()?;
            Some((sid, path))
        })
        .collect()
}

/// The accounts a Windows image records: every SAM user (with its groups; `admin` when
/// Administrators holds it) and group, and every SID with a profile but no local account.
///
/// ```
/// use foothold_windows::{windows_accounts, Sam, SamGroup, SamUser};
/// let sam = Sam {
///     machine_sid: Some("S-1-5-21-1-2-3".into()),
///     users: vec![SamUser { rid: 1001, sid: Some("S-1-5-21-1-2-3-1001".into()), name: Some("eve".into()), ..Default::default() }],
///     groups: vec![SamGroup { rid: 544, sid: Some("S-1-5-32-544".into()), name: Some("Administrators".into()),
///                             members: vec!["S-1-5-21-1-2-3-1001".into()], ..Default::default() }],
///     problems: vec![],
/// };
/// let a = windows_accounts(Some(&sam), &[("S-1-5-21-9-9-9-1104".into(), r"C:\Users\bob".into())]);
/// assert!(a[0].admin && a[0].groups == ["Administrators"]);
/// assert_eq!(a[0].admin_because, ["member of Administrators (S-1-5-32-544)"]);
/// assert_eq!(a[2].home.as_deref(), Some(r"C:\Users\bob")); // a domain user: a profile only
/// ```
pub fn windows_accounts(sam: Option<&Sam>, profiles: &[(String, String)]) -> Vec<Account> {
    let mut out = Vec::new();
    if let Some(sam) = sam {
        for u in &sam.users {
            let mut a = Account {
                kind: Some(AccountKind::LocalUser),
                name: u.name.clone(),
                sid: u.sid.clone(),
                id: Some(u.rid),
                full_name: u.full_name.clone(),
                comment: u.comment.clone(),
                home: u.home_directory.clone().or_else(|| u.profile_path.clone()),
                disabled: Some(u.disabled),
                created: u.created,
                last_logon: u.last_logon,
                password_last_set: u.password_last_set,
                last_failed_logon: u.last_failed_logon,
                logon_count: Some(u32::from(u.logon_count)),
                ..Account::default()
            };
            for g in &sam.groups {
                if u.sid.as_ref().is_some_and(|s| g.members.contains(s)) {
                    let name = g.name.clone().unwrap_or_else(|| format!("RID {}", g.rid));
                    if g.sid.as_deref() == Some("S-1-5-32-544") {
                        a.admin = true;
                        a.admin_because
                            .push(format!("member of {name} (S-1-5-32-544)"));
                    }
                    a.groups.push(name);
                }
            }
            out.push(a);
        }
        for g in &sam.groups {
            out.push(Account {
                kind: Some(AccountKind::LocalGroup),
                name: g.name.clone(),
                sid: g.sid.clone(),
                id: Some(g.rid),
                comment: g.comment.clone(),
                members: g.members.clone(),
                admin: g.sid.as_deref() == Some("S-1-5-32-544"),
                admin_because: if g.sid.as_deref() == Some("S-1-5-32-544") {
                    vec!["the Administrators group".into()]
                } else {
                    Vec::new()
                },
                ..Account::default()
            });
        }
    }
    for (sid, path) in profiles {
        if let Some(a) = out.iter_mut().find(|a| a.sid.as_ref() == Some(sid)) {
            a.home.get_or_insert_with(|| path.clone());
            continue;
        }
        let wk = well_known_sid(sid);
        out.push(Account {
            kind: Some(if wk.is_some() {
                AccountKind::WellKnown
            } else {
                AccountKind::Profile
            }),
            name: wk.map(str::to_string),
            sid: Some(sid.clone()),
            home: Some(path.clone()),
            admin: sid == "S-1-5-18",
            admin_because: if sid == "S-1-5-18" {
                vec!["SYSTEM".into()]
            } else {
                Vec::new()
            },
            ..Account::default()
        });
    }
    out
}

/// Resolve a SID or an account name as a task principal, a service's `ObjectName` or an
/// event writes it (`S-1-5-18`, `LocalSystem`, `NT AUTHORITY\LocalService`, `.\eve`,
/// `HOST\eve`, `eve`) against the image's accounts, then the well-known SIDs. Names compare
/// case-insensitively; a `DOMAIN\` prefix is kept out of the comparison only for `.`,
/// `NT AUTHORITY`, `BUILTIN` and `computer`.
///
/// ```
/// use foothold_windows::resolve_windows_account;
/// let r = resolve_windows_account(&[], r"NT AUTHORITY\LocalService", None).unwrap();
/// assert_eq!((r.name.as_deref(), r.sid.as_deref()), (Some("LOCAL SERVICE"), Some("S-1-5-19")));
/// assert!(resolve_windows_account(&[], r"CORP\eve", Some("WS1")).is_none());
/// // A name whose fourth byte is inside a character is only a name.
/// assert!(resolve_windows_account(&[], "Lo\u{4863}alSystem", None).is_none());
/// ```
pub fn resolve_windows_account(
    accounts: &[Account],
    who: &str,
    computer: Option<&str>,
) -> Option<AccountRef> {
    let who = who.trim();
    if who.is_empty() {
        return None;
    }
    // (`get`: a hostile name's fourth byte need not end a character.)
    if who.len() > 4 && who.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("S-1-")) {
        if let Some(a) = accounts.iter().find(|a| {
            a.sid
                .as_deref()
                .is_some_and(|s| s.eq_ignore_ascii_case(who))
        }) {
            return Some(a.to_ref());
        }
        return well_known_sid(who).map(|n| well_known_ref(who, n));
    }
    let (domain, name) = match who.split_once('\\') {
        Some((d, n)) => (Some(d), n),
        None => (None, who),
    };
    let local = match domain {
        None => true,
        Some(d) => {
            d == "."
                || d.eq_ignore_ascii_case("NT AUTHORITY")
                || d.eq_ignore_ascii_case("BUILTIN")
                || computer.is_some_and(|c| {
                    // "WS1" names "WS1.corp.example" too.
                    let c = c.split('.').next().unwrap_or(c);
                    d.eq_ignore_ascii_case(c)
                })
        }
    };
    if !local {
        return None;
    }
    if let Some(a) = accounts.iter().find(|a| {
        a.name
            .as_deref()
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
    }) {
        return Some(a.to_ref());
    }
    let lower = name.to_ascii_lowercase();
    let sid = ALIASES
        .iter()
        .find(|(n, _)| *n == lower)
        .map(|(_, s)| *s)
        .or_else(|| {
            WELL_KNOWN
                .iter()
                .find(|(_, n)| n.eq_ignore_ascii_case(name))
                .map(|(s, _)| *s)
        })?;
    well_known_sid(sid).map(|n| well_known_ref(sid, n))
}

fn well_known_ref(sid: &str, name: &str) -> AccountRef {
    AccountRef {
        kind: Some(AccountKind::WellKnown),
        name: Some(name.to_string()),
        sid: Some(sid.to_string()),
        id: None,
        admin: sid == "S-1-5-18" || sid == "S-1-5-32-544",
    }
}
