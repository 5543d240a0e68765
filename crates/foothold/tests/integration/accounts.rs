//! Accounts: the SAM's users and groups on a Windows layout (real SAM hives), passwd, group
//! and sudoers on a Linux layout, and the account each task, service, job and event names.
use crate::common::*;
use foothold::{AccountKind, Evidence, ScanSet};

fn unxz(path: &std::path::Path) -> Option<Vec<u8>> {
    let o = std::process::Command::new("xz")
        .arg("-dc")
        .arg(path)
        .output()
        .ok()?;
    o.status.success().then_some(o.stdout)
}

const TASK: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <Principals><Principal id="Author"><UserId>USER</UserId></Principal></Principals>
  <Actions Context="Author"><Exec><Command>C:\Users\Public\b.exe</Command></Exec></Actions>
</Task>"#;

/// A Windows layout with a real SAM: every SAM user and group is an `account` record with
/// its key as provenance; a task whose principal is a local user's SID names that user
/// (with `admin` exactly when the SAM's Administrators group lists it); a task run as
/// `SYSTEM` names the well-known account.
#[test]
fn sam_accounts_and_the_accounts_tasks_name() {
    let Some(real) = real_corpus() else { return };
    for name in ["regipy__SAM.xz", "dfwinreg__SAM.xz"] {
        let Some(sam) = unxz(&real.join("hives").join(name)) else {
            skip(format!("xz could not unpack {name}"));
            return;
        };
        let hive = foothold::RegistryHive::new(sam.clone()).expect("hive");
        let parsed = foothold::parse_sam(&hive);
        let user = parsed
            .users
            .iter()
            .find(|u| u.rid >= 1000)
            .expect("a created user");
        let sid = user.sid.clone().expect("sid");
        let root = scratch().join(format!("accounts-{name}"));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("Windows/System32/config")).unwrap();
        std::fs::create_dir_all(root.join("Windows/System32/Tasks")).unwrap();
        std::fs::write(root.join("Windows/System32/config/SAM"), &sam).unwrap();
        std::fs::write(
            root.join("Windows/System32/Tasks/ByUser"),
            TASK.replace("USER", &sid),
        )
        .unwrap();
        std::fs::write(
            root.join("Windows/System32/Tasks/BySystem"),
            TASK.replace("USER", "SYSTEM"),
        )
        .unwrap();
        let r = Evidence::open(&root).expect("open").scan(ScanSet::all());
        assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
        let users: Vec<_> = r
            .accounts
            .iter()
            .filter(|a| a.account.kind == Some(AccountKind::LocalUser))
            .collect();
        assert_eq!(users.len(), parsed.users.len(), "{name}");
        let groups = r
            .accounts
            .iter()
            .filter(|a| a.account.kind == Some(AccountKind::LocalGroup))
            .count();
        assert_eq!(groups, parsed.groups.len(), "{name}");
        let rec = r
            .accounts
            .iter()
            .find(|a| a.account.sid.as_deref() == Some(sid.as_str()))
            .unwrap();
        assert_eq!(rec.source.path, "/Windows/System32/config/SAM");
        assert_eq!(rec.source.key.as_deref(), Some(user.key.as_str()));
        assert_eq!(rec.account.name, user.name);
        assert_eq!(rec.account.last_logon, user.last_logon);
        let in_admins = parsed
            .groups
            .iter()
            .any(|g| g.sid.as_deref() == Some("S-1-5-32-544") && g.members.contains(&sid));
        assert_eq!(
            rec.account.admin, in_admins,
            "{name}: admin comes from the SAM"
        );
        assert_eq!(
            rec.account.groups.iter().any(|g| g == "Administrators"),
            in_admins
        );
        let task = |n: &str| r.scheduled_tasks.iter().find(|t| t.task.name == n).unwrap();
        let by_user = task("\\ByUser").account.clone().expect("resolved");
        assert_eq!(
            (by_user.name, by_user.sid.as_deref(), by_user.admin),
            (user.name.clone(), Some(sid.as_str()), in_admins)
        );
        let by_system = task("\\BySystem").account.clone().expect("resolved");
        assert_eq!(
            (
                by_system.name.as_deref(),
                by_system.sid.as_deref(),
                by_system.kind
            ),
            (
                Some("SYSTEM"),
                Some("S-1-5-18"),
                Some(AccountKind::WellKnown)
            )
        );
        compared("sam-accounts", users.len() + groups);
    }
}

