//! « Vérifier un DCE »: the uploaded files checked exactly as `clausier check` checks a file
//! (one upload) or a folder (several): the same library calls, the same reports and
//! consultations, the same JSON. What the page adds is presentation (the verdict first, the
//! L2112-2-1 judgement spelled out) and the downloads: the HTML report, the CSV, the JSON and
//! the redline of each DOCX piece, made while the uploaded files still exist.

use super::upload::{Refused, Upload};
use clausier::base::typography;
use clausier::judge::consultation::{self, ConsultationReport};
use clausier::judge::rules::Rule;
use clausier::judge::verdict::{DocumentReport, Summary};
use clausier::msg;
use clausier::read::extract;
use clausier::read::ReadOptions;
use clausier::template::{BuyerCategory, Catalog, Severity};
use clausier::write::report;
use serde_json::{json, Value};
use std::sync::Arc;

/// A finished analysis: what the page shows, and the files it offers.
pub struct Verified {
    pub view: Value,
    pub downloads: Vec<Download>,
}

/// A file offered for download.
pub struct Download {
    pub name: String,
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

/// Checks the uploaded files; `progress(read, total)` is told the pieces read as they are.
/// An archive that unpacks beyond the reader's limits is refused before anything is checked.
pub fn run(
    upload: &Upload,
    options: &ReadOptions,
    catalog: &Arc<Catalog>,
    progress: &dyn Fn(usize, usize),
) -> Result<Verified, Refused> {
    let names = Names::of(upload);
    // Archives are listed first, to count their pieces for the progress shown.
    let total: usize = upload
        .files
        .iter()
        .map(|file| {
            if extract::may_hold_members(&file.path) {
                extract::documents(&file.path, &options.limits).len().max(1)
            } else {
                1
            }
        })
        .sum();
    progress(0, total);
    let mut reports: Vec<DocumentReport> = Vec::new();
    for file in &upload.files {
        reports.extend(clausier::analyse::scan::check_all(
            &file.path, options, catalog,
        ));
        progress(reports.len().min(total), total);
    }
    // An archive that unpacks beyond the reader's limits (a zip bomb) is refused as a whole,
    // with the reader's code and sentence: its other members' verdict would be no verdict.
    if let Some((report, problem)) = reports.iter().find_map(|r| {
        r.error
            .as_ref()
            .filter(|p| r.archive.is_some() && p.code == clausier::base::error::Code::TooLarge)
            .map(|p| (r, p))
    }) {
        return Err(Refused::TooLarge(msg!(
            "serve.too_large.unpacked",
            name = names.rewrite(&report.path),
            code = problem.code.as_str(),
            reason = names.rewrite(&problem.message)
        )));
    }
    let consultations = consultation::consultations(
        &reports,
        clausier::judge::consultation::Grouping::Auto,
        catalog,
    );
    let redlines = redlines(upload, options, catalog, &reports, &consultations, &names);
    let judgements: Vec<Value> = consultations
        .iter()
        .map(|c| judgement(c, catalog))
        .collect();
    let reports: Vec<DocumentReport> = names.rewrite_all(&reports);
    let consultations: Vec<ConsultationReport> = names.rewrite_all(&consultations);
    let mut summary = Summary::default();
    for r in &reports {
        summary.add(r);
    }
    let mut downloads = Vec::new();
    let mut html = Vec::new();
    report::html::write_html(&mut html, &reports, &consultations, &summary)
        .map_err(|_| Refused::BadRequest)?;
    downloads.push(Download {
        name: msg!("serve.download.report_name", ext = "html"),
        mime: "text/html; charset=utf-8",
        bytes: html,
    });
    let mut csv = Vec::new();
    {
        let mut writer = report::csv::CsvWriter::new(&mut csv, report::csv::CsvOptions::default())
            .map_err(|_| Refused::BadRequest)?;
        for r in &reports {
            writer.write(r).map_err(|_| Refused::BadRequest)?;
        }
        writer.finish().map_err(|_| Refused::BadRequest)?;
    }
    downloads.push(Download {
        name: msg!("serve.download.report_name", ext = "csv"),
        mime: "text/csv; charset=utf-8",
        bytes: csv,
    });
    let mut json_bytes = Vec::new();
    report::json::write_report(&mut json_bytes, &reports, &consultations, &summary)
        .map_err(|_| Refused::BadRequest)?;
    downloads.push(Download {
        name: msg!("serve.download.report_name", ext = "json"),
        mime: "application/json",
        bytes: json_bytes,
    });
    let mut redline_links = Vec::new();
    for (path, download) in redlines {
        redline_links.push(json!({"path": path, "index": downloads.len(), "name": download.name}));
        downloads.push(download);
    }
    let view = view(
        &reports,
        &consultations,
        judgements,
        &downloads,
        redline_links,
    );
    Ok(Verified { view, downloads })
}

/// The names shown for the stored files: the name each was sent with, and for several files
/// the folder they came from (their common folder, else a name of ours), since `check` on a
/// folder names it.
struct Names {
    /// (stored path, shown name), longest stored path first.
    files: Vec<(String, String)>,
    dir: String,
    root: String,
}

impl Names {
    fn of(upload: &Upload) -> Self {
        let dir = upload.dir.path().display().to_string();
        let single = upload.files.len() == 1;
        let common = upload
            .files
            .first()
            .and_then(|f| f.name.split_once('/'))
            .map(|(first, _)| first.to_string())
            .filter(|first| {
                upload
                    .files
                    .iter()
                    .all(|f| f.name.starts_with(&format!("{first}/")))
            });
        let root = common
            .clone()
            .unwrap_or_else(|| msg!("serve.upload_folder"));
        let mut files: Vec<(String, String)> = upload
            .files
            .iter()
            .map(|f| {
                let shown = if single || common.is_some() {
                    f.name.clone()
                } else {
                    format!("{root}/{}", f.name)
                };
                (f.path.display().to_string(), shown)
            })
            .collect();
        files.sort_by_key(|(stored, _)| std::cmp::Reverse(stored.len()));
        Names { files, dir, root }
    }

