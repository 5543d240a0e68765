//! The family list is the unit of growth: `--only` selects what is written, never what a
//! written record holds, and every record kind of the schema belongs to a family.
use crate::common::*;
use foothold::{Evidence, Family, ScanSet};

/// The JSON lines of one family's records in `report` (the evidence path cut out).
fn lines_of(report: &foothold::Report, family: Family) -> Vec<String> {
    report
        .records()
        .map(|r| serde_json::to_value(&r).expect("json"))
        .filter(|v| {
            family
                .artifacts()
                .contains(&v["artifact"].as_str().unwrap_or(""))
        })
        .map(|v| v.to_string())
        .collect()
}

/// `scan --only F` gives exactly the full scan's records of F, on every corpus image and
/// the demo disk: a task keeps the events and the rebuilt tasks of its logs, a cron job its
/// creator from syslog and its account's name, whatever else was asked for.
#[test]
fn only_gives_exactly_the_full_scans_records_of_each_family() {
    let images = every_corpus_image();
    let mut compared = 0usize;
    let mut diffs = Vec::new();
    for (name, img) in &images {
        let ev = Evidence::open(img).expect("open");
        let full = ev.scan(ScanSet::all().no_hash());
        for &family in Family::ALL {
            let part = ev.scan(ScanSet::of(&[family]).no_hash());
            let (want, got) = (lines_of(&full, family), lines_of(&part, family));
            compared += want.len();
            if want != got {
                let at = want.iter().zip(&got).position(|(a, b)| a != b);
                diffs.push(format!(
                    "{name} --only {}: {} records, full scan {}; first difference {:?}",
                    family.name(),
                    got.len(),
                    want.len(),
                    at.map(|i| (&got[i], &want[i]))
                ));
            }
            // Nothing of another family is written.
            for other in Family::ALL.iter().filter(|&&f| f != family) {
                assert!(
                    lines_of(&part, *other).is_empty(),
                    "{name} --only {} wrote {} records",
                    family.name(),
                    other.name()
                );
            }
        }
    }
    assert!(compared > 300, "only {compared} records compared");
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

/// Every `artifact` the scan record schema declares is a family's (or a host, error or
/// warning record), and every family's artifacts are in the schema: a record kind added
/// without its family, or a family without its record, fails here.
#[test]
fn every_record_kind_of_the_schema_belongs_to_one_family() {
    let schema = serde_json::to_value(foothold::scan_record_schema()).expect("json");
    let kinds: Vec<String> = schema["oneOf"]
        .as_array()
        .expect("oneOf")
        .iter()
        .filter_map(|v| {
            v["properties"]["artifact"]["const"]
                .as_str()
                .map(String::from)
        })
        .collect();
    assert!(kinds.len() >= 9, "{kinds:?}");
    for k in &kinds {
        let owners: Vec<&str> = Family::ALL
            .iter()
            .filter(|f| f.artifacts().contains(&k.as_str()))
            .map(|f| f.name())
            .collect();
        let general = matches!(k.as_str(), "host" | "error" | "warning");
        assert!(
            owners.len() == 1 || general && owners.is_empty(),
            "artifact {k}: families {owners:?}"
        );
    }
    for f in Family::ALL {
        for a in f.artifacts() {
            assert!(
                kinds.iter().any(|k| k == a),
                "{}: {a} not in the schema",
                f.name()
            );
        }
    }
    // The case layer compares exactly the persistence families' records.
    assert_eq!(
        foothold::persistence_artifacts(),
        vec!["scheduled_task", "service", "cron_job", "linux_service"]
    );
}

/// `Record::artifact` is the `artifact` tag its JSON carries, for every record of a scan.
#[test]
fn record_artifact_is_the_json_tag() {
    let img = corpus_image("windows-tasks");
    let r = Evidence::open(&img).unwrap().scan(ScanSet::all().no_hash());
    let mut n = 0;
    for rec in r.records() {
        let v = serde_json::to_value(&rec).unwrap();
        assert_eq!(v["artifact"].as_str(), Some(rec.artifact()));
        n += 1;
    }
    assert!(n > 100);
}
