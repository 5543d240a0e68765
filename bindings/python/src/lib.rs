//! `foothold._native`: a thin layer over the `foothold` facade. Records cross as Python
//! dicts built straight from the Rust records by their `Serialize` impls (`pythonize`): the
//! same keys and values as the JSON the CLI prints, without JSON text in between;
//! `foothold/__init__.py` turns them into typed objects.
#![forbid(unsafe_code)]

use foothold::{Error, Evidence, ListRecord};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyFileNotFoundError, PyIsADirectoryError, PyPermissionError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList};
use std::path::PathBuf;

create_exception!(
    _native,
    FootholdError,
    PyException,
    "Base of every foothold error."
);
create_exception!(
    _native,
    UnsupportedFormat,
    FootholdError,
    "Evidence, volume or filesystem foothold cannot read."
);
create_exception!(
    _native,
    CorruptEvidence,
    FootholdError,
    "A damaged structure in the evidence (with its offset)."
);

/// Largest file `read` returns (1 GiB); larger ones need streaming, not a bytes object.
const READ_LIMIT: u64 = 1 << 30;

fn to_py(e: Error) -> PyErr {
    let msg = e.to_string();
    match &e {
        Error::Evidence(foothold_err) => match std::error::Error::source(foothold_err)
            .and_then(|s| s.downcast_ref::<std::io::Error>())
            .map(|io| io.kind())
        {
            Some(std::io::ErrorKind::NotFound) => PyFileNotFoundError::new_err(msg),
            Some(std::io::ErrorKind::PermissionDenied) => PyPermissionError::new_err(msg),
            _ if msg.contains("is a directory") => PyIsADirectoryError::new_err(msg),
            _ => FootholdError::new_err(msg),
        },
        Error::NotFound { .. } | Error::NoSuchVolume { .. } => PyFileNotFoundError::new_err(msg),
        Error::Read { .. } => CorruptEvidence::new_err(msg),
        Error::NotAnImage { .. } => UnsupportedFormat::new_err(msg),
        Error::Unreadable { .. } | Error::NoReadableVolume { .. } => {
            UnsupportedFormat::new_err(msg)
        }
        Error::Fs { source, .. } => match source {
            foothold::FsError::NotFound { .. } => PyFileNotFoundError::new_err(msg),
            foothold::FsError::NotThisFs { .. } | foothold::FsError::Unsupported { .. } => {
                UnsupportedFormat::new_err(msg)
            }
            foothold::FsError::Corrupt { .. } | foothold::FsError::Io { .. } => {
                CorruptEvidence::new_err(msg)
            }
            _ => FootholdError::new_err(msg),
        },
        Error::Volume { .. } => CorruptEvidence::new_err(msg),
        _ => FootholdError::new_err(msg),
    }
}

fn json_err(e: serde_json::Error) -> PyErr {
    FootholdError::new_err(e.to_string())
}

/// A record as Python objects (dict, list, str, int, bool, None), as its JSON would be.
fn to_object<'py, T: serde::Serialize + ?Sized>(
    py: Python<'py>,
    v: &T,
) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, v).map_err(|e| FootholdError::new_err(e.to_string()))
}

/// An opened image (raw, split raw, E01, qcow2, VHD, VHDX, VMDK) or directory.
#[pyclass(frozen, module = "foothold._native")]
struct NativeEvidence {
    inner: Evidence,
}

#[pymethods]
impl NativeEvidence {
    /// `foothold info` as JSON.
    fn info_json(&self, py: Python<'_>) -> PyResult<String> {
        py.allow_threads(|| serde_json::to_string(&self.inner.info()))
            .map_err(json_err)
    }

    /// Recompute MD5 and SHA-1 of the media and compare with the stored hashes, as JSON.
    fn verify_json(&self, py: Python<'_>) -> PyResult<String> {
        let v = py.allow_threads(|| self.inner.verify()).map_err(to_py)?;
        let digests = |d: &[foothold::Digest]| -> serde_json::Map<String, serde_json::Value> {
            d.iter()
                .map(|x| (x.algorithm.clone(), serde_json::Value::from(x.hex.clone())))
                .collect()
        };
        let j = serde_json::json!({
            "bytes": v.bytes,
            "computed": digests(&v.computed),
            "stored": digests(&v.stored),
            "matches": v.matches,
        });
        Ok(j.to_string())
    }

