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
            if f.len() < 7 || f[0].is_empty() {
                return None;
            }
            Some(PasswdEntry {
                name: f[0].to_string(),
                uid: f[2].parse().ok()?,
                gid: f[3].parse().ok()?,
                home: f[5].to_string(),
                shell: f[6].to_string(),
            })
        })
        .collect()
}
