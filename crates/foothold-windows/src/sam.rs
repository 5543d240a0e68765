//! Local accounts and groups from a SAM hive: users (`Domains\Account\Users\<RID>` `F` and
//! `V` values, `Names\<name>` for the name and its key time), local groups (aliases of
//! `Domains\Builtin` and `Domains\Account`, with their members from the `C` value), and the
//! machine SID (`Domains\Account` `V`). Layouts as RegRipper's and regipy's `samparse` read
//! them; every offset and length is checked, a value that does not fit is a problem, not a
//! guess.
use crate::hive::KeyRef;
use crate::RegistryHive;
use foothold_core::{u16_at, u32_at, u64_at, Timestamp};
use serde::Serialize;

/// `F` value flag: the account is disabled (`ACB_DISABLED`).
const ACB_DISABLED: u32 = 0x0001;
/// Most members read from one group's `C` value.
const MAX_MEMBERS: usize = 4096;

/// A local user account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SamUser {
    /// Relative identifier (`500` Administrator, `501` Guest, `1000`… created users).
    pub rid: u32,
    /// The account's SID: the machine SID and the RID.
    pub sid: Option<String>,
    /// Account name (`Names\<name>`, else the `V` value's).
    pub name: Option<String>,
    /// Full name (`V`).
    pub full_name: Option<String>,
    /// Comment (`V`).
    pub comment: Option<String>,
    /// Home directory (`V`).
    pub home_directory: Option<String>,
    /// Logon script (`V`).
    pub script_path: Option<String>,
    /// Roaming profile path (`V`).
    pub profile_path: Option<String>,
    /// When the account was created: the last-written time of its `Names\<name>` key (as
    /// RegRipper reports it; the key is written once, when the account is made).
    pub created: Option<Timestamp>,
    /// Last logon (`F` 0x08).
    pub last_logon: Option<Timestamp>,
    /// Password last set (`F` 0x18).
    pub password_last_set: Option<Timestamp>,
    /// Account expires (`F` 0x20; never when absent).
    pub account_expires: Option<Timestamp>,
    /// Last failed logon (`F` 0x28).
    pub last_failed_logon: Option<Timestamp>,
    /// Account control flags (`F` 0x38, `ACB_*`).
    pub flags: u32,
    /// `ACB_DISABLED` is set.
    pub disabled: bool,
    /// Failed logons since the last good one (`F` 0x40).
    pub failed_logon_count: u16,
    /// Logons (`F` 0x42).
    pub logon_count: u16,
    /// The user's key in the hive.
    pub key: String,
    /// Its last-written time.
    pub key_last_written: Option<Timestamp>,
}

/// A local group (alias) with its members.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SamGroup {
    /// Relative identifier (`544` Administrators, `545` Users, `555` Remote Desktop Users…).
    pub rid: u32,
    /// The group's SID (`S-1-5-32-RID` for the built-in domain).
    pub sid: Option<String>,
    /// Name (`C`).
    pub name: Option<String>,
    /// Comment (`C`).
    pub comment: Option<String>,
    /// Member SIDs (`C`).
    pub members: Vec<String>,
    /// The group's key in the hive.
    pub key: String,
    /// Its last-written time (a membership change writes it).
    pub key_last_written: Option<Timestamp>,
}

/// What a SAM hive says of local accounts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Sam {
    /// The machine (account domain) SID, `S-1-5-21-…`.
    pub machine_sid: Option<String>,
    /// Users, by RID.
    pub users: Vec<SamUser>,
    /// Groups of the built-in and the account domain, by RID.
    pub groups: Vec<SamGroup>,
    /// Values that could not be read (key, what is wrong).
    pub problems: Vec<(String, String)>,
}

pub(crate) use foothold_core::sid_at;

fn time(b: &[u8], at: usize) -> Option<Timestamp> {
    match u64_at(b, at)? {
        0 | 0x7FFF_FFFF_FFFF_FFFF => None,
        ft => Timestamp::from_filetime(ft),
    }
}

/// A UTF-16LE string from an (offset, length) pair at `entry` of a header; offsets count from
/// `base`. `Err` when the pair points outside the value.
fn string(v: &[u8], entry: usize, base: usize) -> Result<Option<String>, String> {
    let (Some(off), Some(len)) = (u32_at(v, entry), u32_at(v, entry.saturating_add(4))) else {
        return Err(format!("header entry at {entry:#x} past the end"));
    };
    if len == 0 {
        return Ok(None);
    }
    let start = base.saturating_add(off as usize);
    let bytes = start
        .checked_add(len as usize)
        .and_then(|end| v.get(start..end))
        .ok_or_else(|| {
            format!(
                "string at {start:#x} ({len} bytes) past the end ({} bytes)",
                v.len()
            )
        })?;
    Ok(Some(foothold_core::utf16le(bytes)))
}

fn rid_of(name: &str) -> Option<u32> {
    (name.len() == 8)
        .then(|| u32::from_str_radix(name, 16).ok())
        .flatten()
}

fn sub(hive: &RegistryHive, k: KeyRef) -> Vec<(String, KeyRef)> {
    hive.subkeys(k)
        .into_iter()
        .filter_map(|s| Some((hive.key_name(s)?, s)))
        .collect()
}