    /// `foothold ls --format jsonl`'s records as dicts, plus the outcome (errors, warnings).
    #[pyo3(signature = (path="/", volume=None, deleted=false))]
    fn list<'py>(
        &self,
        py: Python<'py>,
        path: &str,
        volume: Option<u32>,
        deleted: bool,
    ) -> PyResult<(Bound<'py, PyList>, Bound<'py, PyAny>)> {
        let mut records = Vec::new();
        let outcome = py
            .allow_threads(|| {
                self.inner
                    .list(path, volume, deleted, &mut |r: ListRecord| records.push(r))
            })
            .map_err(to_py)?;
        let list = PyList::empty(py);
        for r in &records {
            list.append(to_object(py, r)?)?;
        }
        Ok((list, to_object(py, &outcome)?))
    }

    /// The scan's report kept in Rust: its records become Python dicts only when one
    /// artifact's records are asked for ([`NativeReport::pairs`]), its timeline only when it
    /// is (what `foothold.Evidence.scan()` returns, converting lazily).
    /// With `keep_sigma` (rule files or folders), every record of the logs is read but only
    /// the persistence events and those the rules match are kept (`Evidence::scan_keeping`).
    #[pyo3(signature = (only=None, hash=true, every_event=false, keep_sigma=None))]
    fn scan_report(
        &self,
        py: Python<'_>,
        only: Option<Vec<String>>,
        hash: bool,
        every_event: bool,
        keep_sigma: Option<Vec<std::path::PathBuf>>,
    ) -> PyResult<NativeReport> {
        let mut set = scan_set(only)?;
        set.hash = hash;
        let rules = sigma_rules(keep_sigma.as_deref())?;
        let report = py.allow_threads(|| match &rules {
            Some(r) => self
                .inner
                .scan_keeping(set, &|e: &foothold::PersistenceEvent| {
                    !r.matches(e).is_empty()
                }),
            None => self.inner.scan_with(set, every_event),
        });
        Ok(NativeReport { inner: report })
    }

    /// What one user did (`foothold activity`): the records naming them, in time order,
    /// each with its summary; every event record is read. `around` (RFC 3339) keeps records
    /// within `window` seconds of it.
    #[pyo3(signature = (user, around=None, window=3600))]
    fn activity<'py>(
        &self,
        py: Python<'py>,
        user: &str,
        around: Option<&str>,
        window: i64,
    ) -> PyResult<Bound<'py, PyList>> {
        let around = match around {
            Some(t) => Some((
                foothold::Timestamp::parse_rfc3339(t).ok_or_else(|| {
                    pyo3::exceptions::PyValueError::new_err(format!(
                        "{t:?} is not an RFC 3339 time"
                    ))
                })?,
                window,
            )),
            None => None,
        };
        let report = py.allow_threads(|| self.inner.scan_with(foothold::ScanSet::all(), true));
        let list = PyList::empty(py);
        for r in report.activity(&foothold::Who::new(user), around) {
            list.append((to_object(py, &r)?, to_object(py, &r.summary())?))?;
        }
        Ok(list)
    }

    /// The bytes of a file (`path:stream` for an NTFS alternate data stream).
    #[pyo3(signature = (path, volume=None))]
    fn read<'py>(
        &self,
        py: Python<'py>,
        path: &str,
        volume: Option<u32>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let data = py
            .allow_threads(|| self.inner.read(path, volume, READ_LIMIT))
            .map_err(to_py)?;
        Ok(PyBytes::new(py, &data))
    }
}

/// Parse a crontab given as bytes: system layout (with a user column) when `user` is
/// `None`, else a user crontab. Returns `(jobs, errors)`, each job a dict with its `line`.
/// The JSON Schema of a scan record (`schema/scan-record.schema.json`), or with
/// `kind="list"` of a listing record (`schema/list-record.schema.json`), `kind="finding"` of
/// a finding (`schema/finding.schema.json`), from the Rust
/// types: what the Python classes, their time attributes and DataFrame columns follow.
/// The Sigma rules of these files or folders (a file that is not a rule is left out, as
/// `foothold triage` says it), or `None` without paths.
fn sigma_rules(paths: Option<&[std::path::PathBuf]>) -> PyResult<Option<foothold::sigma::RuleSet>> {
    let Some(paths) = paths else {
        return Ok(None);
    };
    let paths: Vec<&std::path::Path> = paths.iter().map(|p| p.as_path()).collect();
    let (rules, _) = foothold::sigma::RuleSet::load(&paths)
        .map_err(|e| FootholdError::new_err(e.to_string()))?;
    Ok(Some(rules))
}

