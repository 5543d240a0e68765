//! Event logs in an image layout (a host directory holding real logs from the corpus):
//! persistence events come out typed and are tied to the tasks they name.
use crate::common::*;
use foothold::{Evidence, ScanSet, Timestamp};

#[test]
fn events_are_found_typed_and_tied_to_tasks() {
    let Some(real) = real_corpus() else { return };
    let root = scratch().join("host-windows-events");
    let _ = std::fs::remove_dir_all(&root);
    let logs = root.join("Windows/System32/winevt/Logs");
    let tasks = root.join("Windows/System32/Tasks");
    std::fs::create_dir_all(&logs).expect("mkdir");
    std::fs::create_dir_all(&tasks).expect("mkdir");
    let ev = real.join("evtx");
    std::fs::copy(
        ev.join(
            "mdecrevoisier__ID4688_4698_4699_5145_4624-ATexec_remote_trask_creation_GLOBAL.evtx",
        ),
        logs.join("Security.evtx"),
    )
    .expect("copy");
    std::fs::copy(
        ev.join("velociraptor__TaskScheduler.evtx"),
        logs.join("Microsoft-Windows-TaskScheduler%4Operational.evtx"),
    )
    .expect("copy");
    std::fs::copy(
        ev.join("hayabusa__empty_test1.evtx"),
        logs.join("Archive-Empty.evtx"),
    )
    .expect("copy");
    // The task the 4698 record created still exists on this "image".
    std::fs::write(
        tasks.join("bouWFQYO"),
        "<Task><Actions><Exec><Command>cmd.exe</Command><Arguments>/C whoami</Arguments></Exec></Actions></Task>",
    )
    .expect("task");
    // A task the TaskScheduler log saw registered and run (events 106, 100, 200, 201).
    std::fs::write(
        tasks.join("T1053_005_OnLogon"),
        "<Task><Actions><Exec><Command>cmd.exe</Command><Arguments>/c calc.exe</Arguments></Exec></Actions></Task>",
    )
    .expect("task");
    let r = Evidence::open(&root).expect("open").scan(ScanSet::all());
    assert_rules(&r, "\\T1053_005_OnLogon", &["ran"]);
    assert_rules(
        &r,
        "\\bouWFQYO",
        &[
            "created_over_network",
            "short_lived",
            "random_name",
            "output_to_temp",
        ],
    );
    let created = r
        .events
        .iter()
        .find(|e| e.event.event_id == Some(4698))
        .expect("4698");
    assert_eq!(
        created.source.path,
        "/Windows/System32/winevt/Logs/Security.evtx"
    );
    assert_eq!(created.source.record_id, created.event.record_id);
    assert_eq!(created.event.object_missing, Some(false));
    let task = r
        .scheduled_tasks
        .iter()
        .find(|t| t.task.name == "\\bouWFQYO")
        .expect("task");
    let ids: Vec<u32> = task.events.iter().filter_map(|e| e.event_id).collect();
    assert!(ids.contains(&4698) && ids.contains(&4699), "{ids:?}");
    // Who did it (evtx_dump shows these records): the 4698's subject, its logon session
    // 0x5a419bc (the 4624 record 2004850, type 3, no IpAddress), and the address of the
    // same account's network logon 20 ms earlier (record 2004844, 10.23.123.11), marked
    // as inferred.
    let by = task.created_by.as_ref().expect("created_by");
    assert_eq!(by.user.as_deref(), Some("OFFSEC\\admmig"));
    assert_eq!(
        by.when.map(|t| t.to_string()).as_deref(),
        Some("2021-06-10T21:21:26.3837263Z")
    );
    assert_eq!(by.evidence[0].kind, "event_4698");
    assert_eq!(by.evidence[0].record_id, Some(2004852));
    let s = by.session.as_ref().expect("session");
    assert_eq!(
        (
            s.logon_id.as_str(),
            s.logon_type,
            s.logon_type_name.as_deref(),
            s.start_record_id
        ),
        ("0x5a419bc", Some(3), Some("network"), Some(2004850))
    );
    assert_eq!(
        s.start.map(|t| t.to_string()).as_deref(),
        Some("2021-06-10T21:21:26.3770754Z")
    );
    assert_eq!(
        (
            s.source_address.as_deref(),
            s.address_inferred,
            s.address_from_record_id
        ),
        (Some("10.23.123.11"), true, Some(2004844))
    );
    let session = r
        .sessions
        .iter()
        .find(|x| x.session.logon_id == "0x5a419bc")
        .expect("session record");
    assert_eq!(session.source.record_id, Some(2004850));
    assert_eq!(
        session.session.source_address, None,
        "the 4624 itself has no address"
    );
    assert_eq!(
        session.session.sid.as_deref(),
        Some("S-1-5-21-4230534742-2542757381-3142984815-1111")
    );
    // What else admmig did, in time order (every record read): three network logons, the
    // shares they touched (5145), the task made and deleted within 23 ms.
    let all = Evidence::open(&root)
        .expect("open")
        .scan_with(ScanSet::all(), true);
    let rows: Vec<(String, Option<String>)> = all
        .activity(&foothold::Who::new("admmig"), None)
        .iter()
        .map(|r| {
            let s = r.summary();
            (s.label, s.time.map(|t| t.to_string()))
        })
        .collect();
    let labels: Vec<&str> = rows.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        labels,
        [
            "session",
            "event 4624",
            "session",
            "event 4624",
            "event 5145",
            "session",
            "event 4624",
            "event 4698",
            // The task file of this test tree, and the task the log shows made and
            // deleted (rebuilt from its 4698/4699).
            "scheduled_task",
            "scheduled_task",
            "event 4699",
            "event 5145",
            "event 5145",
            "event 5145"
        ],
        "{rows:?}"
    );
    let times: Vec<&Option<String>> = rows.iter().map(|(_, t)| t).collect();
    assert!(
        times.windows(2).all(|w| w[0] <= w[1]),
        "in time order: {rows:?}"
    );
    // TaskScheduler/Operational events: every record of a task's life (20 in this log, as
    // evtx_dump counts the IDs 100–332 of `TASK_SCHEDULER_IDS`; 13 before #33, when only
    // 106/140/141/129/200/201 were read); those about tasks not on this image are kept,
    // marked, those about the task that is are not.
    let sched: Vec<_> = r
        .events
        .iter()
        .filter(|e| e.event.channel == "Microsoft-Windows-TaskScheduler/Operational")
        .collect();
    assert_eq!(sched.len(), 20);
    assert!(sched.iter().all(|e| e.event.detail.task_event.is_some()));
    for e in &sched {
        let here = e.event.detail.task_name.as_deref() == Some("\\T1053_005_OnLogon");
        assert_eq!(e.event.object_missing, Some(!here), "{:?}", e.event);
    }
    // The empty archive log is an error record; the rest of the scan went on.
    assert!(
        r.errors
            .iter()
            .any(|e| e.source.path.ends_with("Archive-Empty.evtx")),
        "{:?}",
        r.errors
    );
}

