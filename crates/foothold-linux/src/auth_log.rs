//! Logons, privilege use and account changes in the authentication log (`/var/log/auth.log*`
//! on Debian and Ubuntu, `/var/log/secure*` on RHEL), as sshd, sudo, su, PAM and the shadow
//! tools (`useradd`, `usermod`, `groupadd`, `userdel`, `passwd`, `chpasswd`) write them.
use crate::log_lines;
use crate::syslog::{syslog_line, SyslogLine};
use std::collections::BTreeMap;

foothold_core::named_enum! {
    /// What an authentication-log line records.
    pub enum AuthAction {
        /// sshd `Accepted <method> for <user> from <address> port <port>`.
        SshAccepted => "ssh_accepted",
        /// sshd `Failed <method> for [invalid user ]<user> from <address> port <port>`.
        SshFailed => "ssh_failed",
        /// sshd `Invalid user <user> from <address> port <port>`.
        SshInvalidUser => "ssh_invalid_user",
        /// sshd `Disconnected from user <user> <address> port <port>`.
        SshDisconnected => "ssh_disconnected",
        /// PAM `pam_unix(<service>:session): session opened for user <user>(uid=N) by …`.
        SessionOpened => "session_opened",
        /// PAM `… session closed for user <user>`.
        SessionClosed => "session_closed",
        /// sudo ran (or refused) a command: `<user> : TTY=… ; PWD=… ; USER=… ; COMMAND=…`.
        Sudo => "sudo",
        /// su to another user (`Successful su for root by alice`, `(to root) alice on pts/0`,
        /// `FAILED su for root by alice`).
        Su => "su",
        /// useradd `new user: name=…, UID=…`.
        UserAdded => "user_added",
        /// useradd/groupadd `new group: name=…, GID=…`.
        GroupAdded => "group_added",
        /// usermod/gpasswd `add '<user>' to group '<group>'` (`database: gshadow` for the
        /// `shadow group` line).
        GroupMemberAdded => "group_member_added",
        /// gpasswd/usermod `delete user '<user>' from group '<group>'`.
        GroupMemberRemoved => "group_member_removed",
        /// userdel `delete user '<user>'`.
        UserDeleted => "user_deleted",
        /// groupdel / userdel `group '<group>' removed` and `removed group '<group>'`.
        GroupDeleted => "group_deleted",
        /// usermod `change user '<user>' …` (shell, home, name, expiry, lock).
        UserChanged => "user_changed",
        /// PAM `pam_unix(<service>:chauthtok): password changed for <user>`.
        PasswordChanged => "password_changed",
    }
}

/// One line of an authentication log that records a logon, a privilege use or an account
/// change (every other line is left out: PAM limits, key exchange, daemon start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthLogEntry {
    /// What it records.
    pub action: AuthAction,
    /// Timestamp as written (`Dec  1 13:37:41` has no year).
    pub time: String,
    /// Host name.
    pub host: String,
    /// `sshd`, `sudo`, `su`, `useradd`…
    pub program: String,
    /// Process id.
    pub pid: Option<u32>,
    /// Who acted: the user logging on (sshd), the invoking user (sudo, su); `None` when the
    /// log does not say (the shadow tools do not name the administrator).
    pub user: Option<String>,
    /// The account acted on: the added, changed or deleted user, sudo's and su's target user.
    pub target_user: Option<String>,
    /// The command sudo ran (`COMMAND=`).
    pub command: Option<String>,
    /// Named fields: `source_address`, `source_port`, `method`, `key` (sshd); `tty`, `pwd`,
    /// `refused` (sudo); `uid`, `gid`, `home`, `shell`, `group`, `database`, `change`
    /// (shadow tools); `service` (PAM).
    pub fields: BTreeMap<String, String>,
    /// The message as written.
    pub message: String,
    /// 1-based line in the log.
    pub line: u32,
}

/// The logons, privilege uses and account changes of an authentication log.
///
/// ```
/// use foothold_linux::{parse_auth_log, AuthAction};
/// let log = b"2026-12-01T13:37:43.422879+00:00 vm sshd[5839]: Accepted publickey for mallory from 127.0.0.1 port 52900 ssh2: ED25519 SHA256:Drcg4db3\n";
/// let e = &parse_auth_log(log)[0];
/// assert_eq!((e.action, e.user.as_deref()), (AuthAction::SshAccepted, Some("mallory")));
/// assert_eq!(e.fields["source_address"], "127.0.0.1");
/// assert_eq!(e.fields["key"], "ED25519 SHA256:Drcg4db3");
/// ```
pub fn parse_auth_log(bytes: &[u8]) -> Vec<AuthLogEntry> {
    log_lines(bytes)
        .filter_map(|(n, l)| {
            let h = syslog_line(&l)?;
            auth_entry(&h, n)
        })
        .collect()
}