/// A severity by name, or a `ValueError` naming the choices.
fn severity(name: &str) -> PyResult<foothold::Severity> {
    foothold::Severity::from_name(name).ok_or_else(|| {
        pyo3::exceptions::PyValueError::new_err(format!(
            "unknown severity {name:?}; expected info, low, medium, high or critical"
        ))
    })
}

#[pyfunction]
#[pyo3(signature = (kind="scan"))]
fn record_schema(kind: &str) -> PyResult<String> {
    let schema = match kind {
        "scan" => foothold::scan_record_schema(),
        "list" => foothold::list_record_schema(),
        "finding" => foothold::finding_schema(),
        _ => {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "unknown record kind {kind:?}; expected \"scan\", \"list\" or \"finding\""
            )))
        }
    };
    Ok(serde_json::to_string(&schema).unwrap_or_default())
}

#[pyfunction]
#[pyo3(signature = (data, user=None))]
fn parse_crontab<'py>(
    py: Python<'py>,
    data: &[u8],
    user: Option<String>,
) -> PyResult<(Bound<'py, PyList>, Bound<'py, PyAny>)> {
    let format = match user {
        Some(user) => foothold::CrontabFormat::User { user },
        None => foothold::CrontabFormat::System,
    };
    let p = py.allow_threads(|| foothold::parse_crontab(data, &format));
    let jobs = PyList::empty(py);
    for j in &p.jobs {
        let d = to_object(py, j)?;
        // The line number is part of the record's source in scans; give it here too.
        d.set_item("line", j.line)?;
        jobs.append(d)?;
    }
    Ok((jobs, to_object(py, &p.errors)?))
}

/// Parse a scheduled-task definition (task XML, or a legacy `.job` when `job` is true) given
/// as bytes; returns the task as a dict and its summary (the one the CLI table shows).
#[pyfunction]
#[pyo3(signature = (data, job=false))]
fn parse_task<'py>(
    py: Python<'py>,
    data: &[u8],
    job: bool,
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    let task = py
        .allow_threads(|| {
            if job {
                foothold::parse_job(data)
            } else {
                foothold::parse_task_xml(data)
            }
        })
        .map_err(|e| CorruptEvidence::new_err(e.to_string()))?;
    let record = foothold::ScheduledTaskRecord::new(task, foothold::Source::default());
    let summary = foothold::Record::ScheduledTask(&record).summary();
    Ok((to_object(py, &record.task)?, to_object(py, &summary)?))
}

/// Load a loose hive (bytes), replay its transaction logs (bytes each, in any order) and
/// return `{"replay": …, "services": […], "task_cache": […]}`.
#[pyfunction]
#[pyo3(signature = (data, logs=Vec::new()))]
fn open_hive(py: Python<'_>, data: Vec<u8>, logs: Vec<Vec<u8>>) -> PyResult<Bound<'_, PyAny>> {
    let (replay, services, task_cache) = py.allow_threads(|| {
        let mut bytes = data;
        let named: Vec<(String, Vec<u8>)> = logs
            .into_iter()
            .enumerate()
            .map(|(i, b)| (format!("log{}", i + 1), b))
            .collect();
        let replay = foothold::replay_logs(&mut bytes, &named);
        let hive = foothold::RegistryHive::new(bytes)
            .map_err(|e| CorruptEvidence::new_err(e.to_string()))?;
        let task_cache = foothold::parse_task_cache(&hive)
            .map_err(|e| CorruptEvidence::new_err(e.to_string()))?;
        Ok::<_, PyErr>((replay, foothold::parse_services(&hive), task_cache))
    })?;
    let d = pyo3::types::PyDict::new(py);
    d.set_item("replay", to_object(py, &replay)?)?;
    d.set_item("services", to_object(py, &services)?)?;
    d.set_item("task_cache", to_object(py, &task_cache)?)?;
    Ok(d.into_any())
}

/// Open an image file (raw, split raw first segment) or a directory; with `snapshot`, read
/// as it was at that shadow copy (store number, 1 = the oldest).
#[pyfunction]
#[pyo3(signature = (path, snapshot=None))]
fn open(py: Python<'_>, path: PathBuf, snapshot: Option<u32>) -> PyResult<NativeEvidence> {
    let inner = py
        .allow_threads(|| {
            let ev = Evidence::open(&path)?;
            match snapshot {
                Some(n) => ev.at_snapshot(n),
                None => Ok(ev),
            }
        })
        .map_err(to_py)?;
    Ok(NativeEvidence { inner })
}

fn case_error(e: foothold_case::CaseError) -> PyErr {
    FootholdError::new_err(e.to_string())
}

/// The evidence files of `paths` (folders searched by content) still to scan into the case
/// `out`, and the statuses of those already done (skipped unless `force`).
#[pyfunction]
#[pyo3(signature = (paths, out, force=false))]
fn case_pending<'py>(
    py: Python<'py>,
    paths: Vec<PathBuf>,
    out: PathBuf,
    force: bool,
) -> PyResult<(Vec<String>, Bound<'py, PyAny>)> {
    let (todo, done) = py.allow_threads(|| foothold_case::pending(&paths, &out, force));
    let todo = todo.iter().map(|p| p.display().to_string()).collect();
    Ok((todo, to_object(py, &done)?))
}

