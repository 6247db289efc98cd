//! The review server's front door: every request is checked here before any route sees it.
//!
//! The page serves a child's social care records, so the checks assume a hostile neighbour: another
//! local user who can reach 127.0.0.1 (hence the random token), a web page in the reviewer's own
//! browser that sends requests to the server (hence the Origin and `Sec-Fetch-Site` checks and
//! JSON-only bodies, which a cross-site form cannot send without a CORS preflight that is never
//! answered), and a DNS name rebound to 127.0.0.1 (hence the Host check). Paths are matched against
//! a fixed list of routes and never touch the file system; anything that looks like a traversal
//! is refused before matching, with a message that says why.

/// The largest request body accepted: a decision is a few hundred bytes.
pub const MAX_BODY: usize = 64 * 1024;

/// The longest request target accepted.
const MAX_URL: usize = 2048;

/// The request method, as far as the server cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

/// The parts of an HTTP request the checks look at, independent of the server library.
#[derive(Debug, Clone)]
pub struct Incoming<'a> {
    pub method: &'a str,
    /// The request target as sent (`/api/case?token=...`).
    pub url: &'a str,
    pub headers: Vec<(&'a str, &'a str)>,
    /// `Content-Length`, when sent.
    pub body_length: Option<usize>,
}

impl Incoming<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.trim())
    }
}

/// A request that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admitted {
    pub method: Method,
    /// The path without its query (`/api/case`).
    pub path: String,
}

/// Why a request was refused: an HTTP status and a message a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
    pub message: String,
}

impl Refusal {
    fn new(status: u16, message: impl Into<String>) -> Refusal {
        Refusal {
            status,
            message: message.into(),
        }
    }
}

/// The secret and the address the checks compare against.
#[derive(Debug, Clone)]
pub struct Guard {
    token: String,
    port: u16,
}

impl Guard {
    pub fn new(token: String, port: u16) -> Guard {
        Guard { token, port }
    }

    pub fn token(&self) -> &str {
        &self.token
    }

    /// Checks a request; only an admitted request reaches a route.
    pub fn admit(&self, request: &Incoming) -> Result<Admitted, Refusal> {
        let (path, query) = split_target(request.url)?;
        check_path(path)?;
        self.check_host(request.header("host"))?;
        self.check_origin(request)?;
        self.check_token(request, query)?;
        let method = match request.method {
            "GET" | "HEAD" => Method::Get,
            "POST" => Method::Post,
            other => {
                return Err(Refusal::new(
                    405,
                    format!("method `{other}` is not allowed: the review page uses GET and POST"),
                ));
            }
        };
        if method == Method::Post {
            check_body(request)?;
        } else if request.body_length.is_some_and(|length| length > 0) {
            return Err(Refusal::new(400, "a GET request must not carry a body"));
        }
        Ok(Admitted {
            method,
            path: path.to_string(),
        })
    }

    /// A rebound DNS name reaches 127.0.0.1 with its own name in `Host`: only our own address is
    /// accepted.
    fn check_host(&self, host: Option<&str>) -> Result<(), Refusal> {
        let Some(host) = host else {
            return Err(Refusal::new(400, "the request has no Host header"));
        };
        if self.is_own_authority(host) {
            Ok(())
        } else {
            Err(Refusal::new(
                421,
                format!(
                    "Host `{}` is not this server: open the address sarpack printed (http://127.0.0.1:{}/...)",
                    printable(host),
                    self.port
                ),
            ))
        }
    }

    fn is_own_authority(&self, authority: &str) -> bool {
        let port = self.port.to_string();
        ["127.0.0.1", "localhost"].iter().any(|name| {
            authority
                .strip_prefix(name)
                .and_then(|rest| rest.strip_prefix(':'))
                .is_some_and(|rest| rest == port)
        })
    }

    /// Browsers send `Origin` with every POST and with cross-site requests; a page from anywhere
    /// else is refused. A POST without `Origin` comes from no browser we support and is refused
    /// too, so a decision can only be made from the review page itself.
    fn check_origin(&self, request: &Incoming) -> Result<(), Refusal> {
        match request.header("origin") {
            Some(origin) => {
                let own = origin
                    .strip_prefix("http://")
                    .is_some_and(|authority| self.is_own_authority(authority));
                if !own {
                    return Err(Refusal::new(
                        403,
                        format!(
                            "cross-site request refused: Origin `{}` is not the review page",
                            printable(origin)
                        ),
                    ));
                }
            }
            None if request.method == "POST" => {
                return Err(Refusal::new(
                    403,
                    "a POST without an Origin header is refused: make decisions from the review page",
                ));
            }
            None => {}
        }
        if let Some(site) = request.header("sec-fetch-site")
            && !matches!(site, "same-origin" | "none")
        {
            return Err(Refusal::new(
                403,
                format!(
                    "cross-site request refused (Sec-Fetch-Site `{}`)",
                    printable(site)
                ),
            ));
        }
        Ok(())
    }