/// Words of a message, split on whitespace.
fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

/// The text between the first pair of single quotes after `after`.
fn quoted<'a>(s: &'a str, after: &str) -> Option<&'a str> {
    let rest = s.split_once(after)?.1.strip_prefix('\'')?;
    rest.split_once('\'').map(|(q, _)| q)
}

/// `a=1, b=2` (shadow tools) → fields.
fn comma_fields(s: &str, fields: &mut BTreeMap<String, String>) -> Option<String> {
    let mut name = None;
    for part in s.split(", ") {
        if let Some((k, v)) = part.split_once('=') {
            let k = k.trim().to_ascii_lowercase();
            if k == "name" {
                name = Some(v.to_string());
            } else {
                fields.insert(k, v.to_string());
            }
        }
    }
    name
}

fn auth_entry(h: &SyslogLine<'_>, line: u32) -> Option<AuthLogEntry> {
    let m = h.message;
    let mut e = AuthLogEntry {
        action: AuthAction::Sudo,
        time: h.time.to_string(),
        host: h.host.to_string(),
        program: h.program.to_string(),
        pid: h.pid,
        user: None,
        target_user: None,
        command: None,
        fields: BTreeMap::new(),
        message: m.to_string(),
        line,
    };
    let f = &mut e.fields;
    let program = h.program.rsplit('/').next().unwrap_or(h.program);
    // PAM lines come from every program: sessions and password changes.
    if let Some(rest) = m.strip_prefix("pam_unix(") {
        let (service, rest) = rest.split_once("): ")?;
        f.insert("service".into(), service.to_string());
        if let Some(u) = rest.strip_prefix("session opened for user ") {
            e.action = AuthAction::SessionOpened;
            let w = words(u);
            let target = w.first()?;
            e.target_user = Some(target.split('(').next().unwrap_or(target).to_string());
            if let Some(by) = w
                .iter()
                .position(|x| *x == "by")
                .and_then(|i| w.get(i.saturating_add(1)))
            {
                // `by (uid=0)` names only a uid; `by alice(uid=1000)` names the user.
                let name = by.split('(').next().unwrap_or("");
                if !name.is_empty() {
                    e.user = Some(name.to_string());
                }
                f.insert("by".into(), by.to_string());
            }
        } else if let Some(u) = rest.strip_prefix("session closed for user ") {
            e.action = AuthAction::SessionClosed;
            e.target_user = Some(u.trim().to_string());
        } else if let Some(u) = rest.strip_prefix("password changed for ") {
            e.action = AuthAction::PasswordChanged;
            e.target_user = Some(u.trim().to_string());
        } else {
            return None;
        }
        return Some(e);
    }
    match program {
        "sshd" | "sshd-session" => {
            let w = words(m);
            // The address and port after `from`, or right after the user (Disconnected).
            let addr = |w: &[&str], i: usize, f: &mut BTreeMap<String, String>| {
                if let Some(a) = w.get(i) {
                    f.insert("source_address".into(), a.to_string());
                }
                if w.get(i.saturating_add(1)) == Some(&"port") {
                    if let Some(p) = w.get(i.saturating_add(2)) {
                        f.insert("source_port".into(), p.trim_end_matches(':').to_string());
                    }
                }
            };
            match w.first().copied() {
                Some("Accepted") | Some("Failed") => {
                    let method = w.get(1)?;
                    let mut i = 2;
                    if w.get(i) != Some(&"for") {
                        return None;
                    }
                    i = i.saturating_add(1);
                    if w.get(i) == Some(&"invalid") && w.get(i.saturating_add(1)) == Some(&"user") {
                        f.insert("invalid_user".into(), "true".into());
                        i = i.saturating_add(2);
                    }
                    e.user = Some(w.get(i)?.to_string());
                    if w.get(i.saturating_add(1)) != Some(&"from") {
                        return None;
                    }
                    addr(&w, i.saturating_add(2), f);
                    f.insert("method".into(), method.to_string());
                    if let Some((_, key)) = m.split_once(" ssh2: ") {
                        f.insert("key".into(), key.trim().to_string());
                    }
                    e.action = if w.first() == Some(&"Accepted") {
                        AuthAction::SshAccepted
                    } else {
                        AuthAction::SshFailed
                    };
                }
                Some("Invalid") if w.get(1) == Some(&"user") => {
                    e.action = AuthAction::SshInvalidUser;
                    // `Invalid user  from …` has an empty name.
                    let from = w.iter().position(|x| *x == "from")?;
                    e.user = w.get(2).filter(|_| from == 3).map(|u| u.to_string());
                    addr(&w, from.saturating_add(1), f);
                }
                Some("Disconnected") if w.get(1) == Some(&"from") && w.get(2) == Some(&"user") => {
                    e.action = AuthAction::SshDisconnected;
                    e.user = Some(w.get(3)?.to_string());
                    addr(&w, 4, f);
                }
                _ => return None,
            }
        }
        "sudo" => {
            // `alice : [reason ; ]TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id`
            let (user, rest) = m.split_once(" : ")?;
            e.user = Some(user.trim().to_string());
            let mut saw = false;
            // COMMAND= is last and may itself contain ` ; `.
            let (head, command) = match rest.find("COMMAND=") {
                Some(i) => (
                    rest.get(..i).unwrap_or_default(),
                    rest.get(i.saturating_add(8)..).map(str::to_string),
                ),
                None => (rest, None),
            };
            for part in head.split(" ; ") {
                let part = part.trim();
                match part.split_once('=') {
                    Some(("TTY", v)) => {
                        f.insert("tty".into(), v.into());
                        saw = true;
                    }
                    Some(("PWD", v)) => {
                        f.insert("pwd".into(), v.into());
                        saw = true;
                    }
                    Some(("USER", v)) => {
                        e.target_user = Some(v.into());
                        saw = true;
                    }
                    Some(("GROUP", v)) => {
                        f.insert("group".into(), v.into());
                    }
                    Some(_) => {}
                    None if !part.is_empty() => {
                        // `a password is required`, `3 incorrect password attempts`,
                        // `user NOT in sudoers`, `command not allowed`.
                        f.insert("refused".into(), part.to_string());
                    }
                    None => {}
                }
            }
            if !saw && command.is_none() {
                return None;
            }
            e.command = command;
        }
        "su" => {
            let w = words(m);
            match w.as_slice() {
                ["Successful", "su", "for", target, "by", by, ..]
                | ["FAILED", "su", "for", target, "by", by, ..]
                | ["FAILED", "SU", "(to", target, by, ..] => {
                    e.target_user = Some(target.trim_end_matches(')').to_string());
                    e.user = Some(by.to_string());
                    if w.first() == Some(&"FAILED") {
                        f.insert("refused".into(), "authentication failure".into());
                    }
                }
                ["(to", target, by, "on", tty, ..] => {
                    e.target_user = Some(target.trim_end_matches(')').to_string());
                    e.user = Some(by.to_string());
                    f.insert("tty".into(), tty.to_string());
                }
                _ => return None,
            }
            e.action = AuthAction::Su;
        }
        "useradd" | "usermod" | "userdel" | "groupadd" | "groupdel" | "groupmod" | "gpasswd"
        | "passwd" | "chpasswd" | "chage" => {
            if let Some(rest) = m.strip_prefix("new user: ") {
                e.action = AuthAction::UserAdded;
                e.target_user = comma_fields(rest, f);
            } else if let Some(rest) = m.strip_prefix("new group: ") {
                e.action = AuthAction::GroupAdded;
                let name = comma_fields(rest, f);
                f.insert("group".into(), name?);
            } else if m.starts_with("add '") {
                e.action = AuthAction::GroupMemberAdded;
                e.target_user = Some(quoted(m, "add ")?.to_string());
                let g = quoted(m, " group ")?;
                f.insert("group".into(), g.to_string());
                if m.contains(" to shadow group ") {
                    f.insert("database".into(), "gshadow".into());
                }
            } else if m.starts_with("delete user '") && m.contains("' from ") {
                e.action = AuthAction::GroupMemberRemoved;
                e.target_user = Some(quoted(m, "delete user ")?.to_string());
                f.insert("group".into(), quoted(m, " group ")?.to_string());
            } else if m.starts_with("delete user '") {
                e.action = AuthAction::UserDeleted;
                e.target_user = Some(quoted(m, "delete user ")?.to_string());
            } else if let Some(g) = quoted(m, "group ").filter(|_| m.ends_with(" removed")) {
                e.action = AuthAction::GroupDeleted;
                f.insert("group".into(), g.to_string());
            } else if m.starts_with("removed group '") {
                e.action = AuthAction::GroupDeleted;
                f.insert("group".into(), quoted(m, "removed group ")?.to_string());
            } else if m.starts_with("change user '") || m.starts_with("lock user '") {
                e.action = AuthAction::UserChanged;
                e.target_user = Some(quoted(m, "user ")?.to_string());
                f.insert("change".into(), m.to_string());
            } else if let Some(u) = m.strip_prefix("password for '") {
                e.action = AuthAction::PasswordChanged;
                e.target_user = Some(u.split('\'').next()?.to_string());
            } else {
                return None;
            }
        }
        _ => return None,
    }
    Some(e)
}

