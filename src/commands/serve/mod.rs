//! `clausier serve`: a local web page, in French, for buyers who never open a terminal. It does
//! the three jobs of the command line without a command: check a DCE (`verify`), draft a clause
//! (`draft`), read the rules (`pages::rules`). The work is the library's, the same calls as
//! `check` and `generate`; this module only receives requests, guards them (`http`), stores
//! uploads in a private temporary folder (`upload`) and renders pages (`pages`).
//!
//! The server is synchronous (tiny_http) with a few worker threads, each answering one request
//! at a time: a buyer's machine checks one DCE at a time, and an analysis keeps one core busy.

mod draft;
mod http;
mod pages;
mod upload;
mod verify;

use super::{setup, usage_error};
use crate::cli;
use clausier::msg;
use clausier::read::ReadOptions;
use clausier::template::Catalog;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long an analysis's page and downloads stay available after it ends.
const KEEP_RESULTS: Duration = Duration::from_secs(2 * 3600);

/// Most analyses kept in memory; the oldest goes first.
const MAX_RESULTS: usize = 16;

/// Everything the workers share.
struct State {
    guard: http::Guard,
    options: ReadOptions,
    catalog: Arc<Catalog>,
    pages: pages::Pages,
    jobs: Mutex<BTreeMap<String, Job>>,
}

/// One analysis: its progress while it runs, then its result.
struct Job {
    started: Instant,
    done: usize,
    total: usize,
    outcome: Option<Arc<JobOutcome>>,
}

/// What an analysis gave: the result page and its downloads, or a refusal page (413 for an
/// archive that unpacks beyond the reader's limits).
enum JobOutcome {
    Ready(verify::Verified),
    Refused(u16, Vec<u8>),
}

/// Binds the address, prints it, and answers requests until the process is stopped.
pub fn run(args: cli::ServeArgs) -> io::Result<ExitCode> {
    let (options, catalog) = match setup(&args.limits, args.templates.as_deref()) {
        Ok(s) => s,
        Err(e) => return usage_error(e),
    };
    let ip = args.listen.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let server = match bind(ip, args.port) {
        Ok(s) => s,
        Err(e) => {
            return usage_error(msg!(
                "serve.cannot_listen",
                address = SocketAddr::new(ip, args.port),
                cause = e
            ))
        }
    };
    let Some(port) = server.server_addr().to_ip().map(|a| a.port()) else {
        return usage_error(msg!("serve.cannot_listen", address = ip, cause = "?"));
    };
    if !ip.is_loopback() {
        eprintln!("clausier: {}", msg!("serve.open_to_network", address = ip));
    }
    // A browser reaches an unspecified address (0.0.0.0) through the loopback.
    let shown = if ip.is_unspecified() {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    } else {
        ip
    };
    let url = format!("http://{}/", SocketAddr::new(shown, port));
    {
        let mut out = io::stdout().lock();
        writeln!(out, "{}", msg!("serve.address", url = url))?;
        out.flush()?;
    }
    if args.open {
        open_browser(&url);
    }
    let guard = http::Guard::new(ip, port);
    let pages = pages::Pages::new(&guard.token);
    let state = Arc::new(State {
        guard,
        options,
        catalog: Arc::new(catalog),
        pages,
        jobs: Mutex::new(BTreeMap::new()),
    });
    let server = Arc::new(server);
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(2, 4);
    let handles: Vec<_> = (0..workers)
        .map(|_| {
            let (server, state) = (Arc::clone(&server), Arc::clone(&state));
            std::thread::spawn(move || {
                while let Ok(request) = server.recv() {
                    answer(&state, request);
                }
            })
        })
        .collect();
    for handle in handles {
        let _ = handle.join();
    }
    Ok(ExitCode::SUCCESS)
}

