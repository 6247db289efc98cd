//! The review page in a real browser (issue 13): headless Chromium, driven through the DevTools
//! protocol over a websocket (`tungstenite`), goes through a whole review of the Jade Carter
//! sample — open, keep a false positive, redact a word everywhere, release a pending item,
//! rebuild — and the change is then found in the new pack by `pdftotext`, an oracle that shares
//! nothing with sarpack. A screenshot of every step goes to `target/tmp/review-browser/`.
//!
//! The sample is copied with one extra case note in which "Mr Whippy" (an ice-cream van) is
//! redacted as a name: the false positive the reviewer keeps.
//!
//! Also: the running server refuses requests without the token, with another Host or Origin, a
//! traversal, and an oversized body, over a real socket.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The sample, copied, with a false positive added; returns the request file.
fn sample_with_false_positive(root: &Path) -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/jade-carter");
    let case = root.join("case");
    copy_dir(&source, &case);
    let notes = case.join("store/case-notes.csv");
    let mut text = std::fs::read_to_string(&notes).unwrap();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(
        "CN-1053,2022-04-02,Home visit,Sam Okafor,,false,,P001,\"Visited Jade at her flat. Jade said \
         she had bought ice creams for the children on her road from Mr Whippy when the van came round. \
         Tink came with her.\"\n\
         CN-1054,2022-05-10,Phone call,Sam Okafor,,false,,P001,\"Jade rang to say she and Tink have \
         signed up for the first aid course.\"\n",
    );
    std::fs::write(&notes, text).unwrap();
    case.join("request.toml")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A `sarpack review` process, stopped when dropped.
struct Review {
    child: Child,
    url: String,
    port: u16,
}

impl Drop for Review {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_review(request: &Path, out: &Path) -> Review {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sarpack"))
        .args(["review"])
        .arg(request)
        .arg("--out")
        .arg(out)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim().to_string();
    assert!(
        url.starts_with("http://127.0.0.1:") && url.contains("/?token="),
        "sarpack review printed `{url}`"
    );
    let port = url["http://127.0.0.1:".len()..]
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    Review { child, url, port }
}

/// One raw HTTP/1.1 request; returns the status and the body.
fn raw(port: u16, request: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_string())
        .unwrap_or_default();
    (status, body)
}

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| {
            Command::new(name)
                .arg("--version")
                .output()
                .is_ok_and(|output| output.status.success())
        })
}

fn pdftotext_available() -> bool {
    Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok_and(|output| output.status.success())
}

fn skip(test: &str, tool: &str) {
    println!("SKIPPED: {test}: {tool} not installed");
    eprintln!("SKIPPED: {test}: {tool} not installed");
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: {tool} is not installed, and CI must install it (.ci/run)"
    );
}