/// A Windows layout with a task, a service and the real logs that name them.
fn windows_events_tree(root: &std::path::Path, real: &std::path::Path) -> Option<()> {
    let _ = std::fs::remove_dir_all(root);
    let logs = root.join("Windows/System32/winevt/Logs");
    let config = root.join("Windows/System32/config");
    let tasks = root.join("Windows/System32/Tasks");
    for d in [&logs, &config, &tasks] {
        std::fs::create_dir_all(d).expect("mkdir");
    }
    let ev = real.join("evtx");
    for (from, to) in [
        (
            "mdecrevoisier__ID4688_4698_4699_5145_4624-ATexec_remote_trask_creation_GLOBAL.evtx",
            "Security.evtx",
        ),
        ("omerbenamram__2-vss_7-System.evtx", "System.evtx"),
    ] {
        std::fs::copy(ev.join(from), logs.join(to)).expect("copy log");
    }
    std::fs::write(
        tasks.join("bouWFQYO"),
        "<Task><Actions><Exec><Command>cmd.exe</Command><Arguments>/C whoami</Arguments></Exec></Actions></Task>",
    )
    .expect("task");
    // A real SAM (regipy's), for accounts.
    let sam = std::process::Command::new("xz")
        .arg("-dc")
        .arg(real.join("hives/regipy__SAM.xz"))
        .output()
        .ok()
        .filter(|o| o.status.success());
    let Some(sam) = sam else {
        skip("xz could not unpack regipy__SAM.xz; accounts on the NTFS image not tested");
        return None;
    };
    std::fs::write(config.join("SAM"), sam.stdout).expect("SAM");
    // The corpus SYSTEM hive plus the service the System log's 7045 record 56 installed.
    let corpus = Evidence::open(corpus_image("windows-tasks")).expect("windows-tasks");
    let system = config.join("SYSTEM");
    std::fs::write(
        &system,
        corpus
            .read("/Windows/System32/config/SYSTEM", None, 1 << 30)
            .expect("SYSTEM"),
    )
    .expect("write");
    let script = "cd \\ControlSet001\\Services\nadd gupdate\ncd gupdate\nsetval 4\n\
        DisplayName\nstring:Google Update Service (gupdate)\n\
        ImagePath\nstring:\"C:\\Program Files (x86)\\Google\\Update\\GoogleUpdate.exe\" /svc\n\
        Start\ndword:0x2\nType\ndword:0x10\ncommit\n";
    let system = system.to_str().expect("utf8");
    if tool_stdin("hivexsh", &["-w", system], script).is_none() {
        skip("hivexsh (libhivex-bin) not installed; service correlation not tested");
        return None;
    }
    Some(())
}

