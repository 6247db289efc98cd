//! `sarpack review`: a page in the browser where a data protection officer sees every proposed
//! redaction in context, decides, and rebuilds the pack (issue 13). It sits after the pipeline:
//! it reads a run's internal records and the records store, writes the reviewer's decisions to
//! the decisions file through [`crate::decisions::append`], and runs [`crate::pipeline::run`]
//! again with them.
//!
//! The server is `tiny_http`, synchronous, on 127.0.0.1 only; requests are handled one at a time
//! (a reviewer is one person), and a rebuild runs on its own thread while the page polls its
//! progress. Every request passes [`guard::Guard::admit`] first: a random token, our own Host and
//! Origin, a fixed route table, bounded JSON bodies. The page, its script, style sheet and fonts
//! are compiled into the binary, so nothing is fetched from the network and no file is served
//! from disk. Nothing from the records is written anywhere but the output folder (the decisions
//! file defaults to `DIR/decisions.toml`, since decisions quote record text).

mod actions;
pub mod guard;
mod pages;
mod view;

use std::io::Read;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use jiff::civil::Date;
use serde::Serialize;

use crate::audit::trail;
use crate::model::Request;
use crate::pipeline::{self, Progress};
use guard::{Admitted, Guard, Incoming, MAX_BODY, Method, Refusal};
use view::{Changes, CodeChoice, Records, Snapshot};

pub use view::latest_run;

/// What `sarpack review` needs.
#[derive(Debug, Clone)]
pub struct Config {
    pub request: PathBuf,
    pub out: PathBuf,
    /// 0: any free port.
    pub port: u16,
    pub patterns: PathBuf,
    pub holidays: Option<PathBuf>,
    /// The decisions file; default `DIR/decisions.toml`.
    pub decisions: Option<PathBuf>,
    /// Reads the clock: the library never does, and a review can run past midnight, so the
    /// binary hands over a function rather than a date.
    pub clock: fn() -> Moment,
    /// Who started the review (`--by`, else the login name): the audit's operator of a rebuild
    /// made before the reviewer gave their name.
    pub operator: String,
    /// As for `sarpack run` (issue 15): sources the store may lack.
    pub allow_missing_sources: Vec<String>,
}

/// A moment read from the clock: the day (decisions, days left) and the time (the audit trail,
/// RFC 3339 in UTC).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moment {
    pub today: Date,
    pub now: String,
}

impl Config {
    pub fn decisions_file(&self) -> PathBuf {
        self.decisions
            .clone()
            .unwrap_or_else(|| self.out.join("decisions.toml"))
    }

