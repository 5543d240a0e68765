//! Accounts: who a task, service, job or event names, as the image itself records them.
use crate::Timestamp;
use serde::Serialize;

crate::named_enum! {
    /// Where an account is known from.
    pub enum AccountKind {
        /// A local user of the SAM hive.
        LocalUser => "local_user",
        /// A local group (alias) of the SAM hive.
        LocalGroup => "local_group",
        /// A SID with a profile (`SOFTWARE\...\ProfileList`) but no local account: a domain or
        /// other non-local account.
        Profile => "profile",
        /// A well-known SID (`S-1-5-18` SYSTEM, `S-1-5-32-544` Administrators…).
        WellKnown => "well_known",
        /// A user of `/etc/passwd`.
        UnixUser => "unix_user",
        /// A group of `/etc/group`.
        UnixGroup => "unix_group",
    }
}

/// One account (user or group) with what the image says of it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Account {
    /// Where it is known from.
    pub kind: Option<AccountKind>,
    /// Name (SAM name, passwd/group name, well-known name).
    pub name: Option<String>,
    /// Windows SID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// RID (SAM), uid (passwd) or gid (group).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<u32>,
    /// Unix primary gid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gid: Option<u32>,
    /// Full name (SAM) or GECOS (passwd).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    /// Comment (SAM).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Home directory or profile path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub home: Option<String>,
    /// Login shell (passwd).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shell: Option<String>,
    /// Names of the groups it is a member of (primary group first on Unix).
    pub groups: Vec<String>,
    /// A group's members: SIDs (Windows) or user names (Unix).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
    /// Whether the account has administrative rights on the machine.
    pub admin: bool,
    /// The facts `admin` rests on: `member of Administrators (S-1-5-32-544)`, `uid 0`,
    /// `member of sudo`, `sudoers: /etc/sudoers.d/x:3: alice ALL=(ALL) NOPASSWD: ALL`.
    pub admin_because: Vec<String>,
    /// Disabled (SAM `ACB_DISABLED`), or a Unix account whose password field locks it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
    /// When it was created (SAM: its `Names\<name>` key's last-written time).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<Timestamp>,
    /// Last logon (SAM).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_logon: Option<Timestamp>,
    /// Password last set (SAM).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_last_set: Option<Timestamp>,
    /// Last failed logon (SAM).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_failed_logon: Option<Timestamp>,
    /// Logon count (SAM).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logon_count: Option<u32>,
}

/// What a record says of the account it names: the resolved name, SID or id, and rights.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct AccountRef {
    /// Where it is known from.
    pub kind: Option<AccountKind>,
    /// Resolved name.
    pub name: Option<String>,
    /// SID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// uid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<u32>,
    /// Administrative rights (see [`Account::admin_because`]).
    pub admin: bool,
}

impl Account {
    /// The reference a record carries to this account.
    pub fn to_ref(&self) -> AccountRef {
        AccountRef {
            kind: self.kind,
            name: self.name.clone(),
            sid: self.sid.clone(),
            id: self.id,
            admin: self.admin,
        }
    }
}