    /// A text with every stored path replaced by the name shown.
    fn rewrite(&self, text: &str) -> String {
        if !text.contains(&self.dir) {
            return text.to_string();
        }
        let mut out = text.to_string();
        for (stored, shown) in &self.files {
            out = out.replace(stored.as_str(), shown);
        }
        out.replace(self.dir.as_str(), &self.root)
    }

    /// Reports with every stored path replaced, in every field (path, archive, evidence,
    /// messages), through their JSON shape, which names them all.
    fn rewrite_all<T: serde::Serialize + serde::de::DeserializeOwned + Clone>(
        &self,
        items: &[T],
    ) -> Vec<T> {
        items
            .iter()
            .map(|item| {
                let value = serde_json::to_value(item).map(|v| self.rewrite_value(v));
                value
                    .ok()
                    .and_then(|v| serde_json::from_value(v).ok())
                    .unwrap_or_else(|| item.clone())
            })
            .collect()
    }

    fn rewrite_value(&self, value: Value) -> Value {
        match value {
            Value::String(s) => Value::String(self.rewrite(&s)),
            Value::Array(items) => {
                Value::Array(items.into_iter().map(|v| self.rewrite_value(v)).collect())
            }
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| (k, self.rewrite_value(v)))
                    .collect(),
            ),
            other => other,
        }
    }
}

