//! Command-line arguments (clap derive) and their conversion into checked library options.
//! The only module that knows clap.

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use clausier::base::error::Error;
use clausier::base::i18n::{lookup, text, Lang};
use clausier::msg;
use clausier::read::extract::{Limits, OcrMode};
use clausier::read::ReadOptions;
use std::path::PathBuf;
use std::time::Duration;

/// Find, check and generate the social insertion clauses of French public procurement.
#[derive(Debug, Parser)]
#[command(name = "clausier", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Language of the messages: fr (default) or en; also CLAUSIER_LANG
    #[arg(long, global = true, value_name = "fr|en", value_parser = ["fr", "en"])]
    pub lang: Option<String>,
    /// Also show the raw cause of errors (the library's or the system's message)
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the text clausier reads from a document, with page and section markers
    ///
    /// The first thing to run when a scan finds nothing: it shows what was read, which reader
    /// read it, the sections found, and any warning (scanned PDF, fallback reader…).
    Text(TextArgs),
    /// Check one document: each insertion clause, its model, figures, findings and diff
    Check(CheckArgs),
    /// Check every document under the given files and folders, in parallel
    Scan(ScanArgs),
    /// List every rule id with what it finds and why it matters
    Rules(RulesArgs),
    /// Work on reports: merge the JSONL outputs of sharded scans
    Report(ReportArgs),
    /// Write a compliant clause from a model and the tender's parameters
    Generate(GenerateArgs),
    /// List the model clauses, or show one model's parameters
    Templates(TemplatesArgs),
    /// List the per-file error and warning codes with what to do about each
    Errors,
    /// Serve a local web page, in French, to check a DCE, draft a clause and read the rules
    Serve(ServeArgs),
    /// Read one file and print the raw extraction as JSON (used by --isolate)
    #[command(name = "read-one", hide = true)]
    ReadOne(ReadOneArgs),
    /// Read and check one document (a file or an archive's member) and print its report as a JSON line (used by --isolate)
    #[command(name = "check-one", hide = true)]
    CheckOne(CheckOneArgs),
}

#[derive(Debug, Args)]
pub struct TextArgs {
    /// The document to read (PDF, DOCX, DOC, ODT, RTF, HTML, Markdown, text, spreadsheet, XML notice)
    pub file: PathBuf,
    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = TextFormat::Human)]
    pub format: TextFormat,
    /// Print the text exactly as read, before normalisation, without markers
    #[arg(long)]
    pub raw: bool,
    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextFormat {
    Human,
    Json,
}

/// Output formats of `check` and `scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Human,
    Json,
    Jsonl,
}

/// How much of the difference from the model `check` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffChoice {
    Short,
    Full,
    None,
}

/// How documents are grouped into consultations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GroupChoice {
    Auto,
    None,
}

impl ScanFormat {
    /// The format `--format` names, else the one the `-o` file's extension names (any case),
    /// else `fallback`; an extension no report format has is refused, so that nothing is
    /// written under a name that lies about its content.
    pub fn choose(
        explicit: Option<ScanFormat>,
        output: Option<&std::path::Path>,
        fallback: ScanFormat,
    ) -> Result<ScanFormat, Error> {
        if let Some(format) = explicit {
            return Ok(format);
        }
        let Some(path) = output else {
            return Ok(fallback);
        };
        let Some(extension) = path.extension() else {
            return Ok(fallback);
        };
        match extension.to_string_lossy().to_ascii_lowercase().as_str() {
            "json" => Ok(ScanFormat::Json),
            "jsonl" | "ndjson" => Ok(ScanFormat::Jsonl),
            "csv" => Ok(ScanFormat::Csv),
            "html" | "htm" => Ok(ScanFormat::Html),
            "txt" | "text" => Ok(ScanFormat::Human),
            _ => Err(Error::Usage(msg!(
                "error.output_extension",
                path = path.display(),
                known = ".json, .jsonl, .csv, .html, .txt"
            ))),
        }
    }
}