/// Read the accounts of a SAM hive.
///
/// ```no_run
/// let hive = foothold_windows::RegistryHive::new(std::fs::read("SAM")?)?;
/// let sam = foothold_windows::parse_sam(&hive);
/// for u in &sam.users {
///     println!("{} {:?} disabled={} last logon {:?}", u.rid, u.name, u.disabled, u.last_logon);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn parse_sam(hive: &RegistryHive) -> Sam {
    let mut sam = Sam::default();
    const ACCOUNT: &str = "SAM\\Domains\\Account";
    const BUILTIN: &str = "SAM\\Domains\\Builtin";
    if let Some(v) = hive.key(ACCOUNT).and_then(|k| hive.value(k, "V")) {
        // The machine SID is the last 24 bytes of the domain's V value.
        sam.machine_sid = v
            .data
            .len()
            .checked_sub(24)
            .and_then(|at| v.data.get(at..))
            .and_then(sid_at)
            .map(|(s, _)| s)
            .filter(|s| s.starts_with("S-1-5-21-"));
    }
    let users_path = format!("{ACCOUNT}\\Users");
    if let Some(users) = hive.key(&users_path) {
        let mut names = std::collections::BTreeMap::new();
        if let Some(n) = hive.subkey(users, "Names") {
            for (name, k) in sub(hive, n) {
                // The default value's *type* is the RID.
                if let Some(v) = hive.values(k).into_iter().find(|v| v.name.is_empty()) {
                    names.insert(v.kind, (name, hive.key_last_written(k)));
                }
            }
        }
        for (key_name, k) in sub(hive, users) {
            let Some(rid) = rid_of(&key_name) else {
                continue;
            };
            let key = format!("{users_path}\\{key_name}");
            let mut u = SamUser {
                rid,
                sid: sam.machine_sid.as_ref().map(|m| format!("{m}-{rid}")),
                key_last_written: hive.key_last_written(k),
                ..SamUser::default()
            };
            if let Some((n, created)) = names.get(&rid) {
                u.name = Some(n.clone());
                u.created = *created;
            }
            match hive.value(k, "F").map(|v| v.data) {
                Some(f) if f.len() >= 0x44 => {
                    u.last_logon = time(&f, 0x08);
                    u.password_last_set = time(&f, 0x18);
                    u.account_expires = time(&f, 0x20);
                    u.last_failed_logon = time(&f, 0x28);
                    u.flags = u16_at(&f, 0x38).map_or(0, u32::from);
                    u.disabled = u.flags & ACB_DISABLED != 0;
                    u.failed_logon_count = u16_at(&f, 0x40).unwrap_or(0);
                    u.logon_count = u16_at(&f, 0x42).unwrap_or(0);
                    if u32_at(&f, 0x30) != Some(rid) {
                        sam.problems
                            .push((key.clone(), "F value's RID differs from the key's".into()));
                    }
                }
                Some(f) => sam.problems.push((
                    key.clone(),
                    format!("F value of {} bytes, 68 needed", f.len()),
                )),
                None => sam.problems.push((key.clone(), "no F value".into())),
            }
            if let Some(v) = hive.value(k, "V").map(|v| v.data) {
                let mut field = |entry: usize| match string(&v, entry, 0xCC) {
                    Ok(s) => s,
                    Err(m) => {
                        sam.problems.push((key.clone(), format!("V value: {m}")));
                        None
                    }
                };
                let name = field(0x0C);
                u.full_name = field(0x18);
                u.comment = field(0x24);
                u.home_directory = field(0x48);
                u.script_path = field(0x60);
                u.profile_path = field(0x6C);
                if u.name.is_none() {
                    u.name = name;
                }
            }
            u.key = key;
            sam.users.push(u);
        }
    }
    for (domain, sid_base) in [
        (BUILTIN, Some("S-1-5-32".to_string())),
        (ACCOUNT, sam.machine_sid.clone()),
    ] {
        let path = format!("{domain}\\Aliases");
        let Some(aliases) = hive.key(&path) else {
            continue;
        };
        for (key_name, k) in sub(hive, aliases) {
            let Some(rid) = rid_of(&key_name) else {
                continue;
            };
            let key = format!("{path}\\{key_name}");
            let mut g = SamGroup {
                rid,
                sid: sid_base.as_ref().map(|b| format!("{b}-{rid}")),
                key_last_written: hive.key_last_written(k),
                ..SamGroup::default()
            };
            match hive.value(k, "C").map(|v| v.data) {
                Some(c) => {
                    let mut field = |entry: usize| match string(&c, entry, 0x34) {
                        Ok(s) => s,
                        Err(m) => {
                            sam.problems.push((key.clone(), format!("C value: {m}")));
                            None
                        }
                    };
                    g.name = field(0x10);
                    g.comment = field(0x1C);
                    let start = u32_at(&c, 0x28).map(|o| 0x34usize.saturating_add(o as usize));
                    let count = u32_at(&c, 0x30).unwrap_or(0) as usize;
                    let mut at = start.unwrap_or(usize::MAX);
                    for _ in 0..count.min(MAX_MEMBERS) {
                        match c.get(at..).and_then(sid_at) {
                            Some((s, len)) => {
                                g.members.push(s);
                                at = at.saturating_add(len);
                            }
                            None => {
                                sam.problems.push((
                                    key.clone(),
                                    format!(
                                        "C value: member {} of {count} at {at:#x} unreadable",
                                        g.members.len().saturating_add(1)
                                    ),
                                ));
                                break;
                            }
                        }
                    }
                }
                None => sam.problems.push((key.clone(), "no C value".into())),
            }
            g.key = key;
            sam.groups.push(g);
        }
    }
    sam.users.sort_by_key(|u| u.rid);
    sam.groups.sort_by_key(|g| (g.sid.clone(), g.rid));
    sam
}