/// The redline of each DOCX piece, as `check --redline` makes it: the piece's own document
/// with the corrections as tracked changes and comments; the piece that carries the
/// consultation's clause also gets the consultation's findings as comments.
fn redlines(
    upload: &Upload,
    options: &ReadOptions,
    catalog: &Catalog,
    reports: &[DocumentReport],
    consultations: &[ConsultationReport],
    names: &Names,
) -> Vec<(String, Download)> {
    let carrier = consultations
        .first()
        .and_then(|c| c.carrier())
        .map(|e| e.path.clone());
    // The sent names, never the private stored ones, in what the reviewer reads.
    let notes: Vec<clausier::write::redline::Note> = consultations
        .first()
        .map(|c| {
            c.findings
                .iter()
                .map(|f| {
                    let mut note = clausier::write::redline::Note::from(f);
                    note.message = names.rewrite(&note.message);
                    note.suggestion = note.suggestion.map(|s| names.rewrite(&s));
                    note
                })
                .collect()
        })
        .unwrap_or_default();
    let mut out = Vec::new();
    for file in &upload.files {
        let stored = file.path.display().to_string();
        let has_docx = reports.iter().any(|r| {
            r.error.is_none()
                && r.format.as_deref() == Some("docx")
                && (r.path == stored || r.path.starts_with(&format!("{stored}/")))
        });
        if !has_docx {
            continue;
        }
        for reading in clausier::read::read_all(&file.path, options) {
            let Ok(doc) = &reading.document else {
                continue;
            };
            if doc.reader != clausier::read::blocks::Reader::Docx {
                continue;
            }
            let path = reading.path.display().to_string();
            let shown = names.rewrite(&path);
            let own_notes = if carrier.as_deref() == Some(path.as_str()) {
                &notes[..]
            } else {
                &[]
            };
            let Ok(redline) = super::super::check::redline(
                &reading,
                &options.limits,
                doc,
                catalog,
                &shown,
                own_notes,
                false,
            ) else {
                continue;
            };
            let base = shown.rsplit('/').next().unwrap_or(&shown);
            let stem = base
                .strip_suffix(".docx")
                .or_else(|| base.strip_suffix(".DOCX"))
                .unwrap_or(base);
            out.push((
                shown.clone(),
                Download {
                    name: msg!("serve.download.redline_name", name = stem),
                    mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    bytes: redline.bytes,
                },
            ));
        }
    }
    out
}

/// The L2112-2-1 judgement of a consultation, spelled out: since when the condition is
/// mandatory, the launch date and where it comes from, the amount, the nature, the buyer's
/// category, the EU threshold of that date, and what was found.
fn judgement(c: &ConsultationReport, catalog: &Catalog) -> Value {
    let mandatory = &catalog.mandatory;
    let nature = c
        .nature
        .and_then(|n| serde_json::to_value(n).ok())
        .and_then(|v| v.as_str().map(str::to_string));
    let contract = nature.as_deref().map(|n| match n {
        "works" => "works",
        _ => "supplies_services",
    });
    let category = c
        .buyer_category
        .unwrap_or(BuyerCategory::ContractingAuthority);
    let threshold = match (contract, c.launch_date) {
        (Some(contract), Some(date)) => mandatory.threshold(contract, category, date),
        _ => None,
    };
    let finding = c
        .findings
        .iter()
        .find(|f| f.rule == Rule::MissingMandatorySocialCondition);
    json!({
        "from": typography::date(mandatory.from),
        "launch": c.launch_date.map(typography::date),
        "launch_source": c.launch_date_source.map(|s| match s {
            consultation::LaunchSource::Notice => "launch.notice",
            consultation::LaunchSource::Rc => "launch.rc",
            consultation::LaunchSource::OffersDeadline => "launch.offers_deadline",
        }),
        "amount": c.estimated_amount_eur.map(euros_ht),
        "nature": nature.map(|n| format!("nature.{n}")),
        "category": format!("buyer.{}", category.as_str()),
        "category_assumed": c.buyer_category.is_none(),
        "threshold": threshold.map(|t| euros_ht(t.amount_eur)),
        "threshold_from": threshold.map(|t| typography::date(t.valid_from)),
        "threshold_until": threshold.map(|t| typography::date(t.valid_until)),
        "defence": c.defence,
        "finding": finding.map(|f| json!({
            "severity": f.severity.as_str(),
            "message": f.message,
            "suggestion": f.suggestion,
        })),
    })
}

/// "1 250 000 € HT", with the no-break spaces French typography wants.
fn euros_ht(amount: f64) -> String {
    msg!("serve.euros_ht", amount = typography::euros(amount))
}