/// Correlation on a real NTFS image made by mkntfs + ntfs-3g from real logs, a task and a
/// service (and the same checks on the directory it was made from).
#[test]
fn correlation_on_an_ntfs_image_with_tasks_services_and_logs() {
    let Some(real) = real_corpus() else { return };
    let tree = scratch().join("events-tree");
    if windows_events_tree(&tree, &real).is_none() {
        return;
    }
    let img = scratch().join("events-ntfs.img");
    let mut layouts = vec![tree.clone()];
    if ntfs_image_of(&tree, &img, &[]).is_some() {
        layouts.push(img);
    }
    for layout in &layouts {
        let ev = Evidence::open(layout).expect("open");
        let r = ev.scan(ScanSet::all());
        // A service the System log saw installed that the image's SYSTEM hive lacks.
        assert_rules(&r, "mnemosyne", &["only_in_logs"]);
        let task = r
            .scheduled_tasks
            .iter()
            .find(|t| t.task.name == "\\bouWFQYO")
            .expect("task");
        let ids: Vec<u32> = task.events.iter().filter_map(|e| e.event_id).collect();
        assert!(ids.contains(&4698) && ids.contains(&4699), "{ids:?}");
        // Who made it, from the image alone: the 4698 subject, its network session and the
        // inferred source address (values as evtx_dump shows the records).
        let by = task.created_by.as_ref().expect("created_by");
        let s = by.session.as_ref().expect("session");
        assert_eq!(
            (
                by.user.as_deref(),
                s.logon_type_name.as_deref(),
                s.start.map(|t| t.to_string()),
                s.source_address.as_deref(),
                s.address_inferred,
            ),
            (
                Some("OFFSEC\\admmig"),
                Some("network"),
                Some("2021-06-10T21:21:26.3770754Z".to_string()),
                Some("10.23.123.11"),
                true
            ),
            "{}",
            layout.display()
        );
        // Accounts from the SAM of the image; the SYSTEM-run service names the well-known
        // account.
        assert!(r
            .accounts
            .iter()
            .any(|a| a.account.name.as_deref() == Some("Preston")
                && a.account.admin
                && a.source.key.as_deref() == Some("SAM\\Domains\\Account\\Users\\000003E8")));
        // 7045 names the service by its display name; the service key is `gupdate`.
        let svc = r
            .services
            .iter()
            .find(|s| s.service.name == "gupdate")
            .expect("gupdate service");
        assert_eq!(
            svc.events
                .iter()
                .map(|e| (e.event_id, e.record_id))
                .collect::<Vec<_>>(),
            vec![(Some(7045), Some(56))],
            "{}",
            layout.display()
        );
        assert!(svc.events[0].path.ends_with("/winevt/Logs/System.evtx"));
        // The other services the log installed are not on this image: kept, marked.
        let missing: Vec<_> = r
            .events
            .iter()
            .filter(|e| e.event.event_id == Some(7045) && e.event.object_missing == Some(true))
            .collect();
        assert!(missing.len() >= 4, "{}", missing.len());
        assert!(r
            .events
            .iter()
            .any(|e| e.event.event_id == Some(7045) && e.event.object_missing == Some(false)));
        // What lived only in the logs: the task the 4699 deleted (its file here is the
        // test's own), and every installed service whose key is not in the hive, one per
        // name and image path, with the 7045's fields.
        let gone = r
            .scheduled_tasks
            .iter()
            .find(|t| t.task.name == "\\bouWFQYO" && t.recovered.is_some())
            .expect("the deleted life of \\bouWFQYO");
        let rec = gone.recovered.as_ref().unwrap();
        let at = |id: u32| {
            r.events
                .iter()
                .find(|e| {
                    e.event.event_id == Some(id)
                        && e.event.detail.task_name.as_deref() == Some("\\bouWFQYO")
                })
                .and_then(|e| e.event.timestamp)
        };
        assert_eq!((rec.created, rec.deleted), (at(4698), at(4699)));
        let mut want: Vec<(String, String)> = missing
            .iter()
            .map(|e| {
                (
                    e.event.detail.service_name.clone().unwrap_or_default(),
                    e.event.detail.image_path.clone().unwrap_or_default(),
                )
            })
            .collect();
        want.sort();
        want.dedup();
        let mut got: Vec<(String, String)> = r
            .services
            .iter()
            .filter(|s| s.recovered.is_some())
            .map(|s| {
                (
                    s.service.name.clone(),
                    s.service.image_path.clone().unwrap_or_default(),
                )
            })
            .collect();
        got.sort();
        assert_eq!(got, want, "{}", layout.display());
        assert!(!r
            .services
            .iter()
            .any(|s| s.recovered.is_some() && s.service.name == "Google Update Service (gupdate)"));
        eprintln!("{}: task and service correlation checked", layout.display());
    }
}

