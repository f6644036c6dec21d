//! The `clausier` binary: parse arguments, call the library, choose the exit code.
//!
//! Exit codes: 0 success (no error-severity finding); 1 the job ran and found a problem (an
//! error-severity finding, or a file that could not be read); 2 usage or configuration error.

mod cli;

use clap::FromArgMatches;
use clausier::check::Rule;
use clausier::error::Code;
use clausier::i18n::{self, text};
use clausier::msg;
use clausier::report::{self, human, json, DocumentReport, Summary};
use clausier::template::Catalog;
use clausier::ReadOptions;
use cli::{Cli, ColorChoice, Command, ReportFormat, TextFormat};
use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

/// `--verbose`: raw library and system causes beside our sentences.
static VERBOSE: AtomicBool = AtomicBool::new(false);

fn main() -> ExitCode {
    clausier::extract::install_quiet_panic_hook();
    i18n::set_lang(cli::chosen_lang());
    let cli = match Cli::from_arg_matches(&cli::command().get_matches()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    VERBOSE.store(cli.verbose, Ordering::Relaxed);
    match run(cli) {
        Ok(code) => code,
        // `clausier text … | head` closes the pipe early: that is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("clausier: {e}");
            ExitCode::from(2)
        }
    }
}

/// What an I/O error means for the user, in our words; the raw cause only with `--verbose`.
fn explain_io(e: &io::Error) -> String {
    let what = match e.kind() {
        io::ErrorKind::NotFound => text("io.not_found"),
        io::ErrorKind::PermissionDenied => text("io.permission_denied"),
        io::ErrorKind::AlreadyExists => text("io.already_exists"),
        io::ErrorKind::IsADirectory => text("io.is_a_directory"),
        io::ErrorKind::StorageFull => text("io.storage_full"),
        _ => text("io.other"),
    };
    if VERBOSE.load(Ordering::Relaxed) {
        format!("{what} ({})", msg!("doc.cause", cause = e))
    } else {
        what.to_string()
    }
}

/// "cannot read PATH: no such file or folder; check the path".
fn read_error(path: &Path, e: &io::Error) -> String {
    msg!(
        "error.cannot_read",
        path = path.display(),
        what = explain_io(e)
    )
}

/// "cannot write PATH: permission denied; …".
fn write_error(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(
        e.kind(),
        msg!(
            "error.cannot_write",
            path = path.display(),
            what = explain_io(&e)
        ),
    )
}

fn usage_error(message: String) -> io::Result<ExitCode> {
    eprintln!("clausier: {message}");
    Ok(ExitCode::from(2))
}

/// Colours for a terminal that has not asked for none (NO_COLOR).
fn terminal_colors() -> bool {
    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn cli_verbose() -> bool {
    VERBOSE.load(Ordering::Relaxed)
}

/// The terminal's width (`COLUMNS`), 100 when unknown.
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w: &usize| *w >= 40)
        .unwrap_or(100)
}

fn exit_for(errors: bool) -> ExitCode {
    if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Checked read options and the model catalog (shipped, or with `--templates DIR`).
fn setup(
    limits: &cli::LimitArgs,
    templates: Option<&Path>,
) -> Result<(ReadOptions, Catalog), String> {
    let mut options = limits.read_options()?;
    options.templates = templates.map(Path::to_path_buf);
    Ok((options, load_catalog(templates)?))
}

fn load_catalog(templates: Option<&Path>) -> Result<Catalog, String> {
    match templates {
        Some(dir) => Catalog::with_overrides(dir),
        None => Catalog::builtin(),
    }
    .map_err(|e| e.to_string())
}

fn unknown_template(catalog: &Catalog, id: &str) -> String {
    let ids: Vec<&str> = catalog.templates.iter().map(|t| t.id.as_str()).collect();
    msg!("error.unknown_template", id = id, ids = ids.join(", "))
}

/// Where a report goes: a file (`-o`) or standard output.
fn output(path: Option<&Path>) -> io::Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(io::BufWriter::new(
            std::fs::File::create(p).map_err(|e| write_error(p, e))?,
        )),
        None => Box::new(io::BufWriter::new(io::stdout().lock())),
    })
}