impl GenerateFormat {
    /// The format `--format` names, else the `-o` file's extension (any case), else Markdown;
    /// an extension generate cannot write is refused.
    pub fn choose(
        explicit: Option<GenerateFormat>,
        output: Option<&std::path::Path>,
    ) -> Result<GenerateFormat, Error> {
        if let Some(format) = explicit {
            return Ok(format);
        }
        let Some(extension) = output.and_then(|p| p.extension()) else {
            return Ok(GenerateFormat::Md);
        };
        match extension.to_string_lossy().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Ok(GenerateFormat::Md),
            "txt" | "text" => Ok(GenerateFormat::Txt),
            "html" | "htm" => Ok(GenerateFormat::Html),
            "docx" => Ok(GenerateFormat::Docx),
            "odt" => Ok(GenerateFormat::Odt),
            _ => Err(Error::Usage(msg!(
                "error.output_extension",
                path = output.map_or(String::new(), |p| p.display().to_string()),
                known = ".md, .txt, .html, .docx, .odt"
            ))),
        }
    }
}

impl GroupChoice {
    /// The library's grouping.
    pub fn grouping(self) -> clausier::judge::consultation::Grouping {
        match self {
            GroupChoice::Auto => clausier::judge::consultation::Grouping::Auto,
            GroupChoice::None => clausier::judge::consultation::Grouping::None,
        }
    }
}

/// What one CSV row stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CsvLevelChoice {
    Document,
    Consultation,
    Clause,
}

impl CsvLevelChoice {
    /// The library's CSV level.
    pub fn level(self) -> clausier::write::report::csv::CsvLevel {
        match self {
            CsvLevelChoice::Document => clausier::write::report::csv::CsvLevel::Document,
            CsvLevelChoice::Consultation => clausier::write::report::csv::CsvLevel::Consultation,
            CsvLevelChoice::Clause => clausier::write::report::csv::CsvLevel::Clause,
        }
    }
}

/// When to colour human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The document to check
    pub file: PathBuf,
    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,
    /// Folder of model clauses that add to or override the shipped ones (same layout as
    /// clause-templates/)
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Difference from the model: short (default: differing sentences, truncated), full
    /// (everything) or none
    #[arg(long, value_enum, default_value_t = DiffChoice::Short)]
    pub diff: DiffChoice,
    /// Do not print the difference from the model (same as --diff none)
    #[arg(long)]
    pub no_diff: bool,
    /// Also write a redline: each clause with its corrections as tracked changes and comments
    /// (OUT.docx, for Word or LibreOffice) or as ins/del marks (OUT.html, for a browser)
    #[arg(long, value_name = "OUT.docx|OUT.html")]
    pub redline: Option<PathBuf>,
    /// Write one redline per piece that has a clause into this folder (NAME.relu.docx; a DOCX
    /// piece comes back as itself with tracked changes)
    #[arg(long, value_name = "DIR", conflicts_with = "redline")]
    pub redline_dir: Option<PathBuf>,
    /// Colour the human output
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Group the pieces into consultations: auto (a zip, or a folder of tender pieces) or none
    #[arg(long, value_enum, value_name = "GROUP", default_value_t = GroupChoice::Auto)]
    pub group: GroupChoice,
    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files and folders to scan (folders recursively; hidden and ~$ temporary files skipped)
    #[arg(required_unless_present = "files_from")]
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<ScanFormat>,
    /// Write the report to this file instead of standard output
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Read the paths to scan from this file, one per line ("-": standard input)
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// Scan only shard K of N (stable hash of the path), to split an archive over machines
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// Leave out files and folders matching this glob (repeatable), e.g. '**/archives/**'
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Folder of model clauses that add to or override the shipped ones
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Number of documents read in parallel (default: one per core; at most 64)
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// No progress bar
    #[arg(long, short = 'q')]
    pub quiet: bool,
    #[command(flatten)]
    pub csv: CsvArgs,
    /// One CSV row per document (with its clauses), consultation, or consultation clause
    #[arg(long, value_enum, value_name = "LEVEL", default_value_t = CsvLevelChoice::Document)]
    pub csv_level: CsvLevelChoice,
    /// Group the pieces into consultations: auto (a zip, or a folder of tender pieces) or none
    #[arg(long, value_enum, value_name = "GROUP", default_value_t = GroupChoice::Auto)]
    pub group: GroupChoice,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// How the CSV is written. The default is for a French spreadsheet (`;`, a byte-order mark,
