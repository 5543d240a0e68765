//! The Rust record types are the one schema: their JSON Schema is committed under `schema/`
//! and this test fails when the types and the file drift apart (`FOOTHOLD_BLESS=1` rewrites
//! the files; review the diff). Every record of every golden scan snapshot must validate
//! against the scan schema's shape: its `artifact` is one of the schema's variants and every
//! key it carries is a property the schema declares.
use crate::common::*;

fn check(name: &str, schema: schemars::Schema) -> serde_json::Value {
    let path = repo_root().join("schema").join(name);
    let got = serde_json::to_string_pretty(&schema).expect("json") + "\n";
    if std::env::var_os("FOOTHOLD_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &got).unwrap();
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with FOOTHOLD_BLESS=1)", path.display()));
    assert!(
        got == want,
        "{} differs from the Rust types: run FOOTHOLD_BLESS=1 cargo test and review the diff",
        path.display()
    );
    serde_json::from_str(&got).unwrap()
}

/// The properties a schema (or a `$ref`'d definition, or any of its `oneOf`/`allOf`/`anyOf`
/// branches) declares, by name.
fn properties(schema: &serde_json::Value, root: &serde_json::Value, out: &mut Vec<String>) {
    if let Some(r) = schema.get("$ref").and_then(|r| r.as_str()) {
        let key = r.trim_start_matches("#/$defs/");
        if let Some(def) = root["$defs"].get(key) {
            properties(def, root, out);
        }
    }
    if let Some(p) = schema.get("properties").and_then(|p| p.as_object()) {
        out.extend(p.keys().cloned());
    }
    for k in ["oneOf", "allOf", "anyOf"] {
        if let Some(list) = schema.get(k).and_then(|l| l.as_array()) {
            for s in list {
                properties(s, root, out);
            }
        }
    }
}

#[test]
fn record_schemas_are_committed_and_golden_records_fit_them() {
    check("list-record.schema.json", foothold::list_record_schema());
    check("summary.schema.json", foothold::summary_schema());
    check("finding.schema.json", foothold::finding_schema());
    check("remediation-step.schema.json", foothold::step_schema());
    check("timeline.schema.json", foothold::timeline_schema());
    let scan = check("scan-record.schema.json", foothold::scan_record_schema());
    let mut declared = Vec::new();
    properties(&scan, &scan, &mut declared);
    let golden = repo_root().join("crates/foothold-cli/tests/golden");
    let mut checked = 0;
    for f in std::fs::read_dir(&golden).expect("golden") {
        let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("json");
            for k in v.as_object().unwrap().keys() {
                assert!(
                    declared.contains(k),
                    "key {k:?} of a golden record is not in the schema"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 200, "{checked} records");
}

/// The README's Rust example is `crates/foothold/examples/scan.rs` word for word (cargo test
/// builds the example, so the README's code compiles).
#[test]
fn readme_rust_example_is_the_example_file() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let example =
        std::fs::read_to_string(repo_root().join("crates/foothold/examples/scan.rs")).unwrap();
    assert!(
        readme.contains(&format!("```rust\n{example}```")),
        "README's ```rust block differs from examples/scan.rs"
    );
}