fn csv_options(delimiter: char, bom: bool) -> Result<report::csv::CsvOptions, String> {
    if !delimiter.is_ascii() {
        return Err(msg!(
            "error.csv_delimiter",
            value = format!("{delimiter:?}")
        ));
    }
    Ok(report::csv::CsvOptions {
        delimiter: delimiter as u8,
        bom,
    })
}

/// `clausier scan`: streams jsonl, csv and human output in path order as files finish; json
/// and html need every document and are written at the end.
fn scan(args: cli::ScanArgs) -> io::Result<ExitCode> {
    let (options, catalog) = match setup(&args.limits, args.templates.as_deref()) {
        Ok(s) => s,
        Err(e) => return usage_error(e),
    };
    let csv = match csv_options(args.csv_delimiter, args.csv_bom) {
        Ok(c) => c,
        Err(e) => return usage_error(e),
    };
    let selection = clausier::scan::Selection {
        exclude: args.exclude.clone(),
        shard: match args
            .shard
            .as_deref()
            .map(clausier::scan::parse_shard)
            .transpose()
        {
            Ok(s) => s,
            Err(e) => return usage_error(e),
        },
    };
    let mut roots = args.paths.clone();
    if let Some(list) = &args.files_from {
        match clausier::scan::read_list(list) {
            Ok(paths) => roots.extend(paths),
            Err(e) => return usage_error(format!("--files-from {}", read_error(list, &e))),
        }
    }
    let files = match clausier::scan::files(&roots, &selection) {
        Ok(f) => f,
        Err(e) => return usage_error(e),
    };
    let mut jobs = args.jobs.unwrap_or(0);
    if jobs > clausier::scan::MAX_JOBS {
        eprintln!(
            "clausier: {}",
            msg!(
                "error.jobs_capped",
                jobs = jobs,
                max = clausier::scan::MAX_JOBS
            )
        );
        jobs = clausier::scan::MAX_JOBS;
    }
    let out = output(args.output.as_deref())?;
    let interrupted = Arc::new(AtomicBool::new(false));
    {
        let flag = Arc::clone(&interrupted);
        // Ctrl-C stops after the document being written: the output stays a valid prefix.
        let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
    }
    let progress = if args.quiet || !io::stderr().is_terminal() {
        indicatif::ProgressBar::hidden()
    } else {
        let bar = indicatif::ProgressBar::new(files.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(text("progress.template"))
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    };
    let style = human::Style {
        color: args.output.is_none() && terminal_colors(),
        verbose: cli_verbose(),
        ..human::Style::default()
    };
    let mut stream = Stream::new(args.format, out, csv, style)?;
    let started = Instant::now();
    let mut summary = Summary::default();
    let mut pages = 0u64;
    let mut any_error = false;
    clausier::scan::run(&files, &options, Arc::new(catalog), jobs, |scanned| {
        summary.add(&scanned.report);
        pages += scanned.pages;
        any_error |= scanned.report.has_errors();
        let secs = started.elapsed().as_secs_f64().max(1e-3);
        progress.set_message(msg!(
            "progress.rate",
            rate = clausier::typography::number(pages as f64 / secs, 0)
        ));
        progress.inc(1);
        stream.push(scanned.report)?;
        Ok(!interrupted.load(Ordering::SeqCst))
    })?;
    progress.finish_and_clear();
    stream.finish(&summary, started.elapsed(), pages)?;
    if interrupted.load(Ordering::SeqCst) {
        eprintln!(
            "clausier: {}",
            msg!(
                "error.interrupted",
                done = summary.documents,
                total = files.len()
            )
        );
        return Ok(ExitCode::from(130));
    }
    Ok(exit_for(any_error))
}

/// Where scanned documents go as they finish.
enum Stream {
    /// JSON Lines, one flushed line per document.
    Lines(Box<dyn Write>),
    Csv(Box<report::csv::CsvWriter<Box<dyn Write>>>),
    Human(Box<dyn Write>, human::Style),
    /// Formats that need every document (json, html), written at the end.
    Collect(Box<dyn Write>, cli::ScanFormat, Vec<DocumentReport>),
}

impl Stream {
    fn new(
        format: cli::ScanFormat,
        out: Box<dyn Write>,
        csv: report::csv::CsvOptions,
        style: human::Style,
    ) -> io::Result<Self> {
        Ok(match format {
            cli::ScanFormat::Jsonl => Stream::Lines(out),
            cli::ScanFormat::Csv => Stream::Csv(Box::new(report::csv::CsvWriter::new(out, csv)?)),
            cli::ScanFormat::Human => Stream::Human(out, style),
            cli::ScanFormat::Json | cli::ScanFormat::Html => {
                Stream::Collect(out, format, Vec::new())
            }
        })
    }

    fn push(&mut self, report: DocumentReport) -> io::Result<()> {
        match self {
            Stream::Lines(out) => {
                json::write_line(out, &report)?;
                out.flush()
            }
            Stream::Csv(writer) => writer.write(&report),
            Stream::Human(out, style) => human::write_document(out, &report, *style),
            Stream::Collect(_, _, documents) => {
                documents.push(report);
                Ok(())
            }
        }
    }

    /// Ends the output: the human summary, or the whole json/html report.
    fn finish(self, summary: &Summary, elapsed: std::time::Duration, pages: u64) -> io::Result<()> {
        match self {
            Stream::Lines(mut out) => out.flush(),
            Stream::Csv(writer) => writer.finish(),
            Stream::Human(mut out, _) => {
                human::write_summary(&mut out, summary, elapsed, pages)?;
                out.flush()
            }
            Stream::Collect(mut out, format, documents) => {
                if format == cli::ScanFormat::Html {
                    report::html::write_html(&mut out, &documents, summary)?;
                } else {
                    json::write_report(&mut out, &documents, summary)?;
                }
                out.flush()
            }
        }
    }
}

/// `clausier report merge`: the documents of several JSONL files, in path order, as one report.
fn merge(args: cli::MergeArgs) -> io::Result<ExitCode> {
    let csv = match csv_options(args.csv_delimiter, args.csv_bom) {
        Ok(c) => c,
        Err(e) => return usage_error(e),
    };
    let mut by_path: std::collections::BTreeMap<String, DocumentReport> =
        std::collections::BTreeMap::new();
    let mut truncated = false;
    for input in &args.inputs {
        let bytes = match std::fs::read(input) {
            Ok(b) => b,
            Err(e) => return usage_error(read_error(input, &e)),
        };
        let lines: Vec<(usize, &[u8])> = bytes
            .split(|&b| b == b'\n')
            .enumerate()
            .filter(|(_, l)| !l.trim_ascii().is_empty())
            .collect();
        let last = lines.last().map(|(n, _)| *n);
        for (n, line) in lines {
            let parsed = serde_json::from_slice::<DocumentReport>(line);
            match parsed {
                Ok(d) => {
                    by_path.insert(d.path.clone(), d);
                }
                // An interrupted scan (killed, disk full) leaves its last line cut short: the
                // complete lines before it are still good, and the run says what was lost.
                Err(e) if Some(n) == last => {
                    eprintln!(
                        "clausier: {}",
                        msg!(
                            "error.merge_truncated",
                            path = input.display(),
                            line = n + 1,
                            cause = e
                        )
                    );
                    truncated = true;
                }
                Err(e) => {
                    // A bad line in the middle is damage, not an interruption.
                    return usage_error(msg!(
                        "error.merge_bad_line",
                        path = input.display(),
                        line = n + 1,
                        cause = e
                    ));
                }
            }
        }
    }
    let started = Instant::now();
    let out = output(args.output.as_deref())?;
    let style = human::Style {
        verbose: cli_verbose(),
        ..human::Style::default()
    };
    let mut stream = Stream::new(args.format, out, csv, style)?;
    let mut summary = Summary::default();
    let mut pages = 0;
    let mut any_error = false;
    for document in by_path.into_values() {
        summary.add(&document);
        pages += u64::from(document.pages.unwrap_or(0));
        any_error |= document.has_errors();
        stream.push(document)?;
    }
    stream.finish(&summary, started.elapsed(), pages)?;
    Ok(exit_for(any_error || truncated))
}

/// Writes `check`'s reports in the chosen format; the exit code says whether any has errors.
fn write_checked(
    out: &mut dyn Write,
    reports: &[DocumentReport],
    args: &cli::CheckArgs,
) -> io::Result<ExitCode> {
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal_colors(),
    };
    let mut summary = Summary::default();
    for report in reports {
        summary.add(report);
    }
    match args.format {
        ReportFormat::Human => {
            let style = human::Style {
                color,
                diff: match (args.no_diff, args.diff) {
                    (true, _) | (_, cli::DiffChoice::None) => human::DiffMode::None,
                    (_, cli::DiffChoice::Short) => human::DiffMode::Short,
                    (_, cli::DiffChoice::Full) => human::DiffMode::Full,
                },
                width: terminal_width(),
                verbose: cli_verbose(),
            };
            for report in reports {
                human::write_document(out, report, style)?;
            }
        }
        ReportFormat::Json => json::write_report(out, reports, &summary)?,
        ReportFormat::Jsonl => {
            for report in reports {
                json::write_line(out, report)?;
            }
        }
    }
    Ok(exit_for(reports.iter().any(DocumentReport::has_errors)))
}