/// A user's activity on a real Security log (Velociraptor's RDP test log): their logon
/// sessions, the processes they started or that were started as them (4688), their process
/// exits (4689) and their clearing of the log (1102), in time order; the events are exactly
/// the records `evtx_dump` shows naming the user as subject or target.
#[test]
fn activity_of_a_user_equals_the_records_evtx_dump_shows_for_them() {
    let Some(real) = real_corpus() else { return };
    let log = real.join("evtx/velociraptor__RDPAuth_Security.evtx");
    let root = scratch().join("activity-rdp");
    let logs = root.join("Windows/System32/winevt/Logs");
    std::fs::create_dir_all(&logs).expect("mkdir");
    std::fs::copy(&log, logs.join("Security.evtx")).expect("copy");
    let r = Evidence::open(&root)
        .expect("open")
        .scan_with(ScanSet::all(), true);
    let act = r.activity(&foothold::Who::new("WINDOMAIN\\vagrant"), None);
    let Some(dump) = evtx_dump_records(&log, "the activity's events") else {
        return;
    };
    let mut want: Vec<(u64, u64)> = Vec::new(); // (event id, record id)
    for v in &dump {
        let e = &v["Event"];
        let id = &e["System"]["EventID"];
        let Some(id) = id.as_u64().or_else(|| id["#text"].as_u64()) else {
            continue;
        };
        let d = &e["EventData"];
        let named = |who: &str, dom: &str| {
            d[who]
                .as_str()
                .is_some_and(|u| u.eq_ignore_ascii_case("vagrant"))
                // The same domain (NetBIOS or DNS name), or none written (4776).
                && d[dom]
                    .as_str()
                    .is_none_or(|x| x.to_ascii_uppercase().starts_with("WINDOMAIN"))
        };
        let ud = &e["UserData"];
        let cleared_by = ud["LogFileCleared"]["SubjectUserName"].as_str() == Some("vagrant");
        if named("SubjectUserName", "SubjectDomainName")
            || named("TargetUserName", "TargetDomainName")
            || cleared_by
        {
            want.push((id, e["System"]["EventRecordID"].as_u64().unwrap()));
        }
    }
    let mut got: Vec<(u64, u64)> = act
        .iter()
        .filter_map(|x| match x {
            foothold::Record::Event(e) => Some((u64::from(e.event.event_id?), e.event.record_id?)),
            _ => None,
        })
        .collect();
    got.sort_unstable();
    want.sort_unstable();
    assert_eq!(got, want);
    compared("evtx_dump", want.len());
    let ids: std::collections::BTreeSet<u64> = got.iter().map(|x| x.0).collect();
    assert!(
        ids.contains(&4688) && ids.contains(&1102) && ids.contains(&4624),
        "{ids:?}"
    );
    let sessions = act
        .iter()
        .filter(|x| matches!(x, foothold::Record::Session(_)))
        .count();
    assert!(sessions >= 5, "{sessions}");
    let times: Vec<_> = act.iter().filter_map(|x| x.summary().time).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]));
}