/// headers and values in the run's language, decimal commas); `--csv-ids` with
/// `--csv-delimiter ,` and `--no-bom` gives the stable ids a program reads.
#[derive(Debug, Args)]
pub struct CsvArgs {
    /// CSV field separator (French spreadsheets expect ';')
    #[arg(long, value_name = "CHAR", default_value = ";")]
    pub csv_delimiter: char,
    /// Start the CSV with a UTF-8 byte-order mark (the default; kept for older scripts)
    #[arg(long, hide = true, conflicts_with = "no_bom")]
    pub csv_bom: bool,
    /// No UTF-8 byte-order mark at the start of the CSV (for programs)
    #[arg(long)]
    pub no_bom: bool,
    /// Headers and values as the stable ids of the JSON, decimals with a point (for programs)
    #[arg(long)]
    pub csv_ids: bool,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// List the table of corrections instead: each outdated reference and term, from when, what
    /// replaces it, how a redline treats it and the source (a Markdown table)
    #[arg(long)]
    pub corrections: bool,
}

/// Output formats of `scan` and `report merge`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScanFormat {
    Human,
    Json,
    Jsonl,
    Csv,
    Html,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(subcommand)]
    pub action: ReportAction,
}

#[derive(Debug, Subcommand)]
pub enum ReportAction {
    /// Combine the JSONL outputs of several scans (shards) into one report
    Merge(MergeArgs),
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// JSONL files written by `clausier scan --format jsonl`
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<ScanFormat>,
    /// Write the report to this file instead of standard output
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub csv: CsvArgs,
    /// One CSV row per document (with its clauses), consultation, or consultation clause
    #[arg(long, value_enum, value_name = "LEVEL", default_value_t = CsvLevelChoice::Document)]
    pub csv_level: CsvLevelChoice,
    /// Group the pieces into consultations: auto (a zip, or a folder of tender pieces) or none
    #[arg(long, value_enum, value_name = "GROUP", default_value_t = GroupChoice::Auto)]
    pub group: GroupChoice,
}

/// Output formats of `generate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GenerateFormat {
    Md,
    Txt,
    Html,
    Docx,
    Odt,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// The model to render (see `clausier templates`)
    pub template: String,
    /// Parameters of the tender, TOML or JSON (see fixtures/generate/tender.toml)
    #[arg(long, value_name = "FILE")]
    pub params: Option<PathBuf>,
    /// Override one parameter: key=value (dotted keys reach into tables: facilitator.name=PLIE)
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Fill what is not given with the model's example values (a fictitious tender, to try)
    #[arg(long)]
    pub example: bool,
    /// Output format (default: from the -o extension, else Markdown)
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<GenerateFormat>,
    /// Write to this file instead of standard output
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Folder of model clauses that add to or override the shipped ones
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TemplatesArgs {
    #[command(subcommand)]
    pub action: Option<TemplatesAction>,
    /// Folder of model clauses that add to or override the shipped ones
    #[arg(long, value_name = "DIR", global = true)]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesAction {
    /// Show one model: its kind, legal basis, parameters (name, type, unit, default, bounds)
    Show {
        /// The model's id
        template: String,
    },
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port to listen on (0: any free port; when the default port is taken, a free one)
    #[arg(long, value_name = "N", default_value_t = 8707)]
    pub port: u16,
    /// Open the page in the default browser
    #[arg(long)]
    pub open: bool,
    /// Listen on this address instead of the loopback interface (127.0.0.1): the page is then
    /// open to the network
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<std::net::IpAddr>,
    /// Folder of model clauses that add to or override the shipped ones
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Debug, Args)]
pub struct ReadOneArgs {
    pub file: PathBuf,
    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Debug, Args)]