/// `clausier generate`: everything is checked before anything is written.
fn generate(args: cli::GenerateArgs, out: &mut dyn Write) -> io::Result<ExitCode> {
    use clausier::generate as g;
    let catalog = match load_catalog(args.templates.as_deref()) {
        Ok(c) => c,
        Err(e) => return usage_error(e),
    };
    let Some(template) = catalog.get(&args.template) else {
        return usage_error(unknown_template(&catalog, &args.template));
    };
    let mut params = match &args.params {
        None => serde_json::Map::new(),
        Some(path) => {
            let text = match std::fs::read_to_string(path) {
                Ok(t) => t,
                Err(e) => return usage_error(read_error(path, &e)),
            };
            match g::parse_params(&text) {
                Ok(p) => p,
                Err(e) => return usage_error(format!("{}: {e}", path.display())),
            }
        }
    };
    for assignment in &args.set {
        if let Err(e) = g::set(&mut params, assignment) {
            return usage_error(format!("--set {e}"));
        }
    }
    let values = match g::prepare(template, &params) {
        Ok(v) => v,
        Err(e) => return usage_error(msg!("generate.invalid", detail = e)),
    };
    let markdown = match g::render_markdown(&catalog, template, &values) {
        Ok(m) => m,
        Err(e) => return usage_error(e.to_string()),
    };
    let extension = args
        .output
        .as_ref()
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str());
    let format = args.format.unwrap_or(match extension {
        Some("docx") => cli::GenerateFormat::Docx,
        Some("html" | "htm") => cli::GenerateFormat::Html,
        Some("txt") => cli::GenerateFormat::Txt,
        _ => cli::GenerateFormat::Md,
    });
    let bytes = match format {
        cli::GenerateFormat::Md => markdown.into_bytes(),
        cli::GenerateFormat::Txt => g::to_text(&markdown).into_bytes(),
        cli::GenerateFormat::Html => g::to_html(&markdown, &template.title).into_bytes(),
        cli::GenerateFormat::Docx => match g::to_docx(&markdown) {
            Ok(b) => b,
            Err(e) => return usage_error(e.to_string()),
        },
    };
    match &args.output {
        Some(path) => std::fs::write(path, &bytes).map_err(|e| write_error(path, e))?,
        None if format == cli::GenerateFormat::Docx && io::stdout().is_terminal() => {
            return usage_error(text("error.docx_to_terminal").to_string());
        }
        None => out.write_all(&bytes)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn run(cli: Cli) -> io::Result<ExitCode> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let code = match cli.command {
        Command::Text(args) => {
            let options = match args.limits.read_options() {
                Ok(o) => o,
                Err(e) => return usage_error(e),
            };
            let readings = clausier::read_all(&args.file, &options);
            match args.format {
                TextFormat::Human => {
                    for reading in &readings {
                        let mut notes = io::stderr();
                        clausier::report::text::write_human(
                            &mut out, &mut notes, reading, args.raw,
                        )?;
                    }
                }
                TextFormat::Json => clausier::report::text::write_json(&mut out, &readings)?,
            }
            exit_for(readings.iter().any(|r| r.document.is_err()))
        }
        Command::Check(args) => {
            // A redline is DOCX or HTML: anything else would be a DOCX under a lying name.
            if let Some(path) = &args.redline {
                let extension = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .map(str::to_ascii_lowercase);
                if !matches!(extension.as_deref(), Some("docx" | "html" | "htm")) {
                    return usage_error(msg!("error.redline_extension", path = path.display()));
                }
            }
            let (options, catalog) = match setup(&args.limits, args.templates.as_deref()) {
                Ok(s) => s,
                Err(e) => return usage_error(e),
            };
            // Without a redline, each document's whole pipeline runs under the time limit (in a
            // child process with --isolate), exactly as the lines of a scan.
            if args.redline.is_none() {
                let reports = clausier::scan::check_all(&args.file, &options, &Arc::new(catalog));
                let code = write_checked(&mut out, &reports, &args)?;
                out.flush()?;
                return Ok(code);
            }
            let mut readings = clausier::read_all(&args.file, &options);
            if readings.len() != 1 {
                return usage_error(msg!(
                    "error.redline_many",
                    path = args.file.display(),
                    count = readings.len(),
                    example = readings[0].path.display()
                ));
            }
            let reading = readings.remove(0);
            let report = match (&args.redline, &reading.document) {
                (Some(out_path), Ok(doc)) => {
                    let analysis = report::analyse(&reading, doc, &catalog);
                    let clauses = analysis.checked.as_ref().map_or(&[][..], |c| &c.clauses);
                    let changes = clausier::redline::changes(doc, clauses, &catalog);
                    let path = args.file.display().to_string();
                    let bytes = if out_path
                        .extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| {
                            e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm")
                        }) {
                        clausier::redline::to_html(&doc.source, &path, &changes).into_bytes()
                    } else {
                        let date = format!("{}T00:00:00Z", clausier::dates::Date::today());
                        match clausier::redline::to_docx(&doc.source, &path, &changes, &date) {
                            Ok(b) => b,
                            Err(e) => return usage_error(e.to_string()),
                        }
                    };
                    std::fs::write(out_path, bytes).map_err(|e| write_error(out_path, e))?;
                    report::DocumentReport::from_analysis(&reading, doc, analysis, &catalog)
                }
                _ => report::check_reading(&reading, &catalog),
            };
            write_checked(&mut out, &[report], &args)?
        }
        Command::Scan(args) => return scan(args),

        Command::Report(cli::ReportArgs {
            action: cli::ReportAction::Merge(args),
        }) => return merge(args),
        Command::Generate(args) => return generate(args, &mut out),
        Command::Templates(args) => {
            let catalog = match load_catalog(args.templates.as_deref()) {
                Ok(c) => c,
                Err(e) => return usage_error(e),
            };
            match args.action {
                None => {
                    for t in &catalog.templates {
                        let kind = i18n::lookup(&format!("kind.{}", t.kind.as_str()))
                            .unwrap_or(t.kind.as_str());
                        writeln!(out, "{:<22} {:<24} {}", t.id, kind, t.title)?;
                    }
                }
                Some(cli::TemplatesAction::Show { template }) => {
                    let Some(t) = catalog.get(&template) else {
                        return usage_error(unknown_template(&catalog, &template));
                    };
                    let kind = i18n::lookup(&format!("kind.{}", t.kind.as_str()))
                        .unwrap_or(t.kind.as_str());
                    writeln!(
                        out,
                        "{}",
                        msg!(
                            "templates.header",
                            id = t.id,
                            title = t.title,
                            kind = format!("{kind} [{}]", t.kind),
                            basis = t.legal_basis.join(", "),
                            summary = t.summary
                        )
                    )?;
                    writeln!(out, "{}", text("templates.parameters"))?;
                    let defaults = t.defaults.as_object().cloned().unwrap_or_default();
                    for p in &t.parameters {
                        let bounds = match (p.min, p.max) {
                            (None, None) => String::new(),
                            (a, b) => format!(
                                " [{} .. {}]",
                                a.map_or("".into(), |v| v.to_string()),
                                b.map_or("".into(), |v| v.to_string())
                            ),
                        };
                        let default = defaults.get(&p.name).map_or(String::new(), |d| {
                            format!(" {}", msg!("templates.default", value = d))
                        });
                        writeln!(
                            out,
                            "  {:<22} {:<10} {:<6}{bounds}{default}  {}",
                            p.name,
                            format!("{:?}", p.kind).to_lowercase(),
                            p.unit.as_deref().unwrap_or(""),
                            p.description
                        )?;
                    }
                    let declared: Vec<&str> =
                        t.parameters.iter().map(|p| p.name.as_str()).collect();
                    for (k, v) in defaults
                        .iter()
                        .filter(|(k, _)| !declared.contains(&k.as_str()))
                    {
                        writeln!(out, "  {k:<22} {}", msg!("templates.default", value = v))?;
                    }
                    writeln!(out, "{}", text("templates.plus"))?;
                }
            }
            ExitCode::SUCCESS
        }
        Command::Rules => {
            for rule in Rule::ALL {
                writeln!(
                    out,
                    "{} [{}]\n    {}\n",
                    rule.label(),
                    rule.as_str(),
                    rule.explain()
                )?;
            }
            ExitCode::SUCCESS
        }
        Command::Errors => {
            for code in Code::ALL {
                // The explanation of a warning code already starts with "warning:".
                let kind = if code.is_warning() {
                    ""
                } else {
                    text("severity.error")
                };
                let explain = code.explain();
                if kind.is_empty() {
                    writeln!(out, "{:<20} {explain}", code.as_str())?;
                } else {
                    writeln!(out, "{:<20} {kind} : {explain}", code.as_str())?;
                }
            }
            ExitCode::SUCCESS
        }
        Command::CheckOne(args) => {
            let (options, catalog) = match setup(&args.limits, args.templates.as_deref()) {
                Ok(s) => s,
                Err(e) => return usage_error(e),
            };
            let report = clausier::scan::check_file(&args.file, &options, &Arc::new(catalog));
            json::write_line(&mut out, &report)?;
            ExitCode::SUCCESS
        }
        Command::ReadOne(args) => {
            let limits = match args.limits.limits() {
                Ok(l) => l,
                Err(e) => return usage_error(e),
            };
            let outcome = clausier::extract::read_document(&args.file, &limits);
            serde_json::to_writer(&mut out, &outcome)?;
            writeln!(out)?;
            ExitCode::SUCCESS
        }
    };
    out.flush()?;
    Ok(code)
}