/// Tasks that lived only in the logs (atexec's and smbexec's create-run-delete, a temp task),
/// rebuilt from the real Security logs alone: for every 4699 that `evtx_dump` shows, one
/// recovered task named by its `TaskName`, deleted at that record's time, created at the
/// time of the 4698 before it, running the `<Command>` of its `TaskContent`, made by the
/// 4698's subject.
#[test]
fn tasks_created_and_deleted_are_rebuilt_from_the_log_as_evtx_dump_shows_it() {
    let Some(real) = real_corpus() else { return };
    let mut n = 0;
    for name in [
        "sbousseaden__Execution__temp_scheduled_task_4698_4699.evtx",
        "mdecrevoisier__ID4698-4699-Fast_created_and_deleted_task_by_SMBexec_sups._arg..evtx",
        "mdecrevoisier__ID4688_4698_4699_5145_4624-ATexec_remote_trask_creation_GLOBAL.evtx",
    ] {
        let log = real.join("evtx").join(name);
        let r = foothold::scan_log_file(&log, false);
        let Some(dump) = evtx_dump_records(&log, "task records") else {
            return;
        };
        // (event id, time, task name, subject, TaskContent) of each task record, in order.
        let mut recs: Vec<(u64, String, String, String, String)> = Vec::new();
        for v in &dump {
            let e = &v["Event"];
            let id = &e["System"]["EventID"];
            let Some(id) = id.as_u64().or_else(|| id["#text"].as_u64()) else {
                continue;
            };
            if !matches!(id, 4698 | 4699) {
                continue;
            }
            let d = &e["EventData"];
            let s = |k: &str| d[k].as_str().unwrap_or("").to_string();
            recs.push((
                id,
                e["System"]["TimeCreated"]["#attributes"]["SystemTime"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                s("TaskName"),
                format!("{}\\{}", s("SubjectDomainName"), s("SubjectUserName")),
                s("TaskContent"),
            ));
        }
        recs.sort_by(|a, b| a.1.cmp(&b.1));
        let deletions: Vec<_> = recs.iter().filter(|r| r.0 == 4699).collect();
        assert!(!deletions.is_empty(), "{name}");
        let rebuilt: Vec<_> = r
            .scheduled_tasks
            .iter()
            .filter(|t| t.recovered.is_some())
            .collect();
        assert_eq!(rebuilt.len(), deletions.len(), "{name}");
        for del in deletions {
            let t = rebuilt
                .iter()
                .find(|t| t.task.name == del.2)
                .unwrap_or_else(|| panic!("{name}: {}", del.2));
            let rec = t.recovered.as_ref().unwrap();
            let ts = |s: &str| Timestamp::parse_rfc3339(s);
            assert_eq!(rec.deleted, ts(&del.1), "{name}");
            let created = recs
                .iter()
                .rfind(|r| r.0 == 4698 && r.2 == del.2 && r.1 <= del.1)
                .expect("its 4698");
            assert_eq!(rec.created, ts(&created.1), "{name}");
            let command = created
                .4
                .split("<Command>")
                .nth(1)
                .and_then(|c| c.split("</Command>").next())
                .expect("command");
            assert_eq!(
                t.task.actions[0].command.as_deref(),
                Some(command),
                "{name}"
            );
            assert_eq!(
                t.created_by.as_ref().and_then(|c| c.user.as_deref()),
                Some(created.3.as_str()),
                "{name}"
            );
            assert_eq!(
                t.task
                    .sources
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>(),
                ["event_log"]
            );
            assert!(t.source.record_id.is_some() && t.events.len() >= 2);
            n += 5;
        }
    }
    compared("evtx_dump", n);
}

/// #33: a service that only process-creation records saw — Atomic Red Team's T1050 test runs
/// `sc.exe create AtomicTestService …`, `start`, `stop`, `delete` — is rebuilt from those
/// command lines (no 7045 in this Sysmon log): created and deleted at the times evtx_dump
/// shows for the `create` and `delete` records, running the `binPath=` given, with the four
/// records as its events.
#[test]
fn a_service_sc_made_and_deleted_is_rebuilt_from_the_command_lines() {
    let Some(real) = real_corpus() else { return };
    let log = real
        .join("evtx")
        .join("sbousseaden__AutomatedTestingTools__PanacheSysmon_vs_AtomicRedTeam01.evtx");
    let Some(dump) = evtx_dump_records(&log, "sc command lines") else {
        return;
    };
    // (record id, time) of each `sc.exe … AtomicTestService` process record, by its verb.
    let mut want: Vec<(String, u64, String)> = Vec::new();
    for v in &dump {
        let e = &v["Event"];
        let Some(cl) = e["EventData"]["CommandLine"].as_str() else {
            continue;
        };
        let words: Vec<&str> = cl.split_whitespace().collect();
        if words.first() == Some(&"sc.exe") && words.get(2) == Some(&"AtomicTestService") {
            want.push((
                words[1].to_string(),
                e["System"]["EventRecordID"].as_u64().unwrap(),
                e["System"]["TimeCreated"]["#attributes"]["SystemTime"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            ));
        }
    }
    let verbs: Vec<&str> = want.iter().map(|(v, _, _)| v.as_str()).collect();
    assert_eq!(verbs, ["create", "start", "stop", "delete"]);
    let r = foothold::scan_log_file(&log, false);
    let s: Vec<_> = r
        .services
        .iter()
        .filter(|s| s.service.name == "AtomicTestService")
        .collect();
    assert_eq!(s.len(), 1, "{s:#?}");
    let s = s[0];
    let rec = s.recovered.as_ref().expect("rebuilt");
    assert_eq!(serde_json::to_value(rec.from).unwrap(), "event_log");
    // The times to the 100 ns (evtx_dump writes 7 decimals).
    let t = |x: &str| Timestamp::parse_rfc3339(x).unwrap();
    assert_eq!(rec.created, Some(t(&want[0].2)));
    assert_eq!(rec.deleted, Some(t(&want[3].2)));
    for n in [
        "command_line_only",
        "defined_by_command_line",
        "services_not_read",
    ] {
        assert!(rec.notes.iter().any(|x| x == n), "{n}: {:?}", rec.notes);
    }
    assert_eq!(
        s.service.image_path.as_deref(),
        Some(r"C:\AtomicRedTeam\atomics\T1050\bin\AtomicService.exe")
    );
    let ids: Vec<u64> = s.events.iter().filter_map(|e| e.record_id).collect();
    let want_ids: Vec<u64> = want.iter().map(|(_, id, _)| *id).collect();
    assert_eq!(ids, want_ids);
}

/// #33: PowerShell histories (PSReadLine's `ConsoleHost_history.txt`, authored here in its
/// format: one command per line, CRLF, a continued command's lines ending in `` ` ``) are read
/// per profile; a command that registers, changes or removes a task or service — by cmdlet or
/// by `schtasks`/`sc` — carries it as `invocation`, is tied to the task it names, and a task
/// registered and then unregistered there is rebuilt from those commands. On the directory
/// and on an NTFS image made from it by mkntfs + ntfs-3g.
#[test]
fn powershell_histories_say_what_was_registered_and_removed() {
    let tree = scratch().join("ps-history-tree");
    let _ = std::fs::remove_dir_all(&tree);
    let tasks = tree.join("Windows/System32/Tasks");
    let hist = tree.join("Users/eve/AppData/Roaming/Microsoft/Windows/PowerShell/PSReadLine");
    std::fs::create_dir_all(&tasks).expect("mkdir");
    std::fs::create_dir_all(&hist).expect("mkdir");
    std::fs::write(
        tasks.join("Sync"),
        "<Task><Actions><Exec><Command>C:\\Users\\Public\\s.exe</Command></Exec></Actions></Task>",
    )
    .expect("task");
    std::fs::write(
        hist.join("ConsoleHost_history.txt"),
        "whoami\r\n\
         $a = New-ScheduledTaskAction -Execute 'C:\\Users\\Public\\s.exe'\r\n\
         Register-ScheduledTask -TaskName Sync -Action $a `\r\n\
         \x20 -Trigger (New-ScheduledTaskTrigger -AtLogOn) -User SYSTEM\r\n\
         Register-ScheduledTask Temp -Action (New-ScheduledTaskAction cmd.exe '/c whoami > C:\\Windows\\Temp\\o.txt') -Trigger (New-ScheduledTaskTrigger -AtStartup)\r\n\
         Unregister-ScheduledTask -TaskName Temp -Confirm:$false\r\n\
         sc.exe create upd binPath= C:\\ProgramData\\u.exe start= auto\r\n",
    )
    .expect("history");
    let img = scratch().join("ps-history-ntfs.img");
    let mut layouts = vec![tree.clone()];
    if ntfs_image_of(&tree, &img, &[]).is_some() {
        layouts.push(img);
    }
    for layout in &layouts {
        let r = Evidence::open(layout).expect("open").scan(ScanSet::all());
        let hist: Vec<_> = r
            .events
            .iter()
            .filter(|e| e.event.provider == "powershell")
            .collect();
        // Six commands (one over two lines), each with its line and user.
        let lines: Vec<(Option<u32>, Option<&str>)> = hist
            .iter()
            .map(|e| (e.source.line, e.event.user.as_deref()))
            .collect();
        assert_eq!(
            lines,
            [1, 2, 3, 5, 6, 7].map(|l| (Some(l), Some("eve"))),
            "{layout:?}"
        );
        assert!(hist[0]
            .source
            .path
            .ends_with("PSReadLine/ConsoleHost_history.txt"));
        let inv = |i: usize| hist[i].event.detail.invocation.as_ref();
        assert!(inv(0).is_none() && inv(1).is_none());
        let reg = inv(2).expect("Register-ScheduledTask");
        assert_eq!(
            (
                reg.tool.as_str(),
                reg.cmdlet.as_deref(),
                reg.task_name.as_deref()
            ),
            ("powershell", Some("Register-ScheduledTask"), Some("\\Sync"))
        );
        assert_eq!(
            (
                reg.command.as_deref(),
                reg.schedule.as_deref(),
                reg.run_as.as_deref()
            ),
            (
                Some(r"C:\Users\Public\s.exe"),
                Some("onlogon"),
                Some("SYSTEM")
            )
        );
        let sc = inv(5).expect("sc create");
        assert_eq!(
            (
                sc.tool.as_str(),
                sc.service_name.as_deref(),
                sc.bin_path.as_deref()
            ),
            ("sc", Some("upd"), Some(r"C:\ProgramData\u.exe"))
        );
        // The live task has its registration among its events.
        let sync = r
            .scheduled_tasks
            .iter()
            .find(|t| t.task.name == "\\Sync" && t.recovered.is_none())
            .expect("\\Sync");
        assert!(
            sync.events
                .iter()
                .any(|e| e.path.ends_with("ConsoleHost_history.txt")),
            "{:?}",
            sync.events
        );
        // The task registered and unregistered: rebuilt from the two commands.
        let temp = r
            .scheduled_tasks
            .iter()
            .find(|t| t.task.name == "\\Temp")
            .expect("\\Temp rebuilt");
        let rec = temp.recovered.as_ref().expect("recovered");
        assert_eq!(
            rec.notes,
            [
                "command_line_only",
                "deleted_at_unknown_time",
                "defined_by_command_line"
            ]
        );
        let judged = foothold::judge(&foothold::Record::ScheduledTask(temp)).unwrap();
        assert!(
            judged.reasons.iter().any(|x| x.id == "deleted"),
            "{:?}",
            judged.reasons
        );
        assert_eq!(
            temp.task.actions[0].command.as_deref(),
            Some("cmd.exe"),
            "{temp:#?}"
        );
        assert_eq!(temp.events.len(), 2);
    }
}

/// `Evidence::scan_every_event` (what `events --all IMAGE` writes) hands on exactly the event
/// records of the scan of every record, in its order: on a Windows tree of real logs (a
/// Security log whose sessions the other logs' records are tied to, a System log with
/// services, a TaskScheduler log, a Sysmon log, a PowerShell history after them), on the same
/// tree as an NTFS image (mkntfs + ntfs-3g), and on that image with a shadow copy
/// (`corpus/vss_store.py`) taken before its 16.8 MB System log was replaced by another: the
/// old log's records come back from the snapshot after the live ones, as the scan merges
/// them. (The task changed after that shadow copy is `changed_since_snapshot`.)
#[test]
fn streamed_records_equal_the_scan_of_every_record() {
    let Some(real) = real_corpus() else { return };
    let tree = scratch().join("stream-tree");
    let _ = std::fs::remove_dir_all(&tree);
    let logs = tree.join("Windows/System32/winevt/Logs");
    std::fs::create_dir_all(&logs).unwrap();
    let ev = real.join("evtx");
    for (from, to) in [
        (
            "mdecrevoisier__ID4688_4698_4699_5145_4624-ATexec_remote_trask_creation_GLOBAL.evtx",
            "Security.evtx",
        ),
        // (16.8 MB: a large log, its chunks read in parallel.)
        (
            "museum__Win2012R2_StolenSzechuan__System.evtx",
            "System.evtx",
        ),
        (
            "deepblue__metasploit-psexec-native-target-system.evtx",
            "System-psexec.evtx",
        ),
        (
            "velociraptor__TaskScheduler.evtx",
            "Microsoft-Windows-TaskScheduler%4Operational.evtx",
        ),
        (
            "deepblue__metasploit-sysmon.evtx",
            "Microsoft-Windows-Sysmon%4Operational.evtx",
        ),
    ] {
        std::fs::copy(ev.join(from), logs.join(to)).unwrap();
    }
    let ps = tree.join("Users/eve/AppData/Roaming/Microsoft/Windows/PowerShell/PSReadLine");
    std::fs::create_dir_all(&ps).unwrap();
    std::fs::write(
        ps.join("ConsoleHost_history.txt"),
        "schtasks /create /tn Updater /tr C:\\ProgramData\\u.exe /sc onlogon\r\nsc.exe create upd binPath= C:\\ProgramData\\u.exe\r\n",
    )
    .unwrap();
    // A task, changed on the live volume after the shadow copy (below).
    let task = |command: &str| {
        format!("<Task><Actions><Exec><Command>{command}</Command></Exec></Actions></Task>")
    };
    let tasks = tree.join("Windows/System32/Tasks");
    std::fs::create_dir_all(&tasks).unwrap();
    std::fs::write(
        tasks.join("Updater"),
        task("C:\\Windows\\System32\\defrag.exe"),
    )
    .unwrap();
    let set = ScanSet::none().events().no_hash();
    let same = |path: &std::path::Path| -> usize {
        let ev = Evidence::open(path).unwrap();
        let all = ev.scan_with(set, true);
        let mut streamed = Vec::new();
        let r = ev.scan_every_event(set, &mut |e| streamed.push(e));
        assert!(r.events.is_empty());
        assert_eq!(r.sessions.len(), all.sessions.len());
        assert_eq!(streamed.len(), all.events.len(), "{}", path.display());
        // (A folder's files were read by the first scan: their access times moved. An
        // image's do not.)
        let json = |r: &foothold::EventRecord| {
            let mut v = serde_json::to_value(r).unwrap();
            if path.is_dir() {
                v["source"]["accessed"] = serde_json::Value::Null;
            }
            v
        };
        for (i, (a, b)) in streamed.iter().zip(&all.events).enumerate() {
            assert_eq!(json(a), json(b), "{}: record {i}", path.display());
        }
        streamed.len()
    };
    let n = same(&tree);
    assert!(n > 1000, "{n}");
    let img = scratch().join("stream-ntfs.img");
    if ntfs_image_of(&tree, &img, &[]).is_none() {
        return;
    }
    assert_eq!(same(&img), n);
    // The shadow copy: the image as it was, then its System log replaced through ntfs-3g.
    let after = scratch().join("stream-ntfs-after.img");
    std::fs::copy(&img, &after).unwrap();
    let mnt = scratch().join("stream-ntfs-after.mnt");
    let _ = std::fs::create_dir_all(&mnt);
    let (a, m) = (after.to_str().unwrap(), mnt.to_str().unwrap());
    if !run_quiet("ntfs-3g", &[a, m]) {
        skip("ntfs-3g could not mount; the shadow-copy variant is not run");
        return;
    }
    let replaced = std::fs::copy(
        ev.join("mdecrevoisier__ID7045-7036_PSexec_service_installation.evtx"),
        mnt.join("Windows/System32/winevt/Logs/System.evtx"),
    )
    .is_ok()
        && std::fs::write(
            mnt.join("Windows/System32/Tasks/Updater"),
            task("C:\\ProgramData\\updater.exe"),
        )
        .is_ok();
    assert!(run_quiet("sync", &[]) && run_quiet("umount", &[m]) && replaced);
    let vss = scratch().join("stream-ntfs-vss.img");
    let script = repo_root().join("corpus/vss_store.py");
    assert!(run_quiet(
        "python3",
        &[
            script.to_str().unwrap(),
            img.to_str().unwrap(),
            a,
            vss.to_str().unwrap()
        ]
    ));
    let with_snapshot = same(&vss);
    let from_snapshot = {
        let mut k = 0;
        Evidence::open(&vss)
            .unwrap()
            .scan_every_event(set, &mut |e| k += usize::from(e.source.snapshot.is_some()));
        k
    };
    assert!(
        from_snapshot > 0 && with_snapshot > from_snapshot,
        "{with_snapshot} {from_snapshot}"
    );
    // The task the snapshot holds otherwise than the live volume: its finding says so.
    let r = Evidence::open(&vss).unwrap().scan(ScanSet::all());
    assert_rules(&r, "\\Updater", &["changed_since_snapshot"]);
}