pub struct CheckOneArgs {
    pub file: PathBuf,
    /// Folder of model clauses that add to or override the shipped ones
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Per-file limits shared by every command that reads documents.
#[derive(Debug, Args)]
pub struct LimitArgs {
    /// Largest file read, e.g. 200M, 1G, 500k
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "200M")]
    pub max_file_size: u64,
    /// Most bytes decompressed from one file (zip entries, PDF streams), e.g. 512M
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "512M")]
    pub max_unpacked: u64,
    /// Most pages read from one PDF
    #[arg(long, value_name = "N", default_value_t = 5000)]
    pub max_pages: u32,
    /// Most characters of text kept from one file, e.g. 20M (= 20 × 1 048 576)
    #[arg(long, value_name = "CHARS", value_parser = parse_size, default_value = "20M")]
    pub max_text: u64,
    /// Time limit for reading one file, in seconds
    #[arg(long, value_name = "SECS", default_value_t = 60.0)]
    pub timeout_per_file: f64,
    /// Read each file in a child process that is killed at the time limit (for untrusted
    /// archives: survives parser stack overflows and aborts)
    #[arg(long)]
    pub isolate: bool,
    /// OCR of scanned PDF pages with Tesseract (help text: `cli.arg.ocr`)
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = OcrChoice::Auto)]
    pub ocr: OcrChoice,
}

/// When scanned pages go through OCR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OcrChoice {
    Auto,
    Never,
    Always,
}

/// The language asked for: `--lang` anywhere on the command line, else `CLAUSIER_LANG`, else
/// French. Read before clap parses, because the help clap prints is already in that language.
pub fn chosen_lang() -> Lang {
    let args: Vec<String> = std::env::args().collect();
    let from_args = args.iter().enumerate().find_map(|(i, a)| {
        a.strip_prefix("--lang=")
            .or_else(|| {
                (a == "--lang")
                    .then(|| args.get(i + 1).map(String::as_str))
                    .flatten()
            })
            .and_then(Lang::parse)
    });
    from_args
        .or_else(|| {
            std::env::var("CLAUSIER_LANG")
                .ok()
                .as_deref()
                .and_then(Lang::parse)
        })
        .unwrap_or(Lang::Fr)
}

/// Parses the command line. Help and version are printed by clap; a usage error is written in
/// the chosen language (clap writes English) with the usage line, and exits with code 2.
pub fn parse() -> Cli {
    command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m))
        .unwrap_or_else(|e| usage_error(e))
}

fn usage_error(e: clap::Error) -> ! {
    use clap::error::{ContextKind, ErrorKind};
    let help_asked = matches!(
        e.kind(),
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if e.use_stderr() && !help_asked && clausier::base::i18n::lang() == Lang::Fr {
        let get = |kind: ContextKind| e.get(kind).map(|v| v.to_string()).unwrap_or_default();
        let what = match e.kind() {
            ErrorKind::InvalidValue => msg!(
                "cli.error.invalid_value",
                value = get(ContextKind::InvalidValue),
                arg = get(ContextKind::InvalidArg),
                valid = get(ContextKind::ValidValue)
            ),
            ErrorKind::UnknownArgument => {
                msg!(
                    "cli.error.unknown_argument",
                    arg = get(ContextKind::InvalidArg)
                )
            }
            ErrorKind::InvalidSubcommand => msg!(
                "cli.error.unknown_command",
                command = get(ContextKind::InvalidSubcommand)
            ),
            ErrorKind::MissingRequiredArgument => {
                msg!("cli.error.missing", args = get(ContextKind::InvalidArg))
            }
            ErrorKind::ValueValidation => msg!(
                "cli.error.validation",
                value = get(ContextKind::InvalidValue),
                arg = get(ContextKind::InvalidArg),
                cause = std::error::Error::source(&e)
                    .map(ToString::to_string)
                    .unwrap_or_default()
            ),
            ErrorKind::ArgumentConflict => msg!(
                "cli.error.conflict",
                arg = get(ContextKind::InvalidArg),
                other = get(ContextKind::PriorArg)
            ),
            ErrorKind::MissingSubcommand => text("cli.error.missing_command").to_string(),
            ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
                msg!(
                    "cli.error.values",
                    arg = get(ContextKind::InvalidArg),
                    value = get(ContextKind::InvalidValue)
                )
            }
            ErrorKind::NoEquals => msg!("cli.error.no_equals", arg = get(ContextKind::InvalidArg)),
            _ => msg!("cli.error.other", kind = e.kind()),
        };
        // clap's usage line starts with its English "Usage:".
        let usage = get(ContextKind::Usage);
        let usage = usage.trim().strip_prefix("Usage:").unwrap_or(&usage).trim();
        eprintln!("{}\n", msg!("cli.error", what = what));
        if !usage.is_empty() {
            eprintln!("{} {usage}\n", text("cli.usage"));
        }
        eprintln!("{}", text("cli.error.more"));
        std::process::exit(2);
    }
    e.exit()
}

