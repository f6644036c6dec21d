//! `clausier serve` on the real binary: the server started on a free port, driven with plain
//! HTTP requests (what a browser sends, and what a hostile page would), then in headless
//! Chromium through its DevTools protocol, as a buyer would use it. Each server gets its own
//! temporary folder (`TMPDIR`), which must be empty after every answer.

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/example/dce");

/// A running `clausier serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    tmp: tempfile::TempDir,
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        let tmp = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_clausier"))
            .args(["serve", "--port", "0"])
            .args(extra)
            .env("TMPDIR", tmp.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        // "clausier : ouvrez http://127.0.0.1:PORT/ dans votre navigateur…"
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        let port = url
            .trim_start_matches("http://127.0.0.1:")
            .trim_end_matches('/')
            .parse()
            .unwrap();
        Server { child, port, tmp }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Sends a request as written and returns the status, the headers and the body.
    fn raw(&self, request: &[u8]) -> Response {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        // The server may refuse before reading all of a large body.
        let _ = stream.write_all(request);
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        let split = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no answer: {:?}", String::from_utf8_lossy(&bytes)));
        let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
        let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        let mut body = bytes[split + 4..].to_vec();
        if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            body = dechunk(&body);
        }
        Response { status, head, body }
    }

    fn get(&self, path: &str) -> Response {
        self.raw(
            format!(
                "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
                self.port
            )
            .as_bytes(),
        )
    }

    /// Posts a multipart form from this server's own page (its Host and Origin).
    fn post(&self, path: &str, form: &Form) -> Response {
        let host = format!("127.0.0.1:{}", self.port);
        self.post_as(path, form, &host, Some(&format!("http://{host}")))
    }

    fn post_as(&self, path: &str, form: &Form, host: &str, origin: Option<&str>) -> Response {
        let body = form.body();
        let mut request = format!(
            "POST {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {}\r\n",
            body.len()
        );
        if let Some(origin) = origin {
            request.push_str(&format!("Origin: {origin}\r\n"));
        }
        request.push_str("\r\n");
        let mut bytes = request.into_bytes();
        bytes.extend(body);
        self.raw(&bytes)
    }

    /// The token of this server's forms, read from its page.
    fn token(&self) -> String {
        let page = self.get("/").text();
        let at = page.find("name=\"jeton\" value=\"").unwrap() + "name=\"jeton\" value=\"".len();
        page[at..at + 32].to_string()
    }

    /// The temporary folder holds nothing once an answer is sent.
    fn assert_clean(&self) {
        let left: Vec<PathBuf> = std::fs::read_dir(self.tmp.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert!(left.is_empty(), "left behind: {left:?}");
    }

    /// Follows an analysis to its result page and returns its id and page.
    fn result(&self, answer: &Response) -> (String, String) {
        assert_eq!(answer.status, 303, "{}", answer.text());
        let location = answer
            .head
            .lines()
            .find_map(|l| l.strip_prefix("Location: "))
            .unwrap()
            .trim()
            .to_string();
        let id = location.trim_start_matches("/resultat/").to_string();
        let page = self.get(&location);
        assert_eq!(page.status, 200);
        (id, page.text())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The body of a chunked answer, its chunks put together.
fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(end) = rest.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size_text = String::from_utf8_lossy(&rest[..end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&rest[end + 2..end + 2 + size]);
        rest = &rest[end + 2 + size + 2..];
    }
}

/// Whether a text says `n` hours, with whatever space French typography puts there.
fn says_hours(text: &str, n: &str) -> bool {
    [" ", "\u{a0}", "\u{202f}", "&nbsp;"]
        .iter()
        .any(|space| text.contains(&format!("{n}{space}heures")))
}

struct Response {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Response {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

const BOUNDARY: &str = "----clausier-test-boundary";

/// A multipart form: (field, file name or none, content), in order.
#[derive(Default)]
struct Form(Vec<(String, Option<String>, Vec<u8>)>);

impl Form {
    fn with_token(token: &str) -> Form {
        Form::default().field("jeton", token)
    }

    fn field(mut self, name: &str, value: &str) -> Form {
        self.0
            .push((name.to_string(), None, value.as_bytes().to_vec()));
        self
    }

    fn file(mut self, name: &str, file_name: &str, content: Vec<u8>) -> Form {
        self.0
            .push((name.to_string(), Some(file_name.to_string()), content));
        self
    }

    fn body(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for (name, file, content) in &self.0 {
            out.extend(format!("--{BOUNDARY}\r\n").bytes());
            match file {
                Some(f) => out.extend(
                    format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n").bytes(),
                ),
                None => out.extend(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").bytes(),
                ),
            }
            out.extend(content);
            out.extend(b"\r\n");
        }
        out.extend(format!("--{BOUNDARY}--\r\n").bytes());
        out
    }
}

/// The example DCE's pieces, by name.
fn pieces() -> Vec<(String, Vec<u8>)> {
    let mut names: Vec<String> = std::fs::read_dir(EXAMPLE)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let bytes = std::fs::read(Path::new(EXAMPLE).join(&n)).unwrap();
            (n, bytes)
        })
        .collect()
}

/// The example DCE as a zip, the way a buyer profile delivers it.
fn dce_zip() -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in pieces() {
        zip.start_file(name, options).unwrap();
        zip.write_all(&bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// `clausier check NAME --format json`, run in `dir`.
fn check_json(dir: &Path, name: &str) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_clausier"))
        .args(["check", name, "--format", "json"])
        .current_dir(dir)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The index of a download named `name` on a result page.
fn download_link(page: &str, id: &str, name: &str) -> String {
    let html = scraper::Html::parse_document(page);
    let selector = scraper::Selector::parse(".downloads a").unwrap();
    html.select(&selector)
        .find(|a| a.text().collect::<String>().contains(name))
        .and_then(|a| a.value().attr("href"))
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no download {name} for {id}"))
}

fn is_word_document(bytes: &[u8]) -> bool {
    zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .is_ok_and(|mut z| z.by_name("word/document.xml").is_ok())
}

#[test]
fn the_example_dce_gets_the_same_report_as_check() {
    let server = Server::start(&[]);
    let token = server.token();
    let dir = tempfile::tempdir().unwrap();

    // A zip, as buyer profiles deliver a DCE.
    let zip = dce_zip();
    std::fs::write(dir.path().join("dce.zip"), &zip).unwrap();
    let answer = server.post(
        "/verifier",
        &Form::with_token(&token).file("fichiers", "dce.zip", zip),
    );
    let (id, page) = server.result(&answer);
    server.assert_clean();
    let json = server.get(&download_link(&page, &id, ".json"));
    let served: Value = serde_json::from_slice(&json.body).unwrap();
    assert_eq!(served, check_json(dir.path(), "dce.zip"));
    // The AE and the CCTP are DOCX: each comes back with its corrections.
    for piece in ["ae", "cctp"] {
        let redline = server.get(&download_link(&page, &id, piece));
        assert_eq!(redline.status, 200);
        assert!(redline.head.contains("attachment"));
        assert!(is_word_document(&redline.body), "{piece}");
    }
    let report = server.get(&download_link(&page, &id, ".html"));
    assert!(report.text().starts_with("<!DOCTYPE html>"));
    let csv = server.get(&download_link(&page, &id, ".csv"));
    assert!(csv.text().contains("ccap.pdf"));

    // A folder's files, as a browser sends a folder: with their folder in their names.
    let folder = dir.path().join("dce");
    std::fs::create_dir(&folder).unwrap();
    let mut form = Form::with_token(&token);
    for (name, bytes) in pieces() {
        std::fs::write(folder.join(&name), &bytes).unwrap();
        form = form.file("dossier", &format!("dce/{name}"), bytes);
    }
    let (id, page) = server.result(&server.post("/verifier", &form));
    server.assert_clean();
    let served: Value =
        serde_json::from_slice(&server.get(&download_link(&page, &id, ".json")).body).unwrap();
    let expected = check_json(dir.path(), "dce");
    assert_eq!(served, expected);
    // The verdict first, then the consultation's hours.
    let verdict = page.find("class=\"verdict\"").unwrap();
    assert!(verdict < page.find("class=\"document\"").unwrap());
    let hours = expected["consultations"][0]["hours_committed"]
        .as_u64()
        .unwrap();
    assert!(page.contains(&format!("data-hours=\"{hours}\"")));
}

#[test]
fn a_hostile_neighbour_is_refused_and_leaves_nothing() {
    let server = Server::start(&["--max-file-size", "64k", "--max-unpacked", "1M"]);
    let token = server.token();
    let (ccap, bytes) = pieces().into_iter().find(|(n, _)| n == "rc.pdf").unwrap();
    let form = || Form::with_token(&token).file("fichiers", &ccap, bytes.clone());

    // DNS rebinding: a name that resolves here is not this server.
    let rebound = server.post_as(
        "/verifier",
        &form(),
        &format!("attacker.example:{}", server.port),
        None,
    );
    assert_eq!(rebound.status, 421);
    let page = server.raw(
        format!(
            "GET / HTTP/1.1\r\nHost: attacker.example:{}\r\nConnection: close\r\n\r\n",
            server.port
        )
        .as_bytes(),
    );
    assert_eq!(page.status, 421);
    // Another site's page posting here, with the right token even.
    let host = format!("127.0.0.1:{}", server.port);
    let cross = server.post_as("/verifier", &form(), &host, Some("http://attacker.example"));
    assert_eq!(cross.status, 403);
    // No token, a wrong one, or a file before it.
    let none = server.post(
        "/verifier",
        &Form::default().file("fichiers", "rc.pdf", bytes.clone()),
    );
    assert_eq!(none.status, 403);
    let wrong = server.post(
        "/verifier",
        &Form::with_token(&"0".repeat(32)).file("fichiers", "rc.pdf", bytes.clone()),
    );
    assert_eq!(wrong.status, 403);
    server.assert_clean();
    // Over the size limit: 413, said in French.
    let big = server.post(
        "/verifier",
        &Form::with_token(&token).file("fichiers", "gros.pdf", vec![b'a'; 100 * 1024]),
    );
    assert_eq!(big.status, 413);
    assert!(big.text().contains("Envoi trop volumineux"));
    server.assert_clean();
    // A zip bomb: refused with the reader's code before anything is checked.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("ccap.txt", options).unwrap();
    zip.write_all(&vec![b' '; 8 << 20]).unwrap();
    let bomb = zip.finish().unwrap().into_inner();
    assert!(bomb.len() < 64 * 1024);
    let refused = server.post(
        "/verifier",
        &Form::with_token(&token).file("fichiers", "dce.zip", bomb),
    );
    assert_eq!(refused.status, 413);
    assert!(refused.text().contains("too-large"), "{}", refused.text());
    server.assert_clean();
    // A name that climbs out of the folder is a name, and a photo is no document.
    let parent = server.tmp.path().parent().unwrap().join("evil.txt");
    let _ = std::fs::remove_file(&parent);
    let form = Form::with_token(&token)
        .file(
            "fichiers",
            "../../evil.txt",
            b"Article 1 - Objet du march\xc3\xa9.".to_vec(),
        )
        .file(
            "fichiers",
            "photo.jpg",
            vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0, 1],
        );
    let (_, page) = server.result(&server.post("/verifier", &form));
    assert!(!parent.exists());
    server.assert_clean();
    assert!(page.contains("evil.txt"));
    let html = scraper::Html::parse_document(&page);
    let selector = scraper::Selector::parse("article.document").unwrap();
    let photo = html
        .select(&selector)
        .find(|a| {
            a.value()
                .attr("data-path")
                .is_some_and(|p| p.ends_with("photo.jpg"))
        })
        .expect("the photo is reported");
    let text: String = photo.text().collect();
    assert!(
        text.contains("non-text-piece") || text.contains("unsupported-format"),
        "{text}"
    );
}

#[test]
fn the_clause_form_refuses_beside_the_field_then_writes_the_clause() {
    let server = Server::start(&[]);
    let token = server.token();
    let form = |rate: &str, action: &str| {
        Form::with_token(&token)
            .field("modele", "execution-condition")
            .field("p.article", "9")
            .field("p.rate", rate)
            .field("p.hourly_cost_eur", "35")
            .field("p.penalty_per_hour_eur", "60")
            .field("lot.0.number", "01")
            .field("lot.0.name", "Démolition")
            .field("lot.0.amount_ht_eur", "800 000")
            .field("lot.0.labour_share", "0,40")
            .field("action", action)
    };
    let wrong = server.post("/rediger", &form("5", "apercu"));
    assert_eq!(wrong.status, 422);
    let html = scraper::Html::parse_document(&wrong.text());
    let error = scraper::Selector::parse(".field[data-name=\"rate\"] .field-error").unwrap();
    assert_eq!(html.select(&error).count(), 1, "{}", wrong.text());
    // What was typed stays in the form.
    assert!(wrong.text().contains("value=\"800 000\""));

    let preview = server.post("/rediger", &form("0,05", "apercu"));
    assert_eq!(preview.status, 200);
    // 800 000 × 0,40 ÷ 35 × 0,05 = 457, rounded up to 460 hours.
    assert!(says_hours(&preview.text(), "460"), "{}", preview.text());
    let docx = server.post("/rediger", &form("0,05", "docx"));
    assert_eq!(docx.status, 200);
    assert!(is_word_document(&docx.body));
    let odt = server.post("/rediger", &form("0,05", "odt"));
    assert!(zip::ZipArchive::new(std::io::Cursor::new(&odt.body[..]))
        .is_ok_and(|mut z| z.by_name("content.xml").is_ok()));

    // The parameters saved are what `generate --params` reads, and load back into the form.
    let saved = server.post("/rediger", &form("0,05", "toml"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.toml"), &saved.body).unwrap();
    let generated = Command::new(env!("CARGO_BIN_EXE_clausier"))
        .args([
            "generate",
            "execution-condition",
            "--params",
            "p.toml",
            "--format",
            "txt",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        generated.status.success(),
        "{}",
        String::from_utf8_lossy(&generated.stderr)
    );
    assert!(says_hours(
        &String::from_utf8_lossy(&generated.stdout),
        "460"
    ));
    let loaded = server.post(
        "/rediger",
        &Form::with_token(&token)
            .field("modele", "award-criterion")
            .field("action", "charger")
            .file("parametres", "p.toml", saved.body.clone()),
    );
    let text = loaded.text();
    assert!(
        text.contains("value=\"800 000\"") || text.contains("value=\"800\u{202f}000\""),
        "{text}"
    );
    assert!(text.contains("<option value=\"execution-condition\" selected>"));
    server.assert_clean();
    // A required parameter left empty is said beside it; nothing is generated.
    let missing = server.post(
        "/rediger",
        &Form::with_token(&token)
            .field("modele", "execution-condition")
            .field("p.total_hours", "1 200")
            .field("action", "docx"),
    );
    assert_eq!(missing.status, 422);
    assert!(missing
        .text()
        .contains("id=\"erreur-penalty_per_hour_eur\""));
}

#[test]
fn the_rules_page_says_what_rules_says() {
    let server = Server::start(&[]);
    let page = server.get("/regles");
    assert_eq!(page.status, 200);
    assert!(page
        .head
        .contains("Content-Security-Policy: default-src 'self'"));
    let text = page.text();
    assert!(text.contains("missing-mandatory-social-condition"));
    assert!(text.contains("5\u{a0}404\u{a0}000") || text.contains("5\u{202f}404\u{202f}000"));
    assert!(!text.contains("<script>"));
    assert_eq!(server.get("/guide").status, 200);
    assert_eq!(server.get("/nulle-part").status, 404);
}

// ---- In headless Chromium, through the DevTools protocol ----

type Socket = tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>;

/// A headless Chromium and one page of it, driven by DevTools commands.
struct Browser {
    child: Child,
    socket: Socket,
    session: String,
    next: u64,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start(path: &Path) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(path)
            .args(crate::common::HEADLESS)
            .arg("--remote-debugging-port=0")
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        let address = loop {
            line.clear();
            assert!(
                stderr.read_line(&mut line).unwrap() > 0,
                "chromium gave no DevTools address"
            );
            if let Some(at) = line.find("ws://") {
                break line[at..].trim().to_string();
            }
        };
        // Chromium keeps writing to stderr: read it away so that it never blocks.
        std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
        let (socket, _) = tungstenite::connect(address).unwrap();
        let mut browser = Browser {
            child,
            socket,
            session: String::new(),
            next: 0,
            _profile: profile,
        };
        let target = browser.call(
            None,
            "Target.createTarget",
            serde_json::json!({"url": "about:blank"}),
        );
        let attached = browser.call(
            None,
            "Target.attachToTarget",
            serde_json::json!({"targetId": target["targetId"], "flatten": true}),
        );
        browser.session = attached["sessionId"].as_str().unwrap().to_string();
        browser
    }

    /// Sends a command (to the page when `session` is set) and waits for its answer.
    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        match self.try_call(session, method, params) {
            Ok(result) => result,
            Err(error) => panic!("{method}: {error}"),
        }
    }

    /// [`call`], with the browser's error as a value: a page that is navigating answers an
    /// evaluation with "Inspected target navigated or closed", which a wait retries.
    fn try_call(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<Value, Value> {
        self.next += 1;
        let mut message = serde_json::json!({"id": self.next, "method": method, "params": params});
        if let Some(s) = session {
            message["sessionId"] = Value::String(s.to_string());
        }
        self.socket
            .send(tungstenite::Message::text(message.to_string()))
            .unwrap();
        loop {
            let answer = self.socket.read().unwrap();
            let Ok(text) = answer.to_text() else { continue };
            let value: Value = serde_json::from_str(text).unwrap_or_default();
            if value["id"] == self.next {
                return match value.get("error") {
                    Some(_) => Err(value),
                    None => Ok(value["result"].clone()),
                };
            }
        }
    }

    fn page(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.call(Some(&session), method, params)
    }

    fn eval(&mut self, expression: &str) -> Value {
        let result = self.page(
            "Runtime.evaluate",
            serde_json::json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        result["result"]["value"].clone()
    }

    /// Waits until `expression` is true in the page; an evaluation that meets a navigation is
    /// asked again.
    fn wait_for(&mut self, expression: &str, what: &str) {
        let start = Instant::now();
        loop {
            let session = self.session.clone();
            let answer = self.try_call(
                Some(&session),
                "Runtime.evaluate",
                serde_json::json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
            );
            if answer.is_ok_and(|r| r["result"]["value"] == Value::Bool(true)) {
                break;
            }
            if start.elapsed() > Duration::from_secs(30) {
                let seen = self.eval("location.href + ' ' + document.body.innerText.slice(0, 400)");
                panic!("timed out waiting for {what}; the page: {seen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn open(&mut self, url: &str) {
        self.page("Page.navigate", serde_json::json!({"url": url}));
        self.wait_for(
            &format!(
                "location.href === {:?} && document.readyState === 'complete'",
                url
            ),
            url,
        );
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_buyer_checks_the_example_and_drafts_a_clause_in_chromium() {
    let Some(path) =
        crate::common::chromium("a_buyer_checks_the_example_and_drafts_a_clause_in_chromium")
    else {
        return;
    };
    let server = Server::start(&[]);
    let mut browser = Browser::start(&path);
    let expected = check_json(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        "fixtures/example/dce",
    );

    // « Vérifier un DCE »: the pieces picked through the file input, the script sends them.
    browser.open(&server.url("/"));
    let document = browser.page("DOM.getDocument", serde_json::json!({}));
    let input = browser.page(
        "DOM.querySelector",
        serde_json::json!({"nodeId": document["root"]["nodeId"], "selector": "#fichiers"}),
    );
    let files: Vec<String> = pieces()
        .iter()
        .map(|(n, _)| format!("{EXAMPLE}/{n}"))
        .collect();
    browser.page(
        "DOM.setFileInputFiles",
        serde_json::json!({"nodeId": input["nodeId"], "files": files}),
    );
    assert_eq!(
        browser.eval("document.querySelectorAll('#choisis li').length"),
        4
    );
    browser.eval("document.querySelector('#verifier button[type=submit]').click()");
    browser.wait_for(
        "location.pathname.startsWith('/resultat/') && !!document.querySelector('.verdict')",
        "the verdict",
    );
    let c = &expected["consultations"][0];
    let hours = browser.eval("document.querySelector('.consultation').dataset.hours");
    assert_eq!(hours, Value::String(c["hours_committed"].to_string()));
    let shown = browser.eval("document.querySelector('.consultation .hours').textContent");
    assert!(shown.as_str().unwrap().ends_with("heures"), "{shown}");
    let rules = browser
        .eval("[...document.querySelectorAll('.consultation .finding')].map(f => f.dataset.rule)");
    let expected_rules: Vec<Value> = c["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].clone())
        .collect();
    assert_eq!(rules, Value::Array(expected_rules));
    let piece_findings = browser.eval("document.querySelectorAll('.document .finding').length");
    let expected_count: usize = expected["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            d["findings"].as_array().unwrap().len()
                + d["clauses"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["findings"].as_array().unwrap().len())
                    .sum::<usize>()
        })
        .sum();
    assert_eq!(piece_findings, Value::from(expected_count));
    server.assert_clean();

    // « Rédiger une clause »: one wrong value, said beside its field; then the DOCX.
    let downloads = tempfile::tempdir().unwrap();
    browser.call(
        None,
        "Browser.setDownloadBehavior",
        serde_json::json!({"behavior": "allow", "downloadPath": downloads.path(), "eventsEnabled": true}),
    );
    browser.open(&server.url("/rediger?modele=execution-condition"));
    let fill = |rate: &str| {
        format!(
            "(() => {{ const set = (n, v) => document.querySelector(`[name=\"${{n}}\"]`).value = v;
              set('p.article', '9'); set('p.rate', '{rate}'); set('p.total_hours', '');
              set('p.penalty_per_hour_eur', '60'); set('p.hours_per_100k_eur', '');
              set('p.hourly_cost_eur', '35'); return true; }})()"
        )
    };
    browser.eval(&fill("5"));
    browser.eval("document.querySelector('#ajouter-lot').click()");
    browser.wait_for(
        "!!document.querySelector('[name=\"lot.0.number\"]')",
        "a lot row",
    );
    browser.eval(
        "(() => { const set = (n, v) => document.querySelector(`[name=\"${n}\"]`).value = v;
          set('lot.0.number', '01'); set('lot.0.name', 'Démolition');
          set('lot.0.amount_ht_eur', '800 000'); set('lot.0.labour_share', '0,40'); return true; })()",
    );
    browser.eval(&fill("5"));
    browser.eval("document.querySelector('button[value=apercu]').click()");
    browser.wait_for(
        "!!document.querySelector('#erreur-rate')",
        "the error beside the rate",
    );
    assert_eq!(
        browser.eval("document.querySelectorAll('.field-error').length"),
        Value::from(1)
    );
    browser.eval(&fill("0,05"));
    browser.eval("document.querySelector('button[value=docx]').click()");
    let start = Instant::now();
    let docx = loop {
        let done = std::fs::read_dir(downloads.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "docx"));
        if let Some(path) = done {
            break path;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no DOCX downloaded"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(is_word_document(&std::fs::read(docx).unwrap()));
}