/// Listens on `ip:port`; the default port taken (another clausier, another program), on a free
/// one, so that a second `clausier serve` still starts.
fn bind(
    ip: IpAddr,
    port: u16,
) -> Result<tiny_http::Server, Box<dyn std::error::Error + Send + Sync>> {
    match tiny_http::Server::http(SocketAddr::new(ip, port)) {
        Ok(server) => Ok(server),
        Err(_) if port != 0 => tiny_http::Server::http(SocketAddr::new(ip, 0)),
        Err(e) => Err(e),
    }
}

/// Opens the page in the system's browser; a failure only leaves the address to open by hand.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    let started = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if started.is_err() {
        eprintln!("clausier: {}", msg!("serve.cannot_open", url = url));
    }
}

/// What a request asks for: a reply made at once, or an upload to analyse, which needs the
/// request itself (it may be answered before the analysis runs).
enum Route {
    Reply(http::Reply),
    Verify,
}

/// Answers one request; a panic in a page answers 500 and leaves the worker alive.
fn answer(state: &State, mut request: tiny_http::Request) {
    let routed =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| route(state, &mut request)));
    let reply = match routed {
        Ok(Route::Reply(reply)) => reply,
        Ok(Route::Verify) => {
            // A panic here drops the request, which tiny_http answers with an error status.
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                verify_post(state, request)
            }));
            return;
        }
        Err(_) => state.pages.message(500, "serve.error.internal"),
    };
    let _ = request.respond(reply.into_response());
}

/// The page or file a request asks for, after the guard let it through.
fn route(state: &State, request: &mut tiny_http::Request) -> Route {
    if let Err(refusal) = state.guard.check(request) {
        return Route::Reply(state.pages.message(refusal.status, refusal.key));
    }
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let get = *request.method() == tiny_http::Method::Get;
    let post = *request.method() == tiny_http::Method::Post;
    Route::Reply(match path {
        "/" | "/verifier" if get => state.pages.verify_form(),
        "/verifier" if post => return Route::Verify,
        "/rediger" if get => draft::form(state, query),
        "/rediger" if post => draft::post(state, request),
        "/regles" if get => state.pages.rules(&state.catalog),
        "/guide" if get => state.pages.guide(),
        "/static/serve.css" if get => http::asset(pages::CSS, "text/css; charset=utf-8"),
        "/static/serve.js" if get => http::asset(pages::JS, "text/javascript; charset=utf-8"),
        _ if get && path.starts_with("/travail/") => progress(state, &path["/travail/".len()..]),
        _ if get && path.starts_with("/resultat/") => result(state, &path["/resultat/".len()..]),
        _ if get || post => state.pages.message(404, "serve.error.not_found"),
        _ => state.pages.message(405, "serve.error.method"),
    })
}

/// A new, unguessable id for an analysis: its page and downloads are reached by it alone.
fn new_id() -> String {
    http::random_hex(16)
}

/// Receives an upload and analyses it. A plain form waits for the analysis and is sent to its
/// page; the page's script (header `X-Clausier-Suivi`) is answered at once with where to follow
/// the progress, and the analysis runs after the answer, on this worker.
fn verify_post(state: &State, mut request: tiny_http::Request) {
    let follow = http::header(&request, "X-Clausier-Suivi").is_some();
    let upload = match upload::receive(&mut request, &state.guard.token, &state.options.limits) {
        Ok(u) => u,
        Err(refusal) => {
            let _ = request.respond(state.pages.refusal(&refusal).into_response());
            return;
        }
    };
    if upload.files.is_empty() {
        let reply = state.pages.message(400, "serve.error.no_file");
        let _ = request.respond(reply.into_response());
        return;
    }
    let id = new_id();
    {
        let mut jobs = state.jobs.lock().unwrap_or_else(|e| e.into_inner());
        forget_old(&mut jobs);
        jobs.insert(
            id.clone(),
            Job {
                started: Instant::now(),
                done: 0,
                total: upload.files.len(),
                outcome: None,
            },
        );
    }
    let location = format!("/resultat/{id}");
    if follow {
        let body = serde_json::json!({
            "suivi": format!("/travail/{id}"),
            "resultat": location,
        });
        let _ = request.respond(http::json(202, &body).into_response());
        run_job(state, &id, upload);
    } else {
        run_job(state, &id, upload);
        // A refusal is the answer to the post itself; a result has a page of its own.
        let refused = {
            let jobs = state.jobs.lock().unwrap_or_else(|e| e.into_inner());
            jobs.get(&id)
                .and_then(|job| job.outcome.clone())
                .and_then(|outcome| match outcome.as_ref() {
                    JobOutcome::Refused(status, body) => Some((*status, body.clone())),
                    JobOutcome::Ready(_) => None,
                })
        };
        let reply = match refused {
            Some((status, body)) => http::Reply::html(status, body),
            None => http::redirect(&location),
        };
        let _ = request.respond(reply.into_response());
    }
}