    fn check_token(&self, request: &Incoming, query: &str) -> Result<(), Refusal> {
        let sent = request.header("x-sarpack-token").or_else(|| {
            query
                .split('&')
                .find_map(|pair| pair.strip_prefix("token="))
        });
        match sent {
            Some(sent) if constant_time_eq(sent.as_bytes(), self.token.as_bytes()) => Ok(()),
            Some(_) => Err(Refusal::new(
                403,
                "the token is wrong: open the address sarpack printed when it started",
            )),
            None => Err(Refusal::new(
                403,
                "no token: open the full address sarpack printed when it started (it ends with ?token=...)",
            )),
        }
    }
}

/// Splits the request target into path and query, refusing what is not an origin-form target.
fn split_target(url: &str) -> Result<(&str, &str), Refusal> {
    if url.len() > MAX_URL {
        return Err(Refusal::new(
            414,
            format!("the address is longer than {MAX_URL} characters"),
        ));
    }
    if !url.starts_with('/') {
        return Err(Refusal::new(
            400,
            "the request target must be a path starting with `/`",
        ));
    }
    Ok(match url.split_once('?') {
        Some((path, query)) => (path, query),
        None => (url, ""),
    })
}

/// No route has a dot segment, a backslash, an encoded character or a control character in it,
/// so any of them is an attempt to escape the route table and is refused before matching.
fn check_path(path: &str) -> Result<(), Refusal> {
    let traversal = path.contains('\\')
        || path.contains('%')
        || path.contains("//")
        || path
            .split('/')
            .any(|segment| segment == ".." || segment == ".")
        || path.chars().any(|c| c.is_control() || !c.is_ascii());
    if traversal {
        Err(Refusal::new(
            400,
            format!(
                "path `{}` is refused: it contains `..`, `//`, a backslash, an encoded or a control character",
                printable(path)
            ),
        ))
    } else {
        Ok(())
    }
}

fn check_body(request: &Incoming) -> Result<(), Refusal> {
    let content_type = request.header("content-type").unwrap_or("");
    let is_json = content_type
        .split(';')
        .next()
        .is_some_and(|kind| kind.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Err(Refusal::new(
            415,
            "a POST body must be JSON (Content-Type: application/json)",
        ));
    }
    match request.body_length {
        None => Err(Refusal::new(
            411,
            "a POST must say its length (Content-Length)",
        )),
        Some(length) if length > MAX_BODY => Err(Refusal::new(
            413,
            format!("the request body is {length} bytes; the limit is {MAX_BODY}"),
        )),
        Some(_) => Ok(()),
    }
}

/// Compares without stopping at the first difference, so response times say nothing about how
/// much of a guessed token was right.
fn constant_time_eq(left: &[u8], right: &[u8]) -> bool {
    if left.len() != right.len() {
        return false;
    }
    left.iter()
        .zip(right)
        .fold(0u8, |difference, (a, b)| difference | (a ^ b))
        == 0
}