/// The command line with every help text from the message catalogue, in the chosen language:
/// `cli.<subcommand>` for a subcommand, `cli.<subcommand>.<argument>` for its arguments, else
/// `cli.arg.<argument>` for arguments shared by several subcommands.
pub fn command() -> clap::Command {
    let mut cmd = Cli::command();
    cmd.build();
    localize(cmd, "cli")
        .about(text("cli.about"))
        .long_about(None)
}

/// The catalogue key of a subcommand's path: the `help` subcommand clap adds lists every
/// subcommand again ("cli.help.scan" is "cli.scan"), and is itself "cli.help" at every level.
fn about_key(path: &str) -> String {
    if path.ends_with(".help") {
        return "cli.help".to_string();
    }
    path.split('.')
        .filter(|s| *s != "help")
        .collect::<Vec<_>>()
        .join(".")
}

fn localize(mut cmd: clap::Command, path: &str) -> clap::Command {
    if let Some(about) = lookup(&about_key(path)) {
        cmd = cmd.about(about);
        cmd = match lookup(&format!("{}.long", about_key(path))) {
            Some(long) => cmd.long_about(format!("{about}\n\n{long}")),
            None => cmd.long_about(None),
        };
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        // -h and -V are the same everywhere; "cli.help" is the `help` subcommand's.
        let own = if id == "help" || id == "version" {
            None
        } else {
            lookup(&format!("{path}.{id}"))
        };
        let Some(help) = own.or_else(|| lookup(&format!("cli.arg.{id}"))) else {
            continue;
        };
        cmd = cmd.mut_arg(&id, |a| {
            // clap writes "[default: …] [possible values: …]" in English: we write them.
            let mut help = help.to_string();
            let heading = text(if a.is_positional() {
                "cli.heading.arguments"
            } else {
                "cli.heading.options"
            });
            let names: Vec<clap::builder::Str> = a
                .get_value_names()
                .unwrap_or_default()
                .iter()
                .map(|n| {
                    lookup(&format!("cli.value.{n}"))
                        .map(clap::builder::Str::from)
                        .unwrap_or_else(|| n.clone())
                })
                .collect();
            let a = if names.is_empty() {
                a
            } else {
                a.value_names(names)
            };
            let values: Vec<String> = a
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            let default: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| {
                    // Numbers the way the language writes them ("5 000").
                    let v = v.to_string_lossy();
                    v.parse::<f64>()
                        .map_or(v.to_string(), |x| clausier::base::typography::number(x, 2))
                })
                .collect();
            if !default.is_empty() && a.get_action().takes_values() {
                help.push_str(&format!(
                    " [{}]",
                    msg!("cli.default", value = default.join(", "))
                ));
            }
            if !values.is_empty() {
                help.push_str(&format!(
                    " [{}]",
                    msg!("cli.values", values = values.join(", "))
                ));
            }
            a.help(help)
                .help_heading(heading)
                .long_help(None)
                .hide_default_value(true)
                .hide_possible_values(true)
        });
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let sub = format!("{path}.{name}");
        cmd = cmd.mut_subcommand(&name, |s| localize(s, &sub));
    }
    cmd.help_template(format!(
        "{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        text("cli.usage")
    ))
    .subcommand_help_heading(text("cli.heading.commands"))
    .subcommand_value_name(text("cli.command_name"))
}