/// Runs one analysis, recording its progress and its outcome; the upload's folder is removed
/// when it ends, whatever happened.
fn run_job(state: &State, id: &str, upload: upload::Upload) {
    let report = |done: usize, total: usize| {
        let mut jobs = state.jobs.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(job) = jobs.get_mut(id) {
            job.done = done;
            job.total = total;
        }
    };
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        verify::run(&upload, &state.options, &state.catalog, &report)
    }));
    drop(upload);
    let outcome = match outcome {
        Ok(Ok(verified)) => JobOutcome::Ready(verified),
        Ok(Err(refusal)) => {
            let reply = state.pages.refusal(&refusal);
            JobOutcome::Refused(reply.status, reply.body)
        }
        Err(_) => {
            let reply = state.pages.message(500, "serve.error.internal");
            JobOutcome::Refused(reply.status, reply.body)
        }
    };
    let mut jobs = state.jobs.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(job) = jobs.get_mut(id) {
        job.outcome = Some(Arc::new(outcome));
    }
}

/// Drops the analyses older than [`KEEP_RESULTS`], and the oldest beyond [`MAX_RESULTS`].
fn forget_old(jobs: &mut BTreeMap<String, Job>) {
    jobs.retain(|_, job| job.started.elapsed() < KEEP_RESULTS);
    while jobs.len() >= MAX_RESULTS {
        let oldest = jobs
            .iter()
            .min_by_key(|(_, job)| job.started)
            .map(|(id, _)| id.clone());
        match oldest {
            Some(id) => jobs.remove(&id),
            None => break,
        };
    }
}

/// The progress of an analysis, for the page's script: pieces read, total, finished.
fn progress(state: &State, id: &str) -> http::Reply {
    let jobs = state.jobs.lock().unwrap_or_else(|e| e.into_inner());
    match jobs.get(id) {
        Some(job) => http::json(
            200,
            &serde_json::json!({
                "lus": job.done,
                "total": job.total,
                "fini": job.outcome.is_some(),
            }),
        ),
        None => state.pages.message(404, "serve.error.not_found"),
    }
}

/// An analysis's page (`/resultat/ID`) or one of its downloads (`/resultat/ID/N`).
fn result(state: &State, rest: &str) -> http::Reply {
    let (id, file) = match rest.split_once('/') {
        Some((id, n)) => (id, Some(n)),
        None => (rest, None),
    };
    let outcome = {
        let jobs = state.jobs.lock().unwrap_or_else(|e| e.into_inner());
        jobs.get(id)
            .map(|job| (job.outcome.clone(), job.done, job.total))
    };
    match outcome {
        None => state.pages.message(404, "serve.error.result_gone"),
        Some((None, done, total)) => state.pages.waiting(id, done, total),
        Some((Some(outcome), _, _)) => match (outcome.as_ref(), file) {
            (JobOutcome::Refused(status, body), _) => http::Reply::html(*status, body.clone()),
            (JobOutcome::Ready(verified), None) => state.pages.result(id, verified),
            (JobOutcome::Ready(verified), Some(n)) => {
                match n
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| verified.downloads.get(n))
                {
                    Some(d) => http::download(&d.name, d.mime, d.bytes.clone()),
                    None => state.pages.message(404, "serve.error.not_found"),
                }
            }
        },
    }
}