impl AuthLogEntry {
    /// The neutral log event of this line: channel `auth`, the program as provider, the
    /// acting user, sudo's command as the command line; `action`, `time`, `pid`, `message`,
    /// `target_user` and the named fields as data.
    ///
    /// ```
    /// let log = b"2026-12-01T13:37:43.777578+00:00 vm sudo:  mallory : PWD=/home/mallory ; USER=root ; COMMAND=/usr/bin/id\n";
    /// let ev = foothold_linux::parse_auth_log(log)[0].to_event();
    /// assert_eq!((ev.channel.as_str(), ev.user.as_deref()), ("auth", Some("mallory")));
    /// assert_eq!((ev.command_line.as_deref(), ev.data["target_user"].as_str()), (Some("/usr/bin/id"), "root"));
    /// assert_eq!(ev.timestamp.unwrap().to_string(), "2026-12-01T13:37:43.777578Z");
    /// ```
    pub fn to_event(&self) -> foothold_core::Event {
        let mut data = self.fields.clone();
        data.insert("action".into(), self.action.as_str().into());
        data.insert("time".into(), self.time.clone());
        data.insert("message".into(), self.message.clone());
        if let Some(p) = self.pid {
            data.insert("pid".into(), p.to_string());
        }
        if let Some(t) = &self.target_user {
            data.insert("target_user".into(), t.clone());
        }
        foothold_core::Event {
            log: foothold_core::LogKind::Auth,
            channel: "auth".into(),
            provider: self.program.clone(),
            timestamp: foothold_core::Timestamp::parse_rfc3339(&self.time),
            computer: Some(self.host.clone()),
            command_line: self.command.clone(),
            user: self.user.clone(),
            data,
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(line: &str) -> AuthLogEntry {
        let v = parse_auth_log(line.as_bytes());
        assert_eq!(v.len(), 1, "{line}");
        v.into_iter().next().unwrap()
    }

    #[test]
    fn sshd_forms() {
        let e = one("Dec  1 13:37:43 vm sshd[9]: Failed password for invalid user admin from 198.51.100.4 port 4242 ssh2");
        assert_eq!(
            (e.action, e.user.as_deref()),
            (AuthAction::SshFailed, Some("admin"))
        );
        assert_eq!(e.time, "Dec  1 13:37:43");
        assert_eq!(
            (
                e.fields["invalid_user"].as_str(),
                e.fields["source_port"].as_str()
            ),
            ("true", "4242")
        );
        let e = one("Dec  1 13:37:43 vm sshd[9]: Invalid user  from 198.51.100.4 port 1");
        assert_eq!((e.action, e.user), (AuthAction::SshInvalidUser, None));
        assert!(parse_auth_log(
            b"Dec  1 13:37:43 vm sshd[9]: Server listening on 0.0.0.0 port 22.\n"
        )
        .is_empty());
    }

    #[test]
    fn sudo_su_and_shadow_tools() {
        let e = one("Dec  1 13:37:43 vm sudo:    alice : 3 incorrect password attempts ; TTY=pts/0 ; PWD=/tmp ; USER=root ; COMMAND=/bin/sh -c 'a ; b'");
        assert_eq!(e.command.as_deref(), Some("/bin/sh -c 'a ; b'"));
        assert_eq!(e.fields["refused"], "3 incorrect password attempts");
        assert_eq!(e.fields["tty"], "pts/0");
        let e = one("Dec  1 13:37:43 vm su[7]: (to root) alice on pts/1");
        assert_eq!(
            (e.user.as_deref(), e.target_user.as_deref()),
            (Some("alice"), Some("root"))
        );
        let e = one("Dec  1 13:37:43 vm su[7]: pam_unix(su:session): session opened for user root(uid=0) by alice(uid=1000)");
        assert_eq!(
            (e.action, e.user.as_deref(), e.target_user.as_deref()),
            (AuthAction::SessionOpened, Some("alice"), Some("root"))
        );
        let e = one("Dec  1 13:37:43 vm userdel[7]: delete user 'eve' from group 'sudo'");
        assert_eq!(
            (e.action, e.fields["group"].as_str()),
            (AuthAction::GroupMemberRemoved, "sudo")
        );
        let e = one("Dec  1 13:37:43 vm userdel[7]: delete user 'eve'");
        assert_eq!(
            (e.action, e.target_user.as_deref()),
            (AuthAction::UserDeleted, Some("eve"))
        );
        let e = one(
            "Dec  1 13:37:43 vm usermod[7]: change user 'eve' shell from '/bin/sh' to '/bin/bash'",
        );
        assert_eq!(e.action, AuthAction::UserChanged);
    }
}