impl LimitArgs {
    /// Checked limits.
    pub fn limits(&self) -> Result<Limits, Error> {
        if !(self.timeout_per_file.is_finite() && self.timeout_per_file > 0.0) {
            return Err(Error::Usage(msg!("cli.timeout_positive")));
        }
        Ok(Limits {
            max_file_size: self.max_file_size,
            max_unpacked: self.max_unpacked,
            max_pages: self.max_pages,
            max_text: self.max_text,
            timeout: Duration::from_secs_f64(self.timeout_per_file),
            ocr: match self.ocr {
                OcrChoice::Auto => OcrMode::Auto,
                OcrChoice::Never => OcrMode::Never,
                OcrChoice::Always => {
                    if clausier::read::extract::tesseract_available().is_none() {
                        return Err(Error::Usage(msg!("cli.ocr_unavailable")));
                    }
                    OcrMode::Always
                }
            },
        })
    }

    /// Checked read options; `--isolate` re-runs this executable.
    pub fn read_options(&self) -> Result<ReadOptions, Error> {
        let isolate_with = if self.isolate {
            Some(std::env::current_exe().map_err(|e| Error::Io {
                path: "--isolate".into(),
                source: e,
            })?)
        } else {
            None
        };
        Ok(ReadOptions {
            limits: self.limits()?,
            isolate_with,
            templates: None,
        })
    }
}

/// Parses "200M", "1G", "500k", "1.5M" or a plain number of bytes.
fn parse_size(s: &str) -> Result<u64, Error> {
    let s = s.trim();
    let (number, unit) = s
        .find(|c: char| c.is_ascii_alphabetic())
        .map_or((s, ""), |i| s.split_at(i));
    let factor: u64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => {
            return Err(Error::Usage(msg!(
                "cli.size_unit",
                value = format!("{s:?}")
            )))
        }
    };
    let value: f64 = number
        .trim()
        .parse()
        .map_err(|_| Error::Usage(msg!("cli.not_size", value = format!("{s:?}"))))?;
    if !(value.is_finite() && value >= 0.0) {
        return Err(Error::Usage(msg!("cli.not_size", value = format!("{s:?}"))));
    }
    Ok((value * factor as f64) as u64)
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    /// Every subcommand and every visible argument gets its help from the catalogue, in both
    /// languages: nothing of the English doc comments is left for a French reader.
    #[test]
    fn every_help_text_comes_from_the_catalogue() {
        use clausier::base::i18n::{parse_catalogue, set_lang, Lang, ENGLISH, FRENCH};
        for (lang, source) in [(Lang::Fr, FRENCH), (Lang::En, ENGLISH)] {
            set_lang(lang);
            let catalogue = parse_catalogue(source).unwrap();
            let texts: Vec<&str> = catalogue.values().map(String::as_str).collect();
            let mut missing = Vec::new();
            let mut stack = vec![(String::from("clausier"), super::command())];
            while let Some((path, cmd)) = stack.pop() {
                if cmd.is_hide_set() {
                    continue;
                }
                let about = cmd.get_about().map(|a| a.to_string()).unwrap_or_default();
                if !texts.contains(&about.as_str()) {
                    missing.push(format!("{path}: {about}"));
                }
                for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
                    let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
                    let own = help.split(" [").next().unwrap_or_default();
                    if !texts.contains(&own) {
                        missing.push(format!("{path} {}: {help}", arg.get_id()));
                    }
                }
                for sub in cmd.get_subcommands() {
                    stack.push((format!("{path} {}", sub.get_name()), sub.clone()));
                }
            }
            assert!(missing.is_empty(), "{lang:?}: {missing:#?}");
        }
        set_lang(clausier::base::i18n::Lang::Fr);
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("200M").ok(), Some(200 << 20));
        assert_eq!(parse_size("1G").ok(), Some(1 << 30));
        assert_eq!(parse_size("1.5k").ok(), Some(1536));
        assert_eq!(parse_size("42").ok(), Some(42));
        assert!(parse_size("12 parsecs").is_err());
        assert!(parse_size("-1M").is_err());
    }
}