/// A headless Chromium and one page's DevTools connection.
struct Browser {
    child: Child,
    socket: tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>,
    next_id: u64,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    fn launch(program: &str) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(program)
            .args([
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--remote-debugging-port=0",
                "--window-size=1400,1000",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (sender, receiver) = std::sync::mpsc::channel();
        // Chromium prints where its DevTools listen on stderr; keep draining it afterwards.
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.find("ws://") {
                    let _ = sender.send(line[at..].trim().to_string());
                }
            }
        });
        let browser_url = receiver
            .recv_timeout(Duration::from_secs(60))
            .expect("chromium printed its DevTools address");
        let port: u16 = browser_url["ws://127.0.0.1:".len()..]
            .split('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let (_, list) = raw(
            port,
            &format!(
                "GET /json/list HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
            ),
        );
        let targets: Value = serde_json::from_str(list.trim()).unwrap_or_else(|error| {
            panic!("DevTools /json/list: {error}: {list}");
        });
        let page = targets
            .as_array()
            .unwrap()
            .iter()
            .find(|target| target["type"] == "page")
            .expect("a page target");
        let (socket, _) =
            tungstenite::connect(page["webSocketDebuggerUrl"].as_str().unwrap()).unwrap();
        Browser {
            child,
            socket,
            next_id: 0,
            _profile: profile,
        }
    }

    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let message = json!({ "id": id, "method": method, "params": params }).to_string();
        self.socket
            .send(tungstenite::Message::text(message))
            .unwrap();
        loop {
            let message = self.socket.read().unwrap();
            let Ok(text) = message.to_text() else {
                continue;
            };
            let value: Value = serde_json::from_str(text).unwrap_or(Value::Null);
            if value["id"] == id {
                assert!(value["error"].is_null(), "{method}: {}", value["error"]);
                return value["result"].clone();
            }
        }
    }

    /// Runs JavaScript in the page and returns its value (promises awaited).
    fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "awaitPromise": true, "returnByValue": true }),
        );
        assert!(
            result["exceptionDetails"].is_null(),
            "`{expression}` threw: {}",
            result["exceptionDetails"]
        );
        result["result"]["value"].clone()
    }

    fn wait_for(&mut self, condition: &str, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(120);
        while Instant::now() < deadline {
            // The page may be between documents (no body yet): that is "not yet", not a failure.
            let probe = format!(
                "(() => {{ try {{ return Boolean({condition}); }} catch (e) {{ return false; }} }})()"
            );
            if self.eval(&probe) == json!(true) {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!(
            "timed out waiting for {what}; last recorded: {}; page says: {}",
            self.eval("document.body.dataset.lastRecorded || ''"),
            self.eval("document.body.innerText.slice(0, 1500)")
        );
    }

    /// Clicks the element a CSS selector finds, as a person would (it must exist and be enabled).
    fn click(&mut self, selector: &str) {
        let clicked = self.eval(&format!(
            "(() => {{ const node = document.querySelector({selector:?}); \
             if (!node || node.disabled) return false; node.scrollIntoView(); node.click(); return true; }})()"
        ));
        assert_eq!(clicked, json!(true), "no enabled element `{selector}`");
    }

    /// Types into a field by focusing it and sending key events (the page sees real input).
    fn type_into(&mut self, selector: &str, text: &str) {
        self.eval(&format!(
            "document.querySelector({selector:?}).focus(); document.querySelector({selector:?}).value = ''"
        ));
        self.call("Input.insertText", json!({ "text": text }));
    }

    /// Opens a record from the list and waits until it is the one shown.
    fn open_record(&mut self, item: &str) {
        self.click(&format!("[data-record='{item}']"));
        self.wait_for(
            &format!("document.querySelector('#record .meta strong').textContent === '{item}'"),
            item,
        );
    }

    fn screenshot(&mut self, path: &Path) {
        let shot = self.call("Page.captureScreenshot", json!({ "format": "png" }));
        let png = base64(shot["data"].as_str().unwrap());
        assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
        std::fs::write(path, png).unwrap();
        println!("screenshot: {}", path.display());
    }
}

fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let bytes: Vec<u8> = text.bytes().filter(|c| *c != b'=').collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut buffer = 0u32;
        for (index, byte) in chunk.iter().enumerate() {
            buffer |= u32::from(value(*byte)) << (18 - 6 * index);
        }
        let produced = chunk.len() * 6 / 8;
        for index in 0..produced {
            out.push((buffer >> (16 - 8 * index)) as u8);
        }
    }
    out
}