/// A Linux layout: passwd users with their groups, admin from uid 0, membership of sudo,
/// or a sudoers.d rule (named with file and line); the cron job's user resolves to its
/// account.
#[test]
fn passwd_group_sudoers_accounts_and_the_accounts_jobs_name() {
    let root = scratch().join("accounts-linux");
    let _ = std::fs::remove_dir_all(&root);
    for d in ["etc/sudoers.d", "etc/cron.d", "var/log", "usr"] {
        std::fs::create_dir_all(root.join(d)).unwrap();
    }
    std::fs::write(root.join("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000:Alice:/home/alice:/bin/bash\nbob:x:1001:1001::/home/bob:/bin/sh\ncarol:x:1002:1002::/home/carol:/bin/sh\n").unwrap();
    std::fs::write(
        root.join("etc/group"),
        "root:x:0:\nsudo:x:27:alice\nalice:x:1000:\nbob:x:1001:\ncarol:x:1002:\n",
    )
    .unwrap();
    std::fs::write(root.join("etc/sudoers"), "Defaults env_reset\nroot ALL=(ALL:ALL) ALL\n%sudo ALL=(ALL:ALL) ALL\n@includedir /etc/sudoers.d\n").unwrap();
    std::fs::write(
        root.join("etc/sudoers.d/backdoor"),
        "# added\nbob ALL=(ALL) NOPASSWD: ALL\n",
    )
    .unwrap();
    std::fs::write(
        root.join("etc/sudoers.d/README.txt"),
        "carol ALL=(ALL) ALL\n",
    )
    .unwrap();
    std::fs::write(
        root.join("etc/cron.d/job"),
        "* * * * * bob /tmp/x\n* * * * * carol /tmp/y\n",
    )
    .unwrap();
    let r = Evidence::open(&root).expect("open").scan(ScanSet::all());
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let acct = |n: &str| {
        r.accounts
            .iter()
            .find(|a| {
                a.account.name.as_deref() == Some(n)
                    && a.account.kind == Some(AccountKind::UnixUser)
            })
            .unwrap_or_else(|| panic!("{n}"))
    };
    assert_eq!(
        acct("root").account.admin_because,
        ["uid 0", "sudoers: /etc/sudoers:2: root ALL=(ALL:ALL) ALL"]
    );
    assert_eq!(acct("alice").account.groups, ["alice", "sudo"]);
    assert_eq!(
        acct("alice").account.admin_because,
        [
            "member of sudo",
            "sudoers: /etc/sudoers:3: %sudo ALL=(ALL:ALL) ALL"
        ]
    );
    assert_eq!(
        acct("bob").account.admin_because,
        ["sudoers: /etc/sudoers.d/backdoor:2: bob ALL=(ALL) NOPASSWD: ALL"]
    );
    // sudo ignores include-dir names with a dot: README.txt grants carol nothing.
    assert!(!acct("carol").account.admin);
    assert_eq!(acct("bob").source.path, "/etc/passwd");
    let job = |u: &str| {
        r.cron_jobs
            .iter()
            .find(|j| j.job.user.as_deref() == Some(u))
            .unwrap()
    };
    let bob = job("bob").account.clone().expect("resolved");
    assert_eq!(
        (bob.name.as_deref(), bob.id, bob.admin),
        (Some("bob"), Some(1001), true)
    );
    assert!(!job("carol").account.clone().expect("resolved").admin);
}
