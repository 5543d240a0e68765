//! Event logs in an image layout (a host directory holding real logs from the corpus):
//! persistence events come out typed and are tied to the tasks they name.
use crate::common::*;
use foothold::{Evidence, ScanSet};

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
    let r = Evidence::open(&root).expect("open").scan(ScanSet::all());
    let created = r
        .events
        .iter()
        .find(|e| e.event.event_id == 4698)
        .expect("4698");
    assert_eq!(
        created.source.path,
        "/Windows/System32/winevt/Logs/Security.evtx"
    );
    assert_eq!(created.source.record_id, Some(created.event.record_id));
    assert!(!created.event.object_missing);
    let task = r
        .scheduled_tasks
        .iter()
        .find(|t| t.task.name == "\\bouWFQYO")
        .expect("task");
    let ids: Vec<u32> = task.events.iter().map(|e| e.event_id).collect();
    assert!(ids.contains(&4698) && ids.contains(&4699), "{ids:?}");
    // TaskScheduler/Operational events about tasks not on this image are kept, marked.
    let sched: Vec<_> = r
        .events
        .iter()
        .filter(|e| e.event.channel == "Microsoft-Windows-TaskScheduler/Operational")
        .collect();
    assert_eq!(sched.len(), 13);
    assert!(sched.iter().all(|e| e.event.object_missing));
    // The empty archive log is an error record; the rest of the scan went on.
    assert!(
        r.errors
            .iter()
            .any(|e| e.source.path.ends_with("Archive-Empty.evtx")),
        "{:?}",
        r.errors
    );
}