/// Scan one image into the case `out` with a thread pool of `threads` threads (the Dask
/// worker's): its status, not yet recorded.
#[pyfunction]
#[pyo3(signature = (path, out, hash=true, jsonl=false, threads=1))]
fn case_scan_one<'py>(
    py: Python<'py>,
    path: PathBuf,
    out: PathBuf,
    hash: bool,
    jsonl: bool,
    threads: usize,
) -> PyResult<Bound<'py, PyAny>> {
    let mut scan = foothold::ScanSet::all();
    scan.hash = hash;
    let opts = foothold_case::CaseOptions {
        scan,
        jsonl,
        force: true,
        snapshot: None,
    };
    let status = py.allow_threads(|| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build()
            .map_err(|e| FootholdError::new_err(e.to_string()))?;
        pool.install(|| foothold_case::scan_one(&path, &out, &opts))
            .map_err(case_error)
    })?;
    to_object(py, &status)
}

/// Add an image's status (a dict from `case_scan_one`) to the case's `images.jsonl`.
#[pyfunction]
fn case_record(py: Python<'_>, out: PathBuf, status: String) -> PyResult<()> {
    let s: foothold_case::ImageStatus =
        serde_json::from_str(&status).map_err(|e| FootholdError::new_err(e.to_string()))?;
    py.allow_threads(|| foothold_case::record_status(&out, &s))
        .map_err(case_error)
}

/// Scan a case on this machine (the `local` engine).
#[pyfunction]
#[pyo3(signature = (paths, out, hash=true, jsonl=false, force=false))]
fn case_scan<'py>(
    py: Python<'py>,
    paths: Vec<PathBuf>,
    out: PathBuf,
    hash: bool,
    jsonl: bool,
    force: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let mut scan = foothold::ScanSet::all();
    scan.hash = hash;
    let opts = foothold_case::CaseOptions {
        scan,
        jsonl,
        force,
        snapshot: None,
    };
    let done = py
        .allow_threads(|| foothold_case::scan_case(&paths, &out, &opts))
        .map_err(case_error)?;
    to_object(py, &done)
}

/// Stack a case: per persistence item normalised, the hosts that have it, rarest first.
#[pyfunction]
#[pyo3(signature = (out, by="command"))]
fn case_stack<'py>(py: Python<'py>, out: PathBuf, by: &str) -> PyResult<Bound<'py, PyAny>> {
    let by = match by {
        "name" => foothold_case::StackBy::Name,
        "command" => foothold_case::StackBy::Command,
        "binary_sha256" => foothold_case::StackBy::BinarySha256,
        "image_path" => foothold_case::StackBy::ImagePath,
        "user" => foothold_case::StackBy::User,
        other => {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "by={other:?}: expected name, command, binary_sha256, image_path or user"
            )))
        }
    };
    let rows = py
        .allow_threads(|| foothold_case::stack(&out, by))
        .map_err(case_error)?;
    to_object(py, &rows)
}

