//! Services from the SYSTEM hive of the windows-tasks image (corpus/system_hive.py, built with
//! hivexsh) and from real SYSTEM hives, with hivexsh/hivexget as the oracle.
use crate::common::*;
use foothold::{Evidence, RegistryHive, ScanSet};

#[test]
fn services_of_every_control_set_with_their_fields() {
    let ev = Evidence::open(corpus_image("windows-tasks")).expect("open");
    let r = ev.scan(ScanSet::none().services().no_hash());
    let names: Vec<(&str, &str, bool)> = r
        .services
        .iter()
        .map(|s| {
            (
                s.service.control_set.as_str(),
                s.service.name.as_str(),
                s.service.current,
            )
        })
        .collect();
    assert_eq!(
        names,
        vec![
            ("ControlSet001", "EvilSvc", false),
            ("ControlSet002", "BadDrv", true),
            ("ControlSet002", "EvilSvc", true),
            ("ControlSet002", "RelDrv", true),
            ("ControlSet002", "UpdSvc", true),
        ]
    );
    let find = |set: &str, name: &str| {
        r.services
            .iter()
            .find(|s| s.service.control_set == set && s.service.name == name)
            .expect("service")
    };
    let evil = &find("ControlSet002", "EvilSvc").service;
    assert_eq!(
        evil.image_path.as_deref(),
        Some("\"C:\\Program Files\\Evil Corp\\evil.exe\" -k run")
    );
    assert_eq!(
        evil.image_path_resolved.as_deref(),
        Some("/Program Files/Evil Corp/evil.exe")
    );
    assert_eq!(
        (evil.service_type, evil.type_names.clone()),
        (Some(0x10), vec!["win32_own_process".to_string()])
    );
    assert_eq!(
        (
            evil.start,
            evil.start_name.as_deref(),
            evil.delayed_autostart
        ),
        (Some(2), Some("automatic"), Some(true))
    );
    assert_eq!(evil.display_name.as_deref(), Some("Evil Updater"));
    assert_eq!(
        evil.failure_command.as_deref(),
        Some("C:\\Windows\\Temp\\again.cmd")
    );
    let fa = evil.failure_actions.as_ref().expect("failure actions");
    let kinds: Vec<(&str, u32)> = fa
        .actions
        .iter()
        .map(|a| (a.kind.as_str(), a.delay_ms))
        .collect();
    assert_eq!(
        (fa.reset_period_s, kinds),
        (
            86400,
            vec![("run_command", 5000), ("restart", 60000), ("none", 0)]
        )
    );
    assert_eq!(evil.depend_on_service, vec!["RpcSs", "Tcpip"]);
    assert_eq!(
        evil.required_privileges,
        vec!["SeDebugPrivilege", "SeTcbPrivilege"]
    );
    assert_eq!(evil.service_sid_type, Some(1));
    assert_eq!(
        find("ControlSet001", "EvilSvc")
            .service
            .image_path
            .as_deref(),
        Some("C:\\ProgramData\\old.exe")
    );
    let upd = &find("ControlSet002", "UpdSvc").service;
    assert_eq!(
        upd.service_dll.as_deref(),
        Some("%SystemRoot%\\System32\\updsvc.dll"),
        "from Parameters"
    );
    assert_eq!(upd.service_main.as_deref(), Some("ServiceMainEx"));
    assert_eq!(
        upd.display_name.as_deref(),
        Some("@%SystemRoot%\\system32\\updsvc.dll,-100"),
        "resource string kept"
    );
    assert_eq!(
        upd.image_path_resolved.as_deref(),
        Some("/Windows/System32/svchost.exe")
    );
    let drv = &find("ControlSet002", "BadDrv").service;
    assert_eq!(
        (drv.type_names.clone(), drv.start_name.as_deref()),
        (vec!["kernel_driver".to_string()], Some("system"))
    );
    assert_eq!(
        drv.image_path_resolved.as_deref(),
        Some("/Windows/System32/drivers/baddrv.sys")
    );
    assert_eq!(
        find("ControlSet002", "RelDrv")
            .service
            .image_path_resolved
            .as_deref(),
        Some("/Windows/system32/DRIVERS/reldrv.sys")
    );
    let src = &find("ControlSet002", "EvilSvc").source;
    assert_eq!(
        (src.path.as_str(), src.key.as_deref()),
        (
            "/Windows/System32/config/SYSTEM",
            Some("ControlSet002\\Services\\EvilSvc")
        )
    );
    assert!(evil.last_written.is_some());
    assert!(r.errors.is_empty(), "{:?}", r.errors);
}