/// Severity order for display: errors first.
fn rank(severity: &str) -> u8 {
    match severity {
        "error" => 0,
        "warning" => 1,
        _ => 2,
    }
}

/// What the result page shows, built from the reports as the JSON has them, with the figures
/// and labels a person reads computed here.
fn view(
    reports: &[DocumentReport],
    consultations: &[ConsultationReport],
    judgements: Vec<Value>,
    downloads: &[Download],
    redlines: Vec<Value>,
) -> Value {
    let consultations: Vec<Value> = consultations
        .iter()
        .zip(judgements)
        .map(|(c, judgement)| {
            let mut findings: Vec<Value> = c
                .findings
                .iter()
                .filter_map(|f| serde_json::to_value(f).ok())
                .collect();
            findings.sort_by_key(|f| rank(f["severity"].as_str().unwrap_or_default()));
            let clauses: Vec<Value> = c
                .clauses
                .iter()
                .map(|clause| {
                    json!({
                        "kind": clause.kind.as_str(),
                        "form": serde_json::to_value(clause.form).unwrap_or_default(),
                        "figures": report::human::describe(&clause.parameters),
                        "carrier": clause.evidence.first().map(|e| json!({
                            "path": e.path,
                            "section": e.section,
                            "page": e.page,
                        })),
                    })
                })
                .collect();
            json!({
                "path": c.path,
                "reference": c.reference,
                "buyer": c.buyer,
                "object": c.object,
                "verdict": c.verdict.shown(),
                "worst": c.verdict.worst.map(Severity::as_str),
                "unreadable": c.verdict.unreadable_pieces,
                "hours": c.hours_committed,
                "hours_shown": typography::integer(c.hours_committed),
                "pieces": serde_json::to_value(&c.pieces).unwrap_or_default(),
                "clauses": clauses,
                "findings": findings,
                "judgement": judgement,
            })
        })
        .collect();
    let documents: Vec<Value> = reports
        .iter()
        .map(|d| {
            let mut findings: Vec<Value> = Vec::new();
            for f in &d.findings {
                findings.push(json!({"finding": f, "section": null}));
            }
            for clause in &d.clauses {
                for f in &clause.findings {
                    findings.push(json!({"finding": f, "section": clause.section}));
                }
            }
            findings.sort_by_key(|f| rank(f["finding"]["severity"].as_str().unwrap_or_default()));
            let counts = |s: Severity| d.all_findings().filter(|f| f.severity == s).count();
            let clauses: Vec<Value> = d
                .clauses
                .iter()
                .map(|clause| {
                    json!({
                        "kind": clause.kind.as_str(),
                        "form": serde_json::to_value(clause.form).unwrap_or_default(),
                        "declared": clause.declared,
                        "section": clause.section,
                        "page": clause.page,
                        "figures": report::human::describe(&clause.parameters),
                    })
                })
                .collect();
            json!({
                "path": d.path,
                "format": d.format,
                "role": d.role.map(|r| serde_json::to_value(r).unwrap_or_default()),
                "error": d.error.as_ref().map(|p| json!({
                    "code": p.code.as_str(),
                    "message": p.message,
                    "explain": p.code.explain(),
                })),
                "warnings": d.warnings.iter().map(|p| json!({
                    "code": p.code.as_str(),
                    "message": p.message,
                })).collect::<Vec<_>>(),
                "considerations": d.considerations_shown(", "),
                "errors": counts(Severity::Error),
                "warnings_count": counts(Severity::Warning),
                "infos": counts(Severity::Info),
                "clauses": clauses,
                "findings": findings,
                "redline": redlines.iter().find(|r| r["path"] == Value::String(d.path.clone())).map(|r| r["index"].clone()),
            })
        })
        .collect();
    let files: Vec<Value> = downloads
        .iter()
        .enumerate()
        .map(|(i, d)| json!({"index": i, "name": d.name}))
        .collect();
    json!({
        "consultations": consultations,
        "documents": documents,
        "downloads": files,
    })
}