/// The families `only` names (every family for `None`); an unknown name is a `ValueError`.
fn scan_set(only: Option<Vec<String>>) -> PyResult<foothold::ScanSet> {
    let Some(names) = only else {
        return Ok(foothold::ScanSet::all());
    };
    let mut set = foothold::ScanSet::none();
    for n in &names {
        let f = foothold::Family::from_name(n).ok_or_else(|| {
            pyo3::exceptions::PyValueError::new_err(format!(
                "unknown artifact family {n:?}; expected one of {:?}",
                family_names()
            ))
        })?;
        set = set.with(f);
    }
    Ok(set)
}

/// Records as `(record dict, summary dict)` pairs.
fn pairs<'py, 'a>(
    py: Python<'py>,
    records: impl Iterator<Item = foothold::Record<'a>>,
) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for r in records {
        list.append((to_object(py, &r)?, to_object(py, &r.summary())?))?;
    }
    Ok(list)
}

/// A report's findings (ranked), each with its record's place: its artifact and its index
/// among that artifact's records.
fn placed_findings(
    report: &foothold::Report,
    rules: Option<&foothold::sigma::RuleSet>,
) -> Vec<(foothold::Finding, &'static str, usize)> {
    // Each record's place among its artifact's records, by its address.
    let mut seen: std::collections::HashMap<&'static str, usize> = std::collections::HashMap::new();
    let mut place: std::collections::HashMap<*const foothold::Source, (&'static str, usize)> =
        std::collections::HashMap::new();
    for r in report.records() {
        let artifact = r.artifact();
        let n = seen.entry(artifact).or_default();
        place.insert(std::ptr::from_ref(r.source()), (artifact, *n));
        *n += 1;
    }
    report
        .findings_with(rules)
        .into_iter()
        .filter_map(|(f, r)| {
            let (artifact, index) = place.get(&std::ptr::from_ref(r.source()))?;
            Some((f, *artifact, *index))
        })
        .collect()
}

/// `foothold triage` of several reports (a case): each judged, then what only the case can
/// say (`rare_in_case`; `not_in_baseline` against `baseline`'s findings), ranked:
/// `(finding, report index, artifact, index)`.
#[pyfunction]
#[pyo3(signature = (reports, baseline=None))]
fn judge_case<'py>(
    py: Python<'py>,
    reports: Vec<PyRef<'py, NativeReport>>,
    baseline: Option<PyRef<'py, NativeReport>>,
) -> PyResult<Bound<'py, PyList>> {
    let inner: Vec<&foothold::Report> = reports.iter().map(|r| &r.inner).collect();
    let clean = baseline.as_ref().map(|b| &b.inner);
    let judged = py.allow_threads(|| {
        let mut placed: Vec<(usize, &'static str, usize)> = Vec::new();
        let mut findings: Vec<foothold::Finding> = Vec::new();
        for (i, r) in inner.iter().enumerate() {
            for (f, artifact, index) in placed_findings(r, None) {
                placed.push((i, artifact, index));
                findings.push(f);
            }
        }
        let clean: Option<Vec<foothold::Finding>> =
            clean.map(|b| b.findings().into_iter().map(|(f, _)| f).collect());
        foothold::judge_across(&mut findings, clean.as_deref());
        let mut order: Vec<usize> = (0..findings.len()).collect();
        order.sort_by(|&a, &b| foothold::Finding::ranking(&findings[a], &findings[b]));
        order
            .into_iter()
            .map(|k| (findings[k].clone(), placed[k]))
            .collect::<Vec<_>>()
    });
    let list = PyList::empty(py);
    for (f, (i, artifact, index)) in judged {
        list.append((to_object(py, &f)?, i, artifact, index))?;
    }
    Ok(list)
}

/// A scan's report, held in Rust until Python asks for a part of it.
#[pyclass(frozen, module = "foothold._native")]
struct NativeReport {
    inner: foothold::Report,
}