/// The text of every record in the newest pack in `out`, by `pdftotext`.
fn pack_text(out: &Path) -> String {
    let (_, folder) = sarpack::review::latest_run(out).expect("a run in the output folder");
    let zip_path = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.extension().is_some_and(|extension| extension == "zip"))
        .unwrap_or_else(|| {
            panic!(
                "no pack zip in `{}`; the verifier's findings: {}",
                folder.display(),
                std::fs::read_to_string(folder.join("internal/verification-failures.json"))
                    .unwrap_or_default()
            )
        });
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).unwrap();
        let name = file.name().unwrap().to_string();
        if !name.starts_with("records/") {
            continue;
        }
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        let path = scratch.path().join("record.pdf");
        std::fs::write(&path, bytes).unwrap();
        let output = Command::new("pdftotext")
            .arg(&path)
            .arg("-")
            .output()
            .unwrap();
        assert!(output.status.success(), "pdftotext failed on {name}");
        text.push_str(&String::from_utf8_lossy(&output.stdout));
    }
    // pdftotext breaks lines where the PDF does; compare with white space made single spaces.
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_whole_review_in_a_real_browser() {
    const TEST: &str = "a_whole_review_in_a_real_browser";
    let Some(program) = chromium() else {
        return skip(TEST, "chromium");
    };
    if !pdftotext_available() {
        return skip(TEST, "pdftotext (poppler-utils)");
    }
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("review-browser");
    let _ = std::fs::remove_dir_all(&shots);
    std::fs::create_dir_all(&shots).unwrap();
    let root = tempfile::tempdir().unwrap();
    let request = sample_with_false_positive(root.path());
    let out = root.path().join("out");
    let review = start_review(&request, &out);

    let before = pack_text(&out);
    assert!(
        before.contains("Tink came with her"),
        "the added notes name Tink"
    );
    assert!(
        !before.contains("Mr Whippy"),
        "the false positive starts redacted"
    );
    assert!(
        !before.contains("anyone on his behalf"),
        "N-00042 starts held back"
    );

    let mut browser = Browser::launch(program);
    browser.call("Page.enable", json!({}));
    browser.call("Page.navigate", json!({ "url": review.url }));
    browser.wait_for(
        "document.body.dataset.state === 'ready'",
        "the page to load",
    );
    let glance = browser.eval("document.getElementById('glance').innerText");
    let glance = glance.as_str().unwrap();
    assert!(glance.contains("SAR-2026-0001"), "{glance}");
    assert!(glance.contains("Jade Carter"), "{glance}");
    assert!(glance.contains("pending a person's review"), "{glance}");
    // Records needing a person come first: the first one in the list needs attention.
    assert_eq!(
        browser.eval("document.querySelector('#records .record-link .why') !== null"),
        json!(true)
    );
    // The keyboard moves through the records: `j` opens the first one in the list.
    for kind in ["keyDown", "keyUp"] {
        browser.call(
            "Input.dispatchKeyEvent",
            json!({ "type": kind, "key": "j", "text": "j", "code": "KeyJ" }),
        );
    }
    browser.wait_for(
        "document.querySelector('#record .meta strong').textContent === document.querySelector('.record-link').dataset.record",
        "`j` to open the first record",
    );
    assert_eq!(
        browser.eval("document.activeElement.classList.contains('record-link')"),
        json!(true),
        "the focus follows the keyboard"
    );
    browser.screenshot(&shots.join("01-open.png"));

    // Keep a false positive: "Mr Whippy" in the added note (N-00053) is an ice-cream van.
    browser.open_record("N-00053");
    assert_eq!(
        browser.eval(
            "[...document.querySelectorAll('.text mark.redacted')].map((m) => m.textContent)"
        ),
        json!(["Mr WhippyTP"]),
        "the proposed redaction is highlighted in the text, labelled with its code"
    );
    browser.click("[data-act='keep'][data-text='Mr Whippy']");
    browser.wait_for("document.getElementById('ask').open", "the decision dialog");
    browser.type_into("#ask-name", "Test Reviewer");
    browser.type_into("#ask-why", "An ice-cream van, not a person");
    browser.screenshot(&shots.join("02-keep-false-positive.png"));
    browser.click("#ask-submit");
    browser.wait_for(
        "(document.body.dataset.lastRecorded || '').includes('keep \"Mr Whippy\" in N-00053')",
        "the keep decision to be recorded",
    );

    // Redact a word everywhere, from the record that names it; the name is not asked again.
    browser.open_record("N-00054");
    browser.type_into("#add-text", "Tink");
    browser.click("[data-act='add-everywhere']");
    browser.wait_for("document.getElementById('ask').open", "the decision dialog");
    assert_eq!(
        browser.eval("document.getElementById('ask-name-row').hidden"),
        json!(true),
        "the reviewer's name is asked once per visit"
    );
    browser.type_into("#ask-why", "A friend's nickname: someone else's data");
    browser.screenshot(&shots.join("03-redact-everywhere.png"));
    browser.click("#ask-submit");
    browser.wait_for(
        "(document.body.dataset.lastRecorded || '').includes('redact \"Tink\"')",
        "the redact decision to be recorded",
    );

    // Release a pending item: the case note whose export date is faulty.
    browser.open_record("N-00042");
    browser.click("[data-item-act='release']");
    browser.wait_for("document.getElementById('ask').open", "the decision dialog");
    browser.type_into(
        "#ask-why",
        "Checked: the date is 28/02/2019 and the note can go",
    );
    browser.click("#ask-submit");
    browser.wait_for(
        "(document.body.dataset.lastRecorded || '').includes('release N-00042')",
        "the release decision to be recorded",
    );
    browser.screenshot(&shots.join("04-release-pending.png"));

    let decisions = std::fs::read_to_string(out.join("decisions.toml")).unwrap();
    assert_eq!(decisions.matches("[[decision]]").count(), 3, "{decisions}");
    assert!(decisions.contains("by = \"Test Reviewer\""), "{decisions}");

    // Rebuild, watch it finish, read what changed.
    browser.click("#rebuild");
    browser.wait_for(
        "['rebuilt'].includes(document.body.dataset.state) || document.getElementById('toast').classList.contains('error')",
        "the rebuild",
    );
    let changes = browser.eval("(document.getElementById('changes') || document.body).innerText");
    let changes = changes.as_str().unwrap().to_string();
    browser.screenshot(&shots.join("05-rebuilt.png"));
    assert!(changes.contains("Rebuilt"), "{changes}");
    assert!(changes.contains("Pages in the pack"), "{changes}");
    assert!(changes.contains("N-00042: pending-review → "), "{changes}");
    assert!(changes.contains("N-00053: “Tink”"), "{changes}");
    assert!(changes.contains("N-00054: “Tink”"), "{changes}");
    assert!(changes.contains("N-00053: “Mr Whippy”"), "{changes}");

    // The change is in the new pack, read by pdftotext.
    let after = pack_text(&out);
    assert!(
        after.contains("Mr Whippy"),
        "the kept false positive is in the pack"
    );
    assert!(
        !after.contains("Tink"),
        "the word redacted everywhere is gone"
    );
    assert!(
        after.contains("anyone on his behalf"),
        "the released record is in the pack"
    );
    assert!(
        !after.contains("Darren Pike"),
        "the released record's third party is still redacted"
    );

    // Mark as sent: recorded in the audit with the pack's hash, as is every decision.
    browser.click("#sent");
    browser.wait_for("document.getElementById('ask').open", "the sent dialog");
    browser.click("#ask-submit");
    browser.wait_for(
        "(document.body.dataset.lastRecorded || '').includes('was sent on')",
        "the pack to be marked as sent",
    );
    browser.screenshot(&shots.join("06-marked-as-sent.png"));
    let audit = std::fs::read_to_string(out.join("internal/audit.jsonl")).unwrap();
    let recorded: Vec<Value> = audit
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let by_reviewer = |event: &str| {
        recorded
            .iter()
            .filter(|line| line["event"] == event && line["by"] == "Test Reviewer")
            .count()
    };
    assert!(by_reviewer("decision") >= 3, "{audit}");
    assert_eq!(by_reviewer("sent"), 1, "{audit}");
    // The page records the send as `sarpack sent` does, so the next run is the next instalment.
    let sent_files: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(Result::ok)
        .map(|entry| entry.path().join("sent.json"))
        .filter(|path| path.exists())
        .collect();
    assert_eq!(
        sent_files.len(),
        1,
        "one version's sent.json: {sent_files:?}"
    );
    let check = Command::new(env!("CARGO_BIN_EXE_sarpack"))
        .arg("audit")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "sarpack audit: {}",
        String::from_utf8_lossy(&check.stderr)
    );
    println!("screenshots in {}", shots.display());
}