/// Real Windows 7 and Windows 10 SYSTEM hives: every service of ControlSet001, as hivexsh
/// lists them, and the Schedule service's values as hivexget prints them.
#[test]
fn real_system_hives_match_hivexsh() {
    let Some(real) = real_corpus() else { return };
    for name in ["regipy__SYSTEM.xz", "regipy__SYSTEM_WIN_10_1709.xz"] {
        let out = scratch().join(name.trim_end_matches(".xz"));
        if !out.exists() {
            let Some(bytes) = std::process::Command::new("xz")
                .arg("-dc")
                .arg(real.join("hives").join(name))
                .output()
                .ok()
                .filter(|o| o.status.success())
            else {
                skip(format!("xz not installed to unpack {name}"));
                return;
            };
            std::fs::write(&out, bytes.stdout).expect("write");
        }
        let hive = RegistryHive::new(std::fs::read(&out).expect("read")).expect("hive");
        let services = foothold::parse_services(&hive);
        let ours: Vec<&str> = services
            .iter()
            .filter(|s| s.control_set == "ControlSet001")
            .map(|s| s.name.as_str())
            .collect();
        assert!(ours.len() > 400, "{name}: {} services", ours.len());
        let Some(listing) = tool_stdin(
            "hivexsh",
            &[out.to_str().expect("utf8")],
            "cd ControlSet001\\Services\nls\n",
        ) else {
            skip("hivexsh not installed");
            return;
        };
        // Same keys; the order differs only where hivexsh sorts `_` differently from the hive's list.
        let mut theirs: Vec<&str> = listing.lines().collect();
        let mut ours = ours;
        ours.sort_unstable();
        theirs.sort_unstable();
        assert_eq!(ours, theirs, "{name}: service keys differ from hivexsh");
        let sched = services
            .iter()
            .find(|s| s.control_set == "ControlSet001" && s.name == "Schedule")
            .expect("Schedule");
        let get = |v: &str| {
            tool(
                "hivexget",
                &[
                    out.to_str().expect("utf8"),
                    "\\ControlSet001\\Services\\Schedule",
                    v,
                ],
            )
            .map(|s| s.trim().to_string())
        };
        assert_eq!(sched.image_path.clone(), get("ImagePath"));
        assert_eq!(sched.object_name.clone(), get("ObjectName"));
        assert_eq!(sched.start.map(|v| v.to_string()), get("Start"));
        assert!(sched.current, "{name}: Select\\Current is 1");
    }
}

/// The scan replays a dirty hive's logs found beside it (here on a host directory holding
/// the real yarp NewDirtyHive1 as SYSTEM), and says so when the logs are unusable.
#[test]
fn dirty_hives_are_replayed_or_reported() {
    let Some(real) = real_corpus() else { return };
    for (case, stem, clean) in [
        ("good", "yarp__NewDirtyHive1__NewDirtyHive", true),
        ("bad", "yarp__BadLogHive3__BadLogHive", false),
    ] {
        let root = scratch().join(format!("dirty-{case}"));
        let config = root.join("Windows/System32/config");
        std::fs::create_dir_all(&config).expect("mkdir");
        for (from, to) in [
            ("", "SYSTEM"),
            (".LOG1", "SYSTEM.LOG1"),
            (".LOG2", "SYSTEM.LOG2"),
        ] {
            std::fs::copy(real.join(format!("hives/{stem}{from}")), config.join(to)).expect("copy");
        }
        let r = Evidence::open(&root)
            .expect("open")
            .scan(ScanSet::none().services().no_hash());
        let messages: Vec<&str> = r.errors.iter().map(|e| e.message.as_str()).collect();
        if clean {
            assert!(messages.is_empty(), "{messages:?}");
        } else {
            assert!(
                messages
                    .iter()
                    .any(|m| m.contains("base block checksum does not match")),
                "{messages:?}"
            );
            assert!(
                messages
                    .iter()
                    .any(|m| m.contains("no transaction log could be replayed")),
                "{messages:?}"
            );
        }
    }
}