/// A header or path echoed in a message, shortened and without control characters.
fn printable(value: &str) -> String {
    value
        .chars()
        .take(80)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// A new random token: 128 bits from the operating system, as hex.
pub fn new_token() -> Result<String, std::io::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
    Ok(bytes.iter().map(|byte| format!("{byte:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "0123456789abcdef0123456789abcdef";

    fn guard() -> Guard {
        Guard::new(TOKEN.to_string(), 8123)
    }

    fn get(url: &str) -> Incoming<'_> {
        Incoming {
            method: "GET",
            url,
            headers: vec![("Host", "127.0.0.1:8123")],
            body_length: None,
        }
    }

    fn post(length: usize) -> Incoming<'static> {
        Incoming {
            method: "POST",
            url: "/api/decision",
            headers: vec![
                ("Host", "127.0.0.1:8123"),
                ("Origin", "http://127.0.0.1:8123"),
                ("Content-Type", "application/json"),
                ("X-Sarpack-Token", TOKEN),
                ("Sec-Fetch-Site", "same-origin"),
            ],
            body_length: Some(length),
        }
    }

    fn status(result: Result<Admitted, Refusal>) -> u16 {
        match result {
            Ok(_) => 200,
            Err(refusal) => refusal.status,
        }
    }

    #[test]
    fn admits_the_page_and_a_decision_with_the_token() {
        let page = format!("/?token={TOKEN}");
        assert_eq!(
            guard().admit(&get(&page)),
            Ok(Admitted {
                method: Method::Get,
                path: "/".to_string()
            })
        );
        assert_eq!(status(guard().admit(&post(300))), 200);
        let mut by_name = get(&page);
        by_name.headers = vec![("host", "localhost:8123")];
        assert_eq!(status(guard().admit(&by_name)), 200);
    }

    #[test]
    fn refuses_a_missing_or_wrong_token() {
        let missing = guard().admit(&get("/api/case")).unwrap_err();
        assert_eq!(missing.status, 403);
        assert!(missing.message.contains("no token"), "{}", missing.message);
        let wrong = guard()
            .admit(&get("/api/case?token=0123456789abcdef0123456789abcdee"))
            .unwrap_err();
        assert_eq!(wrong.status, 403);
        assert!(wrong.message.contains("wrong"), "{}", wrong.message);
        assert_eq!(status(guard().admit(&get("/?token="))), 403);
        assert_eq!(status(guard().admit(&get("/?token=0123"))), 403);
    }

    #[test]
    fn refuses_another_host_or_port() {
        let page = format!("/?token={TOKEN}");
        for host in [
            "evil.example:8123",
            "127.0.0.1:8124",
            "127.0.0.1",
            "localhost.evil.example:8123",
            "127.0.0.1:8123.evil",
        ] {
            let mut request = get(&page);
            request.headers = vec![("Host", host)];
            assert_eq!(status(guard().admit(&request)), 421, "{host}");
        }
        let mut none = get(&page);
        none.headers.clear();
        assert_eq!(status(guard().admit(&none)), 400);
    }

    #[test]
    fn refuses_cross_site_requests() {
        for origin in [
            "http://evil.example",
            "https://127.0.0.1:8123",
            "http://127.0.0.1:9999",
            "null",
        ] {
            let mut request = post(10);
            request.headers[1] = ("Origin", origin);
            let refusal = guard().admit(&request).unwrap_err();
            assert_eq!(refusal.status, 403, "{origin}");
            assert!(
                refusal.message.contains("cross-site"),
                "{}",
                refusal.message
            );
        }
        let mut no_origin = post(10);
        no_origin.headers.remove(1);
        assert_eq!(status(guard().admit(&no_origin)), 403);
        let mut cross_site = post(10);
        cross_site.headers[4] = ("Sec-Fetch-Site", "cross-site");
        assert_eq!(status(guard().admit(&cross_site)), 403);
    }

    #[test]
    fn refuses_path_traversal() {
        for path in [
            "/static/../../etc/passwd",
            "/static/%2e%2e/secret",
            "/static/..%2fsecret",
            "/static\\..\\secret",
            "//etc/passwd",
            "/./api/case",
            "/api/case\u{0}",
        ] {
            let url = format!("{path}?token={TOKEN}");
            let refusal = guard().admit(&get(&url)).unwrap_err();
            assert_eq!(refusal.status, 400, "{path}");
        }
        assert_eq!(status(guard().admit(&get("http://evil.example/"))), 400);
        let long = format!("/{}?token={TOKEN}", "a".repeat(3000));
        assert_eq!(status(guard().admit(&get(&long))), 414);
    }

    #[test]
    fn refuses_oversized_unsized_and_non_json_bodies() {
        let refusal = guard().admit(&post(MAX_BODY + 1)).unwrap_err();
        assert_eq!(refusal.status, 413);
        assert!(refusal.message.contains("limit"), "{}", refusal.message);
        assert_eq!(status(guard().admit(&post(MAX_BODY))), 200);
        let mut no_length = post(0);
        no_length.body_length = None;
        assert_eq!(status(guard().admit(&no_length)), 411);
        let mut form = post(10);
        form.headers[2] = ("Content-Type", "application/x-www-form-urlencoded");
        assert_eq!(status(guard().admit(&form)), 415);
        let mut delete = post(0);
        delete.method = "DELETE";
        assert_eq!(status(guard().admit(&delete)), 405);
    }

    #[test]
    fn tokens_are_random_and_long() {
        let first = new_token().unwrap();
        assert_eq!(first.len(), 32);
        assert_ne!(first, new_token().unwrap());
    }
}