#[test]
fn the_running_server_refuses_what_it_must() {
    let root = tempfile::tempdir().unwrap();
    let request = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/jade-carter/request.toml");
    let out = root.path().join("out");
    let review = start_review(&request, &out);
    let port = review.port;
    let token = review.url.split("token=").nth(1).unwrap().to_string();
    let host = format!("127.0.0.1:{port}");

    let (status, body) = raw(
        port,
        &format!("GET /api/case HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("no token"), "{body}");

    let (status, body) = raw(
        port,
        &format!(
            "GET /api/case?token={token} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ),
    );
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("SAR-2026-0001"));

    let (status, body) = raw(
        port,
        &format!(
            "GET /api/case?token={token} HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
        ),
    );
    assert_eq!(status, 421, "{body}");

    let (status, body) = raw(
        port,
        &format!(
            "GET /static/../../../etc/passwd?token={token} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ),
    );
    assert_eq!(status, 400, "{body}");
    assert!(!body.contains("root:"), "{body}");

    let decision = r#"{"action":"release","item":"N-00042","by":"X","why":"Y"}"#;
    let (status, body) = raw(
        port,
        &format!(
            "POST /api/decision HTTP/1.1\r\nHost: {host}\r\nOrigin: http://evil.example\r\nX-Sarpack-Token: {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{decision}",
            decision.len()
        ),
    );
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("cross-site"), "{body}");

    let (status, body) = raw(
        port,
        &format!(
            "POST /api/decision HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\nX-Sarpack-Token: {token}\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\nConnection: close\r\n\r\n{{}}"
        ),
    );
    assert_eq!(status, 413, "{body}");

    let (status, body) = raw(
        port,
        &format!(
            "POST /api/decision HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\nX-Sarpack-Token: {token}\r\nContent-Type: application/json\r\nContent-Length: 9\r\nConnection: close\r\n\r\n{{\"action\""
        ),
    );
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("not valid JSON"), "{body}");

    // Nothing was decided by any of these.
    let decisions = std::fs::read_to_string(out.join("decisions.toml")).unwrap();
    assert!(!decisions.contains("[[decision]]"), "{decisions}");
}

/// One POST to the decision route, as the page sends it.
fn post_decision(port: u16, token: &str, body: &str) -> (u16, String) {
    let host = format!("127.0.0.1:{port}");
    raw(
        port,
        &format!(
            "POST /api/decision HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\nX-Sarpack-Token: {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )
}

#[test]
fn every_kind_of_decision_from_the_page_is_appended_and_reads_back() {
    let root = tempfile::tempdir().unwrap();
    let request = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/jade-carter/request.toml");
    let out = root.path().join("out");
    let review = start_review(&request, &out);
    let token = review.url.split("token=").nth(1).unwrap().to_string();
    let common = r#""by":"Anita Shah","why":"checked""#;
    let bodies = [
        r#"{"action":"keep","text":"Mr Pike","item":"N-00041""#,
        r#"{"action":"redact","text":"Marbury""#,
        r#"{"action":"release","item":"N-00042""#,
        r#"{"action":"withhold","item":"N-00010","code":"EDU","reason":"The school asked us not to""#,
        r#"{"action":"disclose","item":"N-00003""#,
        r#"{"action":"not-about-subject","item":"N-00001""#,
        r#"{"action":"about-subject","item":"N-00018""#,
        r#"{"action":"consent","person":"P002""#,
        r#"{"action":"agency","agency":"Westshire Police","answer":"disclose","asked":"2026-11-05","answered":"2026-11-20""#,
    ];
    for body in bodies {
        let (status, answer) = post_decision(review.port, &token, &format!("{body},{common}}}"));
        assert_eq!(status, 200, "{body}: {answer}");
        assert!(answer.contains("recorded"), "{answer}");
    }
    // Refused with a reason a person can act on, and nothing appended.
    for (body, expected) in [
        (r#"{"action":"release","item":"N-99999""#, "not in this run"),
        (
            r#"{"action":"consent","person":"P999""#,
            "not in people.csv",
        ),
        (
            r#"{"action":"withhold","item":"N-00010","code":"NOPE""#,
            "redaction key",
        ),
        (r#"{"action":"shred","item":"N-00010""#, "unknown action"),
    ] {
        let (status, answer) = post_decision(review.port, &token, &format!("{body},{common}}}"));
        assert_eq!(status, 422, "{body}: {answer}");
        assert!(answer.contains(expected), "{answer}");
    }
    let (status, answer) = post_decision(
        review.port,
        &token,
        r#"{"action":"release","item":"N-00042","by":"A","why":"B","path":"../x"}"#,
    );
    assert_eq!(status, 400, "{answer}");
    let file = sarpack::decisions::load(&out.join("decisions.toml")).unwrap();
    let actions: Vec<&str> = file
        .entries
        .iter()
        .map(|entry| entry.decision.action.name())
        .collect();
    assert_eq!(
        actions,
        [
            "keep",
            "redact",
            "release",
            "withhold",
            "disclose",
            "not-about-subject",
            "about-subject",
            "consent",
            "agency"
        ]
    );
    assert!(
        file.entries
            .iter()
            .all(|entry| entry.decision.by == "Anita Shah")
    );
}