    fn pipeline(&self, operator: &str) -> pipeline::Config {
        let moment = (self.clock)();
        pipeline::Config {
            request: self.request.clone(),
            out: self.out.clone(),
            force: true,
            patterns: self.patterns.clone(),
            holidays: self.holidays.clone(),
            today: moment.today,
            allow_missing_sources: self.allow_missing_sources.clone(),
            // Made when the review starts; a run before that reads the one beside the request.
            decisions: Some(self.decisions_file()).filter(|path| path.is_file()),
            operator: operator.to_string(),
            now: moment.now,
            // The page reads the records from the zip, so a court bundle keeps it beside.
            separate: true,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error(transparent)]
    Request(#[from] crate::request::RequestError),
    #[error("cannot read the records store")]
    Store(#[from] crate::store::StoreError),
    #[error("no finished run in `{path}`")]
    NoRun { path: PathBuf },
    #[error("cannot read `{path}`: {message}")]
    Records { path: PathBuf, message: String },
    #[error("cannot listen on 127.0.0.1:{port}: {message}")]
    Listen { port: u16, message: String },
    #[error("cannot make a random token")]
    Token(#[source] std::io::Error),
    #[error("the first run, before the review, failed")]
    Pipeline(#[from] pipeline::PipelineError),
    #[error("cannot prepare the decisions file")]
    Decisions(#[from] crate::audit::AuditError),
}

/// A rebuild's state, polled by the page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RebuildStatus {
    pub running: bool,
    pub stage: String,
    pub done: usize,
    pub total: usize,
    /// What changed, once a rebuild finished.
    pub changes: Option<Changes>,
    /// Why the last rebuild failed, in words.
    pub error: Option<String>,
}

struct State {
    config: Config,
    request: Request,
    records: Records,
    snapshot: Snapshot,
    codes: Vec<CodeChoice>,
    rebuild: RebuildStatus,
    /// `pdftoppm`'s version, or why pages are shown as text only.
    renderer: Result<String, String>,
}

impl actions::Known for State {
    fn item(&self, id: &str) -> bool {
        self.snapshot.plan.contains_key(id) || self.records.contains(id)
    }
    fn person(&self, id: &str) -> bool {
        self.records.store().register.get(id).is_some()
    }
    fn code(&self, code: &str) -> bool {
        self.codes.iter().any(|known| known.code == code)
    }
    fn page_box(&self, id: &str, page: u32) -> Result<[f64; 4], String> {
        let item = self
            .records
            .item(id)
            .ok_or_else(|| format!("item `{id}` is not in the records store"))?;
        // An original PDF's area is on its own pages; a record sarpack typesets has its area on
        // the pages the pack shows (how the pipeline applies `redact-area` to it).
        let bytes = match pages::original_bytes(&item) {
            Some(bytes) => bytes?,
            None => self.snapshot.pack_file_bytes(id).map_err(|why| {
                format!(
                    "{why}: an area can be drawn only on a page of an original PDF or of the pack"
                )
            })?,
        };
        pages::page_box(&bytes, id, page)
    }
}

/// Makes sure the review's decisions file exists, so every rebuild names it. A `decisions.toml`
/// beside the request (the file `sarpack run` reads by default) is copied into the output folder
/// the first time, so the review starts from the decisions already made and writes nothing
/// outside the output folder; otherwise an empty file with a comment is made.
fn prepare_decisions(config: &Config) -> Result<Vec<String>, ReviewError> {
    let path = config.decisions_file();
    if path.exists() {
        return Ok(Vec::new());
    }
    let beside = config
        .request
        .parent()
        .unwrap_or_else(|| std::path::Path::new(""))
        .join("decisions.toml");
    if config.decisions.is_none() && beside.is_file() {
        let text = std::fs::read(&beside).map_err(|source| crate::audit::AuditError {
            path: beside.clone(),
            source,
        })?;
        crate::audit::write_atomically(&path, &text)?;
        return Ok(vec![format!(
            "copied `{}` to `{}`: the review adds its decisions there",
            beside.display(),
            path.display()
        )]);
    }
    crate::audit::write_atomically(
        &path,
        b"# Decisions made in `sarpack review` (and by hand), one entry each.\n",
    )?;
    Ok(Vec::new())
}

/// A review server, bound and ready; [`Server::serve`] answers requests until stopped.
pub struct Server {
    http: tiny_http::Server,
    guard: Guard,
    port: u16,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    /// What the binary should tell the reviewer before serving (e.g. that a first run was made).
    pub notices: Vec<String>,
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // A panic while holding the lock leaves the data as it was; the next request may use it.
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Reads the run to review (making one first when the folder has none) and binds 127.0.0.1.
pub fn start(config: Config) -> Result<Server, ReviewError> {
    let request = crate::request::load(&config.request)?;
    let mut notices = Vec::new();
    if latest_run(&config.out).is_none() {
        let mut first = config.pipeline(&config.operator);
        first.force = false;
        // The decisions file is made after this first run (an output folder must be empty for
        // it); until then only one beside the request can hold decisions.
        first.decisions = None;
        let outcome = pipeline::run(&first, &pipeline::Silent)?;
        notices.push(format!(
            "no run to review in `{}`: ran the pipeline first ({} items)",
            config.out.display(),
            outcome.summary.counts.gathered + outcome.summary.counts.excluded
        ));
        notices.extend(outcome.notices);
    }
    notices.extend(prepare_decisions(&config)?);
    let snapshot = Snapshot::load(&config.out)?;
    let records = Records::open(&request)?;
    let codes = view::codes(&config.patterns);
    let renderer = pages::renderer();
    if let Err(why) = &renderer {
        notices.push(why.clone());
    }
    let http = tiny_http::Server::http(("127.0.0.1", config.port)).map_err(|error| {
        ReviewError::Listen {
            port: config.port,
            message: error.to_string(),
        }
    })?;
    let port = http
        .server_addr()
        .to_ip()
        .map(|address| address.port())
        .unwrap_or(config.port);
    let guard = Guard::new(guard::new_token().map_err(ReviewError::Token)?, port);
    Ok(Server {
        http,
        guard,
        port,
        state: Arc::new(Mutex::new(State {
            config,
            request,
            records,
            snapshot,
            codes,
            rebuild: RebuildStatus::default(),
            renderer,
        })),
        stop: Arc::new(AtomicBool::new(false)),
        notices,
    })
}

impl Server {
    /// The address to open, with the token.
    pub fn address(&self) -> String {
        format!(
            "http://127.0.0.1:{}/?token={}",
            self.port,
            self.guard.token()
        )
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// A handle that makes [`Server::serve`] return (for tests).
    pub fn stopper(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.stop)
    }

    /// Answers requests one at a time until stopped.
    pub fn serve(self) {
        while !self.stop.load(Ordering::Relaxed) {
            match self.http.recv_timeout(Duration::from_millis(200)) {
                Ok(Some(request)) => self.answer(request),
                Ok(None) => {}
                Err(error) => tracing::warn!("review server: {error}"),
            }
        }
    }

    fn answer(&self, mut request: tiny_http::Request) {
        let method = request.method().as_str().to_string();
        let url = request.url().to_string();
        let headers: Vec<(String, String)> = request
            .headers()
            .iter()
            .map(|header| (header.field.as_str().to_string(), header.value.to_string()))
            .collect();
        let incoming = Incoming {
            method: &method,
            url: &url,
            headers: headers
                .iter()
                .map(|(key, value)| (key.as_str(), value.as_str()))
                .collect(),
            body_length: request.body_length(),
        };
        let reply = match self.guard.admit(&incoming) {
            Err(refusal) => Reply::refused(refusal),
            Ok(admitted) => {
                let body = if admitted.method == Method::Post {
                    let mut body = Vec::new();
                    match request
                        .as_reader()
                        .take(MAX_BODY as u64 + 1)
                        .read_to_end(&mut body)
                    {
                        Ok(_) if body.len() > MAX_BODY => {
                            Err(Reply::error(413, "the request body is too large"))
                        }
                        Ok(_) => Ok(body),
                        Err(_) => Err(Reply::error(400, "the request body could not be read")),
                    }
                } else {
                    Ok(Vec::new())
                };
                match body {
                    Ok(body) => self.route(&admitted, &url, &body),
                    Err(reply) => reply,
                }
            }
        };
        if let Err(error) = request.respond(reply.into_response()) {
            tracing::debug!("review server: the browser went away: {error}");
        }
    }

    fn route(&self, admitted: &Admitted, url: &str, body: &[u8]) -> Reply {
        let token = self.guard.token();
        match (admitted.method, admitted.path.as_str()) {
            (Method::Get, "/") => Reply::asset(
                "text/html; charset=utf-8",
                PAGE.replace("{{TOKEN}}", token).into_bytes(),
            ),
            (Method::Get, "/static/review.js") => {
                Reply::asset("text/javascript; charset=utf-8", SCRIPT.as_bytes().to_vec())
            }
            (Method::Get, "/static/review.css") => Reply::asset(
                "text/css; charset=utf-8",
                STYLE.replace("{{TOKEN}}", token).into_bytes(),
            ),
            (Method::Get, "/static/DejaVuSans.ttf") => {
                Reply::asset("font/ttf", crate::render::REGULAR_TTF.to_vec())
            }
            (Method::Get, "/static/DejaVuSans-Bold.ttf") => {
                Reply::asset("font/ttf", crate::render::BOLD_TTF.to_vec())
            }
            (Method::Get, "/api/case") => {
                let state = lock(&self.state);
                let decisions_file = state.config.decisions_file();
                let context = view::Context {
                    request: &state.request,
                    codes: &state.codes,
                    today: (state.config.clock)().today,
                    decisions_file: &decisions_file,
                };
                Reply::json(
                    200,
                    &view::case_view(&state.snapshot, &state.records, &context),
                )
            }
            (Method::Get, "/api/record") => {
                let Some(item) = query_value(url, "item") else {
                    return Reply::error(400, "say which record: /api/record?item=N-00001");
                };
                if !item
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                {
                    return Reply::error(400, "an item id has only letters, digits, - _ and .");
                }
                let state = lock(&self.state);
                let renderer = state.renderer.as_ref().map(|_| ()).map_err(String::as_str);
                let areas = areas_asked(&state.config.decisions_file(), item);
                match view::record_detail(&state.snapshot, &state.records, item, renderer, &areas) {
                    Some(detail) => Reply::json(200, &detail),
                    None => Reply::error(404, &format!("no record `{item}` in this run")),
                }
            }
            (Method::Get, "/api/page") => self.page_image(url),
            (Method::Post, "/api/decision") => self.decide(body),
            (Method::Post, "/api/rebuild") => self.rebuild(body),
            (Method::Get, "/api/progress") => Reply::json(200, &lock(&self.state).rebuild),
            (Method::Post, "/api/sent") => self.mark_sent(body),
            (
                _,
                "/" | "/static/review.js" | "/static/review.css" | "/api/case" | "/api/record"
                | "/api/page" | "/api/progress" | "/api/decision" | "/api/rebuild" | "/api/sent",
            ) => Reply::error(405, "that method is not allowed here"),
            (_, path) => Reply::error(
                404,
                &format!(
                    "there is no page `{}` here",
                    path.chars().take(80).collect::<String>()
                ),
            ),
        }
    }

    /// One page of a record as a PNG: `copy=original` (the store's PDF) or `copy=redacted` (the
    /// record's file in the newest pack). Drawn on request and sent; never written to disk.
    fn page_image(&self, url: &str) -> Reply {
        let (Some(item), Some(page), Some(copy)) = (
            query_value(url, "item"),
            query_value(url, "page").and_then(|page| page.parse::<u32>().ok()),
            query_value(url, "copy"),
        ) else {
            return Reply::error(
                400,
                "say which page: /api/page?item=D-00001&page=1&copy=original (or copy=redacted)",
            );
        };
        if page == 0 {
            return Reply::error(400, "pages are numbered from 1");
        }
        let bytes = {
            let state = lock(&self.state);
            if let Err(why) = &state.renderer {
                return Reply::error(503, why);
            }
            match copy {
                "original" => match state
                    .records
                    .item(item)
                    .map(|item| pages::original_bytes(&item))
                {
                    None => return Reply::error(404, &format!("no record `{item}` in the store")),
                    Some(None) => return Reply::error(404, &format!("`{item}` is not a PDF")),
                    Some(Some(bytes)) => bytes,
                },
                "redacted" => {
                    if !state.snapshot.schedule.iter().any(|row| row.item == item) {
                        return Reply::error(404, &format!("no record `{item}` in this run"));
                    }
                    state.snapshot.pack_file_bytes(item)
                }
                _ => return Reply::error(400, "copy is `original` or `redacted`"),
            }
        };
        // Drawn without the lock, so a rebuild's progress reports are not held up by it.
        match bytes.and_then(|bytes| pages::render_png(&bytes, page)) {
            Ok(png) => Reply::asset("image/png", png),
            Err(why) => Reply::error(422, &why),
        }
    }

    fn decide(&self, body: &[u8]) -> Reply {
        let action: actions::ActionRequest = match serde_json::from_slice(body) {
            Ok(action) => action,
            Err(error) => {
                return Reply::error(400, &format!("the decision is not valid JSON: {error}"));
            }
        };
        let state = lock(&self.state);
        if state.rebuild.running {
            return Reply::error(409, "a rebuild is running: decide when it has finished");
        }
        let moment = (state.config.clock)();
        let decision = match actions::decision(&action, &*state, moment.today) {
            Ok(decision) => decision,
            Err(message) => return Reply::error(422, &message),
        };
        let path = state.config.decisions_file();
        if let Err(error) = crate::decisions::append(&path, &decision) {
            return Reply::error(500, &error_chain(&error));
        }
        // The audit says who recorded what, when, and the decisions file as it then stood; the
        // run that applies the decision adds its own line.
        let event = trail::Event {
            kind: trail::EventKind::Decision,
            by: decision.by.clone(),
            version: state.snapshot.version,
            what: format!("recorded in the review page: {}", decision.describe()),
            hashes: file_hash("decisions", &path),
        };
        if let Err(error) = trail::append(&state.config.out.join("internal"), &moment.now, &[event])
        {
            return Reply::error(
                500,
                &format!(
                    "the decision was written to `{}` but not to the audit trail: {}",
                    path.display(),
                    error_chain(&error)
                ),
            );
        }
        let listed = actions::listed(&path).unwrap_or_default();
        Reply::json(
            200,
            &serde_json::json!({ "recorded": decision.describe(), "decisions": listed }),
        )
    }

    fn rebuild(&self, body: &[u8]) -> Reply {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Rebuild {
            #[serde(default)]
            by: Option<String>,
        }
        let asked: Rebuild = match serde_json::from_slice(body) {
            Ok(asked) => asked,
            Err(error) => return Reply::error(400, &format!("not valid JSON: {error}")),
        };
        let mut state = lock(&self.state);
        let operator = asked
            .by
            .map(|by| {
                by.trim()
                    .chars()
                    .filter(|c| !c.is_control())
                    .take(200)
                    .collect::<String>()
            })
            .filter(|by| !by.is_empty())
            .unwrap_or_else(|| state.config.operator.clone());
        if state.rebuild.running {
            return Reply::error(409, "a rebuild is already running");
        }
        state.rebuild = RebuildStatus {
            running: true,
            stage: "starting".into(),
            ..RebuildStatus::default()
        };
        let config = state.config.clone();
        let before = state.snapshot.clone();
        let shared = Arc::clone(&self.state);
        drop(state);
        std::thread::spawn(move || {
            let progress = Reporter {
                state: Arc::clone(&shared),
                done: AtomicUsize::new(0),
            };
            let outcome = pipeline::run(&config.pipeline(&operator), &progress);
            let loaded = outcome.map_err(|error| error_chain(&error)).and_then(|_| {
                let request = crate::request::load(&config.request).map_err(|e| error_chain(&e))?;
                let records = Records::open(&request).map_err(|e| error_chain(&e))?;
                let snapshot = Snapshot::load(&config.out).map_err(|e| error_chain(&e))?;
                Ok((request, records, snapshot))
            });
            let mut state = lock(&shared);
            state.rebuild.running = false;
            match loaded {
                Ok((request, records, snapshot)) => {
                    state.rebuild.changes = Some(view::changes(&before, &snapshot));
                    state.request = request;
                    state.records = records;
                    state.snapshot = snapshot;
                }
                Err(message) => state.rebuild.error = Some(message),
            }
        });
        Reply::json(202, &serde_json::json!({ "started": true }))
    }

    /// Records in the audit that the newest pack went to the requester, with the pack's hash.
    fn mark_sent(&self, body: &[u8]) -> Reply {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Sent {
            by: String,
            on: String,
        }
        let sent: Sent = match serde_json::from_slice(body) {
            Ok(sent) => sent,
            Err(error) => return Reply::error(400, &format!("not valid JSON: {error}")),
        };
        let by = match actions::field("by (your name)", Some(&sent.by)) {
            Ok(by) => by,
            Err(message) => return Reply::error(422, &message),
        };
        let on = match crate::request::parse_date(sent.on.trim()) {
            Ok(on) => on,
            Err(error) => return Reply::error(422, &format!("`on`: {error}")),
        };
        let state = lock(&self.state);
        if state.rebuild.running {
            return Reply::error(409, "a rebuild is running: wait for the new version");
        }
        let moment = (state.config.clock)();
        if on > moment.today {
            return Reply::error(422, "a pack cannot have been sent after today");
        }
        if state.snapshot.summary["pack"].as_str().is_none() {
            return Reply::error(409, "there is no pack to send: the verifier refused it");
        }
        // The same record as `sarpack sent`: `vN/sent.json` with the records the pack carried
        // (so the next run is the next instalment) and a `sent` line in the audit trail.
        let Some(version) = state.snapshot.version else {
            return Reply::error(
                409,
                "this output folder has no numbered version to mark as sent",
            );
        };
        match crate::audit::versions::mark_sent(&state.config.out, version, on, &by, &moment.now) {
            Ok(_) => Reply::json(
                200,
                &serde_json::json!({ "recorded": format!("Recorded in the audit: the pack was sent on {on} ({by})") }),
            ),
            Err(error) => Reply::error(409, &error_chain(&error)),
        }
    }
}

/// The areas the decisions file asks to redact in an item, `(page, [x0, y0, x1, y1])`, to draw
/// on its pages; none when the file cannot be read (the case view reports why).
fn areas_asked(decisions: &std::path::Path, item: &str) -> Vec<(u32, [f64; 4])> {
    crate::decisions::load(decisions)
        .map(|file| {
            file.entries
                .iter()
                .filter_map(|entry| match &entry.decision.action {
                    crate::decisions::Action::RedactArea {
                        item: named,
                        page,
                        area,
                        ..
                    } if named.as_str() == item => {
                        Some((*page, [area.x0, area.y0, area.x1, area.y1]))
                    }
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `{name: sha256}` of a file, or nothing when it cannot be read (the audit line still says
/// what happened).
fn file_hash(name: &str, path: &std::path::Path) -> std::collections::BTreeMap<String, String> {
    trail::sha256_of_file(path)
        .map(|hash| std::collections::BTreeMap::from([(name.to_string(), hash)]))
        .unwrap_or_default()
}

/// Progress of a rebuild, written into the shared state for the page to poll.
struct Reporter {
    state: Arc<Mutex<State>>,
    done: AtomicUsize,
}

impl Progress for Reporter {
    fn stage(&self, name: &str, total: usize) {
        self.done.store(0, Ordering::Relaxed);
        let mut state = lock(&self.state);
        state.rebuild.stage = name.to_string();
        state.rebuild.total = total;
        state.rebuild.done = 0;
    }
    fn advance(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        // Every item would take the lock thousands of times on a large store; a few hundred
        // updates are plenty for a progress bar.
        if done.is_multiple_of(16) {
            lock(&self.state).rebuild.done = done;
        }
    }
}

fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

fn query_value<'a>(url: &'a str, key: &str) -> Option<&'a str> {
    url.split_once('?')?
        .1
        .split('&')
        .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
}

static PAGE: &str = include_str!("page/index.html");
static SCRIPT: &str = include_str!("page/review.js");
static STYLE: &str = include_str!("page/review.css");

/// A response before it is sent.
struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
}

impl Reply {
    fn asset(content_type: &'static str, body: Vec<u8>) -> Reply {
        Reply {
            status: 200,
            content_type,
            body,
        }
    }

    fn json<T: Serialize>(status: u16, value: &T) -> Reply {
        Reply {
            status,
            content_type: "application/json",
            body: serde_json::to_vec(value).expect("page data serialises to JSON"),
        }
    }

    fn error(status: u16, message: &str) -> Reply {
        Reply::json(status, &serde_json::json!({ "error": message }))
    }

    fn refused(refusal: Refusal) -> Reply {
        Reply::error(refusal.status, &format!("refused: {}", refusal.message))
    }

    fn into_response(self) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
        let header = |name: &str, value: &str| {
            tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
                .expect("header names and values are ASCII")
        };
        tiny_http::Response::from_data(self.body)
            .with_status_code(self.status)
            .with_header(header("Content-Type", self.content_type))
            .with_header(header(
                "Content-Security-Policy",
                "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; \
                 img-src 'self' data:; connect-src 'self'; form-action 'none'; \
                 frame-ancestors 'none'; base-uri 'none'",
            ))
            .with_header(header("X-Content-Type-Options", "nosniff"))
            .with_header(header("X-Frame-Options", "DENY"))
            // The token is in the address: never send it on in a Referer.
            .with_header(header("Referrer-Policy", "no-referrer"))
            .with_header(header("Cache-Control", "no-store"))
            .with_header(header("Cross-Origin-Resource-Policy", "same-origin"))
    }
}