#[pymethods]
impl NativeReport {
    /// The `(record, summary)` pairs of the records of one `artifact` (`scheduled_task`,
    /// `event`, `error`…), in output order.
    fn pairs<'py>(&self, py: Python<'py>, artifact: &str) -> PyResult<Bound<'py, PyList>> {
        pairs(
            py,
            self.inner.records().filter(|r| r.artifact() == artifact),
        )
    }

    /// The `artifact` names present, in output order, each once.
    fn artifacts(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for r in self.inner.records() {
            let a = r.artifact();
            if !out.contains(&a) {
                out.push(a);
            }
        }
        out
    }

    /// Every finding, ranked (`foothold::Finding::ranking`): `(finding, artifact, index)`,
    /// the judged record being the `index`-th of the `artifact`'s records (as `pairs` lists
    /// them). With `sigma` (rule files or folders), the Sigma rules' matches on the report's
    /// event records too (`foothold triage --sigma`).
    #[pyo3(signature = (sigma=None))]
    fn findings<'py>(
        &self,
        py: Python<'py>,
        sigma: Option<Vec<std::path::PathBuf>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let rules = sigma_rules(sigma.as_deref())?;
        let found = py.allow_threads(|| placed_findings(&self.inner, rules.as_ref()));
        let list = PyList::empty(py);
        for (f, artifact, index) in found {
            list.append((to_object(py, &f)?, artifact, index))?;
        }
        Ok(list)
    }

    /// `foothold remediate`'s steps for this report: every finding of `min_severity` or
    /// worse (never `info`), per host, in the playbook's order; each step the JSON record.
    #[pyo3(signature = (min_severity="medium"))]
    fn remediation<'py>(
        &self,
        py: Python<'py>,
        min_severity: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        let min = severity(min_severity)?;
        let steps = py.allow_threads(|| foothold::remediation(&self.inner.findings(), min));
        let list = PyList::empty(py);
        for s in &steps {
            list.append(to_object(py, s)?)?;
        }
        Ok(list)
    }

    /// `foothold remediate --sigma`'s monitoring rules for this report's findings of
    /// `min_severity` or worse: `(file_name, id, title, yaml)`.
    #[pyo3(signature = (min_severity="medium"))]
    fn monitoring_rules<'py>(
        &self,
        py: Python<'py>,
        min_severity: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        let min = severity(min_severity)?.max(foothold::Severity::Low);
        let rules = py.allow_threads(|| {
            let mut ids = std::collections::HashSet::new();
            self.inner
                .findings()
                .iter()
                .filter(|(f, _)| f.severity >= min)
                .flat_map(|(f, r)| foothold::monitoring_rules(f, r))
                .filter(|r| ids.insert(r.id.clone()))
                .collect::<Vec<_>>()
        });
        let list = PyList::empty(py);
        for r in rules {
            list.append((r.file_name, r.id, r.title, r.yaml))?;
        }
        Ok(list)
    }

    /// The rows of `foothold timeline` for this report.
    fn timeline<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let rows = PyList::empty(py);
        for row in self.inner.timeline() {
            rows.append(to_object(py, &row)?)?;
        }
        Ok(rows)
    }
}

/// The artifact families `scan(only=…)` takes, from `foothold::Family` (one list).
fn family_names() -> Vec<&'static str> {
    foothold::Family::ALL.iter().map(|f| f.name()).collect()
}

/// The names of the artifact families, in output order.
#[pyfunction]
fn families() -> Vec<&'static str> {
    family_names()
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(case_pending, m)?)?;
    m.add_function(wrap_pyfunction!(case_scan_one, m)?)?;
    m.add_function(wrap_pyfunction!(case_record, m)?)?;
    m.add_function(wrap_pyfunction!(case_scan, m)?)?;
    m.add_function(wrap_pyfunction!(case_stack, m)?)?;
    m.add_function(wrap_pyfunction!(families, m)?)?;
    m.add_function(wrap_pyfunction!(judge_case, m)?)?;
    m.add_class::<NativeReport>()?;
    m.add_function(wrap_pyfunction!(open, m)?)?;
    m.add_function(wrap_pyfunction!(parse_crontab, m)?)?;
    m.add_function(wrap_pyfunction!(parse_task, m)?)?;
    m.add_function(wrap_pyfunction!(open_hive, m)?)?;
    m.add_function(wrap_pyfunction!(record_schema, m)?)?;
    m.add_class::<NativeEvidence>()?;
    m.add("FootholdError", m.py().get_type::<FootholdError>())?;
    m.add("UnsupportedFormat", m.py().get_type::<UnsupportedFormat>())?;
    m.add("CorruptEvidence", m.py().get_type::<CorruptEvidence>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
